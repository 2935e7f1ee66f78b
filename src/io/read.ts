import { isUtf8 } from 'node:buffer';
import { Composer, isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, Parser, visit } from 'yaml';
import type { CST, Document, Node, YAMLMap } from 'yaml';
import { InputError } from '../errors.js';
import type { Location } from '../errors.js';
import { READ_IN_FULL, READ_IN_PART, SENSITIVE_KINDS, SHAPE_CHECKS } from '../families.js';
import type { Projection } from '../types.js';
import { fileOf } from '../results.js';
import type { KubeObject } from '../types.js';
import { displayText, isObject } from '../types.js';

export type Shape = 'resourceList' | 'list' | 'stream';

export interface InputItem {
  /** The item's node in its document: what gets edited when the item changes. */
  node: YAMLMap;
  doc: Document.Parsed;
  /** The item as plain data (head-only for kinds the core never reads beyond metadata). */
  object: KubeObject;
  /** Whether `object` is complete, i.e. the core may change it. */
  full: boolean;
  /** Stream items: drops the tree `node`/`doc` were re-parsed into (the writer calls it when done with the item). */
  release?: () => void;
}

export interface ParsedInput {
  source: string;
  format: 'yaml' | 'json';
  shape: Shape;
  /** Every document of a ResourceList / List input; empty for a stream, whose items each re-read their own document when written. */
  docs: Document.Parsed[];
  items: InputItem[];
  /** The ResourceList map (resourceList / list shapes). */
  container?: YAMLMap;
  functionConfig?: unknown;
  lineCounter: SourceLines;
  filename?: string;
  /**
   * Whether any item may hold a YAML alias (`*name`) or merge key (`<<`): only then must a changed
   * item's aliases be expanded before it is edited (a visit of its tree costs ~0.25 ms an item).
   */
  aliasesOrMergeKeys: boolean;
}

/**
 * Line starts of the whole source, counted the first time a position is asked for (an error or a
 * refused alias): every run paid 16 MB at 50k items for a table only a failing run reads. Each
 * line break starts a line, as the yaml parser's own LineCounter counts them.
 */
export class SourceLines {
  private counter: LineCounter | undefined;
  constructor(private readonly source: string) {}
  linePos(offset: number): { line: number; col: number } {
    if (this.counter === undefined) {
      const counter = new LineCounter();
      counter.addNewLine(0);
      for (let newline = this.source.indexOf('\n'); newline >= 0; newline = this.source.indexOf('\n', newline + 1)) counter.addNewLine(newline + 1);
      this.counter = counter;
    }
    return this.counter.linePos(offset);
  }
}

// Alias expansion beyond this is a "billion laughs" input, not a manifest.
const MAX_ALIAS_COUNT = 1000;

// Nesting beyond this is an attack or a broken generator, not a manifest (the deepest Prometheus
// Operator CRD needs 23 parser levels). The yaml parser's memory grows ~300 bytes per level of
// `[[[[…` and its composer recurses per level, so the limit is enforced while parsing.
export const MAX_DEPTH = 256;

// What go-yaml (kubectl, kustomize, kpt) refuses as "control characters are not allowed".
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

/** Stops the CST parser as soon as nesting exceeds MAX_DEPTH, before it allocates the rest. */
class DepthLimitedParser extends Parser {
  /** Alias tokens seen (`*name`; a scalar never starts with `*`): only then can expansion explode. */
  aliases = 0;
  limit = MAX_DEPTH;
  override *next(source: string): Generator<CST.Token, void> {
    if (source.startsWith('*')) this.aliases++;
    yield* super.next(source);
    if (this.stack.length > this.limit) throw new NestingError(this.stack[this.stack.length - 1]?.offset ?? this.offset);
  }
}

class NestingError extends Error {
  constructor(readonly offset: number) {
    super(`nested more than ${MAX_DEPTH} levels deep`);
  }
}

/**
 * Bytes → text for readInput. YAML and JSON are UTF-8 (a BOM is kept and written back); anything
 * else would be silently changed by the replacement character, so it is unusable input.
 */
export function decodeInput(bytes: Buffer, filename?: string): string {
  const where: Location = filename !== undefined ? { file: filename } : {};
  if (isUtf8(bytes)) return bytes.toString('utf8');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError('input is UTF-16 text: convert it to UTF-8 (YAML and JSON for Kubernetes are UTF-8)', where);
  }
  const text = bytes.toString('utf8');
  let index = text.indexOf('\uFFFD');
  // A genuine U+FFFD in the input is valid; the first one that did not come from EF BF BD is the bad byte.
  while (index >= 0 && bytes.subarray(Buffer.byteLength(text.slice(0, index)), Buffer.byteLength(text.slice(0, index)) + 3).equals(Buffer.from('\uFFFD'))) {
    index = text.indexOf('\uFFFD', index + 1);
  }
  const at = index >= 0 ? positionOf(text, index) : {};
  throw new InputError('input is not UTF-8 text (binary data?): expected a ResourceList or Kubernetes objects in YAML or JSON', { ...where, ...at });
}

/**
 * decodeInput for input that arrives in chunks (stdin, a file read piece by piece): each chunk is
 * checked and decoded as it comes and then dropped, so the bytes are never held whole beside the
 * text (at 50k items that was 58 MB of buffers alive until the next full collection). A character
 * split between chunks is carried over. The first invalid chunk switches to collecting bytes, and
 * `text()` then lets decodeInput describe the problem exactly as for bytes read at once.
 */
export class ChunkedInputDecoder {
  private readonly pieces: string[] = [];
  private carry: Buffer | undefined;
  private raw: Buffer[] | undefined;
  constructor(private readonly filename?: string) {}

  push(chunk: Uint8Array): void {
    const bytes = this.carry !== undefined ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.carry = undefined;
    if (this.raw !== undefined) {
      this.raw.push(Buffer.from(bytes));
      return;
    }
    const complete = completeLength(bytes);
    const head = bytes.subarray(0, complete);
    if (!isUtf8(head)) {
      // Valid text encodes back to the very bytes it came from.
      this.raw = [Buffer.from(this.pieces.join(''), 'utf8'), Buffer.from(bytes)];
      this.pieces.length = 0;
      return;
    }
    this.pieces.push(head.toString('utf8'));
    if (complete < bytes.length) this.carry = Buffer.from(bytes.subarray(complete));
  }

  /** The whole text; throws InputError (as decodeInput does) when the bytes are not UTF-8. */
  text(): string {
    if (this.raw === undefined && this.carry === undefined) return this.pieces.join('');
    const bytes = this.raw ?? [Buffer.from(this.pieces.join(''), 'utf8')];
    if (this.carry !== undefined) bytes.push(this.carry);
    return decodeInput(Buffer.concat(bytes), this.filename);
  }
}

/** Bytes up to the last character that ends inside `bytes` (a UTF-8 sequence cut at the end is left out). */
function completeLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

function positionOf(text: string, index: number): Location {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/**
 * Parses a ResourceList, a `kind: List`, or a plain multi-document stream (YAML or JSON), keeping
 * every document's source ranges so unchanged items can be written back byte-for-byte.
 */
export function readInput(source: string, filename?: string, options: { byItem?: boolean } = {}): ParsedInput {
  const where = (loc: Location): Location => (filename !== undefined ? { file: filename, ...loc } : loc);
  // A line that starts with anything but a comment is content; only otherwise strip the comments (a copy of the input).
  if (!/^[ \t]*[^\s#]/m.test(source) && /^\s*$/.test(source.replace(/^\uFEFF/, '').replace(/^\s*#.*$/gm, ''))) {
    throw new InputError('input is empty: expected a ResourceList or Kubernetes objects in YAML or JSON', where({}));
  }
  const control = CONTROL_CHARACTER.exec(source);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new InputError(`input is not YAML text (binary data?): control character ${code} is not allowed`, where(positionOf(source, control.index)));
  }
  // YAML (and go-yaml in kubectl) reads a lone CR as a line break; the yaml package does not. Where
  // the two would read different documents, neither reading can be trusted.
  const loneCR = /\r(?!\n)/.exec(source);
  if (loneCR) {
    throw new InputError(
      'a carriage return (\\r) without a line feed: YAML reads it as a line break, so the text is ambiguous; use LF or CRLF line endings',
      where(positionOf(source, loneCR.index)),
    );
  }
  const lineCounter = new SourceLines(source);
  const format = /^\uFEFF?\s*[{[]/.test(source) ? 'json' : 'yaml';
  // `byItem: false` (tests only) reads a ResourceList whole, to compare with the fast way.
  if (format === 'yaml' && options.byItem !== false) {
    const byItem = readListByItem(source, filename, where);
    if (byItem !== undefined) return byItem;
  }
  const mergeKeys = source.includes('<<');
  const docs: Document.Parsed[] = [];
  const input: ParsedInput = {
    source,
    format,
    shape: 'stream',
    docs,
    items: [],
    lineCounter,
    aliasesOrMergeKeys: true,
    ...(filename !== undefined ? { filename } : {}),
  };
  const parser = new DepthLimitedParser();
  const toJS = (doc: Document.Parsed, node: Node, loc: () => Location): unknown => {
    let value: unknown;
    try {
      value = node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      throw new InputError(`cannot read document: ${messageOf(error)}`, where(loc()));
    }
    // Aliases can nest a small document deeply; the core's recursive steps must never overflow.
    if (parser.aliases > 0 && deeperThan(value, MAX_DEPTH)) {
      throw new InputError(`the document is nested more than ${MAX_DEPTH} levels deep (through YAML aliases): not a Kubernetes manifest`, where(loc()));
    }
    return value;
  };
  const locate = (docIndex: number, node: Node): Location => {
    const pos = node.range ? lineCounter.linePos(node.range[0]) : undefined;
    return pos ? { document: docIndex, line: pos.line, column: pos.col } : { document: docIndex };
  };
  // `---` with nothing after it (helm and kustomize emit those) is an empty document, not a null item.
  const isEmpty = (doc: Document.Parsed): boolean => doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null);

  // Documents are read into items as they are composed, and a stream item's syntax tree is dropped
  // right after (re-parsed from the source only if the item changes, see StreamItem): a YAML tree
  // takes ~20 times the memory of its text, so holding every document made peak memory grow with
  // the whole input (1.8 GB at 50k items) rather than with one document.
  // Failures are reported in the order they would be if everything were parsed first: a parse
  // error anywhere, then the first document with a YAML error, then an empty input, then the first
  // unusable item. So a document's item error is held back (`pending`) until the end.
  let docCount = 0;
  let firstYamlError: { index: number; offset: number; message: string } | undefined;
  let nonEmptyCount = 0;
  let first: { doc: Document.Parsed; index: number; start: number } | undefined;
  let pending: { error: unknown } | undefined;
  let previousEnd = 0;
  const toStreamItem = (doc: Document.Parsed, docIndex: number, start: number): void => {
    if (pending !== undefined || firstYamlError !== undefined) return;
    try {
      const contents = doc.contents;
      if (!isMap(contents))
        throw new InputError('document is not an object (expected a map with apiVersion and kind)', where(locate(docIndex, contents as Node)));
      // An alias bomb is refused in every item, not only in those the core reads: it is never a manifest.
      // (Aliases seen so far: a document's own aliases are parsed before it is composed.)
      const item = makeItem(doc, contents, `document ${docIndex}`, (n) => locate(docIndex, n), toJS, where, parser.aliases > 0, mergeKeys);
      input.items.push(releasable(doc) ? new StreamItem(item.object, item.full, source, start, doc.range[2], item.node, false) : item);
    } catch (error) {
      pending = { error };
    }
  };
  try {
    // parseAllDocuments, with a parser that refuses unbounded nesting (see MAX_DEPTH).
    const composer = new Composer(COMPOSE_OPTIONS);
    for (const composed of composer.compose(parser.parse(source))) {
      const doc = composed;
      const docIndex = docCount++;
      const start = previousEnd;
      previousEnd = doc.range[2];
      const problem = doc.errors[0];
      if (problem && firstYamlError === undefined) firstYamlError = { index: docIndex, offset: problem.pos[0], message: problem.message };
      if (isEmpty(doc)) {
        if (nonEmptyCount <= 1) docs.push(doc);
        continue;
      }
      nonEmptyCount++;
      if (nonEmptyCount === 1) {
        // Kept whole until a second document shows that the input is a stream, not a ResourceList.
        first = { doc, index: docIndex, start };
        docs.push(doc);
        continue;
      }
      if (nonEmptyCount === 2 && first !== undefined) {
        docs.length = 0;
        toStreamItem(first.doc, first.index, first.start);
      }
      toStreamItem(doc, docIndex, start);
    }
  } catch (error) {
    if (error instanceof NestingError) {
      const pos = lineCounter.linePos(error.offset);
      throw new InputError(`the document is ${error.message}: not a Kubernetes manifest`, where({ document: docCount, line: pos.line, column: pos.col }));
    }
    throw new InputError(`cannot parse YAML: ${messageOf(error)}`, where({}));
  }
  if (firstYamlError !== undefined) {
    const pos = lineCounter.linePos(firstYamlError.offset);
    throw new InputError(
      `invalid YAML: ${describeYamlError(firstYamlError.message)}`,
      where({ document: firstYamlError.index, line: pos.line, column: pos.col }),
    );
  }
  if (first === undefined) throw new InputError('input is empty: expected a ResourceList or Kubernetes objects in YAML or JSON', where({}));

  if (nonEmptyCount === 1) {
    const firstContents = first.doc.contents;
    const containerKind: unknown = isMap(firstContents) ? firstContents.get('kind') : undefined;
    if (isMap(firstContents) && (containerKind === 'ResourceList' || (containerKind === 'List' && firstContents.has('items')))) {
      const doc = first.doc;
      const docIndex = first.index;
      const expandable = parser.aliases > 0;
      input.shape = containerKind === 'ResourceList' ? 'resourceList' : 'list';
      input.container = firstContents;
      const items = firstContents.get('items', true);
      if (items === undefined || items === null || (isScalar(items) && items.value === null))
        throw new InputError(`${containerKind} has no items list`, where(locate(docIndex, firstContents)));
      if (!isSeq(items)) throw new InputError(`${containerKind} items must be a list`, where(locate(docIndex, items as Node)));
      for (const [index, node] of items.items.entries()) {
        const label = `items[${index}]`;
        if (!isMap(node)) throw new InputError(`${label} is not an object`, where(locate(docIndex, (node ?? items) as Node)));
        input.items.push(makeItem(doc, node, label, (n) => locate(docIndex, n), toJS, where, expandable, mergeKeys));
      }
      const fc = firstContents.get('functionConfig', true);
      if (fc !== undefined && fc !== null) input.functionConfig = toJS(doc, fc as Node, () => locate(docIndex, fc as Node));
      input.aliasesOrMergeKeys = parser.aliases > 0 || mergeKeys;
      if (parser.aliases > 0) refuseSensitiveAliases(doc, firstContents, input.items, (n) => where(locate(docIndex, n)));
      return input;
    }
    docs.length = 0;
    toStreamItem(first.doc, first.index, first.start);
  }
  if (pending !== undefined) throw pending.error;
  input.aliasesOrMergeKeys = parser.aliases > 0 || mergeKeys;
  return input;
}

/** A parser that also notes any token that makes a text read differently out of context: alias, anchor, tag, directive. */
class PlainParser extends DepthLimitedParser {
  unusual = false;
  override *next(source: string): Generator<CST.Token, void> {
    const c = source[0];
    if (c === '*' || c === '&' || c === '!' || c === '%') this.unusual = true;
    yield* super.next(source);
  }
}

/**
 * The fast way to read a ResourceList (or `kind: List`) in YAML: a plain block sequence under a
 * top-level `items:` key is split at its `- ` entries by a scan of the lines, and each entry is
 * composed on its own (its text parsed as a one-entry sequence, with offsets into the whole source,
 * so ranges are those of the whole parse) and its syntax tree dropped once its data is read; only a
 * skeleton of the list (every entry but the last replaced by a line `- {}` and blanks of the same
 * length, so every offset stays) is composed whole. A ResourceList is one document: composed whole, its tree was most
 * of the run's memory (1 GB at 10k items) and time.
 *
 * Returns undefined whenever anything is not plain (aliases, anchors, tags, directives, several
 * documents, a flow `items`, tabs, a BOM, an entry that is not a map, any error): readInput then
 * reads the input whole, which gives the same items and every error with its message and place.
 */
function readListByItem(source: string, filename: string | undefined, where: (loc: Location) => Location): ParsedInput | undefined {
  if (source.startsWith('\uFEFF') || /^(?:---|\.\.\.|%)/m.test(source)) return undefined;
  const itemsKey = /^items:[ \t]*(?:#[^\n]*)?\r?\n/m.exec(source);
  if (itemsKey === null) return undefined;
  // The entries: lines at the list's column that start with `-`, until a line left of that column
  // (or at it and not an entry) that is not blank or a comment.
  const entries: number[] = [];
  let column = -1;
  let end = source.length;
  for (let lineStart = itemsKey.index + itemsKey[0].length; lineStart < source.length;) {
    const newline = source.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? source.length : newline + 1;
    let first = lineStart;
    let tab = false;
    for (let c = source.charCodeAt(first); c === 32 || c === 9; c = source.charCodeAt(++first)) tab ||= c === 9;
    const head = source.charCodeAt(first);
    // Blank and comment lines belong to whichever entry they are in.
    if (first < lineEnd && head !== 35 && head !== 13 && head !== 10) {
      if (tab) return undefined;
      const indent = first - lineStart;
      const after = source.charCodeAt(first + 1);
      const entry = head === 45 && (first + 1 >= source.length || after === 32 || after === 9 || after === 13 || after === 10);
      if (column < 0) {
        if (!entry) return undefined;
        column = indent;
      }
      if (indent === column && entry) {
        // Room for the `- {}` stub on the entry's own line.
        if (source.slice(lineStart, lineEnd).replace(/\r?\n$/, '').length < column + 4) return undefined;
        entries.push(lineStart);
      } else if (indent <= column) {
        end = lineStart;
        break;
      }
    }
    lineStart = lineEnd;
  }
  if (entries.length < 2) return undefined;
  const last = entries[entries.length - 1] as number;
  // `items:` must be the only top-level key of that name, and the entries must be the only thing in its block.
  if (source.indexOf('\nitems:', itemsKey.index + 1) >= 0) return undefined;

  const lineCounter = new SourceLines(source);
  const mergeKeys = source.includes('<<');
  const locate = (node: Node): Location => {
    const pos = node.range ? lineCounter.linePos(node.range[0]) : undefined;
    return pos ? { document: 0, line: pos.line, column: pos.col } : { document: 0 };
  };
  const toJS = (d: Document.Parsed, node: Node, loc: () => Location): unknown => {
    try {
      return node.toJS(d, { maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      throw new InputError(`cannot read document: ${messageOf(error)}`, where(loc()));
    }
  };

  // The entries first, the skeleton after: composing the skeleton makes ~10k stub nodes that all
  // survive, and V8 then allocates every node from the same code straight in the old generation
  // ("pretenuring"), where the entries' short-lived trees cost full collections (+0.7 s at 10k).
  const items: InputItem[] = [];
  try {
    for (let i = 0; i < entries.length - 1; i++) {
      const start = entries[i] as number;
      // Up to the next entry's `-`: the whole read counts the indentation before it into this entry's range.
      const stop = (entries[i + 1] as number) + column;
      const itemParser = new PlainParser();
      itemParser.offset = start;
      // Parsed alone, the entry sits one level less deep (no ResourceList map around it): stricter, never laxer, than the whole read.
      itemParser.limit = MAX_DEPTH - 2;
      const parsed = [...new Composer(COMPOSE_OPTIONS).compose(itemParser.parse(source.slice(start, stop)))] as Document.Parsed[];
      const itemDoc = parsed[0];
      const seq = itemDoc?.contents;
      if (parsed.length !== 1 || itemDoc === undefined || itemParser.unusual || itemDoc.errors.length > 0) return undefined;
      if (!isSeq(seq) || seq.flow || seq.items.length !== 1 || seq.range?.[0] !== start + column) return undefined;
      const node = seq.items[0];
      if (!isMap(node)) return undefined;
      const item = makeItem(itemDoc, node, `items[${i}]`, locate, toJS, where, false, mergeKeys);
      items.push(new StreamItem(item.object, item.full, source, start, stop, node, true));
    }
  } catch {
    // Read whole, the input gives the same error, in the order the whole read finds them.
    return undefined;
  }

  const pieces: string[] = [source.slice(0, entries[0])];
  for (let i = 0; i < entries.length - 1; i++) {
    const text = source.slice(entries[i], entries[i + 1]);
    // One line of blanks (the text ends with its line break): a blank run is one token, many blank lines are many.
    pieces.push(' '.repeat(column) + '- {}' + ' '.repeat(text.length - column - 5) + '\n');
  }
  pieces.push(source.slice(last));
  const skeleton = pieces.join('');
  const parser = new PlainParser();
  let docs: Document.Parsed[];
  try {
    docs = [...new Composer(COMPOSE_OPTIONS).compose(parser.parse(skeleton))] as Document.Parsed[];
  } catch {
    return undefined;
  }
  const doc = docs[0];
  if (docs.length !== 1 || doc === undefined || parser.unusual || doc.errors.length > 0 || !releasable(doc)) return undefined;
  const container = doc.contents;
  if (!isMap(container) || container.flow) return undefined;
  const containerKind: unknown = container.get('kind');
  if (containerKind !== 'ResourceList' && containerKind !== 'List') return undefined;
  const list = container.get('items', true);
  if (!isSeq(list) || list.flow || list.items.length !== entries.length) return undefined;
  for (let i = 0; i < entries.length - 1; i++) {
    const stub = list.items[i];
    if (!isMap(stub) || !stub.flow || stub.items.length !== 0 || stub.range?.[0] !== (entries[i] as number) + column + 2) return undefined;
  }
  const lastNode = list.items[entries.length - 1];
  if (!isMap(lastNode)) return undefined;
  const lastEnd = lastNode.range?.[2] ?? -1;
  if (lastEnd > end && source.slice(end, lastEnd).trim() !== '') return undefined;

  const input: ParsedInput = {
    source,
    format: 'yaml',
    shape: containerKind === 'ResourceList' ? 'resourceList' : 'list',
    docs: [doc],
    items,
    container,
    lineCounter,
    // PlainParser refuses aliases (anything unusual falls back to the whole read); `<< : {…}` needs none.
    aliasesOrMergeKeys: mergeKeys,
    ...(filename !== undefined ? { filename } : {}),
  };
  try {
    input.items.push(makeItem(doc, lastNode, `items[${entries.length - 1}]`, locate, toJS, where, false, mergeKeys));
    const fc = container.get('functionConfig', true);
    if (fc !== undefined && fc !== null) input.functionConfig = toJS(doc, fc as Node, () => locate(fc as Node));
  } catch {
    return undefined;
  }
  return input;
}

// merge: kubectl (go-yaml) resolves `<<: *anchor` merge keys, so the objects it sends do too.
// logLevel: yaml reports some oddities (a binary or collection key) with process.emitWarning, i.e. on
// stderr, where kpt and kustomize show it to the user as if it were ours; they are not findings.
const COMPOSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, strict: true, merge: true, logLevel: 'error' } as const;

/**
 * Whether a stream document can be dropped and re-parsed from its own text: not when a `%YAML` or
 * `%TAG` directive (which may have come with an earlier document) changes how its text reads.
 */
function releasable(doc: Document.Parsed): boolean {
  const { yaml, tags } = doc.directives;
  return !yaml.explicit && yaml.version === '1.2' && Object.keys(tags).length === 1 && tags['!!'] === 'tag:yaml.org,2002:';
}

/**
 * A stream item that keeps its plain data and drops its syntax tree: `node` and `doc` are parsed
 * again from the document's text (from the end of the previous document, so leading comments
 * attach the same way) the first time the writer asks, with offsets into the whole source, so
 * ranges, comments and styles are those of the first parse. A class, not closures: at 50k items
 * every byte per item counts.
 */
class StreamItem implements InputItem {
  private parsed: { doc: Document.Parsed; node: YAMLMap } | undefined;
  private readonly end: number;
  private readonly range: readonly [number, number, number];

  constructor(
    readonly object: KubeObject,
    readonly full: boolean,
    private readonly source: string,
    private readonly start: number,
    end: number,
    node: YAMLMap,
    /** The text is one `- ` entry of a ResourceList's items (see readListByItem), not a whole document. */
    private readonly entry: boolean,
  ) {
    this.end = end;
    const [a, b, c] = node.range as [number, number, number];
    this.range = [a, b, c];
  }

  get node(): YAMLMap {
    return this.load().node;
  }

  get doc(): Document.Parsed {
    return this.load().doc;
  }

  release(): void {
    this.parsed = undefined;
  }

  private load(): { doc: Document.Parsed; node: YAMLMap } {
    if (this.parsed === undefined) {
      const parser = new Parser();
      parser.offset = this.start;
      const docs = [...new Composer(COMPOSE_OPTIONS).compose(parser.parse(this.source.slice(this.start, this.end)))] as Document.Parsed[];
      const again = docs.length === 1 ? docs[0] : undefined;
      const contents = again?.contents;
      const node = !this.entry ? contents : isSeq(contents) && contents.items.length === 1 ? contents.items[0] : undefined;
      const range = isMap(node) ? node.range : undefined;
      if (
        again === undefined ||
        !isMap(node) ||
        again.errors.length > 0 ||
        range?.[0] !== this.range[0] ||
        range[1] !== this.range[1] ||
        range[2] !== this.range[2]
      ) {
        throw new Error(`internal: re-reading the document at offset ${this.start} did not give the same item`);
      }
      this.parsed = { doc: again, node };
    }
    return this.parsed;
  }
}

function makeItem(
  doc: Document.Parsed,
  node: YAMLMap,
  label: string,
  locateNode: (node: Node) => Location,
  toJS: (doc: Document.Parsed, node: Node, loc: () => Location) => unknown,
  where: (loc: Location) => Location,
  expandable: boolean,
  /** Whether the input has a merge key (`<<`): a projection cannot see the fields a merge brings in. */
  mergeKeys: boolean,
): InputItem {
  // Only an error needs the position; computing it for every item made every run count lines.
  const loc = (): Location => locateNode(node);
  const apiVersion: unknown = node.get('apiVersion');
  const kind: unknown = node.get('kind');
  if (typeof apiVersion !== 'string' || apiVersion === '') throw new InputError(`${label} has no apiVersion`, where(loc()));
  if (typeof kind !== 'string' || kind === '') throw new InputError(`${label} has no kind`, where(loc()));
  const key = `${apiVersion}/${kind}`;
  const partial = READ_IN_PART.get(key);
  // Read in part only where the tree is plain: an alias or merge key can bring fields in from elsewhere.
  const full = READ_IN_FULL.has(key) || (partial !== undefined && (expandable || mergeKeys));
  const projection = full ? undefined : partial;
  let object: KubeObject;
  if (full) {
    const value = toJS(doc, node, loc);
    if (!isObject(value)) throw new InputError(`${label} is not an object`, where(loc()));
    object = value as KubeObject;
    // What the families say of the kind: values to redact (a Secret's), a shape to check (a monitor's).
    SENSITIVE_KINDS.get(key)?.redact(object);
    const checkShape = SHAPE_CHECKS.get(key);
    if (checkShape !== undefined) {
      const item = object;
      checkShape({ doc, node, object, locate: (at) => placeOf(item, at, locateNode, where) });
    }
  } else {
    if (expandable) toJS(doc, node, loc);
    const metadata = node.get('metadata', true);
    object = { apiVersion, kind };
    if (metadata !== undefined && metadata !== null) {
      const meta = toJS(doc, metadata as Node, loc);
      if (isObject(meta)) object.metadata = meta;
    }
    if (projection !== undefined) {
      const rest = project(doc, node, projection, (n) => toJS(doc, n, loc)) as Record<string, unknown>;
      for (const field of Object.keys(projection)) if (Object.hasOwn(rest, field)) (object as Record<string, unknown>)[field] = rest[field];
    }
  }
  return { node, doc, object, full };
}

/**
 * The fields of `node` that `projection` names, as plain data (see Projection): a map gives an object
 * of the named fields it has, a list its entries projected, anything else its whole value.
 */
function project(doc: Document.Parsed, node: unknown, projection: Projection, read: (node: Node) => unknown): unknown {
  if (isSeq(node)) return node.items.map((entry) => project(doc, entry, projection, read));
  if (!isMap(node)) return node === null || node === undefined ? null : read(node as Node);
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(projection)) {
    if (!node.has(field)) continue;
    const value = node.get(field, true);
    const inner = projection[field] as Projection | true;
    out[field] = inner === true ? (value === null || value === undefined ? null : read(value as Node)) : project(doc, value, inner, read);
  }
  return out;
}

/**
 * Where a family's check places a problem at `node` of `object`: the file (and document) of the
 * item's kpt/kustomize annotations when it has them (that is the file the user edits), else the
 * input's file, document, line and column.
 */
function placeOf(object: KubeObject, node: Node, locateNode: (node: Node) => Location, where: (loc: Location) => Location): Location {
  const annotated = fileOf(object);
  return annotated ? { file: annotated.path, ...(annotated.index !== undefined ? { document: annotated.index } : {}) } : where(locateNode(node));
}

/** Iterative, so that measuring a deep value cannot itself overflow the stack. */
function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * A sensitive item's values (a Secret's data: families.ts SENSITIVE_KINDS) never leave the parser,
 * and a YAML alias must not carry one out either: `credentials: *token` in a monitor that points
 * into a Secret's `stringData` put the value into the monitor, and from there into a result's
 * currentValue. Any alias outside such an item's own value fields that resolves to the item, its
 * value fields or a value in them is refused, naming the place.
 */
function refuseSensitiveAliases(doc: Document.Parsed, container: YAMLMap, items: readonly InputItem[], locate: (node: Node) => Location): void {
  const sensitiveNodes = new Map<unknown, InputItem>();
  const dataNodes = new Set<unknown>();
  for (const item of items) {
    const sensitive = SENSITIVE_KINDS.get(`${item.object.apiVersion}/${item.object.kind}`);
    if (sensitive === undefined) continue;
    sensitiveNodes.set(item.node, item);
    for (const field of sensitive.fields) {
      const data = item.node.get(field, true);
      // `data: *other` in a Secret: another Secret's values, still in a Secret.
      if (isAlias(data)) dataNodes.add(data);
      if (!isCollection(data) && !isScalar(data)) continue;
      dataNodes.add(data);
      visit(data, {
        Node(_, node) {
          sensitiveNodes.set(node, item);
        },
        Pair(_, pair) {
          sensitiveNodes.set(pair.key, item);
        },
      });
    }
  }
  if (sensitiveNodes.size === 0) return;
  visit(container, {
    Node(_, node) {
      // Aliases inside an item's own value fields stay in the item.
      return dataNodes.has(node) ? visit.SKIP : undefined;
    },
    Alias(_, alias) {
      if (dataNodes.has(alias)) return;
      const item = sensitiveNodes.get(alias.resolve(doc));
      if (item === undefined) return;
      const kind = item.object.kind;
      const meta = isObject(item.object.metadata) ? item.object.metadata : {};
      const name = `${typeof meta.namespace === 'string' ? meta.namespace + '/' : ''}${displayText(meta.name)}`;
      throw new InputError(
        `the YAML alias *${alias.source} takes a value out of ${kind} ${name}: a ${kind}'s values stay in the ${kind} (this function never reads them, and a copy elsewhere ends up in results and logs); reference the ${kind} by name and key instead`,
        locate(alias),
      );
    },
  });
}

/**
 * yaml's message, first line only, without the source text some messages quote: the line and column
 * say where, and the text may be a Secret value (stderr ends up in CI logs).
 */
export function describeYamlError(message: string): string {
  if (message.includes('Maximum call stack size exceeded'))
    return `the document is nested too deeply (more than ${MAX_DEPTH} levels is not a Kubernetes manifest)`;
  const line = firstLine(message);
  for (const [pattern, replacement] of QUOTING_MESSAGES) if (pattern.test(line)) return line.replace(pattern, replacement);
  // Anything else that quotes: cut at the quote. The line and column say where.
  return line.replace(/:? *["'`].*$/, '').slice(0, 200);
}

/**
 * yaml's messages that carry source text (a scalar, a tag, an escape sequence), which may be part of
 * a Secret value: said without it (`Invalid escape sequence \Uhunter2X` showed 8 characters of one).
 */
const QUOTING_MESSAGES: ReadonlyArray<[RegExp, string]> = [
  [
    /^Invalid escape sequence\b.*$/,
    'Invalid escape sequence: a backslash in a double-quoted string starts an escape YAML does not define (write \\\\ for a backslash, or use single quotes)',
  ],
  [
    /^(Block scalar header includes extra characters|Not a YAML token|Unresolved plain scalar|Could not resolve tag|Not a valid tag|Ordered maps must not include duplicate keys|Unknown directive|Unsupported YAML version)\b.*$/,
    '$1',
  ],
  [/^The .* tag has no suffix.*$/, 'A tag has no suffix'],
  [/^Verbatim tags aren't resolved.*$/, "Verbatim tags (!<…>) aren't resolved"],
];

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function messageOf(error: unknown): string {
  if (error instanceof RangeError) return 'the document is nested too deeply';
  return error instanceof Error ? firstLine(error.message) : String(error);
}
