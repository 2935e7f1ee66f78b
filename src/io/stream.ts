import { Composer, isMap, isScalar } from 'yaml';
import type { Document, Node } from 'yaml';
import { InputError } from '../errors.js';
import type { ParsedInput } from './input.js';
import { SourceLines } from './input.js';
import { COMPOSE_OPTIONS, ItemReader, releasable, StreamItem } from './item.js';
import type { TreeBudget } from './item.js';
import { DepthLimitedParser, NestingError } from './limits.js';
import { readListWhole } from './list.js';
import { describeYamlError, messageOf } from './yaml-errors.js';

/**
 * The whole read: every document of the text, composed one after the other. Several documents are
 * a stream (each an item); one that is a ResourceList or `kind: List` is read as that (list.ts
 * readListWhole); one that is anything else is a stream of one. Every error has its message and
 * place; readListByItem (list.ts), the fast way for a plain list, declines to this.
 */
export function readWhole(source: string, format: 'yaml' | 'json', filename: string | undefined, keep?: TreeBudget): ParsedInput {
  const lineCounter = new SourceLines(source);
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
  const reader = new ItemReader(lineCounter, filename, mergeKeys, parser);
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
  let pending: { error: InputError } | undefined;
  let previousEnd = 0;
  const toStreamItem = (doc: Document.Parsed, docIndex: number, start: number): void => {
    if (pending !== undefined || firstYamlError !== undefined) return;
    try {
      const contents = doc.contents;
      if (!isMap(contents))
        throw new InputError('document is not an object (expected a map with apiVersion and kind)', reader.where(reader.locate(docIndex, contents as Node)));
      // An alias bomb is refused in every item, not only in those the core reads: it is never a manifest.
      // (Aliases seen so far: a document's own aliases are parsed before it is composed.)
      const item = reader.item(doc, contents, `document ${docIndex}`, docIndex, parser.aliases > 0);
      if (!releasable(doc)) input.items.push(item);
      else {
        const kept = keep?.take(`${item.object.apiVersion}/${item.object.kind}`, doc.range[2] - start) === true ? doc : undefined;
        input.items.push(new StreamItem(item.object, item.full, source, start, doc.range[2], item.node, false, kept));
      }
    } catch (error) {
      // An item the input refuses (InputError) is held back: a YAML error in a later document is
      // reported first. Anything else is a fault of the reader (or of a family's hook), and surfaces now.
      if (!(error instanceof InputError)) throw error;
      pending = { error };
    }
  };
  // parseAllDocuments, with a parser that refuses unbounded nesting (see MAX_DEPTH).
  const documents = new Composer(COMPOSE_OPTIONS).compose(parser.parse(source));
  for (;;) {
    const next = nextDocument(documents, docCount, lineCounter, reader);
    if (next.done === true) break;
    const doc = next.value;
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
  if (firstYamlError !== undefined) {
    const pos = lineCounter.linePos(firstYamlError.offset);
    throw new InputError(
      `invalid YAML: ${describeYamlError(firstYamlError.message)}`,
      reader.where({ document: firstYamlError.index, line: pos.line, column: pos.col }),
    );
  }
  if (first === undefined) throw new InputError('input is empty: expected a ResourceList or Kubernetes objects in YAML or JSON', reader.where({}));

  if (nonEmptyCount === 1) {
    const firstContents = first.doc.contents;
    const containerKind: unknown = isMap(firstContents) ? firstContents.get('kind') : undefined;
    if (isMap(firstContents) && (containerKind === 'ResourceList' || (containerKind === 'List' && firstContents.has('items')))) {
      return readListWhole(input, first.doc, first.index, firstContents, containerKind, reader, parser.aliases > 0);
    }
    docs.length = 0;
    toStreamItem(first.doc, first.index, first.start);
  }
  if (pending !== undefined) throw pending.error;
  input.aliasesOrMergeKeys = parser.aliases > 0 || mergeKeys;
  return input;
}

/**
 * The next document the parser and composer give. They keep YAML errors in each document's
 * `errors`; what they throw is the nesting limit (NestingError, said with its place) or the stack
 * running out first (a RangeError): the input cannot be parsed. Anything else surfaces as it is.
 */
function nextDocument(documents: Iterator<Document.Parsed>, docIndex: number, lineCounter: SourceLines, reader: ItemReader): IteratorResult<Document.Parsed> {
  try {
    return documents.next();
  } catch (error) {
    // Only the parser and composer run in the try: the input's nesting (NestingError, or a
    // RangeError when the stack runs out first) is unusable input; anything else is a fault of the
    // parser, and surfaces as it is (the CLI: internal error, exit 2).
    if (error instanceof NestingError) {
      const pos = lineCounter.linePos(error.offset);
      throw new InputError(
        `the document is ${error.message}: not a Kubernetes manifest`,
        reader.where({ document: docIndex, line: pos.line, column: pos.col }),
      );
    }
    if (error instanceof RangeError) throw new InputError(`cannot parse YAML: ${messageOf(error)}`, reader.where({}));
    throw error;
  }
}
