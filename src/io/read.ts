import type { Location } from '../errors.js';
import { checkText } from './decode.js';
import type { ParsedInput } from './input.js';
import { readListByItem } from './list.js';
import { readWhole } from './stream.js';
import type { TreeBudget } from './item.js';

// Reading is split by job: decode.ts (bytes → text, text that is no input), limits.ts (nesting and
// alias limits), yaml-errors.ts (yaml's messages without source text), input.ts (what reading
// gives), item.ts (nodes → items), stream.ts (the whole read), list.ts (ResourceList / List).
export { ChunkedInputDecoder, decodeInput } from './decode.js';
export type { InputItem, ParsedInput, Shape } from './input.js';
export { SourceLines } from './input.js';
export { TreeBudget } from './item.js';
export { MAX_DEPTH } from './limits.js';
export { describeYamlError } from './yaml-errors.js';

/**
 * Parses a ResourceList, a `kind: List`, or a plain multi-document stream (YAML or JSON), keeping
 * every document's source ranges so unchanged items can be written back byte-for-byte.
 */
export function readInput(source: string, filename?: string, options: { byItem?: boolean; keep?: TreeBudget } = {}): ParsedInput {
  checkText(source, (loc: Location): Location => (filename !== undefined ? { file: filename, ...loc } : loc));
  const format = /^\uFEFF?\s*[{[]/.test(source) ? 'json' : 'yaml';
  // `byItem: false` (tests only) reads a ResourceList whole, to compare with the fast way.
  if (format === 'yaml' && options.byItem !== false) {
    const byItem = readListByItem(source, filename, options.keep);
    if (byItem !== undefined) return byItem;
    options.keep?.reset();
  }
  return readWhole(source, format, filename, options.keep);
}
