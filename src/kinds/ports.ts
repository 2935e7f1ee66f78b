import type { Json } from '../types.js';

/** Ports are int-or-string in the CRDs; the filter compares them as strings. */
export function portName(value: Json | undefined): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
