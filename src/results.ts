import { formatPath } from './path.js';
import { redactValue, scrub } from './redact.js';
import type { Json, KubeObject, Path, Result, ResourceRef, Severity } from './types.js';
import { isObject } from './types.js';

// kpt sets both the public and the internal annotation; kustomize and older kpt only the legacy one.
const PATH_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path'];
const INDEX_ANNOTATIONS = ['internal.config.kubernetes.io/index', 'config.kubernetes.io/index'];

export function resourceRef(obj: KubeObject): ResourceRef {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const apiVersion = String(obj.apiVersion);
  const kind = String(obj.kind);
  const name = typeof meta.name === 'string' ? meta.name : '';
  // Whole literals (not properties added later): V8 then keeps every field inside the object.
  return typeof meta.namespace === 'string' && meta.namespace !== '' ? { apiVersion, kind, name, namespace: meta.namespace } : { apiVersion, kind, name };
}

export function fileOf(obj: KubeObject): Result['file'] {
  const annotations = isObject(obj.metadata) && isObject(obj.metadata.annotations) ? obj.metadata.annotations : {};
  const path = firstString(annotations, PATH_ANNOTATIONS);
  if (path === undefined) return undefined;
  const index = firstString(annotations, INDEX_ANNOTATIONS);
  const parsed = index === undefined ? NaN : Number(index);
  return Number.isInteger(parsed) ? { path, index: parsed } : { path };
}

function firstString(map: Record<string, Json>, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = map[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

export interface FindingInput {
  severity: Severity;
  code: string;
  message: string;
  path?: Path;
  currentValue?: Json | undefined;
  proposedValue?: Json | undefined;
}

// Results are most of a large run's memory (~141k at 50k items). Their texts are built by
// concatenation, which V8 keeps as a tree of pieces (a path of five segments is ~10 objects);
// many are equal across monitors (`spec.endpoints[0].tlsConfig.ca`, `set ca to {…}`). Each is
// made flat once and equal ones share one copy: 720 → ~300 bytes per result. Bounded, so a
// library caller running many inputs does not keep texts alive.
const SHARED_TEXTS = new Map<string, string>();
const SHARED_TEXTS_LIMIT = 4096;

function shared(text: string): string {
  const seen = SHARED_TEXTS.get(text);
  if (seen !== undefined) return seen;
  if (SHARED_TEXTS.size >= SHARED_TEXTS_LIMIT) SHARED_TEXTS.clear();
  // Reading a character makes V8 flatten the concatenation (the pieces become garbage).
  text.charCodeAt(0);
  SHARED_TEXTS.set(text, text);
  return text;
}

/**
 * Builds a result about `obj`, with resourceRef and file taken from the object itself. Each shape is
 * one object literal: properties added to an object after it is made go to a separate backing
 * store in V8 (~40 bytes more per object; ~16 MB over the ~141k results of a 50k-item run).
 */
export function resultFor(obj: KubeObject, finding: FindingInput): Result {
  let { currentValue, proposedValue } = finding;
  let text = finding.message;
  // No credential-shaped value leaves in a result (test/core/redact.test.ts): the path says where it is.
  if (finding.path !== undefined && (currentValue !== undefined || proposedValue !== undefined)) {
    const found: string[] = [];
    if (currentValue !== undefined) currentValue = redactValue(currentValue, finding.path, found);
    if (proposedValue !== undefined) proposedValue = redactValue(proposedValue, finding.path, found);
    if (found.length > 0) text = scrub(text, found);
  }
  const message = shared(text);
  const { severity } = finding;
  const ref = resourceRef(obj);
  const tags = { code: finding.code };
  const file = fileOf(obj);
  if (finding.path === undefined) {
    return file !== undefined ? { message, severity, resourceRef: ref, file, tags } : { message, severity, resourceRef: ref, tags };
  }
  const field = fieldOf(shared(formatPath(finding.path)), currentValue, proposedValue);
  return file !== undefined ? { message, severity, resourceRef: ref, field, file, tags } : { message, severity, resourceRef: ref, field, tags };
}

function fieldOf(path: string, currentValue: Json | undefined, proposedValue: Json | undefined): NonNullable<Result['field']> {
  if (currentValue === undefined) return proposedValue === undefined ? { path } : { path, proposedValue };
  return proposedValue === undefined ? { path, currentValue } : { path, currentValue, proposedValue };
}

/** Collects results about one object; mirrors the Go SDK's errorf/warningf/infof. */
export class Reporter {
  readonly results: Result[] = [];
  constructor(readonly obj: KubeObject) {}
  add(finding: FindingInput): void {
    this.results.push(resultFor(this.obj, finding));
  }
  error(code: string, message: string, path?: Path, extra: Partial<FindingInput> = {}): void {
    this.add({ ...extra, severity: 'error', code, message, ...(path ? { path } : {}) });
  }
  warning(code: string, message: string, path?: Path, extra: Partial<FindingInput> = {}): void {
    this.add({ ...extra, severity: 'warning', code, message, ...(path ? { path } : {}) });
  }
  info(code: string, message: string, path?: Path, extra: Partial<FindingInput> = {}): void {
    this.add({ ...extra, severity: 'info', code, message, ...(path ? { path } : {}) });
  }
}

export function hasErrors(results: readonly Result[]): boolean {
  return results.some((r) => r.severity === 'error');
}

/** Whether the results fail the run (exit 1) under `failOn`: errors always; warnings with `warning`. */
export function failsGate(results: readonly Result[], failOn: 'error' | 'warning'): boolean {
  return failOn === 'warning' ? results.some((r) => r.severity !== 'info') : hasErrors(results);
}

/** `[error] monitoring.coreos.com/v1/ServiceMonitor/ns/name spec.endpoints[0]...: message` — kpt's own layout. */
export function formatResultLine(result: Result): string {
  const parts = [`[${result.severity}]`];
  if (result.resourceRef) {
    const r = result.resourceRef;
    parts.push([r.apiVersion, r.kind, r.namespace, r.name].filter((p) => p !== undefined && p !== '').join('/'));
  }
  if (result.field) parts.push(result.field.path);
  const head = parts.join(' ');
  return oneLine(`${head}: ${result.message}`);
}

/**
 * Line breaks and other control characters written as escapes (`\n`): a name or message carrying a
 * newline (a Secret name in the config, a resource name) must not forge another line of the log.
 */
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// eslint-disable-next-line no-control-regex -- control characters are what this escapes
const LINE_BREAKING = /[\x00-\x1f\x7f\u2028\u2029]/g;

export function oneLine(text: string): string {
  return text.replace(LINE_BREAKING, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
