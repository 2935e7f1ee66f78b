import { redactValue } from './redact.js';
import type { Json, Path } from './types.js';

const PLAIN = /^[A-Za-z0-9_./@:-]+$/;

/**
 * Compact YAML-flow rendering of a value for messages: `{secret: {name: x, key: ca.crt}}`. With the
 * value's `path`, credential-shaped strings in it are shown as <redacted> (see redact.ts).
 */
export function formatValue(value: Json | undefined, path?: Path): string {
  if (path !== undefined && value !== undefined) return formatValue(redactValue(value, path));
  if (value === undefined) return '(unset)';
  if (value === null) return 'null';
  if (typeof value === 'string') return PLAIN.test(value) && !/^(true|false|null|\d.*)$/.test(value) ? value : JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    const items = value.slice(0, LIST_LIMIT).map((item) => formatValue(item));
    return `[${value.length > LIST_LIMIT ? `${items.join(', ')}, and ${value.length - LIST_LIMIT} more` : items.join(', ')}]`;
  }
  const keys = Object.keys(value);
  const shown = keys.slice(0, LIST_LIMIT).map((k) => `${k}: ${formatValue(value[k])}`);
  return `{${keys.length > LIST_LIMIT ? `${shown.join(', ')}, and ${keys.length - LIST_LIMIT} more` : shown.join(', ')}}`;
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ak = Object.keys(a);
  const bo = b as Record<string, Json>;
  const ao = a as Record<string, Json>;
  return ak.length === Object.keys(bo).length && ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonEqual(ao[k], bo[k]));
}

/**
 * How many entries of a list a message shows (test/reliability/bounded-output.test.ts): a message repeats per endpoint, and a
 * list of every matching Service, namespace or key made the output grow as endpoints × candidates
 * (8,000 `matchNames` × 8,000 endpoints: 1.2 GB of stderr). README "Limits" states it.
 */
export const LIST_LIMIT = 10;

/** `a, b and c`; past LIST_LIMIT entries `a, b, …, j and 5 more`. */
export function boundedList(items: readonly string[], conjunction = 'and', limit = LIST_LIMIT): string {
  if (items.length > limit) return `${items.slice(0, limit).join(', ')} ${conjunction} ${items.length - limit} more`;
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1) ?? ''}`;
}

/** `a, b, c` (joined by `separator`); past LIST_LIMIT entries `a, b, …, j, and 5 more`. */
export function boundedJoin(items: readonly string[], separator = ', ', limit = LIST_LIMIT): string {
  if (items.length > limit) return `${items.slice(0, limit).join(separator)}${separator}and ${items.length - limit} more`;
  return items.join(separator);
}

/** boundedJoin of `render(item)`, rendering only the entries shown. */
export function boundedJoinOf<T>(items: readonly T[], render: (item: T) => string, separator = ', '): string {
  const shown = items.slice(0, LIST_LIMIT).map(render);
  return items.length > LIST_LIMIT ? `${shown.join(separator)}${separator}and ${items.length - LIST_LIMIT} more` : shown.join(separator);
}
