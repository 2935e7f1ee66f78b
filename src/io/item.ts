import { Composer, isMap, isSeq, Parser } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import { InputError } from '../errors.js';
import type { Location } from '../errors.js';
import { READ_IN_FULL, READ_IN_PART, SENSITIVE_KINDS, SHAPE_CHECKS } from '../families.js';
import { fileOf } from '../results.js';
import type { KubeObject, Projection } from '../types.js';
import { isObject } from '../types.js';
import type { InputItem, SourceLines } from './input.js';
import { deeperThan, MAX_ALIAS_COUNT, MAX_DEPTH } from './limits.js';
import { messageOf } from './yaml-errors.js';

// merge: kubectl (go-yaml) resolves `<<: *anchor` merge keys, so the objects it sends do too.
// logLevel: yaml reports some oddities (a binary or collection key) with process.emitWarning, i.e. on
// stderr, where kpt and kustomize show it to the user as if it were ours; they are not findings.
export const COMPOSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, strict: true, merge: true, logLevel: 'error' } as const;

/**
 * YAML nodes → items, for both readers (a stream or a list read whole, and a list read entry by
 * entry): where an error is, plain data out of a node, and an item out of an object's node. The
 * domain is not here: what is read in full or in part, which kinds hold values to redact and which
 * kinds a family checks the shape of all come from the family registry (families.ts).
 */
export class ItemReader {
  constructor(
    private readonly lines: SourceLines,
    private readonly filename: string | undefined,
    /** Whether the input has a merge key (`<<`): a projection cannot see the fields a merge brings in. */
    readonly mergeKeys: boolean,
    /** The parser, for the alias tokens it has seen so far (none: no alias can nest a value deeper). */
    private readonly parser: { readonly aliases: number },
  ) {}

  /** `loc` in the input's file (-i FILE), when it has one. */
  where(loc: Location): Location {
    return this.filename !== undefined ? { file: this.filename, ...loc } : loc;
  }

  /** A node's document, line and column (without the file: see where). */
  locate(docIndex: number, node: Node): Location {
    const pos = node.range ? this.lines.linePos(node.range[0]) : undefined;
    return pos ? { document: docIndex, line: pos.line, column: pos.col } : { document: docIndex };
  }

  /** A node as plain data; a document the yaml library cannot convert (an alias bomb, a bad merge) is unusable input. */
  toJS(doc: Document.Parsed, node: Node, loc: () => Location): unknown {
    let value: unknown;
    try {
      value = node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // Only the yaml library's conversion runs here, and what it throws is the document's doing: an
      // alias over MAX_ALIAS_COUNT or without its anchor, a merge of a non-map, a bad YAML 1.1 value,
      // the stack running out on nesting. Said as the input's problem, at the item.
      throw new InputError(`cannot read document: ${messageOf(error)}`, this.where(loc()));
    }
    // Aliases can nest a small document deeply; the core's recursive steps must never overflow.
    if (this.parser.aliases > 0 && deeperThan(value, MAX_DEPTH)) {
      throw new InputError(`the document is nested more than ${MAX_DEPTH} levels deep (through YAML aliases): not a Kubernetes manifest`, this.where(loc()));
    }
    return value;
  }

  /**
   * The item of an object's node: read in full (the families' kinds and what they read in full,
   * redacted and shape-checked as their families say), in part (a projection), or its head only
   * (apiVersion, kind, metadata). `expandable`: the input has aliases, so the node may hold one.
   */
  item(doc: Document.Parsed, node: YAMLMap, label: string, docIndex: number, expandable: boolean): InputItem {
    // Only an error needs the position; computing it for every item made every run count lines.
    const loc = (): Location => this.locate(docIndex, node);
    const apiVersion: unknown = node.get('apiVersion');
    const kind: unknown = node.get('kind');
    if (typeof apiVersion !== 'string' || apiVersion === '') throw new InputError(`${label} has no apiVersion`, this.where(loc()));
    if (typeof kind !== 'string' || kind === '') throw new InputError(`${label} has no kind`, this.where(loc()));
    const key = `${apiVersion}/${kind}`;
    const partial = READ_IN_PART.get(key);
    // Read in part only where the tree is plain: an alias or merge key can bring fields in from elsewhere.
    const full = READ_IN_FULL.has(key) || (partial !== undefined && (expandable || this.mergeKeys));
    const projection = full ? undefined : partial;
    let object: KubeObject;
    if (full) {
      const value = this.toJS(doc, node, loc);
      if (!isObject(value)) throw new InputError(`${label} is not an object`, this.where(loc()));
      object = value as KubeObject;
      SENSITIVE_KINDS.get(key)?.redact(object);
      const checkShape = SHAPE_CHECKS.get(key);
      if (checkShape !== undefined) checkShape({ doc, node, object, locate: (at) => this.placeOf(object, docIndex, at) });
    } else {
      if (expandable) this.toJS(doc, node, loc);
      const metadata = node.get('metadata', true);
      object = { apiVersion, kind };
      if (metadata !== undefined && metadata !== null) {
        const meta = this.toJS(doc, metadata as Node, loc);
        if (isObject(meta)) object.metadata = meta;
      }
      if (projection !== undefined) {
        const rest = project(doc, node, projection, (n) => this.toJS(doc, n, loc)) as Record<string, unknown>;
        for (const field of Object.keys(projection)) if (Object.hasOwn(rest, field)) (object as Record<string, unknown>)[field] = rest[field];
      }
    }
    return { node, doc, object, full };
  }

  /**
   * Where a family's check places a problem at `node` of `object`: the file (and document) of the
   * item's kpt/kustomize annotations when it has them (that is the file the user edits), else the
   * input's file, document, line and column.
   */
  private placeOf(object: KubeObject, docIndex: number, node: Node): Location {
    const annotated = fileOf(object);
    return annotated
      ? { file: annotated.path, ...(annotated.index !== undefined ? { document: annotated.index } : {}) }
      : this.where(this.locate(docIndex, node));
  }
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
 * Whether a stream document can be dropped and re-parsed from its own text: not when a `%YAML` or
 * `%TAG` directive (which may have come with an earlier document) changes how its text reads.
 */
export function releasable(doc: Document.Parsed): boolean {
  const { yaml, tags } = doc.directives;
  return !yaml.explicit && yaml.version === '1.2' && Object.keys(tags).length === 1 && tags['!!'] === 'tag:yaml.org,2002:';
}

/**
 * Which read trees a stream item keeps instead of dropping them: those of the kinds the run may
 * change (the caller says which: io/ knows no kinds), while their text adds up to no more than
 * `bytes`. A changed item's tree is otherwise parsed again from its text (see StreamItem), which for
 * a package of monitors, each changed, is ~10 % of a run; a tree takes ~20 times its text's memory,
 * hence the budget: past it, items are re-parsed as before.
 */
export class TreeBudget {
  private bytes: number;

  constructor(
    private readonly kinds: ReadonlySet<string>,
    private readonly limit: number,
  ) {
    this.bytes = limit;
  }

  /** The whole budget again: a read that declined (readListByItem) kept nothing. */
  reset(): void {
    this.bytes = this.limit;
  }

  /** Whether the tree of an item of `apiVersion/kind` whose text is `length` long is kept (and counted). */
  take(key: string, length: number): boolean {
    if (length > this.bytes || !this.kinds.has(key)) return false;
    this.bytes -= length;
    return true;
  }
}

/**
 * A stream item that keeps its plain data and drops its syntax tree: `node` and `doc` are parsed
 * again from the document's text (from the end of the previous document, so leading comments
 * attach the same way) the first time the writer asks, with offsets into the whole source, so
 * ranges, comments and styles are those of the first parse. A class, not closures: at 50k items
 * every byte per item counts.
 */
export class StreamItem implements InputItem {
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
    /** The tree as read, kept (see TreeBudget) so a change does not parse the text again; dropped by release. */
    kept?: Document.Parsed,
  ) {
    this.end = end;
    if (kept !== undefined) this.parsed = { doc: kept, node };
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
