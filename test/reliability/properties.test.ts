/**
 * The invariants of docs/guarantees.md, stated as properties over generated inputs and valid configs
 * (test/reliability/generators.ts). The seed is fixed so CI is reproducible; `FC_SEED=n` explores
 * others, and on failure fast-check prints the seed and the shrunk counterexample.
 *
 * The oracle for "what the output contains" is the yaml package's own parser, not our reader.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node } from 'yaml';
import { main } from '../../src/cli.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { monitorKindOf } from '../../src/kinds/index.js';
import { processText } from '../../src/process.js';
import type { ProcessOutput } from '../../src/process.js';
import { validateAgainstCrd } from '../../src/schema/crd.js';
import { isSelected } from '../../src/select.js';
import type { JsonObject, KubeObject, Result } from '../../src/types.js';
import { displayText } from '../../src/types.js';
import { configCase, inputCase, printInput } from './generators.js';
import type { ConfigCase, InputCase } from './generators.js';

const SEED = process.env['FC_SEED'] !== undefined ? Number(process.env['FC_SEED']) : 20_260_724;
const RUNS = Number(process.env['FC_RUNS'] ?? 150);
const params: fc.Parameters<[InputCase, ConfigCase]> = { seed: SEED, numRuns: RUNS };

interface Case {
  text: string;
  options: Parameters<typeof processText>[1] & object;
  config: Config;
}

/** The input text and the options the CLI would pass for this config form. */
function prepare(input: InputCase, config: ConfigCase, mode?: 'check'): Case {
  // A stream has no functionConfig: there the typed/ConfigMap object arrives by -f.
  const inList = config.form === 'functionConfig' && input.shape === 'resourceList';
  const file = config.form === 'file' || (config.form === 'functionConfig' && !inList) ? config.object : undefined;
  const text = printInput(input, inList ? config.object : undefined);
  const options = {
    ...(file !== undefined ? { configObject: file } : {}),
    ...(config.form === 'set' ? { set: config.data } : {}),
    ...(mode !== undefined ? { mode } : {}),
  };
  const loaded = loadConfig({
    functionConfig: inList ? config.object : undefined,
    file,
    ...(options.set ? { set: options.set } : {}),
    ...(mode ? { mode } : {}),
  });
  return { text, options, config: loaded };
}

function run(c: Case): ProcessOutput {
  return processText(c.text, c.options);
}

interface OutputItem {
  object: KubeObject;
  text: string;
  /** The text between the end of the previous item (or the start of the list) and this item: comments, `- `, `---`. */
  gap: string;
}

/** Items of a ResourceList or stream, each with its own source text, as the yaml package reads them. */
function itemsOf(text: string): OutputItem[] {
  // merge: kubectl (go-yaml) resolves `<<` merge keys; the oracle reads what kubectl would.
  const docs = parseAllDocuments(text, { merge: true });
  expect(docs.flatMap((d) => d.errors.map((e) => e.message))).toEqual([]);
  let previousEnd: number | undefined;
  const slice = (node: Node, doc: (typeof docs)[number]): OutputItem => {
    const range = node.range as [number, number, number];
    const itemText = text.slice(range[0], range[1]).trimEnd();
    const gap = previousEnd === undefined ? '' : text.slice(previousEnd, range[0]);
    previousEnd = range[0] + itemText.length;
    return { object: node.toJS(doc) as KubeObject, text: itemText, gap };
  };
  const first = docs[0];
  if (first && isMap(first.contents) && (first.contents.get('kind') as unknown) === 'ResourceList') {
    const items = first.contents.get('items', true);
    if (!isSeq(items)) throw new Error('ResourceList without an items list');
    return items.items.map((node) => slice(node as Node, first));
  }
  return docs.filter((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null)).map((d) => slice(d.contents as Node, d));
}

/** The text of the whole `items:` list (ResourceList) or the whole stream. */
function itemsText(text: string): string {
  const docs = parseAllDocuments(text, { merge: true });
  const first = docs[0];
  if (first && isMap(first.contents) && (first.contents.get('kind') as unknown) === 'ResourceList') {
    const range = (first.contents.get('items', true) as Node).range as [number, number, number];
    return text.slice(range[0], range[1]).trimEnd();
  }
  return text;
}

const identity = (o: KubeObject): string => {
  const meta = o.metadata ?? {};
  return `${o.apiVersion}/${o.kind}/${displayText(meta.namespace)}/${displayText(meta.name)}`;
};

const isChange = (r: Result): boolean => r.severity === 'info' && /^(would )?(set|replace|remove)\b/.test(r.message);

/**
 * Vacuity counters: a property that returns early (no output: the gate kept a stream silent) checks
 * nothing for that case. Each property counts the cases it really checked, and the ones where the
 * check had something to bite on (an item changed); both must reach their floor (a share of the
 * runs), and afterAll prints them, so a generator change that made a property vacuous fails here.
 */
const tallies: Array<{ name: string; runs: number; checked: number; biting: number }> = [];
function tally(name: string): { runs: number; checked: number; biting: number; floors(checked: number, biting: number): void } {
  const t = {
    name,
    runs: 0,
    checked: 0,
    biting: 0,
    floors(checkedShare: number, bitingShare: number): void {
      tallies.push(t);
      expect(t.checked).toBeGreaterThanOrEqual(Math.floor(t.runs * checkedShare));
      expect(t.biting).toBeGreaterThanOrEqual(Math.floor(t.runs * bitingShare));
    },
  };
  return t;
}
afterAll(() => {
  console.info(tallies.map((t) => `${t.name}: ${t.checked} of ${t.runs} cases checked, ${t.biting} with a changed item`).join('\n'));
});

describe('properties (fast-check, seed ' + SEED + ')', () => {
  test('the output has exactly the input items, in order, parses, and keeps CRLF line endings', () => {
    fc.assert(
      fc.property(inputCase, configCase, (input, config) => {
        const c = prepare(input, config);
        const out = run(c);
        if (out.output === '') {
          expect(out.shape).toBe('stream');
          expect(out.exitCode).toBe(1);
          return;
        }
        const inputIds = itemsOf(c.text).map((i) => identity(i.object));
        const outputIds = itemsOf(out.output).map((i) => identity(i.object));
        // The input's items, in order; then what apply generated (src/generate.ts): each once, none
        // already in the input, only the kinds the target side adds (README "Who may scrape").
        expect(outputIds.slice(0, inputIds.length)).toEqual(inputIds);
        const generated = itemsOf(out.output)
          .slice(inputIds.length)
          .map((i) => i.object);
        expect(generated.map((o) => o.kind).filter((k) => !['ClusterRoleBinding', 'ServiceAccount', 'Secret'].includes(k))).toEqual([]);
        expect(new Set(generated.map(identity)).size).toBe(generated.length);
        expect(generated.map(identity).filter((id) => inputIds.includes(id))).toEqual([]);

        // CRLF in, CRLF out: no bare LF and no stray CR anywhere.
        if (input.crlf) expect(out.output.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      }),
      params,
    );
  });

  test('every item that is not a selected monitor is byte-for-byte identical; so is every item whose content did not change, and the text between items', () => {
    const t = tally('untouched');
    fc.assert(
      fc.property(inputCase, configCase, (input, config) => {
        t.runs++;
        const c = prepare(input, config);
        const out = run(c);
        if (out.output === '') return;
        t.checked++;
        if (out.results.some(isChange)) t.biting++;
        const before = itemsOf(c.text);
        const after = itemsOf(out.output);
        before.forEach((item, index) => {
          const kind = monitorKindOf(item.object);
          const selected = kind !== undefined && isSelected(item.object, c.config.select);
          const unchanged = JSON.stringify(item.object) === JSON.stringify(after[index]?.object);
          if (!selected || unchanged) expect(after[index]?.text).toBe(item.text);
          // Comments, separators and blank lines between items stay too.
          expect(after[index]?.gap).toBe(item.gap);
        });
      }),
      params,
    );
    t.floors(0.6, 0.1); // seed run: 116 and 22 of 150
  });

  test('running on its own output changes nothing and reports no change', () => {
    const t = tally('idempotent');
    fc.assert(
      fc.property(inputCase, configCase, (input, config) => {
        t.runs++;
        const c = prepare(input, config);
        const first = run(c);
        if (first.output === '') return;
        t.checked++;
        if (first.results.some(isChange)) t.biting++;
        const second = processText(first.output, c.options);
        expect(second.results.filter(isChange)).toEqual([]);
        expect(itemsText(second.output)).toBe(itemsText(first.output));
      }),
      params,
    );
    t.floors(0.6, 0.1); // seed run: 116 and 22 of 150
  });

  test('check mode never changes an item', () => {
    const t = tally('check-mode');
    fc.assert(
      fc.property(inputCase, configCase, (input, config) => {
        t.runs++;
        const c = prepare(input, config, 'check');
        const out = run(c);
        if (out.output === '') return;
        t.checked++;
        if (out.results.some((r) => isChange(r) && r.message.startsWith('would '))) t.biting++;
        expect(itemsText(out.output)).toBe(itemsText(c.text));
        expect(out.results.filter((r) => isChange(r) && !r.message.startsWith('would '))).toEqual([]);
      }),
      params,
    );
    t.floors(0.6, 0.1); // seed run: 116 and 22 of 150
  });

  test('check never exits 0 where apply exits 1 with the same config and input (README "The gate"), and says at least every error apply says', () => {
    let failing = 0;
    fc.assert(
      fc.property(inputCase, configCase, (input, config) => {
        const applied = run(prepare(input, config));
        const checked = run(prepare(input, config, 'check'));
        if (applied.exitCode === 1) failing++;
        expect(checked.exitCode).toBeGreaterThanOrEqual(applied.exitCode);
        // Every apply error has its counterpart in check (same code and field; the message may say "as apply would write it").
        const key = (r: Result): string => `${r.tags.code} ${r.resourceRef?.kind ?? ''}/${r.resourceRef?.name ?? ''} ${r.field?.path ?? ''}`;
        const checkedErrors = new Set(checked.results.filter((r) => r.severity === 'error').map(key));
        for (const error of applied.results.filter((r) => r.severity === 'error')) expect(checkedErrors).toContain(key(error));
      }),
      params,
    );
    // Vacuous unless some generated configs make apply fail.
    expect(failing).toBeGreaterThan(0);
  });

  test('apply output satisfies the CRD schema whenever the input did', () => {
    let checked = 0;
    fc.assert(
      fc.property(inputCase, configCase, (input, config) => {
        const c = prepare(input, config);
        const out = run(c);
        if (out.output === '') return;
        const after = itemsOf(out.output);
        itemsOf(c.text).forEach((item, index) => {
          if (monitorKindOf(item.object) === undefined || (validateAgainstCrd(item.object)?.length ?? 0) > 0) return;
          checked++;
          expect({ item: identity(item.object), findings: validateAgainstCrd((after[index] as OutputItem).object) }).toEqual({
            item: identity(item.object),
            findings: [],
          });
        });
      }),
      params,
    );
    // The property is vacuous unless the generators produce schema-valid monitors.
    expect(checked).toBeGreaterThan(RUNS / 2);
  });
});

/**
 * Generated items (README "Who may scrape": rbac.bind, fileCredentials: migrate), on inputs built to need them:
 * monitors with bearerTokenFile scraping a controller-runtime manager whose metrics-reader
 * ClusterRole nobody binds, in either input shape and style, with either config.
 */
const targetCase = fc.record({
  namespace: fc.constantFrom('default', 'project-system'),
  monitors: fc.integer({ min: 1, max: 3 }),
  annotated: fc.boolean(),
  shape: fc.constantFrom('resourceList' as const, 'stream' as const),
  crlf: fc.boolean(),
  // From 15: printStyled then adds no YAML alias, which could make `verbs` an alias of the URLs (another role).
  choices: fc.array(fc.integer({ min: 15, max: 99 }), { minLength: 8, maxLength: 16 }),
  indentSeq: fc.boolean(),
  config: fc.constantFrom<Record<string, string>>(
    { 'bind-scraper': 'true', scraper: 'monitoring/prometheus-k8s' },
    { 'file-credentials': 'migrate' },
    { 'file-credentials': 'migrate', 'bind-scraper': 'true' },
  ),
});

type TargetCase = typeof targetCase extends fc.Arbitrary<infer T> ? T : never;

function targetInput(t: TargetCase): string {
  const path = (file: string, index = 0): JsonObject =>
    t.annotated ? { annotations: { 'config.kubernetes.io/path': file, 'config.kubernetes.io/index': String(index) } } : {};
  const objects: JsonObject[] = [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'metrics-reader', ...path('rbac/role.yaml') },
      rules: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }],
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'manager-metrics', namespace: t.namespace, labels: { app: 'manager' }, ...path('manager.yaml', 1) },
      spec: { selector: { app: 'manager' }, ports: [{ name: 'https', port: 8443, targetPort: 8443 }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'manager', namespace: t.namespace, ...path('manager.yaml') },
      spec: {
        selector: { matchLabels: { app: 'manager' } },
        template: {
          metadata: { labels: { app: 'manager' } },
          spec: { containers: [{ name: 'manager', image: 'example/manager:1', args: ['--metrics-bind-address=:8443'] }] },
        },
      },
    },
  ];
  for (let i = 0; i < t.monitors; i++) {
    objects.push({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: `manager-${i}`, namespace: t.namespace, ...path(`monitor-${i}.yaml`) },
      spec: {
        selector: { matchLabels: { app: 'manager' } },
        endpoints: [{ port: 'https', path: '/metrics', scheme: 'https', bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' }],
      },
    });
  }
  return printInput({
    shape: t.shape,
    items: objects.map((object) => ({ object, choices: t.choices, indentSeq: t.indentSeq })),
    wideItems: false,
    leadingSeparator: false,
    sourceComments: false,
    crlf: t.crlf,
  });
}

describe('generated items (fast-check, seed ' + SEED + ')', () => {
  const targetParams = { seed: SEED, numRuns: Math.max(20, Math.floor(RUNS / 3)) };

  test('apply adds each generated item once, after the input, whose items stay byte-identical unless changed; a second run adds and changes nothing', () => {
    let added = 0;
    fc.assert(
      fc.property(targetCase, (t) => {
        const text = targetInput(t);
        const out = processText(text, { set: t.config });
        expect(out.exitCode).toBe(0);
        const before = itemsOf(text);
        const after = itemsOf(out.output);
        expect(after.slice(0, before.length).map((i) => identity(i.object))).toEqual(before.map((i) => identity(i.object)));
        before.forEach((item, index) => {
          if (item.object.kind !== 'ServiceMonitor') expect(after[index]?.text).toBe(item.text);
        });
        const generated = after.slice(before.length).map((i) => identity(i.object));
        expect(new Set(generated).size).toBe(generated.length);
        expect(generated.length).toBeGreaterThan(0);
        added += generated.length;
        // Each generated item is reported (info) exactly once.
        expect(out.results.filter((r) => r.message.startsWith('added ')).length).toBe(generated.length);
        const second = processText(out.output, { set: t.config });
        expect(itemsText(second.output)).toBe(itemsText(out.output));
        expect(second.results.filter((r) => r.message.startsWith('added ') || isChange(r))).toEqual([]);
      }),
      targetParams,
    );
    expect(added).toBeGreaterThan(0);
  });

  test('check mode never changes or adds an item, and proposes each generated item once', () => {
    fc.assert(
      fc.property(targetCase, (t) => {
        const text = targetInput(t);
        const out = processText(text, { set: t.config, mode: 'check' });
        expect(itemsText(out.output)).toBe(itemsText(text));
        const proposed = out.results.filter((r) => r.message.startsWith('would add ')).map((r) => r.message);
        expect(proposed.length).toBeGreaterThan(0);
        expect(new Set(proposed).size).toBe(proposed.length);
      }),
      targetParams,
    );
  });
});

describe('no Secret value reaches results or stderr (in-process CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sm-props-'));

  async function cli(args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const input = Readable.from([Buffer.from(stdin)]) as unknown as NodeJS.ReadStream;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => out.push(chunk));
    stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const code = await main(args, { stdin: input, stdout, stderr, env: { LOG_TO_STDERR: 'true' } });
    return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
  }

  test('Secret data / stringData values never appear in results, the results file or stderr', async () => {
    await fc.assert(
      fc.asyncProperty(inputCase, configCase, async (input, config) => {
        const c = prepare(input, config);
        const values = input.items.flatMap(({ object }) =>
          object.kind === 'Secret' ? ['data', 'stringData'].flatMap((f) => Object.values((object[f] ?? {}) as Record<string, string>)) : [],
        );
        const args = ['--results', join(dir, 'results.yaml')];
        if (c.options.configObject !== undefined) {
          writeFileSync(join(dir, 'cfg.yaml'), JSON.stringify(c.options.configObject));
          args.push('-f', join(dir, 'cfg.yaml'));
        }
        for (const [key, value] of Object.entries(c.options.set ?? {})) args.push('-d', `${key}=${value}`);
        const run = await cli(args, c.text);
        expect([0, 1]).toContain(run.code);
        const resultsFile = readFileSync(join(dir, 'results.yaml'), 'utf8');
        const stdoutResults =
          input.shape === 'resourceList' ? JSON.stringify((parseAllDocuments(run.stdout)[0]?.toJS() as { results?: unknown }).results ?? []) : '';
        for (const value of values) {
          expect(run.stderr).not.toContain(value);
          expect(resultsFile).not.toContain(value);
          expect(stdoutResults).not.toContain(value);
        }
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
