import jsonPatch from 'fast-json-patch';
import { Document, isAlias, isMap, isScalar, isSeq, Pair, visit } from 'yaml';
import type { Node, ToStringOptions, YAMLMap } from 'yaml';
import { InputError } from '../errors.js';
import { pointerTokens } from '../path.js';
import { resourceRef } from '../results.js';
import type { KubeObject, Result } from '../types.js';
import type { InputItem, ParsedInput } from './read.js';
import { reattachTrailingComments } from './comments.js';
import { printResultsYamlPieces } from './results-yaml.js';
import { foldedScalarsOf, printKeepingFolded } from './folded.js';
import type { FoldedScalar } from './folded.js';
import { keepKeyLineComments, keptNumbersOf, printKeepingNumbers, stringifyKeepingNumbers } from './kept.js';
import type { KeptNumber } from './kept.js';
import { scalarText } from '../types.js';

/** A stretch of the source [start, end) and the text that replaces it. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** A splice whose text is written in pieces (a ResourceList's results: they can be most of the output). */
interface PiecesSplice {
  start: number;
  end: number;
  pieces: readonly string[];
}

/**
 * Writes the output in the input's shape, one item at a time. Only items the core changed are
 * printed again; everything else is copied from the source text, so untouched items, comments,
 * quoting, flow style and list indentation stay byte-for-byte (kpt rewrites files from what a
 * function returns). `item` prints a changed item at once (its syntax tree is dropped right after),
 * so a caller can let go of every item as soon as it is written.
 */
export class OutputWriter {
  private readonly splices: Splice[] = [];
  private readonly eol: string;

  constructor(private readonly input: ParsedInput) {
    this.eol = input.source.includes('\r\n') ? '\r\n' : '\n';
  }

  /** `item` of the input, as the core returned it (`object`): printed if it changed (the splice is returned). */
  item(item: InputItem, object: KubeObject): Splice | undefined {
    if (object === item.object) return undefined;
    const { input } = this;
    expandAliases(input, item);
    if (input.format === 'yaml') reattachTrailingComments(item.node, input.source);
    const folded = input.format === 'yaml' ? foldedScalarsOf(item.node, input.source) : [];
    const kept = keptNumbersOf(item.node, input.source);
    if (input.format === 'yaml') keepKeyLineComments(item.node, input.source);
    applyDiff(item, object);
    const splice = printItem(input, item, object, this.eol, folded, kept);
    this.splices.push(splice);
    item.release?.();
    return splice;
  }

  /**
   * Items the core added (src/generate.ts), after the input's items in the input's shape: new
   * documents at the end of a stream, new entries at the end of a ResourceList's / List's items.
   */
  append(objects: readonly KubeObject[]): void {
    if (objects.length > 0) this.splices.push(appendSplice(this.input, objects, this.eol));
  }

  /** The whole output, in order: the source's unchanged stretches, the printed items, and (ResourceList) the results. */
  parts(results: readonly Result[]): string[] {
    const splices: Array<Splice | PiecesSplice> = [...this.splices];
    if (this.input.shape === 'resourceList' && results.length > 0) splices.push(resultsSplice(this.input, results, this.eol));
    return spliceParts(this.input.source, splices);
  }
}

/**
 * A changed item must not be edited through YAML aliases: `- *ep` shares its node with the anchored
 * endpoint, so changing one endpoint would silently change the other (and the diff's paths do not
 * descend into aliases). Aliases inside the item become copies first. An anchor of the item that
 * another item of the same document uses would carry the change into that item: refused.
 */
function expandAliases(input: ParsedInput, item: InputItem): void {
  if (!input.aliasesOrMergeKeys) return;
  const anchors = new Set<string>();
  visit(item.node, {
    Alias(_, alias) {
      const copy = alias.resolve(item.doc)?.clone() as Node | undefined;
      if (copy === undefined) return undefined;
      visit(copy, {
        Node(__, node) {
          delete node.anchor;
        },
      });
      return copy;
    },
    Node(_, node) {
      if (node.anchor) anchors.add(node.anchor);
    },
  });
  // `<<: *base` merge keys become the keys they bring in, so every field the diff touches is a real pair.
  visit(item.node, {
    Map(_, map) {
      for (let index = map.items.findIndex((pair) => isMergeKey(pair.key)); index >= 0; index = map.items.findIndex((pair) => isMergeKey(pair.key))) {
        const merge = map.items[index] as Pair;
        const present = new Set(map.items.filter((pair) => !isMergeKey(pair.key)).map((pair) => (isScalar(pair.key) ? pair.key.value : pair.key)));
        const inherited: Pair[] = [];
        for (const source of isSeq(merge.value) ? merge.value.items : [merge.value]) {
          if (!isMap(source)) continue;
          for (const pair of source.items) {
            const key = isScalar(pair.key) ? pair.key.value : pair.key;
            if (present.has(key)) continue;
            present.add(key);
            inherited.push(pair.clone());
          }
        }
        map.items.splice(index, 1, ...inherited);
      }
      return undefined;
    },
  });
  if (anchors.size === 0 || input.shape === 'stream' || input.container === undefined) return;
  // An anchor name may be defined again later: what counts is where each alias resolves to.
  const own = new Set<unknown>();
  visit(item.node, {
    Node(_, node) {
      own.add(node);
    },
  });
  let shared: string | undefined;
  visit(input.container, {
    Alias(_, alias) {
      if (anchors.has(alias.source) && own.has(alias.resolve(item.doc))) {
        shared = alias.source;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (shared !== undefined) {
    const ref = resourceRef(item.object);
    const pos = input.lineCounter.linePos((item.node.range as [number, number, number])[0]);
    throw new InputError(
      `${ref.kind} ${ref.namespace ? ref.namespace + '/' : ''}${ref.name} needs changes, but its YAML anchor &${shared} is also used by another item (*${shared}), which would change too; expand that alias`,
      { ...(input.filename !== undefined ? { file: input.filename } : {}), document: input.docs.indexOf(item.doc), line: pos.line, column: pos.col },
    );
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.value === '<<' || (typeof key.value === 'symbol' && key.value.description === '<<'));
}

/** Applies the JSON diff old → new to the item's YAML node, keeping comments and styles of what stays. */
function applyDiff(item: InputItem, next: KubeObject): void {
  const operations = jsonPatch.compare(item.object as object, next as object);
  for (const operation of operations) {
    const path = pointerTokens(operation.path);
    const segment = path.pop() as string;
    const parent = nodeAt(item.node, path);
    if (isMap(parent)) {
      const key = keyIn(parent, segment);
      if (operation.op === 'remove') parent.delete(key);
      else if (operation.op === 'add' || operation.op === 'replace') {
        const existing = parent.get(key, true);
        if (isScalar(existing) && isPlainValue(operation.value)) existing.value = operation.value;
        else parent.set(isScalar(key) ? key : item.doc.createNode(key), item.doc.createNode(operation.value, { aliasDuplicateObjects: false }));
      }
    } else if (isSeq(parent)) {
      const index = segment === '-' ? parent.items.length : Number(segment);
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

/**
 * The key of `map` that a JSON pointer segment names. toJS turns every key into a string (a null
 * key into "", 1 into "1"), so `get('1')` would miss a key written `1:` and a set would add a twin.
 */
function keyIn(map: YAMLMap, segment: string): unknown {
  let loose: unknown;
  for (const pair of map.items) {
    const key: unknown = isScalar(pair.key) ? pair.key.value : pair.key;
    if (key === segment) return pair.key;
    if (loose === undefined && (key === null || ['number', 'boolean', 'bigint'].includes(typeof key)) && (scalarText(key) ?? '') === segment) loose = pair.key;
  }
  return loose ?? segment;
}

function nodeAt(root: YAMLMap, path: readonly string[]): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (isMap(node)) node = node.get(keyIn(node, segment), true);
    else if (isSeq(node)) node = node.items[Number(segment)];
    else return undefined;
  }
  return node;
}

function isPlainValue(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function printItem(input: ParsedInput, item: InputItem, object: KubeObject, eol: string, folded: readonly FoldedScalar[], kept: readonly KeptNumber[]): Splice {
  const [start, valueEnd] = item.node.range as [number, number, number];
  const original = input.source.slice(start, valueEnd);
  // A tag or anchor on the first key (`- !custom apiVersion: …`) stays in the source before the
  // splice; the map's own column is where those start.
  const firstKey = item.node.items[0]?.key;
  const keyProps = isScalar(firstKey) && (firstKey.tag !== undefined || firstKey.anchor !== undefined) ? propsBefore(input.source, start) : 0;
  const oneLine = !original.replace(/\s+$/, '').includes('\n');
  const indentBy = indentFor(input.source, start - keyProps);
  let text: string;
  if (input.format === 'json') {
    // An item written on one line (`jq -c`, a flow list) stays on one line: indented by its offset
    // in a long line, a changed item grew by that offset for each of its lines.
    const indent = oneLine ? undefined : 2;
    text = kept.length > 0 ? stringifyKeepingNumbers(object, kept, indent) : JSON.stringify(object, null, indent);
  } else {
    const options = styleOf(original);
    const print = (): string => printNode(item.node, options, item.doc);
    const restore = keepSequenceIndents(item.node, input.source, options.indentSeq ?? false);
    try {
      text = printKeepingFolded(folded, input.source, kept.length > 0 ? () => printKeepingNumbers(kept, print) : print);
    } finally {
      restore();
    }
  }
  // In a CRLF source the yaml package keeps each comment's CR; the line breaks are re-added below.
  text = text.replace(/\r+(?=\n|$)/g, '');
  // A keep-chomped block scalar (`|+`) at the end of the item prints its blank lines, which are
  // also in the whitespace after the item's value: counted once (F11).
  const keptBlankLines = Math.max(0, (/\n*$/.exec(text)?.[0].length ?? 0) - 1);
  text = text.replace(/\n$/, '');
  const indent = ' '.repeat(indentBy);
  text = text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : indent + line))
    .join(eol);
  // Keep whatever ended the original value (usually its newline) so the splice lines up.
  let trailing = /\s*$/.exec(original)?.[0] ?? '';
  for (let n = 0; n < keptBlankLines && /^\r?\n/.test(trailing); n++) trailing = trailing.replace(/^\r?\n/, '');
  return { start, end: valueEnd, text: text + trailing };
}

/**
 * How far a changed item's continuation lines are indented: its column when only indentation,
 * `- ` entries and its tags/anchors precede it on its line (a block item); otherwise (an item inside
 * a flow or JSON collection, after `[`, `,` or a key) the line's own indentation, plus 2 in YAML so
 * flow content stays inside its block. Never the item's offset in a long line.
 */
function indentFor(source: string, offset: number): number {
  const column = columnOf(source, offset);
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const before = source.slice(lineStart, offset).replace(/^\uFEFF/, '');
  if (/^(?:[ ]*-[ ]+)*[ ]*$/.test(before)) return column;
  const lead = (/^[ ]*/.exec(before) as RegExpExecArray)[0].length;
  return /^\uFEFF?\s*[{[]/.test(source) ? lead : lead + 2;
}

/** Length of the tags and anchors (`!custom &a `) that end the line's text just before `offset`. */
function propsBefore(source: string, offset: number): number {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /(?:[!&][^\s]*[ \t]+)+$/.exec(source.slice(lineStart, offset))?.[0].length ?? 0;
}

/**
 * Prints one node. What lies before its range stays in the source and is not printed again: its
 * own head and foot comments, its tag and anchor, and the first key's comment, tag and anchor.
 * Printed with the schema of the document it came from (which knows the tags it was read with,
 * e.g. `!!binary`).
 */
function printNode(node: YAMLMap, options: ToStringOptions, from: Document.Parsed): string {
  const { commentBefore, comment, spaceBefore, tag, anchor } = node;
  // A document's leading comment is attached to its first key, but lies before the node's range.
  const firstKey = node.items[0]?.key;
  const key = isScalar(firstKey)
    ? { commentBefore: firstKey.commentBefore, spaceBefore: firstKey.spaceBefore, tag: firstKey.tag, anchor: firstKey.anchor }
    : undefined;
  node.commentBefore = null;
  node.comment = null;
  node.spaceBefore = false;
  delete node.tag;
  delete node.anchor;
  if (isScalar(firstKey)) {
    firstKey.commentBefore = null;
    firstKey.spaceBefore = false;
    delete firstKey.tag;
    delete firstKey.anchor;
  }
  try {
    const doc = new Document(null);
    doc.schema = from.schema;
    doc.contents = node;
    return doc.toString(options);
  } finally {
    node.commentBefore = commentBefore;
    node.comment = comment;
    node.spaceBefore = spaceBefore;
    if (tag !== undefined) node.tag = tag;
    if (anchor !== undefined) node.anchor = anchor;
    if (isScalar(firstKey) && key !== undefined) {
      firstKey.commentBefore = key.commentBefore;
      firstKey.spaceBefore = key.spaceBefore;
      if (key.tag !== undefined) firstKey.tag = key.tag;
      if (key.anchor !== undefined) firstKey.anchor = key.anchor;
    }
  }
}

/**
 * The yaml package indents every block sequence of a print alike (`indentSeq`), and styleOf takes
 * the item's first one: an item that indents some lists under their key and not others
 * (`endpoints:\n- port: x` beside `matchNames:\n    - ns`) had all of them re-indented. Where the
 * item's lists differ, each list that came from the source is printed as it was written, by giving
 * its pair the option (a list the change adds follows the nearest list around it that was read).
 * Returns the undo.
 */
function keepSequenceIndents(node: YAMLMap, source: string, indentSeq: boolean): () => void {
  const styles: Array<[Pair, boolean]> = [];
  visit(node, {
    Pair(_, pair) {
      const value = pair.value;
      if (!isSeq(value) || value.flow || !isScalar(pair.key) || !pair.key.range || !value.range || value.items.length === 0) return;
      const dash = columnOf(source, value.range[0]);
      if (source[value.range[0]] !== '-') return;
      styles.push([pair, dash > columnOf(source, pair.key.range[0])]);
    },
  });
  if (styles.every(([, indented]) => indented === indentSeq)) return () => undefined;
  for (const [pair, indented] of styles) {
    Object.defineProperty(pair, 'toString', {
      configurable: true,
      writable: true,
      value(this: Pair, ctx?: Parameters<Pair['toString']>[0], onComment?: () => void, onChompKeep?: () => void): string {
        const own = ctx === undefined ? ctx : { ...ctx, options: { ...ctx.options, indentSeq: indented } };
        return Pair.prototype.toString.call(this, own, onComment, onChompKeep);
      },
    });
  }
  return () => {
    for (const [pair] of styles) delete (pair as { toString?: unknown }).toString;
  };
}

/** Follows the item's own style: sequence indentation and `{ a }` vs `{a}` padding. */
function styleOf(original: string): ToStringOptions {
  let indentSeq = false;
  const match = /^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n(?: *#[^\n]*\r?\n)*( *)- /m.exec(original);
  if (match) indentSeq = (match[2] as string).length > (match[1] as string).length;
  const flowCollectionPadding = /[[{] [^\s\]}]/.test(original) && !/[[{][^\s\]}]/.test(original);
  return { lineWidth: 0, indentSeq, flowCollectionPadding };
}

function resultsSplice(input: ParsedInput, results: readonly Result[], eol: string): Splice | PiecesSplice {
  const container = input.container as YAMLMap;
  const existing = container.items.find((pair) => isScalar(pair.key) && pair.key.value === 'results');
  const value = existing?.value;
  const valueRange = isSeq(value) || isMap(value) || isScalar(value) || isAlias(value) ? (value.range as [number, number, number]) : undefined;
  if (input.format === 'json' || container.flow) {
    const entries = results.map((r) =>
      JSON.stringify(r, null, 2)
        .split('\n')
        .join(eol + '    '),
    );
    const array = `[${eol}    ${entries.join(`,${eol}    `)}${eol}  ]`;
    if (isSeq(value) && valueRange) {
      // A previous function's results stay; ours follow them, inside the same array.
      const close = input.source.lastIndexOf(']', valueRange[1]);
      const comma = /[[,]\s*$/.test(input.source.slice(valueRange[0], close)) ? '' : ',';
      return { start: close, end: close, text: `${comma}${eol}    ${entries.join(`,${eol}    `)}${eol}  ` };
    }
    if (valueRange) return { start: valueRange[0], end: valueRange[1], text: array };
    const end = (container.range as [number, number, number])[1];
    const close = input.source.lastIndexOf('}', end);
    const before = input.source.slice(0, close).replace(/\s*$/, '');
    // YAML flow maps may end with a trailing comma (`{items: [], }`): no second one.
    const comma = /[{,]$/.test(before) ? '' : ',';
    return { start: before.length, end: close, text: `${comma}${eol}  "results": ${array}${eol}` };
  }
  const printed = printResultsYamlPieces(results);
  // Every line but an empty one indented by `column`, lines ended by `eol`, piece by piece. Not
  // split into lines and joined again: at 50k items the results are ~1.5M lines (73 MB), and that
  // cost +270 MB of peak memory and ~0.8 s; the usual case (column 0, `\n`) is the printed text itself.
  const indented = (column: number): string[] => {
    const pad = ' '.repeat(column);
    const pieces: string[] = [];
    for (const piece of printed) {
      if (pieces.length > 0) pieces.push(eol);
      const padded = column === 0 ? piece : (piece === '' || piece.startsWith('\n') ? '' : pad) + piece.replace(/\n(?!\n|$)/g, `\n${pad}`);
      pieces.push(eol === '\n' ? padded : padded.replace(/\n/g, eol));
    }
    return pieces;
  };
  if (isSeq(value) && valueRange && !value.flow) {
    // A previous function's results stay; ours follow them, at the same indentation.
    const previous = input.source.slice(valueRange[0], valueRange[1]).replace(/\s*$/, '');
    return { start: valueRange[0], end: valueRange[1], pieces: [`${previous}${eol}`, ...indented(columnOf(input.source, valueRange[0])), eol] };
  }
  if (isSeq(value) && valueRange && value.items.length > 0) {
    // `results: [...]` in flow style: ours join the flow sequence.
    const close = input.source.lastIndexOf(']', valueRange[1]);
    const comma = /[[,]\s*$/.test(input.source.slice(valueRange[0], close)) ? ' ' : ', ';
    return { start: close, end: close, text: `${comma}${results.map((r) => JSON.stringify(r)).join(', ')}` };
  }
  const keyColumn = columnOf(input.source, (container.range as [number, number, number])[0]);
  if (valueRange) {
    // `results:` with no list (null, `[]`, a map): ours replace it, as a block under the key.
    return { start: valueRange[0], end: valueRange[1], pieces: [eol, ...indented(keyColumn)] };
  }
  const end = (container.range as [number, number, number])[1];
  const needsNewline = end > 0 && input.source[end - 1] !== '\n';
  return { start: end, end, pieces: [`${needsNewline ? eol : ''}${' '.repeat(keyColumn)}results:${eol}`, ...indented(keyColumn), eol] };
}

function printNew(object: KubeObject, eol: string): string {
  return new Document(object).toString({ lineWidth: 0, indentSeq: false }).replace(/\n$/, '').split('\n').join(eol);
}

/** An item the run adds, as it is printed into the output (`--diff` shows it as a new file). */
export function newItemText(input: ParsedInput, object: KubeObject): string {
  return input.format === 'json' ? JSON.stringify(object, null, 2) : printNew(object, '\n');
}

function appendSplice(input: ParsedInput, objects: readonly KubeObject[], eol: string): Splice {
  const { source } = input;
  if (input.shape === 'stream') {
    const start = source.length;
    const lead = start === 0 || source.endsWith('\n') ? '' : eol;
    const docs = objects.map((o) => `---${eol}${input.format === 'json' ? JSON.stringify(o, null, 2).split('\n').join(eol) : printNew(o, eol)}${eol}`);
    return { start, end: start, text: lead + docs.join('') };
  }
  const list = input.container?.get('items', true);
  if (!isSeq(list) || list.range === undefined || list.range === null) throw new Error('internal: the input has no items list to append to');
  if (input.format === 'json' || list.flow) {
    const close = source.lastIndexOf(']', list.range[1]);
    const comma = /[[,]\s*$/.test(source.slice(list.range[0], close)) ? '' : ',';
    const entries = objects.map((o) => JSON.stringify(o, null, 2).split('\n').join(`${eol}    `));
    return { start: close, end: close, text: `${comma}${eol}    ${entries.join(`,${eol}    `)}${eol}  ` };
  }
  const last = list.items[list.items.length - 1];
  const lastEnd = isMap(last) || isSeq(last) || isScalar(last) || isAlias(last) ? (last.range as [number, number, number])[1] : list.range[1];
  // After the last entry's last line (its value ends before its line break, or right after it).
  const newline = source[lastEnd - 1] === '\n' ? lastEnd - 1 : source.indexOf('\n', lastEnd);
  const at = newline < 0 ? source.length : newline + 1;
  const column = columnOf(source, list.range[0]);
  const entries = objects.map((o) =>
    printNew(o, '\n')
      .split('\n')
      .map((line, i) => (i === 0 ? `${' '.repeat(column)}- ${line}` : line === '' ? line : `${' '.repeat(column + 2)}${line}`))
      .join(eol),
  );
  return { start: at, end: at, text: `${newline < 0 ? eol : ''}${entries.join(eol)}${eol}` };
}

/** Column of an offset, 0-based; a UTF-8 BOM before the first line takes no column. */
function columnOf(source: string, offset: number): number {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart - (lineStart === 0 && source.startsWith('\uFEFF') && offset > 0 ? 1 : 0);
}

/** The output as the source's unchanged stretches and the printed items between them, in order. */
function spliceParts(source: string, splices: Array<Splice | PiecesSplice>): string[] {
  if (splices.length === 0) return [source];
  splices.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let cursor = 0;
  for (const splice of splices) {
    parts.push(source.slice(cursor, splice.start));
    if ('pieces' in splice) for (const piece of splice.pieces) parts.push(piece);
    else parts.push(splice.text);
    cursor = splice.end;
  }
  parts.push(source.slice(cursor));
  return parts;
}
