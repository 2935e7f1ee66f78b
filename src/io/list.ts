import { Composer, isAlias, isCollection, isMap, isScalar, isSeq, visit } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import { InputError } from '../errors.js';
import type { Location } from '../errors.js';
import { SENSITIVE_KINDS } from '../families.js';
import { displayText, isObject } from '../types.js';
import type { InputItem, ParsedInput } from './input.js';
import { SourceLines } from './input.js';
import { COMPOSE_OPTIONS, ItemReader, releasable, StreamItem } from './item.js';
import type { TreeBudget } from './item.js';
import { DepthLimitedParser, MAX_DEPTH, NestingError } from './limits.js';

/**
 * A ResourceList or `kind: List` read whole (the input's one document, `doc`): its entries' items
 * into `input`, its functionConfig, and no alias that carries a sensitive value out of its item.
 * `aliases`: the parser saw alias tokens.
 */
export function readListWhole(
  input: ParsedInput,
  doc: Document.Parsed,
  docIndex: number,
  container: YAMLMap,
  containerKind: 'ResourceList' | 'List',
  reader: ItemReader,
  aliases: boolean,
): ParsedInput {
  const expandable = aliases;
  input.shape = containerKind === 'ResourceList' ? 'resourceList' : 'list';
  input.container = container;
  const items = container.get('items', true);
  if (items === undefined || items === null || (isScalar(items) && items.value === null))
    throw new InputError(`${containerKind} has no items list`, reader.where(reader.locate(docIndex, container)));
  if (!isSeq(items)) throw new InputError(`${containerKind} items must be a list`, reader.where(reader.locate(docIndex, items as Node)));
  for (const [index, node] of items.items.entries()) {
    const label = `items[${index}]`;
    if (!isMap(node)) throw new InputError(`${label} is not an object`, reader.where(reader.locate(docIndex, (node ?? items) as Node)));
    input.items.push(reader.item(doc, node, label, docIndex, expandable));
  }
  const fc = container.get('functionConfig', true);
  if (fc !== undefined && fc !== null) input.functionConfig = reader.toJS(doc, fc as Node, () => reader.locate(docIndex, fc as Node));
  input.aliasesOrMergeKeys = aliases || reader.mergeKeys;
  if (aliases) refuseSensitiveAliases(doc, container, input.items, (n) => reader.where(reader.locate(docIndex, n)));
  return input;
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

/** A parser that also notes any token that makes a text read differently out of context: alias, anchor, tag, directive. */
class PlainParser extends DepthLimitedParser {
  unusual = false;
  protected override see(lexeme: string): void {
    const c = lexeme[0];
    if (c === '*' || c === '&' || c === '!' || c === '%') this.unusual = true;
    super.see(lexeme);
  }
}

/**
 * The documents of `text` as `parser` reads them, or undefined when it gave up on the input's
 * nesting: the whole read reports that, at its own place (see nextDocument in stream.ts).
 */
function composeOrDecline(parser: PlainParser, text: string): Document.Parsed[] | undefined {
  try {
    return [...new Composer(COMPOSE_OPTIONS).compose(parser.parse(text))] as Document.Parsed[];
  } catch (error) {
    // Only the yaml parser and composer run here, and they keep YAML errors in each document's
    // `errors`: what they throw is the nesting limit (NestingError) or, before it, the stack running
    // out (RangeError). Anything else is a fault of the parser (yaml's, or DepthLimitedParser), and surfaces.
    if (error instanceof NestingError || error instanceof RangeError) return undefined;
    throw error;
  }
}

const DECLINE: unique symbol = Symbol('decline');

/**
 * `read()`, or DECLINE when the input refuses it (InputError): the whole read gives the same
 * error, in the order it finds them, so the fast way declines rather than report it.
 */
function readOrDecline<T>(read: () => T): T | typeof DECLINE {
  try {
    return read();
  } catch (error) {
    // An item the input refuses (no kind, a bad shape, an alias bomb: InputError) is left to the
    // whole read. Anything else is a fault of the reader (or of a family's hook), and surfaces
    // rather than be hidden by the whole read.
    if (error instanceof InputError) return DECLINE;
    throw error;
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
 * documents, a flow `items`, tabs, a BOM, an entry that is not a map, any YAML error, an item the
 * input refuses): readInput then reads the input whole, which gives the same items and every error
 * with its message and place. Only those decline: a fault of the reader itself is thrown.
 */
export function readListByItem(source: string, filename: string | undefined, keep?: TreeBudget): ParsedInput | undefined {
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
  // No aliases: PlainParser marks them unusual, and an unusual entry or skeleton is declined before its items are read.
  const reader = new ItemReader(lineCounter, filename, mergeKeys, { aliases: 0 });

  // The entries first, the skeleton after: composing the skeleton makes ~10k stub nodes that all
  // survive, and V8 then allocates every node from the same code straight in the old generation
  // ("pretenuring"), where the entries' short-lived trees cost full collections (+0.7 s at 10k).
  const items: InputItem[] = [];
  for (let i = 0; i < entries.length - 1; i++) {
    const start = entries[i] as number;
    // Up to the next entry's `-`: the whole read counts the indentation before it into this entry's range.
    const stop = (entries[i + 1] as number) + column;
    const itemParser = new PlainParser();
    itemParser.offset = start;
    // Parsed alone, the entry sits one level less deep (no ResourceList map around it): stricter, never laxer, than the whole read.
    itemParser.limit = MAX_DEPTH - 2;
    const parsed = composeOrDecline(itemParser, source.slice(start, stop));
    if (parsed === undefined) return undefined;
    const itemDoc = parsed[0];
    const seq = itemDoc?.contents;
    if (parsed.length !== 1 || itemDoc === undefined || itemParser.unusual || itemDoc.errors.length > 0) return undefined;
    if (!isSeq(seq) || seq.flow || seq.items.length !== 1 || seq.range?.[0] !== start + column) return undefined;
    const node = seq.items[0];
    if (!isMap(node)) return undefined;
    const item = readOrDecline(() => reader.item(itemDoc, node, `items[${i}]`, 0, false));
    if (item === DECLINE) return undefined;
    const kept = keep?.take(`${item.object.apiVersion}/${item.object.kind}`, stop - start) === true ? itemDoc : undefined;
    items.push(new StreamItem(item.object, item.full, source, start, stop, node, true, kept));
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
  const docs = composeOrDecline(parser, skeleton);
  if (docs === undefined) return undefined;
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
  const lastItem = readOrDecline(() => reader.item(doc, lastNode, `items[${entries.length - 1}]`, 0, false));
  if (lastItem === DECLINE) return undefined;
  input.items.push(lastItem);
  const fc = container.get('functionConfig', true);
  if (fc !== undefined && fc !== null) {
    const functionConfig = readOrDecline(() => reader.toJS(doc, fc as Node, () => reader.locate(0, fc as Node)));
    if (functionConfig === DECLINE) return undefined;
    input.functionConfig = functionConfig;
  }
  return input;
}
