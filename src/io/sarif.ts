import type { Json, Result } from '../types.js';

/** Where a result's field is: the file (when known) and the 1-based line and column of its key. */
export interface FieldLocation {
  /** The item's file (kpt / kustomize / Helm annotation) or the `-i` file; undefined for stdin without annotations. */
  uri?: string;
  line: number;
  column: number;
}

export interface SarifOptions {
  /** Code → help line: one rule per code (every known code, and any other code a result carries). */
  help: ReadonlyMap<string, string>;
  locations: ReadonlyMap<Result, FieldLocation>;
  toolVersion: string;
  /** Where the codes are documented (the rules' helpUri, with `#checks`). */
  informationUri: string;
}

const LEVEL: Record<Result['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * `--results-format sarif`: the results as a SARIF 2.1.0 log (OASIS; what code-scanning UIs read),
 * one run, one rule per code with its help text, each result at the file and line of its field.
 * test/core/sarif.test.ts validates it against the SARIF 2.1.0 JSON schema.
 */
export function toSarif(results: readonly Result[], options: SarifOptions): string {
  const codes = [...options.help.keys()];
  for (const result of results) if (!options.help.has(result.tags.code) && !codes.includes(result.tags.code)) codes.push(result.tags.code);
  const index = new Map(codes.map((code, i) => [code, i]));
  const rules = codes.map((code) => {
    const text = options.help.get(code) ?? `results with code ${code}`;
    return {
      id: code,
      name: ruleName(code),
      shortDescription: { text },
      help: { text: `${text}. The result's message says what to do; every code is listed under "Checks" at ${options.informationUri}#checks` },
      helpUri: `${options.informationUri}#checks`,
    };
  });
  const sarifResults = results.map((result) => {
    const location = options.locations.get(result);
    const ref = result.resourceRef;
    const name = ref !== undefined ? [ref.apiVersion, ref.kind, ref.namespace, ref.name].filter((p) => p !== undefined && p !== '').join('/') : undefined;
    const logical =
      name !== undefined ? [{ fullyQualifiedName: result.field !== undefined ? `${name} ${result.field.path}` : name, kind: 'object' }] : undefined;
    const physical =
      location?.uri !== undefined
        ? { artifactLocation: { uri: encodeUri(location.uri) }, region: { startLine: location.line, startColumn: location.column } }
        : undefined;
    const properties: Record<string, Json> = {};
    if (result.field !== undefined) {
      properties.field = result.field.path;
      if (result.field.currentValue !== undefined) properties.currentValue = result.field.currentValue;
      if (result.field.proposedValue !== undefined) properties.proposedValue = result.field.proposedValue;
    }
    if (ref !== undefined) properties.resourceRef = { ...ref };
    if (result.file?.index !== undefined) properties.fileIndex = result.file.index;
    return {
      ruleId: result.tags.code,
      ruleIndex: index.get(result.tags.code) as number,
      level: LEVEL[result.severity],
      message: { text: result.message },
      ...(physical !== undefined || logical !== undefined
        ? {
            locations: [{ ...(physical !== undefined ? { physicalLocation: physical } : {}), ...(logical !== undefined ? { logicalLocations: logical } : {}) }],
          }
        : {}),
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'secure-monitors', version: options.toolVersion, informationUri: options.informationUri, rules } },
        columnKind: 'unicodeCodePoints',
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** `server-name-missing` → `ServerNameMissing` (SARIF's rule name: an identifier, the id stays the code). */
function ruleName(code: string): string {
  return code
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join('');
}

/** A relative file path as a URI reference: each segment percent-encoded, `/` kept. */
function encodeUri(path: string): string {
  return path
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
