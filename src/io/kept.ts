import { isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { Json, JsonObject, KubeObject } from '../types.js';

/**
 * Values of a changed item that the config never touched must come back as they were written
 * (test/reliability/review-findings.test.ts, F11). Printed again from their JS value, some do not: an integer beyond 2^53 loses
 * digits (12345678901234567891 → 12345678901234567000), a number too large for a double becomes
 * Infinity (JSON `1e400` → `null`). Such scalars are printed as a placeholder and then replaced by
 * their source text; `keepKeyLineComments` keeps `key: # comment` on the key's line.
 */
export interface KeptNumber {
  readonly scalar: Scalar;
  /** Where the scalar sits in the item (keys as strings, list positions as numbers). */
  readonly path: ReadonlyArray<string | number>;
  readonly value: number;
  readonly text: string;
}

const TOKEN = '__secure_monitors_kept_';

/** Whether a number read from `text` would print as something else. */
function losesPrecision(value: unknown, text: string): value is number {
  if (typeof value !== 'number') return false;
  if (!Number.isFinite(value)) return !/^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(text);
  return Number.isInteger(value) && !Number.isSafeInteger(value) && /^[-+]?\d+$/.test(text);
}

/** The item's numbers that would not print back as written (call before the change is applied). */
export function keptNumbersOf(node: YAMLMap, source: string): KeptNumber[] {
  const [start, end] = node.range ?? [0, 0];
  // Most items have no long digit run or big exponent: a test of their text spares the walk.
  if (!/\d{16}|[eE][-+]?\d{3}/.test(source.slice(start, end))) return [];
  const out: KeptNumber[] = [];
  const walk = (current: unknown, path: Array<string | number>): void => {
    if (isScalar(current)) {
      const range = current.range;
      if (range && current.type === Scalar.PLAIN) {
        const text = source.slice(range[0], range[1]);
        if (losesPrecision(current.value, text)) out.push({ scalar: current, path: [...path], value: current.value, text });
      }
    } else if (isMap(current)) {
      for (const pair of current.items) {
        const key: unknown = isScalar(pair.key) ? pair.key.value : pair.key;
        walk(pair.value, [...path, String(key)]);
      }
    } else if (isSeq(current)) current.items.forEach((item, index) => walk(item, [...path, index]));
  };
  walk(node, []);
  return out;
}

/**
 * `print()` with the kept numbers written as in the source. A number whose value changed (the
 * scalar holds another value now) is printed anew.
 */
export function printKeepingNumbers(kept: readonly KeptNumber[], print: () => string): string {
  const unchanged = kept.filter((k) => Object.is(k.scalar.value, k.value));
  if (unchanged.length === 0) return print();
  const saved = unchanged.map((k) => k.scalar.value);
  unchanged.forEach((k, index) => {
    k.scalar.value = `${TOKEN}${index}__`;
  });
  let text: string;
  try {
    text = print();
  } finally {
    unchanged.forEach((k, index) => {
      k.scalar.value = saved[index];
    });
  }
  unchanged.forEach((k, index) => {
    text = text.split(`${TOKEN}${index}__`).join(k.text);
  });
  return text;
}

/**
 * JSON.stringify of a changed JSON item with the kept numbers written as in the source: each is
 * swapped for a placeholder string (copying only the maps and lists on its way) when the object
 * still holds the number read, and the quoted placeholder is then replaced by the source text.
 */
export function stringifyKeepingNumbers(object: KubeObject, kept: readonly KeptNumber[], indent?: number): string {
  let root: Json = object as unknown as Json;
  const replacements: Array<[string, string]> = [];
  kept.forEach((k, index) => {
    const token = `${TOKEN}${index}__`;
    const copied = replaceAt(root, k.path, 0, k.value, token);
    if (copied !== undefined) {
      root = copied;
      replacements.push([JSON.stringify(token), k.text]);
    }
  });
  let text = JSON.stringify(root, null, indent);
  for (const [token, source] of replacements) text = text.split(token).join(source);
  return text;
}

function replaceAt(node: Json, path: ReadonlyArray<string | number>, depth: number, value: number, token: string): Json | undefined {
  if (depth === path.length) return typeof node === 'number' && Object.is(node, value) ? token : undefined;
  const segment = path[depth] as string | number;
  if (Array.isArray(node)) {
    const index = Number(segment);
    if (!Number.isInteger(index) || index >= node.length) return undefined;
    const child = replaceAt(node[index] as Json, path, depth + 1, value, token);
    if (child === undefined) return undefined;
    const copy = [...node];
    copy[index] = child;
    return copy;
  }
  if (node === null || typeof node !== 'object' || !Object.hasOwn(node, String(segment))) return undefined;
  const child = replaceAt(node[String(segment)] as Json, path, depth + 1, value, token);
  if (child === undefined) return undefined;
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(node)) as JsonObject;
  Object.defineProperty(copy, String(segment), { value: child, enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * `key: # comment` whose value is a block collection: yaml stores the comment before the value and
 * prints it on a line of its own (`key:` / `  # comment`), in every key of a changed item, touched or
 * not. The comment that stands on the key's line in the source goes back to the key.
 */
export function keepKeyLineComments(root: Node, source: string): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const current = stack.pop();
    if (isMap(current)) {
      for (const pair of current.items) {
        stack.push(pair.value);
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const value = pair.value;
        if (!(isMap(value) || isSeq(value)) || value.flow || !value.commentBefore || pair.key.comment) continue;
        const keyEnd = pair.key.range?.[1];
        const valueStart = value.range?.[0];
        if (keyEnd === undefined || valueStart === undefined) continue;
        // `:` then the comment, on the key's own line.
        const between = source.slice(keyEnd, valueStart);
        const onKeyLine = /^[ \t]*:[ \t]+#([^\r\n]*)/.exec(between);
        if (onKeyLine === null) continue;
        const lines = value.commentBefore.split('\n');
        if (lines[0] !== onKeyLine[1]) continue;
        pair.key.comment = lines[0];
        value.commentBefore = lines.length > 1 ? lines.slice(1).join('\n') : null;
      }
    } else if (isSeq(current)) for (const item of current.items) stack.push(item);
  }
}
