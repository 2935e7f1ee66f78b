/**
 * A YAML ResourceList is read one entry at a time when it is plain (readListByItem, src/io/list.ts),
 * and whole otherwise (src/io/stream.ts). The two ways must give the same items and the same errors:
 * the fast way may only decline (and leave the input to the whole read), never read differently.
 * And it may decline only on what the input refuses: a fault of the reader inside it must surface,
 * not be hidden by the whole read.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ConfigError, InputError } from '../../src/errors.js';
import { SHAPE_CHECKS } from '../../src/families.js';
import type { ReadItem } from '../../src/families.js';
import { MAX_DEPTH, readInput, TreeBudget } from '../../src/io/read.js';

const ROOT = process.cwd();
const SHARED_KRM_INPUTS = join(ROOT, '..', 'shared', 'krm-inputs');
const SHARED_CORPUS = join(ROOT, '..', 'shared', 'corpus');
const haveShared = existsSync(SHARED_KRM_INPUTS) && existsSync(SHARED_CORPUS);
// Without ../shared its inputs cannot be read; under CI they must be (the test then fails instead).
const sharedTest = haveShared || process.env['CI'] === 'true' ? test : test.skip;
if (!haveShared && process.env['CI'] !== 'true') console.warn('test/core/read-paths.test.ts: ../shared is absent: its krm-inputs and corpus are not read');

/** Every input the repository has (and ../shared's kpt / kustomize ResourceLists and upstream corpus), by path. */
function files(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (dir: string, name: string): void => {
    const file = join(dir, name);
    if (existsSync(file)) out.push([file.startsWith(ROOT) ? file.slice(ROOT.length + 1) : file.slice(join(ROOT, '..').length + 1), readFileSync(file, 'utf8')]);
  };
  const everyInput = (dir: string): void => {
    if (existsSync(dir)) for (const name of readdirSync(dir).sort()) if (/\.(ya?ml|json)$/.test(name)) add(dir, name);
  };
  for (const dir of ['test/fuzz/corpus', 'test/corpus']) everyInput(join(ROOT, dir));
  everyInput(SHARED_KRM_INPUTS);
  everyInput(SHARED_CORPUS);
  for (const dir of readdirSync(join(ROOT, 'test', 'golden'))) add(join(ROOT, 'test', 'golden', dir), 'resources.yaml');
  for (const dir of readdirSync(join(ROOT, 'examples'))) for (const name of ['resources.yaml', 'rendered.yaml']) add(join(ROOT, 'examples', dir), name);
  return out;
}

/** A stream's documents as one ResourceList (its entries printed by yaml, then indented as `- ` entries). */
function asResourceList(text: string): string | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length < 2 || docs.some((d) => d.errors.length > 0 || d.contents === null)) return undefined;
  const entries = docs.map((d) => {
    const printed = d
      .toString({ lineWidth: 0 })
      .replace(/^---\n/, '')
      .trimEnd();
    return `${printed.replace(/^/gm, '  ').replace(/^ {2}/, '- ')}\n`;
  });
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${entries.join('')}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data: {a: b}\n`;
}

/** An entry of `lines` at `column` (`- ` first, the rest under it). */
function entry(column: number, lines: string[]): string {
  const pad = ' '.repeat(column);
  return lines.map((line, index) => `${pad}${index === 0 ? '- ' : '  '}${line}\n`).join('');
}

const badShape = (column: number): string =>
  entry(column, [
    'apiVersion: monitoring.coreos.com/v1',
    'kind: ServiceMonitor',
    'metadata: {name: bad-shape, namespace: default}',
    'spec: {endpoints: {port: web}}',
  ]);
const tooDeep = (column: number): string =>
  entry(column, ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: too-deep}', `data: {x: ${'['.repeat(MAX_DEPTH + 10)}${']'.repeat(MAX_DEPTH + 10)}}`]);
const noKind = (column: number): string => entry(column, ['apiVersion: v1', 'metadata: {name: no-kind}']);

/**
 * A block ResourceList with an entry inserted first and last among its items (before a top-level
 * `functionConfig:` that follows them), each an item the input refuses: the fast way must decline
 * there (in its entries, and at its last entry), and the whole read report it.
 */
function withEntries(list: string): Array<[string, string]> {
  const items = /^items:[ \t]*\r?\n/m.exec(list);
  const firstEntry = items === null ? null : /^( *)- /m.exec(list.slice(items.index + items[0].length));
  const fc = list.indexOf('\nfunctionConfig:');
  if (items === null || firstEntry === null || fc < 0) return [];
  const column = (firstEntry[1] as string).length;
  const afterItems = items.index + items[0].length;
  const out: Array<[string, string]> = [];
  for (const [what, text] of [
    ['a monitor of a bad shape', badShape(column)],
    ['an entry nested too deeply', tooDeep(column)],
    ['an entry without kind', noKind(column)],
  ] as const) {
    out.push([`${what} first`, list.slice(0, afterItems) + text + list.slice(afterItems)]);
    out.push([`${what} last`, list.slice(0, fc + 1) + text + list.slice(fc + 1)]);
  }
  return out;
}

/** The exit code the CLI gives for what readInput throws (src/cli.ts): 1 unusable input, 3 bad config, else 2 (a bug). */
function exitOf(error: unknown): number {
  return error instanceof InputError ? 1 : error instanceof ConfigError ? 3 : 2;
}

function outcome(text: string, byItem: boolean): Record<string, unknown> {
  try {
    const input = readInput(text, 'in.yaml', { byItem });
    return {
      shape: input.shape,
      format: input.format,
      functionConfig: input.functionConfig,
      aliasesOrMergeKeys: input.aliasesOrMergeKeys,
      documents: input.docs.length,
      container: input.container?.range,
      items: input.items.map((item) => ({ object: item.object, full: item.full, range: item.node.range })),
    };
  } catch (error) {
    return {
      error: error instanceof Error ? error.name : typeof error,
      exit: exitOf(error),
      message: error instanceof Error ? error.message : String(error),
      location: error instanceof InputError ? error.location : undefined,
      described: error instanceof InputError ? error.describe() : undefined,
    };
  }
}

const inputs: Array<[string, string]> = [];
for (const [name, text] of files()) {
  inputs.push([name, text]);
  const converted = asResourceList(text);
  if (converted !== undefined) inputs.push([`${name} as a ResourceList`, converted]);
  // Errors the entry-by-entry read must report as the whole read does (or leave to it).
  for (const [label, list] of [
    [name, text],
    [`${name} as a ResourceList`, converted],
  ] as const) {
    if (list === undefined || !/^kind: (?:ResourceList|List)\b/m.test(list)) continue;
    const lines = list.split('\n');
    const at = Math.floor(lines.length / 2);
    inputs.push([`${label}, a duplicate key`, [...lines.slice(0, at), `${/^ */.exec(lines[at] ?? '')?.[0] ?? ''}kind: X`, ...lines.slice(at)].join('\n')]);
    inputs.push([`${label}, an unclosed flow map`, [...lines.slice(0, at), '  - {a: [', ...lines.slice(at)].join('\n')]);
    inputs.push([`${label}, an entry without kind`, list.replace(/\n {2}kind: [^\n]*/, '')]);
    for (const [what, variant] of withEntries(list)) inputs.push([`${label}, ${what}`, variant]);
  }
}

test('the inputs are every file of test/fuzz/corpus and test/corpus, the goldens and examples, and variants of each', () => {
  const names = new Set(inputs.map(([name]) => name));
  for (const dir of ['test/fuzz/corpus', 'test/corpus']) for (const file of readdirSync(join(ROOT, dir))) expect(names).toContain(`${dir}/${file}`);
  expect(inputs.filter(([name]) => name.endsWith(', a monitor of a bad shape last')).length).toBeGreaterThan(20);
});

sharedTest("the inputs include ../shared's kpt / kustomize ResourceLists and its corpus, with their variants", () => {
  const names = new Set(inputs.map(([name]) => name));
  const krm = readdirSync(SHARED_KRM_INPUTS).filter((file) => file.endsWith('.yaml'));
  expect(krm.length).toBeGreaterThan(2);
  for (const file of krm) {
    expect(names).toContain(`shared/krm-inputs/${file}`);
    expect(names).toContain(`shared/krm-inputs/${file}, a monitor of a bad shape last`);
  }
  for (const file of readdirSync(SHARED_CORPUS).filter((f) => /\.(ya?ml|json)$/.test(f))) expect(names).toContain(`shared/corpus/${file}`);
});

test('there are ResourceLists the fast way reads (its items drop their trees: `release`)', () => {
  const fast = inputs.filter(([, text]) => {
    try {
      const input = readInput(text, 'in.yaml');
      return input.shape === 'resourceList' && input.items.some((item) => item.release !== undefined);
    } catch {
      return false;
    }
  });
  expect(fast.length).toBeGreaterThan(20);
});

test.each(inputs)('%s: the same items and errors read entry by entry and whole', (_, text) => {
  const whole = outcome(text, false);
  expect(outcome(text, true)).toEqual(whole);
  // The reader refuses input with an InputError (exit 1), never with a fault of its own.
  if ('exit' in whole) expect(whole).toMatchObject({ error: 'InputError', exit: 1 });
});

describe('a fault inside the fast way surfaces: it is not hidden by the whole read', () => {
  const monitor = (name: string): string =>
    entry(0, [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: ServiceMonitor',
      `metadata: {name: ${name}, namespace: default}`,
      'spec: {endpoints: [{port: web}]}',
    ]);
  const list = (...entries: string[]): string => `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${entries.join('')}`;
  const KEY = 'monitoring.coreos.com/v1/ServiceMonitor';

  /**
   * Runs `read` with the ServiceMonitor's shape check (a family hook the reader calls on each
   * monitor) throwing a TypeError the first time it sees the monitor `faulty`, as a bug would: had
   * the fast way swallowed it, the whole read would have called the check again and read the input.
   */
  function withFaultyCheck(faulty: string, read: () => unknown): unknown {
    const checks = SHAPE_CHECKS as Map<string, (item: ReadItem) => void>;
    const check = checks.get(KEY);
    if (check === undefined) throw new Error('no shape check for ServiceMonitor');
    let thrown = false;
    checks.set(KEY, (item) => {
      if (!thrown && item.object.metadata?.['name'] === faulty) {
        thrown = true;
        throw new TypeError(`a fault of the reader at ${faulty}`);
      }
      check(item);
    });
    try {
      return read();
    } finally {
      checks.set(KEY, check);
    }
  }

  const cases: Array<[string, string, string]> = [
    ['an entry of a ResourceList', list(monitor('a'), monitor('faulty'), monitor('c')), 'faulty'],
    ['the last entry of a ResourceList', list(monitor('a'), monitor('b'), monitor('faulty')), 'faulty'],
  ];

  test.each(cases)('GIVEN a fault in %s THEN it is thrown, not declined', (_, text, faulty) => {
    // Without the fault the fast way reads it (so the fault is met there, not in the whole read).
    const clean = readInput(text);
    expect(clean.shape).toBe('resourceList');
    // (Every entry but the last is read on its own and drops its tree; the last is the skeleton's.)
    expect(clean.items.map((item) => item.release !== undefined)).toEqual([true, true, false]);
    expect(() => withFaultyCheck(faulty, () => readInput(text))).toThrow(new TypeError(`a fault of the reader at ${faulty}`));
  });

  test('GIVEN a fault in a stream document and a YAML error after it THEN the fault is thrown, not held back behind the YAML error', () => {
    const doc = (name: string): string => monitor(name).replace(/^- /, '').replace(/^ {2}/gm, '');
    // The second document is read into an item when the first is followed by another (a stream, not a ResourceList).
    const stream = `${doc('a')}---\n${doc('faulty')}---\nkind: [\n`;
    expect(() => readInput(stream)).toThrow(InputError);
    expect(() => withFaultyCheck('faulty', () => readInput(stream))).toThrow(new TypeError('a fault of the reader at faulty'));
  });

  test('GIVEN an item the input refuses in the fast way THEN it declines, and the whole read reports it in its order', () => {
    const text = list(monitor('a'), badShape(0), monitor('c'));
    expect(() => readInput(text, 'in.yaml')).toThrow(new InputError('ServiceMonitor default/bad-shape: spec.endpoints must be a list'));
    expect(outcome(text, true)).toEqual(outcome(text, false));
  });
});

/**
 * A stream item may keep the tree it was read with (TreeBudget, src/io/item.ts) instead of parsing
 * its text again when it changes: the kept tree must be the tree the re-parse gives, printed and
 * changed, or a kept item would print differently from one past the budget.
 */
class CountingBudget extends TreeBudget {
  kept = 0;
  override take(key: string, length: number): boolean {
    const taken = super.take(key, length);
    if (taken) this.kept++;
    return taken;
  }
}

/** Each item printed as read, and after the same change (an annotation set, the first key deleted). */
function printed(input: ReturnType<typeof readInput>): string[] {
  return input.items.map((item) => {
    const asRead = item.doc.toString({ lineWidth: 0 });
    item.node.setIn(['metadata', 'annotations', 'kept-tree-test'], 'x');
    item.node.delete((item.node.items[0]?.key as { value?: unknown } | undefined)?.value);
    return `${asRead}\n=== changed ===\n${item.doc.toString({ lineWidth: 0 })}\n${JSON.stringify(item.node.range)}`;
  });
}

function readable(text: string): boolean {
  try {
    readInput(text, 'in.yaml');
    return true;
  } catch {
    return false;
  }
}

const keptInputs = inputs.filter(([name, text]) => !name.includes(', ') && readable(text));
let keptTotal = 0;

test.each(keptInputs)('%s: a kept tree prints and changes as the tree parsed again does', (_, text) => {
  const kinds = new Set(readInput(text, 'in.yaml').items.map((item) => `${item.object.apiVersion}/${item.object.kind}`));
  const budget = new CountingBudget(kinds, Number.MAX_SAFE_INTEGER);
  const kept = readInput(text, 'in.yaml', { keep: budget });
  keptTotal += budget.kept;
  expect(printed(kept)).toEqual(printed(readInput(text, 'in.yaml')));
});

test('trees were kept in those inputs, stream and ResourceList', () => {
  // Runs after the test.each above (jest runs a file's tests in order): it made the comparison count.
  expect(keptTotal).toBeGreaterThan(100);
  const kinds = new Set(['v1/ConfigMap']);
  const stream = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n';
  const configMap = (name: string): string => entry(0, ['apiVersion: v1', 'kind: ConfigMap', `metadata: {name: ${name}}`]);
  const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${configMap('a')}${configMap('b')}functionConfig: {apiVersion: v1, kind: ConfigMap}\n`;
  for (const text of [stream, list]) {
    const budget = new CountingBudget(kinds, 1e6);
    readInput(text, 'in.yaml', { keep: budget });
    expect(budget.kept).toBeGreaterThan(0);
  }
});

describe('TreeBudget', () => {
  test('keeps only the kinds it is given, while their text fits in its bytes', () => {
    const budget = new TreeBudget(new Set(['monitoring.coreos.com/v1/ServiceMonitor']), 100);
    expect(budget.take('v1/ConfigMap', 10)).toBe(false);
    expect(budget.take('monitoring.coreos.com/v1/ServiceMonitor', 60)).toBe(true);
    expect(budget.take('monitoring.coreos.com/v1/ServiceMonitor', 50)).toBe(false);
    expect(budget.take('monitoring.coreos.com/v1/ServiceMonitor', 40)).toBe(true);
    expect(budget.take('monitoring.coreos.com/v1/ServiceMonitor', 1)).toBe(false);
    budget.reset();
    expect(budget.take('monitoring.coreos.com/v1/ServiceMonitor', 100)).toBe(true);
  });

  test('a read that keeps trees within a budget keeps no more than it', () => {
    const doc = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;
    const text = Array.from({ length: 10 }, (_, i) => doc(`n${i}`)).join('---\n');
    const budget = new CountingBudget(new Set(['v1/ConfigMap']), 3 * doc('n0').length + 10);
    readInput(text, 'in.yaml', { keep: budget });
    expect(budget.kept).toBe(3);
  });
});
