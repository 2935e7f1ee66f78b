import jsonPatch from 'fast-json-patch';
import { Document, isMap, isScalar, isSeq } from 'yaml';
import type { Node, ToStringOptions, YAMLMap } from 'yaml';
import type { KubeObject, Result } from '../types.js';
import type { InputItem, ParsedInput } from './read.js';

interface Splice {
  start: number;
  end: number;
  text: string;
}

/**
 * Writes the output in the input's shape. Only items the core changed are printed again; everything
 * else is copied from the source text, so untouched items, comments, quoting, flow style and list
 * indentation stay byte-for-byte (kpt rewrites files from what a function returns).
 */
export function writeOutput(input: ParsedInput, objects: readonly KubeObject[], results: readonly Result[]): string {
  const splices: Splice[] = [];
  const eol = input.source.includes('\r\n') ? '\r\n' : '\n';
  objects.forEach((object, index) => {
    const item = input.items[index] as InputItem;
    if (object === item.object) return;
    applyDiff(item, object);
    splices.push(printItem(input, item, object, eol));
  });
  if (input.shape === 'resourceList' && results.length > 0) splices.push(resultsSplice(input, results, eol));
  return applySplices(input.source, splices);
}

/** Applies the JSON diff old → new to the item's YAML node, keeping comments and styles of what stays. */
function applyDiff(item: InputItem, next: KubeObject): void {
  const operations = jsonPatch.compare(item.object as object, next as object);
  for (const operation of operations) {
    const path = operation.path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const key = path.pop() as string;
    const parent = path.length === 0 ? item.node : (item.node.getIn(path, true) as Node | undefined);
    if (isMap(parent)) {
      if (operation.op === 'remove') parent.delete(key);
      else if (operation.op === 'add' || operation.op === 'replace') {
        const existing = parent.get(key, true);
        if (isScalar(existing) && isPlainValue(operation.value)) existing.value = operation.value;
        else parent.set(item.doc.createNode(key), item.doc.createNode(operation.value, { aliasDuplicateObjects: false }));
      }
    } else if (isSeq(parent)) {
      const index = key === '-' ? parent.items.length : Number(key);
      if (operation.op === 'remove') parent.items.splice(index, 1);
      else if (operation.op === 'add') parent.items.splice(index, 0, item.doc.createNode(operation.value, { aliasDuplicateObjects: false }));
      else if (operation.op === 'replace') {
        const existing = parent.items[index];
        if (isScalar(existing) && isPlainValue(operation.value)) existing.value = operation.value;
        else parent.items[index] = item.doc.createNode(operation.value, { aliasDuplicateObjects: false });
      }
    } else {
      throw new Error(`internal: cannot apply ${operation.op} ${operation.path}`);
    }
  }
}

function isPlainValue(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function printItem(input: ParsedInput, item: InputItem, object: KubeObject, eol: string): Splice {
  const [start, valueEnd] = item.node.range as [number, number, number];
  const original = input.source.slice(start, valueEnd);
  const lineStart = input.source.lastIndexOf('\n', start - 1) + 1;
  const column = start - lineStart;
  let text: string;
  if (input.format === 'json') {
    text = JSON.stringify(object, null, 2);
  } else {
    text = printNode(item.node, styleOf(original));
  }
  text = text.replace(/\n$/, '');
  const indent = ' '.repeat(column);
  text = text.split('\n').map((line, i) => (i === 0 || line === '' ? line : indent + line)).join(eol);
  // Keep whatever ended the original value (usually its newline) so the splice lines up.
  const trailing = /\s*$/.exec(original)?.[0] ?? '';
  return { start, end: valueEnd, text: text + trailing };
}

/** Prints one node; its own head and foot comments sit outside the spliced range and stay in the source. */
function printNode(node: YAMLMap, options: ToStringOptions): string {
  const { commentBefore, comment, spaceBefore } = node;
  // A document's leading comment is attached to its first key, but lies before the node's range.
  const firstKey = node.items[0]?.key;
  const keyComment = isScalar(firstKey) ? firstKey.commentBefore : undefined;
  const keySpace = isScalar(firstKey) ? firstKey.spaceBefore : undefined;
  node.commentBefore = null;
  node.comment = null;
  node.spaceBefore = false;
  if (isScalar(firstKey)) {
    firstKey.commentBefore = null;
    firstKey.spaceBefore = false;
  }
  try {
    const doc = new Document(null);
    doc.contents = node;
    return doc.toString(options);
  } finally {
    node.commentBefore = commentBefore;
    node.comment = comment;
    node.spaceBefore = spaceBefore;
    if (isScalar(firstKey)) {
      firstKey.commentBefore = keyComment;
      firstKey.spaceBefore = keySpace;
    }
  }
}

/** Follows the item's own style: sequence indentation and `{ a }` vs `{a}` padding. */
function styleOf(original: string): ToStringOptions {
  let indentSeq = false;
  const match = /^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n(?: *#[^\n]*\r?\n)*( *)- /m.exec(original);
  if (match) indentSeq = (match[2] as string).length > (match[1] as string).length;
  const flowCollectionPadding = /[[{] [^\s\]}]/.test(original) && !/[[{][^\s\]}]/.test(original);
  return { lineWidth: 0, indentSeq, flowCollectionPadding };
}

function resultsSplice(input: ParsedInput, results: readonly Result[], eol: string): Splice {
  const container = input.container as YAMLMap;
  const existing = container.items.find((pair) => isScalar(pair.key) && pair.key.value === 'results');
  if (input.format === 'json') {
    const body = JSON.stringify(results, null, 2).split('\n').join(eol + '  ');
    if (existing) throw new Error('internal: JSON ResourceList with results is not supported');
    const end = (container.range as [number, number, number])[1];
    const close = input.source.lastIndexOf('}', end);
    const before = input.source.slice(0, close).replace(/\s*$/, '');
    return { start: before.length, end: close, text: `,${eol}  "results": ${body}${eol}` };
  }
  const printed = new Document(results, { aliasDuplicateObjects: false }).toString({ lineWidth: 0, indentSeq: false }).replace(/\n$/, '').split('\n').join(eol);
  if (existing && isSeq(existing.value)) {
    // A previous function's results stay; ours follow them.
    const range = existing.value.range as [number, number, number];
    const previous = input.source.slice(range[0], range[1]).replace(/\s*$/, '');
    return { start: range[0], end: range[1], text: `${previous}${eol}${printed}${eol}` };
  }
  const end = (container.range as [number, number, number])[1];
  const needsNewline = end > 0 && input.source[end - 1] !== '\n';
  return { start: end, end, text: `${needsNewline ? eol : ''}results:${eol}${printed}${eol}` };
}

function applySplices(source: string, splices: Splice[]): string {
  if (splices.length === 0) return source;
  splices.sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const splice of splices) {
    out += source.slice(cursor, splice.start) + splice.text;
    cursor = splice.end;
  }
  return out + source.slice(cursor);
}
