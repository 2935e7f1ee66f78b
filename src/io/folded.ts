import { parseDocument, Scalar, visit } from 'yaml';
import type { YAMLMap } from 'yaml';
import { jsonEqual } from '../format.js';
import type { Json } from '../types.js';

/**
 * A changed item is printed again by the yaml package, which writes a folded block scalar (`>-`)
 * on one line (it folds at `lineWidth`, which is 0 here so nothing else is re-wrapped): the value
 * stays, the text a person wrapped does not, and every apply shows it in the diff. So each folded
 * scalar the change leaves alone is printed as a placeholder and then replaced by its text from
 * the source, re-indented to where it now sits. The result is used only when it reads back to
 * exactly what the plain print reads back to; anything unusual (`>+`, an indentation indicator)
 * is left to the yaml package.
 */
export interface FoldedScalar {
  readonly scalar: Scalar;
  /** The value before the change was applied: a scalar whose value changed is printed anew. */
  readonly value: unknown;
  readonly start: number;
  readonly end: number;
}

/** The item's folded scalars as read (call before the change is applied to the node). */
export function foldedScalarsOf(node: YAMLMap, source: string): FoldedScalar[] {
  const out: FoldedScalar[] = [];
  // Most items have no `>` header at all: a test of their text spares the visit of their tree.
  const [itemStart, itemEnd] = node.range ?? [0, 0];
  if (!/(?:^|[ \t])>[-+1-9]{0,2}[ \t]*(?:#[^\n]*)?\r?$/m.test(source.slice(itemStart, itemEnd))) return out;
  visit(node, {
    Scalar(_, scalar) {
      if (scalar.type !== Scalar.BLOCK_FOLDED || scalar.range === undefined || scalar.range === null) return;
      const [start, end] = scalar.range;
      // Clip or strip chomping, no indentation indicator: `>` or `>-`, then a space, comment or line break.
      if (!/^>-?(?:[ \t]|\r?\n)/.test(source.slice(start, start + 3))) return;
      out.push({ scalar, value: scalar.value, start, end });
    },
  });
  return out;
}

/**
 * `print()` with the unchanged folded scalars written as in the source. `print` prints the node as
 * it stands (it is called with placeholders swapped in, then again without); returns the plain
 * print whenever the kept text would not read back the same.
 */
export function printKeepingFolded(folded: readonly FoldedScalar[], source: string, print: () => string): string {
  const plain = print();
  const kept = folded.filter((f) => f.scalar.value === f.value);
  if (kept.length === 0) return plain;
  const tokens = kept.map((_, index) => `__secure_monitors_folded_${index}__`);
  if (tokens.some((token) => plain.includes(token) || source.includes(token))) return plain;

  const saved = kept.map(({ scalar }) => ({ value: scalar.value, type: scalar.type, comment: scalar.comment }));
  let marked: string;
  try {
    kept.forEach(({ scalar }, index) => {
      scalar.value = tokens[index];
      scalar.type = Scalar.PLAIN;
      // The header's comment (`>- # note`) is part of the source text put back.
      scalar.comment = null;
    });
    marked = print();
  } finally {
    kept.forEach(({ scalar }, index) => {
      const was = saved[index] as (typeof saved)[number];
      scalar.value = was.value;
      scalar.type = was.type;
      scalar.comment = was.comment;
    });
  }

  let text = marked;
  for (const [index, f] of kept.entries()) {
    const token = tokens[index] as string;
    const at = text.indexOf(token);
    if (at < 0 || text.indexOf(token, at + 1) >= 0) return plain;
    const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
    if (at + token.length !== lineEnd) return plain;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const sourceLineStart = source.lastIndexOf('\n', f.start - 1) + 1;
    const [header, ...content] = source
      .slice(f.start, f.end)
      .replace(/\r?\n$/, '')
      .split('\n')
      .map((line) => line.replace(/\r$/, ''));
    const indents = content.filter((line) => line.trim() !== '').map((line) => (/^ */.exec(line) as RegExpExecArray)[0].length);
    if (header === undefined || indents.length === 0) return plain;
    const from = Math.min(...indents);
    // Content sits at the same distance from the key (or `- `) that owns it as in the source.
    const indent = parentColumn(text.slice(lineStart, at)) + from - parentColumn(source.slice(sourceLineStart, f.start));
    if (indent < 1) return plain;
    const lines = content.map((line) => (line.trim() === '' ? '' : ' '.repeat(indent) + line.slice(from)));
    text = text.slice(0, at) + [header, ...lines].join('\n') + text.slice(lineEnd);
  }
  const expected = parseDocument(plain);
  const actual = parseDocument(text);
  if (actual.errors.length > 0 || expected.errors.length > 0) return plain;
  return jsonEqual(actual.toJS() as Json, expected.toJS() as Json) ? text : plain;
}

/** Column of the key a value belongs to, from the text before the value on its line (`    - regex: ` → 6). */
function parentColumn(before: string): number {
  return (/^(?:[ ]*- )*[ ]*/.exec(before) as RegExpExecArray)[0].length;
}
