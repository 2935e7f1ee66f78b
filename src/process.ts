import { loadConfig } from './config/load.js';
import { readInput, TreeBudget } from './io/read.js';
import { FAMILY_KINDS } from './families.js';
import type { Shape } from './io/read.js';
import { newItemText, OutputWriter } from './io/write.js';
import { fileLabelOf, formatDiff, headingOf, standalone } from './io/diff.js';
import type { ItemChange } from './io/diff.js';
import { offsetOfField, parseFieldPath } from './io/locate.js';
import type { FieldLocation } from './io/sarif.js';
import type { ParsedInput } from './io/read.js';
import type { InputItem } from './io/read.js';
import { failsGate, resourceRef } from './results.js';
import { Transformation } from './transform.js';
import type { Splice } from './io/write.js';
import type { KubeObject, Result } from './types.js';

export interface ProcessOptions {
  /** Shown in error locations (`-i FILE`). */
  filename?: string;
  /** `-f FILE`, parsed: replaces the ResourceList's functionConfig. */
  configObject?: unknown;
  /** `-d key=value` pairs. */
  set?: Record<string, string>;
  mode?: string;
  /** Called now and then while items are processed (the CLI shows progress on a terminal). */
  onProgress?: (done: number, total: number) => void;
  /** `--diff`: compute `diff` (what apply changes, in check mode too) instead of the output. */
  diff?: boolean;
  /** Compute `locations`: the file and line of each result's field (`--results-format sarif`). */
  locate?: boolean;
  /** `--fail-on error|warning`: overrides the config's failOn. */
  failOn?: string;
}

export interface ProcessOutput {
  /**
   * What goes to stdout; empty when a stream or `kind: List` run found errors (so `| kubectl apply`
   * applies nothing). Only a ResourceList carries results, so only it is written with errors.
   */
  readonly output: string;
  /** `output` in pieces (source slices and printed items): written one by one, a large output is never copied whole. */
  outputParts: readonly string[];
  results: Result[];
  shape: Shape;
  exitCode: 0 | 1;
  /** With `diff`: a unified diff of every item apply changes ('' when none); `output` is then empty. */
  diff?: string;
  /** With `locate`: where each result's field is in the input (results about no item have none). */
  locations?: Map<Result, FieldLocation>;
}

/**
 * How much item text (bytes) the read keeps the trees of (see TreeBudget). A tree takes ~20 times
 * its text, so 4 MB of monitors cost ~80 MB more at the peak; in return a changed monitor is not
 * parsed again (dense 10k stream: ~10 % of apply). An input larger than KEEP_TREES_UP_TO keeps
 * none: there the peak (~600 MB at 50k items) is what the budget is for, and the time saved was
 * within noise (bench/README.md, "Kept trees").
 */
export const KEPT_TREE_BYTES = 4_000_000;
export const KEEP_TREES_UP_TO = 16_000_000;

/**
 * Apply changes most items of the families' kinds: their trees are kept from the read, up to
 * KEPT_TREE_BYTES of their text, rather than parsed again when they are printed. Check changes
 * nothing (and prints nothing without --diff): it keeps none, nor does an input past KEEP_TREES_UP_TO.
 */
export function treeBudget(textLength: number, options: Pick<ProcessOptions, 'mode' | 'diff'>): TreeBudget | undefined {
  if ((options.mode === 'check' && options.diff !== true) || textLength > KEEP_TREES_UP_TO) return undefined;
  return new TreeBudget(FAMILY_KINDS, KEPT_TREE_BYTES);
}

/**
 * Text in, text out: parse, load the config, transform, write in the input's shape.
 * Throws InputError (exit 1) or ConfigError (exit 3); does no I/O of its own.
 */
export function processText(text: string, options: ProcessOptions = {}): ProcessOutput {
  const keep = treeBudget(text.length, options);
  const input = readInput(text, options.filename, keep !== undefined ? { keep } : {});
  const config = loadConfig({
    functionConfig: input.functionConfig,
    file: options.configObject,
    ...(options.set ? { set: options.set } : {}),
    ...(options.mode !== undefined ? { mode: options.mode } : {}),
    ...(options.failOn !== undefined ? { failOn: options.failOn } : {}),
  });
  // A functionConfig that says `mode: check` is known only now: the kept trees go.
  if (keep !== undefined && config.mode === 'check' && options.diff !== true) for (const item of input.items) item.release?.();
  // transform + OutputWriter, item by item: each item is transformed, printed if it changed, and
  // let go before the next, so the monitors (read and changed) are never all held at once.
  const items: Array<InputItem | undefined> = input.items.splice(0);
  const transformation = new Transformation(
    items.map((i) => (i as InputItem).object),
    config,
  );
  const writer = new OutputWriter(input);
  const results: Result[] = [];
  const changes: ItemChange[] | undefined = options.diff ? [] : undefined;
  const locations = options.locate ? new Map<Result, FieldLocation>() : undefined;
  // Results about other items (input rules run before the loop), located when their item comes by.
  const aboutItem = new Map<string, Result[]>();
  if (locations !== undefined) {
    for (const found of transformation.inputResults) {
      const key = refKey(found.resourceRef);
      aboutItem.set(key, [...(aboutItem.get(key) ?? []), found]);
    }
  }
  // An item that cannot be written (an anchor shared with another item) only fails the run when
  // there is an output to write: a stream with error results writes nothing and says why.
  let unwritable: { error: unknown } | undefined;
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as InputItem;
    items[index] = undefined;
    if (options.onProgress !== undefined && index % 256 === 0) options.onProgress(index, items.length);
    let proposed: KubeObject | undefined;
    const before = results.length;
    const object = transformation.apply(item.object, results, options.diff ? (draft) => (proposed = draft) : undefined);
    if (locations !== undefined) {
      const found = [...results.slice(before), ...(aboutItem.get(refKey(resourceRef(item.object))) ?? [])];
      if (found.length > 0) locate(input, item, found, locations, options.filename);
    }
    if (unwritable !== undefined) continue;
    try {
      // --diff prints what apply makes of the item (in check mode too); its output is not written.
      const splice = writer.item(item, proposed ?? object);
      if (splice !== undefined && changes !== undefined) changes.push(itemChange(input.source, splice, item.object, input.shape, index));
      // An unchanged stream item re-read its tree only to locate results: let it go.
      if (splice === undefined) item.release?.();
    } catch (error) {
      unwritable = { error };
    }
  }
  if (unwritable === undefined && transformation.added.length > 0) writer.append(transformation.added);
  if (changes !== undefined) {
    // Items the run adds: a new file each (`--- /dev/null`).
    transformation.added.forEach((object, k) => {
      const index = items.length + k;
      changes.push({
        label: fileLabelOf(object) ?? (input.shape === 'stream' ? `document ${index}` : `items[${index}]`),
        oldLabel: '/dev/null',
        heading: headingOf(object),
        before: '',
        after: newItemText(input, object).replace(/\n?$/, '\n'),
      });
    });
  }
  for (const found of transformation.inputResults) results.push(found);
  // `failOn: warning` makes warnings fail the run like errors, with the same output rules (a stream
  // that fails writes nothing), so a strict gate in a pipeline stops `| kubectl apply` too.
  const failed = failsGate(results, config.failOn);
  const silent = input.shape !== 'resourceList' && failed;
  if (unwritable !== undefined && (!silent || changes !== undefined)) throw unwritable.error;
  const outputParts = silent || changes !== undefined ? [] : writer.parts(results);
  let joined: string | undefined;
  return {
    get output(): string {
      return (joined ??= outputParts.join(''));
    },
    outputParts,
    results,
    shape: input.shape,
    exitCode: failed ? 1 : 0,
    ...(changes !== undefined ? { diff: formatDiff(changes) } : {}),
    ...(locations !== undefined ? { locations } : {}),
  };
}

/** A changed item as `--diff` shows it: standalone text before and after, labelled by its file or position. */
function itemChange(source: string, splice: Splice, object: KubeObject, shape: Shape, index: number): ItemChange {
  const column = splice.start - (source.lastIndexOf('\n', splice.start - 1) + 1);
  const label = fileLabelOf(object) ?? (shape === 'stream' ? `document ${index}` : `items[${index}]`);
  return {
    label,
    heading: headingOf(object),
    before: standalone(source.slice(splice.start, splice.end), column),
    after: standalone(splice.text, column),
  };
}

function refKey(ref: Result['resourceRef']): string {
  return ref === undefined ? '' : `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

/**
 * Where each result's field is: line and column of its key (or of its nearest existing parent, for a
 * field apply adds). Counted in the item's own file when an annotation names it (the item's first
 * line is line 1), else in the input (`-i FILE`, or stdin without a name).
 */
function locate(input: ParsedInput, item: InputItem, found: readonly Result[], into: Map<Result, FieldLocation>, filename: string | undefined): void {
  const node = item.node;
  const start = input.lineCounter.linePos(node.range?.[0] ?? 0);
  const label = fileLabelOf(item.object);
  for (const result of found) {
    const path = result.field !== undefined ? parseFieldPath(result.field.path) : [];
    const pos = input.lineCounter.linePos(offsetOfField(node, path ?? []));
    if (label !== undefined) into.set(result, { uri: label, line: pos.line - start.line + 1, column: Math.max(1, pos.col - start.col + 1) });
    else into.set(result, { ...(filename !== undefined ? { uri: filename } : {}), line: pos.line, column: pos.col });
  }
}
