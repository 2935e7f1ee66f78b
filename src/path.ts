import type { Json, Path } from './types.js';
import { isObject } from './types.js';

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const LIST_INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * `['spec','endpoints',1,'tlsConfig']` → `spec.endpoints[1].tlsConfig` (the form kpt prints); keys that
 * are not plain words are quoted: `metadata.annotations["a.b/c"]`.
 */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** One RFC 6901 reference token unescaped: `~1` → `/`, then `~0` → `~` (https://www.rfc-editor.org/rfc/rfc6901#section-4). */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A JSON Pointer that is known to be well formed (fast-json-patch's, Ajv's instancePath) → its tokens; `''` → `[]`. */
export function pointerTokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointerToken);
}

/**
 * The value at `path` below `from`, or undefined when a step is missing: lists are entered by
 * position (a number or its canonical decimal text), maps by their own keys only (never the prototype).
 */
export function valueAt(from: Json | undefined, path: Path): Json | undefined {
  let node = from;
  for (const key of path) {
    if (Array.isArray(node)) node = typeof key === 'number' || LIST_INDEX.test(key) ? node[Number(key)] : undefined;
    else if (isObject(node)) node = Object.hasOwn(node, key) ? node[String(key)] : undefined;
    else return undefined;
  }
  return node;
}
