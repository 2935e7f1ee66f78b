import { isMap, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import { InputError } from '../errors.js';
import type { Location } from '../errors.js';
import { MONITOR_KINDS } from '../kinds/index.js';
import type { Json, KubeObject } from '../types.js';
import { isObject } from '../types.js';

export type Shape = 'resourceList' | 'list' | 'stream';

export interface InputItem {
  /** The item's node in its document: what gets edited when the item changes. */
  node: YAMLMap;
  doc: Document.Parsed;
  /** The item as plain data (head-only for kinds the core never reads beyond metadata). */
  object: KubeObject;
  /** Whether `object` is complete, i.e. the core may change it. */
  full: boolean;
}

export interface ParsedInput {
  source: string;
  format: 'yaml' | 'json';
  shape: Shape;
  docs: Document.Parsed[];
  items: InputItem[];
  /** The ResourceList map (resourceList / list shapes). */
  container?: YAMLMap;
  functionConfig?: unknown;
  lineCounter: LineCounter;
  filename?: string;
}

/** Kinds whose full content the core reads; anything else is passed as apiVersion/kind/metadata only. */
const READ_IN_FULL = new Set<string>([
  ...MONITOR_KINDS.map((k) => `${k.apiVersion}/${k.kind}`),
  'v1/Service',
  'v1/Secret',
  'v1/ConfigMap',
  'cert-manager.io/v1/Certificate',
  'monitoring.coreos.com/v1/Prometheus',
]);

// Alias expansion beyond this is a "billion laughs" input, not a manifest.
const MAX_ALIAS_COUNT = 1000;

/**
 * Parses a ResourceList, a `kind: List`, or a plain multi-document stream (YAML or JSON), keeping
 * every document's source ranges so unchanged items can be written back byte-for-byte.
 */
export function readInput(source: string, filename?: string): ParsedInput {
  const where = (loc: Location): Location => (filename !== undefined ? { file: filename, ...loc } : loc);
  if (/^\s*$/.test(source.replace(/^\uFEFF/, '').replace(/^\s*#.*$/gm, ''))) {
    throw new InputError('input is empty: expected a ResourceList or Kubernetes objects in YAML or JSON', where({}));
  }
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(source, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true }) as Document.Parsed[];
  } catch (error) {
    throw new InputError(`cannot parse YAML: ${messageOf(error)}`, where({}));
  }
  if (!Array.isArray(docs)) docs = [];
  for (const [index, doc] of docs.entries()) {
    const problem = doc.errors[0];
    if (problem) {
      const pos = lineCounter.linePos(problem.pos[0]);
      throw new InputError(`invalid YAML: ${firstLine(problem.message)}`, where({ document: index, line: pos.line, column: pos.col }));
    }
  }
  const nonEmpty = docs.filter((d) => d.contents !== null);
  if (nonEmpty.length === 0) throw new InputError('input is empty: expected a ResourceList or Kubernetes objects in YAML or JSON', where({}));

  const format = /^\uFEFF?\s*[{[]/.test(source) ? 'json' : 'yaml';
  const input: ParsedInput = { source, format, shape: 'stream', docs, items: [], lineCounter, ...(filename !== undefined ? { filename } : {}) };
  const toJS = (doc: Document.Parsed, node: Node, loc: Location): unknown => {
    try {
      return node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      throw new InputError(`cannot read document: ${messageOf(error)}`, where(loc));
    }
  };
  const locate = (docIndex: number, node: Node): Location => {
    const pos = node.range ? lineCounter.linePos(node.range[0]) : undefined;
    return pos ? { document: docIndex, line: pos.line, column: pos.col } : { document: docIndex };
  };

  const first = nonEmpty[0] as Document.Parsed;
  const firstContents = first.contents;
  const containerKind: unknown = isMap(firstContents) ? firstContents.get('kind') : undefined;
  if (nonEmpty.length === 1 && isMap(firstContents) && (containerKind === 'ResourceList' || (containerKind === 'List' && firstContents.has('items')))) {
    const docIndex = docs.indexOf(first);
    input.shape = containerKind === 'ResourceList' ? 'resourceList' : 'list';
    input.container = firstContents;
    const items = firstContents.get('items', true);
    if (items === undefined || items === null) throw new InputError(`${containerKind} has no items list`, where(locate(docIndex, firstContents)));
    if (!isSeq(items)) throw new InputError(`${containerKind} items must be a list`, where(locate(docIndex, items as Node)));
    for (const [index, node] of items.items.entries()) {
      const label = `items[${index}]`;
      if (!isMap(node)) throw new InputError(`${label} is not an object`, where(locate(docIndex, (node ?? items) as Node)));
      input.items.push(makeItem(first, node, label, locate(docIndex, node), toJS, where));
    }
    const fc = firstContents.get('functionConfig', true);
    if (fc !== undefined && fc !== null) input.functionConfig = toJS(first, fc as Node, locate(docIndex, fc as Node));
    return input;
  }

  for (const [docIndex, doc] of docs.entries()) {
    const contents = doc.contents;
    if (contents === null) continue;
    if (!isMap(contents)) throw new InputError('document is not an object (expected a map with apiVersion and kind)', where(locate(docIndex, contents)));
    input.items.push(makeItem(doc, contents, `document ${docIndex}`, locate(docIndex, contents), toJS, where));
  }
  return input;
}

function makeItem(
  doc: Document.Parsed,
  node: YAMLMap,
  label: string,
  loc: Location,
  toJS: (doc: Document.Parsed, node: Node, loc: Location) => unknown,
  where: (loc: Location) => Location,
): InputItem {
  const apiVersion: unknown = node.get('apiVersion');
  const kind: unknown = node.get('kind');
  if (typeof apiVersion !== 'string' || apiVersion === '') throw new InputError(`${label} has no apiVersion`, where(loc));
  if (typeof kind !== 'string' || kind === '') throw new InputError(`${label} has no kind`, where(loc));
  const full = READ_IN_FULL.has(`${apiVersion}/${kind}`);
  let object: KubeObject;
  if (full) {
    const value = toJS(doc, node, loc);
    if (!isObject(value)) throw new InputError(`${label} is not an object`, where(loc));
    object = value as KubeObject;
    if (kind === 'Secret') redactSecret(object);
  } else {
    const metadata = node.get('metadata', true);
    object = { apiVersion, kind };
    if (metadata !== undefined && metadata !== null) {
      const meta = toJS(doc, metadata as Node, loc);
      if (isObject(meta)) object.metadata = meta;
    }
  }
  return { node, doc, object, full };
}

/** The core reads which keys a Secret has, never their values: they do not leave the parser. */
function redactSecret(secret: KubeObject): void {
  for (const field of ['data', 'stringData']) {
    const map = secret[field];
    if (isObject(map)) for (const key of Object.keys(map)) (map as Record<string, Json>)[key] = '';
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function messageOf(error: unknown): string {
  if (error instanceof RangeError) return 'the document is nested too deeply';
  return error instanceof Error ? firstLine(error.message) : String(error);
}
