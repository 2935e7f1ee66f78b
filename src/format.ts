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
  if (Array.isArray(value)) return `[${value.map((item) => formatValue(item)).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${k}: ${formatValue(v)}`).join(', ')}}`;
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
