import { Document } from 'yaml';
import type { Result } from '../types.js';

/** `--results FILE`: the results list as YAML, the shape of a ResourceList's `results`. */
export function stringifyResults(results: readonly Result[]): string {
  return new Document(results, { aliasDuplicateObjects: false }).toString({ lineWidth: 0, indentSeq: false });
}
