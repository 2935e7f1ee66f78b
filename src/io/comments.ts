import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';

type Collection = YAMLMap | YAMLSeq;

/**
 * The `yaml` package attaches every comment that follows a nested block to the innermost
 * collection, whatever its indentation:
 *
 *     tlsConfig:
 *       insecureSkipVerify: true
 *     # interval: 30s        ← stored as tlsConfig's trailing comment
 *
 * Printed again, such a comment moves into tlsConfig (after any key we add), and kpt, which copies
 * comments back into "empty slots", then writes it twice. Before an item is printed again, this
 * gives each trailing comment line back to the collection its column belongs to: the trailing
 * comment of that ancestor, or the head comment of the ancestor's next entry.
 */
export function reattachTrailingComments(root: Node, source: string): void {
  visit(root, [], source);
}

interface Step {
  collection: Collection;
  /** Index of the entry (pair or item) of `collection` that leads to the current node. */
  index: number;
}

function visit(node: unknown, ancestors: Step[], source: string): void {
  if (!(isMap(node) || isSeq(node)) || node.flow) return;
  node.items.forEach((entry: unknown, index: number) => {
    const child = isPair(entry) ? entry.value : entry;
    visit(child, [...ancestors, { collection: node, index }], source);
  });
  if (node.comment) redistribute(node, ancestors, source);
}

function redistribute(node: Collection, ancestors: readonly Step[], source: string): void {
  const range = node.range;
  if (!range || ancestors.length === 0) return;
  const lines = commentLines(source.slice(range[1], range[2]), range[1], source);
  // Only act when the source lines are exactly the stored comment; anything else is left alone.
  if (lines.length === 0 || lines.map((l) => l.text).join('\n') !== (node.comment ?? '').replace(/\n\n+/g, '\n')) return;

  const own: string[] = [];
  const moved = new Map<number, string[]>();
  for (const line of lines) {
    if (line.column >= columnOf(node, source)) {
      own.push(line.text);
      continue;
    }
    // The innermost ancestor the line is indented for; the outermost when it is left of all of them.
    let target = 0;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      if (line.column >= columnOf((ancestors[i] as Step).collection, source)) {
        target = i;
        break;
      }
    }
    const list = moved.get(target) ?? [];
    list.push(line.text);
    moved.set(target, list);
  }
  if (moved.size === 0) return;
  node.comment = own.length > 0 ? own.join('\n') : null;
  for (const [target, texts] of moved) {
    const { collection, index } = ancestors[target] as Step;
    const text = texts.join('\n');
    const next: unknown = collection.items[index + 1];
    if (next === undefined) {
      collection.comment = collection.comment ? `${text}\n${collection.comment}` : text;
    } else {
      const holder = isPair(next) ? next.key : next;
      if (isScalar(holder) || isMap(holder) || isSeq(holder)) holder.commentBefore = holder.commentBefore ? `${text}\n${holder.commentBefore}` : text;
    }
  }
}

interface CommentLine {
  text: string;
  column: number;
}

function commentLines(region: string, offset: number, source: string): CommentLine[] {
  const out: CommentLine[] = [];
  let position = offset;
  for (const raw of region.split('\n')) {
    const match = /^([ \t]*)#(.*?)\r?$/.exec(raw);
    if (match) {
      // The region can start mid-line (after a value): measure the column from the real line start.
      const lineStart = source.lastIndexOf('\n', position - 1) + 1;
      out.push({ text: match[2] as string, column: position + (match[1] as string).length - lineStart });
    }
    position += raw.length + 1;
  }
  return out;
}

/** Column of a block collection's entries: its first key, or its first `-`. */
function columnOf(collection: Collection, source: string): number {
  const start = collection.range?.[0] ?? 0;
  return start - (source.lastIndexOf('\n', start - 1) + 1);
}
