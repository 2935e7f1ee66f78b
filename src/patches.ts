import jsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { PatchOperation } from './config/types.js';
import { formatValue, jsonEqual } from './format.js';
import { formatPath, pointerTokens, unescapePointerToken, valueAt } from './path.js';
import { reportChange } from './change.js';
import type { StepContext } from './steps.js';
import type { Json, JsonObject } from './types.js';
import { setOwn } from './types.js';

/** Top-level keys of a Kubernetes object: a path starting with one was written as if absolute. */
const OBJECT_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
/** Segments that would reach the object's prototype rather than a field (fast-json-patch bans them too). */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const REASONS: Record<string, string> = {
  OPERATION_PATH_UNRESOLVABLE: 'the path does not exist in this endpoint',
  OPERATION_FROM_UNRESOLVABLE: 'the `from` path does not exist in this endpoint',
  OPERATION_PATH_CANNOT_ADD: 'the parent of the path does not exist in this endpoint',
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX: 'a list index in the path is not a number',
  OPERATION_VALUE_OUT_OF_BOUNDS: 'the list index is past the end of the list',
  OPERATION_VALUE_REQUIRED: 'the operation needs a `value`',
  OPERATION_FROM_REQUIRED: 'the operation needs a `from`',
  TEST_OPERATION_FAILED: 'the test failed',
};

/**
 * Applies `endpointPatches` (RFC 6902) to each selected endpoint, with paths relative to it. Like any
 * JSON patch it is atomic: if one operation fails on an endpoint, none is applied to that endpoint
 * (an error result says why) while the other endpoints are still patched. A second run must change
 * nothing and fail nothing (kpt re-runs mutators on every render), so `remove` of an absent field and
 * `move` whose `from` is gone but whose `path` exists are no-ops.
 */
export function patchesStep(ctx: StepContext): void {
  const operations = ctx.config.endpointPatches;
  if (operations.length === 0) return;
  const before = structuredClone(ctx.target);
  const document = structuredClone(ctx.target);

  for (const [index, operation] of operations.entries()) {
    const failure = applyOne(document, operation, index);
    if (failure !== undefined) {
      const segments = parsePointer(operation.path);
      const where = Array.isArray(segments) && failure.atPath ? [...ctx.endpoint.path, ...typedPath(before, segments)] : ctx.endpoint.path;
      ctx.report.error(
        'endpoint-patch',
        `endpointPatches[${index}] (${describe(operation)}): ${failure.reason}; no operation of endpointPatches was applied to this endpoint`,
        where,
      );
      return;
    }
  }

  reportChanges(ctx, before, document);
  for (const key of Object.keys(ctx.target)) delete ctx.target[key];
  // Not Object.assign: a key `__proto__` of the endpoint would set the target's prototype (F13).
  for (const key of Object.keys(document)) setOwn(ctx.target, key, document[key] as Json);
}

interface Failure {
  reason: string;
  /** Whether the failure is about the operation's path in the endpoint (so the result points there). */
  atPath: boolean;
}

function applyOne(document: JsonObject, operation: PatchOperation, index: number): Failure | undefined {
  const path = parsePointer(operation.path);
  if (typeof path === 'string') return { reason: `path ${path}`, atPath: false };
  if (path.length === 0 && operation.op !== 'test') {
    return { reason: 'the empty path is the endpoint itself, which a patch may not replace or remove; patch its fields instead', atPath: false };
  }
  let from: string[] | undefined;
  if (operation.op === 'move' || operation.op === 'copy') {
    if (operation.from === undefined) return { reason: REASONS.OPERATION_FROM_REQUIRED as string, atPath: false };
    const parsed = parsePointer(operation.from);
    if (typeof parsed === 'string') return { reason: `from ${parsed}`, atPath: false };
    if (parsed.length === 0) return { reason: 'the empty `from` is the endpoint itself; copy or move one of its fields instead', atPath: false };
    from = parsed;
  }

  // Array indexes are checked here: fast-json-patch took 4294967295 (past any list) as a position
  // near the end. And `add …/-` appends only what the list does not hold yet, so a second run
  // (kpt renders again and again) adds nothing (F17).
  for (const [pointer, forAdd] of [[path, operation.op === 'add'], ...(from !== undefined ? [[from, false] as const] : [])] as const) {
    const parent = pointer.length > 0 ? valueAt(document, pointer.slice(0, -1)) : undefined;
    const last = pointer[pointer.length - 1] as string;
    if (!Array.isArray(parent)) continue;
    if (last === '-') {
      if (!forAdd) return { reason: REASONS.OPERATION_VALUE_OUT_OF_BOUNDS as string, atPath: true };
      if (pointer === path && parent.some((item) => jsonEqual(item, operation.value))) return undefined;
      continue;
    }
    if (!/^(0|[1-9][0-9]*)$/.test(last)) return { reason: REASONS.OPERATION_PATH_ILLEGAL_ARRAY_INDEX as string, atPath: true };
    if (Number(last) > parent.length || (!forAdd && Number(last) === parent.length))
      return { reason: REASONS.OPERATION_VALUE_OUT_OF_BOUNDS as string, atPath: true };
  }

  if (operation.op === 'remove' && !exists(document, path)) return undefined;
  if (operation.op === 'move' && from !== undefined && !exists(document, from) && exists(document, path)) return undefined;

  try {
    // Each endpoint gets its own copy of the value: outputs must not share objects.
    jsonPatch.applyOperation(document, structuredClone(toOperation(operation)), true, true, true, index);
    return undefined;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TEST_OPERATION_FAILED') {
      return {
        reason: `the test failed: the endpoint has ${formatValue(valueAt(document, path), path)}, the patch expects ${formatValue(operation.value, path)}`,
        atPath: true,
      };
    }
    // Never the library's own message (a JS error text, with the value in it).
    const reason = Object.hasOwn(REASONS, name)
      ? (REASONS[name] as string)
      : 'the operation cannot be applied to this endpoint: a value along its path is not a map or a list it can go through';
    return { reason, atPath: name !== 'OPERATION_FROM_UNRESOLVABLE' };
  }
}

/**
 * RFC 6901 pointer → segments, or why the pointer may not be used: it must stay inside the endpoint.
 * JSON pointers have no parent step, but a `..` segment, or one starting at `/spec` or `/metadata`, shows
 * a patch written against the whole object; such a patch is refused rather than applied somewhere odd.
 */
export function parsePointer(pointer: string): string[] | string {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return `"${pointer}" must be a JSON pointer starting with "/", relative to the endpoint (e.g. /interval)`;
  const raw = pointer.slice(1).split('/');
  const segments: string[] = [];
  for (const segment of raw) {
    if (/~(?![01])/.test(segment)) return `"${pointer}" has an invalid escape: in a JSON pointer "~" must be followed by 0 or 1`;
    segments.push(unescapePointerToken(segment));
  }
  if (segments.some((s) => s === '..' || s === '.')) {
    return `"${pointer}" tries to leave the endpoint: JSON pointers have no parent step, and endpointPatches only reach fields of the endpoint they patch`;
  }
  if (segments.some((s) => PROTOTYPE_KEYS.has(s))) return `"${pointer}" names an object prototype, not a field`;
  const first = segments[0] as string;
  if (OBJECT_KEYS.has(first)) {
    return `"${pointer}" starts at the object's ${first}, but endpointPatches paths are relative to each endpoint (e.g. /interval, not /spec/endpoints/0/interval) and cannot reach outside it`;
  }
  return segments;
}

/** Pointer segments as a result path: list positions become numbers (`relabelings[0]`), map keys stay strings. */
function typedPath(document: Json, segments: readonly string[]): Array<string | number> {
  const out: Array<string | number> = [];
  let node: Json | undefined = document;
  for (const segment of segments) {
    const index = /^(0|[1-9][0-9]*)$/.test(segment);
    // Where the container is missing (the usual reason the operation failed) a number is a list position.
    const asNumber = Array.isArray(node) ? index : node === undefined && index;
    out.push(asNumber ? Number(segment) : segment);
    node = valueAt(node ?? null, [segment]);
  }
  return out;
}

function toOperation(operation: PatchOperation): Operation {
  switch (operation.op) {
    case 'add':
    case 'replace':
    case 'test':
      return { op: operation.op, path: operation.path, value: operation.value };
    case 'remove':
      return { op: 'remove', path: operation.path };
    case 'move':
    case 'copy':
      return { op: operation.op, path: operation.path, from: operation.from as string };
  }
}

function describe(operation: PatchOperation): string {
  const parts: string[] = [operation.op];
  if (operation.from !== undefined) parts.push(`from ${operation.from || '""'}`);
  parts.push(operation.path || '""');
  return parts.join(' ');
}

function exists(document: Json, path: readonly string[]): boolean {
  return valueAt(document, path) !== undefined;
}

/**
 * One info result per changed field, with current and proposed value. Changes inside a list are
 * reported once, for the whole list: an insertion shifts every later index, and "relabelings[0] →
 * relabelings[1]" per element would say less than the list before and after.
 */
function reportChanges(ctx: StepContext, before: JsonObject, after: JsonObject): void {
  const seen = new Set<string>();
  for (const change of jsonPatch.compare(before, after)) {
    const segments = pointerTokens(change.path); // fast-json-patch made it: well formed
    let end = segments.length;
    for (let i = 1; i < segments.length; i++) {
      const prefix = segments.slice(0, i);
      if (Array.isArray(valueAt(before, prefix)) || Array.isArray(valueAt(after, prefix))) {
        end = i;
        break;
      }
    }
    const fieldPath = segments.slice(0, end);
    const key = JSON.stringify(fieldPath);
    if (seen.has(key)) continue;
    seen.add(key);

    const current = valueAt(before, fieldPath);
    const proposed = valueAt(after, fieldPath);
    if (jsonEqual(current, proposed)) continue;
    const path = [...ctx.endpoint.path, ...fieldPath];
    reportChange(ctx.report, ctx.change.mode, {
      code: 'endpoint-patch',
      field: formatPath(path),
      path,
      valuePath: fieldPath,
      current,
      proposed,
      why: 'endpointPatches',
    });
  }
}
