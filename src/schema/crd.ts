import { createRequire } from 'node:module';
import { formatPath, pointerTokens } from '../path.js';
import { closestName } from '../suggest.js';
import { boundedJoin, boundedList, LIST_LIMIT } from '../format.js';

/** One schema violation, with the field path in the form results print (`spec.endpoints[0].tlsConfig.serverName`). */
export interface SchemaFinding {
  path: string;
  message: string;
  suggestion?: string;
}

/**
 * The pinned CRDs that gen/ holds validators for (scripts/gen-schemas.mjs): Prometheus Operator
 * v0.93.0 and KEDA v2.20.2. test/schema/crd.test.ts holds this list to the families' kinds.
 */
const PINNED_CRDS = [
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' },
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor' },
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'Probe' },
  { apiVersion: 'monitoring.coreos.com/v1alpha1', kind: 'ScrapeConfig' },
  // Azure Monitor managed Prometheus' copy of the operator's API group: the same schema (https://learn.microsoft.com/en-us/azure/azure-monitor/containers/prometheus-metrics-scrape-crd),
  // so the same validators (they are found by kind name).
  { apiVersion: 'azmonitoring.coreos.com/v1', kind: 'ServiceMonitor' },
  { apiVersion: 'azmonitoring.coreos.com/v1', kind: 'PodMonitor' },
  { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' },
  { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledJob' },
  { apiVersion: 'keda.sh/v1alpha1', kind: 'TriggerAuthentication' },
  { apiVersion: 'keda.sh/v1alpha1', kind: 'ClusterTriggerAuthentication' },
] as const;

/** apiVersion → kind → the name of its files in gen/ (the kind in lower case): one lookup per object validated. */
const VALIDATOR_NAMES: ReadonlyMap<string, ReadonlyMap<string, string>> = (() => {
  const names = new Map<string, Map<string, string>>();
  for (const { apiVersion, kind } of PINNED_CRDS) {
    const kinds = names.get(apiVersion) ?? new Map<string, string>();
    kinds.set(kind, kind.toLowerCase());
    names.set(apiVersion, kinds);
  }
  return names;
})();

// Relative to this file, so the same path works from src/schema/ (tests) and dist/schema/ (package).
const requireGenerated = createRequire(import.meta.url);

/**
 * Per kind, every path of a Secret / ConfigMap key selector in its CRD schema (gen/selector-sites.json:
 * `*` any list item, `{}` any map value). Read on first use.
 */
export function selectorSites(kind: string): ReadonlyArray<readonly string[]> {
  const sites = requireGenerated('../../gen/selector-sites.json') as Record<string, unknown>;
  const list = sites[kind];
  return Array.isArray(list) ? (list as string[][]) : [];
}

/** The shape of an ajv standalone validator and the parts of its errors we read. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
/** The subset of JSON Schema the generated schemas and schema/secure-monitors.schema.json use. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
}

const validators = new Map<string, CompiledValidator>();
const crdSchemas = new Map<string, JsonSchema>();

/**
 * Validates an object against its pinned CRD schema, unknown fields included: the API server
 * prunes them (or, with kubectl's strict field validation, rejects the object), so a `servername`
 * typo never reaches Prometheus.
 * Returns undefined when apiVersion/kind is not one of the pinned CRDs.
 */
export function validateAgainstCrd(obj: Record<string, unknown>): SchemaFinding[] | undefined {
  const apiVersion = obj['apiVersion'];
  const kind = obj['kind'];
  const name = typeof apiVersion === 'string' && typeof kind === 'string' ? VALIDATOR_NAMES.get(apiVersion)?.get(kind) : undefined;
  if (name === undefined) return undefined;

  let validate = validators.get(name);
  if (validate === undefined) {
    // Loaded on first use only: the ScrapeConfig validator alone is 1.7 MB.
    validate = requireGenerated(`../../gen/validators/${name}.cjs`) as CompiledValidator;
    validators.set(name, validate);
  }
  if (validate(obj)) return [];

  let schema = crdSchemas.get(name);
  if (schema === undefined) {
    schema = requireGenerated(`../../gen/crd-schemas/${name}.json`) as JsonSchema;
    crdSchemas.set(name, schema);
  }
  return describeAjvErrors(validate.errors ?? [], obj, schema, { noun: 'field' });
}

// ---------------------------------------------------------------------------------------------
// Turning ajv errors into findings; shared with ./config.ts.

/** Where an error points: the path segments, the value there and the schema that applies there. */
export interface ErrorLocation {
  segments: Array<string | number>;
  value: unknown;
  schema: JsonSchema | undefined;
}

export interface DescribeOptions {
  /** `field` for Kubernetes objects, `key` for the function config. */
  noun: string;
  /** Consulted first; returns a finding to replace the generic one for this error. */
  explain?: (error: AjvError, at: ErrorLocation) => SchemaFinding | undefined;
}

export function describeAjvErrors(errors: readonly AjvError[], data: unknown, rootSchema: JsonSchema, options: DescribeOptions): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // Branch errors of anyOf/oneOf say nothing the combined error does not.
    if (/\/(anyOf|oneOf)\/\d+\//.test(error.schemaPath)) continue;
    const at = locate(error.instancePath, data, rootSchema);
    const finding = options.explain?.(error, at) ?? describeError(error, at, options.noun);
    const identity = `${finding.path}\u0000${finding.message}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    findings.push(finding);
  }
  return findings;
}

function describeError(error: AjvError, at: ErrorLocation, noun: string): SchemaFinding {
  const path = formatPath(at.segments);
  const { params } = error;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const suggestion = closestName(name, knownPropertyNames(at.schema));
      const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
      return withSuggestion({ path: formatPath([...at.segments, name]), message: `unknown ${noun} "${name}"${hint}` }, suggestion);
    }
    case 'required': {
      const name = String(params['missingProperty']);
      return { path: formatPath([...at.segments, name]), message: `required ${noun} "${name}" is missing` };
    }
    case 'enum': {
      // Suggest only a different spelling of an allowed value: TLS14 is not a typo of TLS13.
      const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'] : [];
      const suggestion = allowed.find((v): v is string => typeof v === 'string' && typeof at.value === 'string' && v.toLowerCase() === at.value.toLowerCase());
      const message = `must be one of ${boundedJoin(allowed.map(show))}, not ${show(at.value)}`;
      return withSuggestion({ path, message }, suggestion);
    }
    case 'const':
      return { path, message: `must be ${show(params['allowedValue'])}, not ${show(at.value)}` };
    case 'type': {
      const expected = ([] as unknown[]).concat(params['type']).map(String);
      return { path, message: `must be ${expected.map(withArticle).join(' or ')}, not ${withArticle(jsonType(at.value))}` };
    }
    case 'pattern':
      return { path, message: `must match the pattern ${String(params['pattern'])}, not ${show(at.value)}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, message: `must be ${String(params['comparison'])} ${String(params['limit'])}, not ${show(at.value)}` };
    case 'minLength':
      return { path, message: params['limit'] === 1 ? 'must not be empty' : `must be at least ${String(params['limit'])} characters long` };
    case 'maxLength':
      return { path, message: `must be at most ${String(params['limit'])} characters long` };
    case 'minItems':
      return { path, message: `must have at least ${String(params['limit'])} item(s)` };
    case 'maxItems':
      return { path, message: `must have at most ${String(params['limit'])} item(s)` };
    case 'minProperties':
      return { path, message: `must set at least ${String(params['limit'])} of ${listNames(knownPropertyNames(at.schema))}` };
    case 'maxProperties':
      return {
        path,
        message: `must set at most ${String(params['limit'])} of ${listNames(knownPropertyNames(at.schema))}, but ${listNames(presentKeys(at.value), 'and')} are set`,
      };
    case 'anyOf':
    case 'oneOf':
      return { path, message: 'does not match any of the allowed forms' };
    default:
      return { path, message: error.message ?? `fails the "${error.keyword}" rule` };
  }
}

function withSuggestion(finding: SchemaFinding, suggestion: string | undefined): SchemaFinding {
  return suggestion === undefined ? finding : { ...finding, suggestion };
}

/** Follows a JSON Pointer through the data (to tell indices from keys) and the schema (for known names). */
function locate(instancePath: string, data: unknown, rootSchema: JsonSchema): ErrorLocation {
  const segments: Array<string | number> = [];
  let value = data;
  let schema: JsonSchema | undefined = deref(rootSchema, rootSchema);
  const tokens = pointerTokens(instancePath);
  for (const token of tokens) {
    if (Array.isArray(value) && /^\d+$/.test(token)) {
      const index = Number(token);
      segments.push(index);
      value = value[index];
      schema = deref(schema?.items, rootSchema);
    } else {
      segments.push(token);
      value = isRecord(value) ? value[token] : undefined;
      const mapValues = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
      schema = deref(schema?.properties?.[token] ?? mapValues, rootSchema);
    }
  }
  return { segments, value, schema };
}

function deref(schema: JsonSchema | undefined, root: JsonSchema): JsonSchema | undefined {
  const prefix = '#/definitions/';
  if (schema?.$ref?.startsWith(prefix) !== true) return schema;
  return deref(root.definitions?.[schema.$ref.slice(prefix.length)], root);
}

export function knownPropertyNames(schema: JsonSchema | undefined): string[] {
  return Object.keys(schema?.properties ?? {});
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function presentKeys(value: unknown): string[] {
  return isRecord(value) ? Object.keys(value) : [];
}

/** `"a", "b" or "c"` */
export function listNames(names: readonly string[], conjunction = 'or'): string {
  if (names.length > LIST_LIMIT)
    return `${names
      .slice(0, LIST_LIMIT)
      .map((n) => JSON.stringify(n))
      .join(', ')} ${conjunction} ${names.length - LIST_LIMIT} more`;
  return boundedList(
    names.map((n) => JSON.stringify(n)),
    conjunction,
  );
}

/**
 * A value as it appears in a message: JSON, shortened. Only enum, const, pattern and range errors
 * echo the value; type errors never do, so an inline `password: hunter2` is not repeated.
 */
function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function withArticle(type: string): string {
  if (type === 'null') return 'null';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
