/**
 * `--diff` (README "Reviewing a change: `--diff`"): the line diff itself (minimal, applies with GNU patch) and what the CLI prints
 * (golden files in test/diff/, regenerate with UPDATE_GOLDEN=1 and review).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { main } from '../../src/cli.js';
import { diffLines, fileLabelOf, formatDiff, standalone, unifiedDiff } from '../../src/io/diff.js';

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] as number;
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1] as number);
      diag = up;
    }
  }
  return row[b.length] as number;
}

/** Applies a unified diff the way patch does, without fuzz: every context and removed line must match. */
function applyHunks(before: string, diff: string): string {
  const a = before === '' ? [] : before.split('\n');
  const out: string[] = [];
  let cursor = 0;
  const lines = diff.split('\n').slice(2);
  for (let k = 0; k < lines.length; k++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/.exec(lines[k] as string);
    if (!header) continue;
    const count = header[2] === undefined ? 1 : Number(header[2]);
    const start = count === 0 ? Number(header[1]) : Number(header[1]) - 1;
    while (cursor < start) out.push(a[cursor++] as string);
    for (k++; k < lines.length && !(lines[k] as string).startsWith('@@'); k++) {
      const line = lines[k] as string;
      if (line.startsWith('\\')) continue;
      if (line.startsWith(' ') || line.startsWith('-')) {
        expect(a[cursor]).toBe(line.slice(1));
        cursor++;
      }
      if (line.startsWith(' ') || line.startsWith('+')) out.push(line.slice(1));
    }
    k--;
  }
  while (cursor < a.length) out.push(a[cursor++] as string);
  return out.join('\n');
}

const linesArb = fc.array(fc.constantFrom('a', 'b', 'c', 'd', '  key: x', ''), { maxLength: 30 });

describe('line diff', () => {
  test('the edit script is minimal (as many kept lines as the longest common subsequence) and rebuilds both sides', () => {
    fc.assert(
      fc.property(linesArb, linesArb, (a, b) => {
        const ops = diffLines(a, b);
        expect(ops.filter((o) => o === ' ').length).toBe(lcsLength(a, b));
        expect(ops.filter((o) => o !== '+').length).toBe(a.length);
        expect(ops.filter((o) => o !== '-').length).toBe(b.length);
      }),
      { numRuns: 400 },
    );
  });

  test('hunks rebuild the new text from the old one', () => {
    fc.assert(
      fc.property(linesArb, linesArb, (a, b) => {
        const before = a.join('\n') + '\n';
        const after = b.join('\n') + '\n';
        const diff = unifiedDiff(before, after, 'x');
        if (before === after) expect(diff).toBe('');
        else expect(applyHunks(before, diff)).toBe(after);
      }),
      { numRuns: 400 },
    );
  });

  test('GNU patch applies it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm-diff-'));
    const cases: Array<[string, string]> = [
      ['a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n', 'a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nK\nl\nm\n'],
      ['only\n', 'new\nonly\n'],
      ['x\ny\n', ''],
      ['', 'x\n'],
      ['a\nb', 'a\nb\n'],
      ['a\nb\n', 'a\nc'],
    ];
    for (const [before, after] of cases) {
      writeFileSync(join(dir, 'file.yaml'), before);
      writeFileSync(join(dir, 'p.diff'), unifiedDiff(before, after, 'file.yaml'));
      const run = spawnSync('patch', ['-s', '-p0', '--no-backup-if-mismatch', '-i', 'p.diff'], { cwd: dir, encoding: 'utf8' });
      expect(run.stderr + run.stdout).toBe('');
      expect(run.status).toBe(0);
      expect(existsSync(join(dir, 'file.yaml')) ? readFileSync(join(dir, 'file.yaml'), 'utf8') : '').toBe(after);
    }
  });

  test('exact shape: labels, heading, counts without ",1", no-newline marker', () => {
    expect(unifiedDiff('a\nb\nc\n', 'a\nB\nc', 'sm.yaml', 'ServiceMonitor ns/m')).toBe(
      '--- sm.yaml\n+++ sm.yaml\n@@ -1,3 +1,3 @@ ServiceMonitor ns/m\n a\n-b\n-c\n+B\n+c\n\\ No newline at end of file\n',
    );
    expect(unifiedDiff('a\n', 'a\nb\n', 'f')).toBe('--- f\n+++ f\n@@ -1 +1,2 @@\n a\n+b\n');
    expect(unifiedDiff('', 'a\n', 'f')).toBe('--- f\n+++ f\n@@ -0,0 +1 @@\n+a\n');
    // An item the run adds (src/generate.ts): a new file.
    expect(
      formatDiff([{ label: 'rbac/role_x.yaml', oldLabel: '/dev/null', heading: 'Role ns/x', before: '', after: 'kind: Role\nmetadata: {name: x}\n' }]),
    ).toBe('--- /dev/null\n+++ rbac/role_x.yaml\n@@ -0,0 +1,2 @@ Role ns/x\n+kind: Role\n+metadata: {name: x}\n');
  });

  test('a ResourceList entry becomes standalone text; file labels from kpt, kustomize and Helm annotations', () => {
    expect(standalone('apiVersion: v1\n  kind: X\n  metadata:\n    name: a\n', 2)).toBe('apiVersion: v1\nkind: X\nmetadata:\n  name: a\n');
    const withAnnotations = (annotations: Record<string, string>) => ({ apiVersion: 'v1', kind: 'X', metadata: { name: 'a', annotations } });
    expect(fileLabelOf(withAnnotations({ 'internal.config.kubernetes.io/path': 'a/b.yaml', 'config.kubernetes.io/path': 'old.yaml' }))).toBe('a/b.yaml');
    expect(fileLabelOf(withAnnotations({ 'config.kubernetes.io/path': 'old.yaml' }))).toBe('old.yaml');
    expect(fileLabelOf(withAnnotations({ 'postrenderer.helm.sh/postrender-filename': 'pushgateway/templates/servicemonitor.yaml' }))).toBe(
      'pushgateway/templates/servicemonitor.yaml',
    );
    expect(fileLabelOf(withAnnotations({ 'config.kubernetes.io/origin': 'path: config/prometheus/monitor.yaml\n' }))).toBe('config/prometheus/monitor.yaml');
    expect(fileLabelOf(withAnnotations({}))).toBeUndefined();
  });
});

async function cli(args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const input = Readable.from([Buffer.from(stdin)]) as unknown as NodeJS.ReadStream;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await main(args, { stdin: input, stdout, stderr, env: {} });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

function golden(name: string, text: string): void {
  const file = join('test', 'diff', name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npm run jest -- test/core/diff.test.ts and review it`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const EXAMPLE = ['-i', 'examples/kubebuilder/rendered.yaml', '-f', 'examples/kubebuilder/fn-config.yaml'];

/** The kubebuilder example's ServiceMonitor as kpt sends it: a ResourceList entry with path annotations. */
function kptList(): string {
  const monitor = readFileSync('examples/kubebuilder/rendered.yaml', 'utf8')
    .split(/^---\n/m)
    .find((doc) => doc.includes('kind: ServiceMonitor')) as string;
  const annotated = monitor.replace(
    /^metadata:\n/m,
    "metadata:\n  annotations:\n    config.kubernetes.io/path: 'monitoring/monitor.yaml'\n    internal.config.kubernetes.io/path: 'monitoring/monitor.yaml'\n",
  );
  const service = readFileSync('examples/kubebuilder/rendered.yaml', 'utf8')
    .split(/^---\n/m)
    .find((doc) => doc.includes('kind: Service\n')) as string;
  const entry = (doc: string): string => '- ' + doc.trimEnd().split('\n').join('\n  ') + '\n';
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${entry(annotated)}${entry(service)}`;
}

describe('--diff', () => {
  test('stream: the changed ServiceMonitor as a unified diff labelled by document, instead of the output; exit code unchanged', async () => {
    const run = await cli([...EXAMPLE, '--diff'], '');
    expect(run.code).toBe(0);
    golden('kubebuilder-stream.diff', run.stdout);
    expect(run.stdout.startsWith('--- document 5\n+++ document 5\n@@ ')).toBe(true);
    // The new text is what the normal run writes for that item.
    const normal = await cli(EXAMPLE, '');
    const written = normal.stdout.split(/^---\n/m)[5] as string;
    const original = readFileSync('examples/kubebuilder/rendered.yaml', 'utf8').split(/^---\n/m)[5] as string;
    expect(applyHunks(original.replace(/\n$/, ''), run.stdout.replace(/^.*\n.*\n/, '--- x\n+++ x\n'))).toBe(written.replace(/\n$/, ''));
  });

  test('kpt ResourceList: labelled by the file path annotation, lines counted in that file', async () => {
    const run = await cli(['-f', 'examples/kubebuilder/fn-config.yaml', '--diff'], kptList());
    expect(run.code).toBe(0);
    golden('kpt-resource-list.diff', run.stdout);
    expect(run.stdout.startsWith('--- monitoring/monitor.yaml\n+++ monitoring/monitor.yaml\n@@ -')).toBe(true);
    expect(run.stdout).not.toContain('results:');
  });

  test('an item the run adds (KEDA generate: true) comes after the changed items as a new file, --- /dev/null', async () => {
    const dir = 'examples/keda-azure-managed-prometheus';
    const run = await cli(['-i', `${dir}/scaledobject.yaml`, '-f', `${dir}/fn-config.yaml`, '--diff'], '');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^--- document 0\n\+\+\+ document 0\n@@ [^\n]* @@ ScaledObject payments\/payments-api\n/);
    expect(run.stdout).toContain(
      '--- /dev/null\n+++ document 1\n@@ -0,0 +1,8 @@ TriggerAuthentication payments/azure-prometheus\n+apiVersion: keda.sh/v1alpha1\n+kind: TriggerAuthentication\n',
    );
  });

  test('check mode shows what apply would change (the same diff), and changes nothing else', async () => {
    const apply = await cli([...EXAMPLE, '--diff'], '');
    const check = await cli([...EXAMPLE, '--diff', '--mode', 'check'], '');
    expect(check.stdout).toBe(apply.stdout);
    expect(check.code).toBe(0);
  });

  test('nothing to change: empty stdout, exit 0; error results: the diff and exit 1', async () => {
    const none = await cli(['-i', 'examples/kubebuilder/rendered.yaml', '--diff'], '');
    expect(none.stdout).toBe('');
    expect(none.code).toBe(0);
    // Without the Service, serverName: auto cannot be resolved: an error result.
    const broken = readFileSync('examples/kubebuilder/rendered.yaml', 'utf8')
      .split(/^---\n/m)
      .filter((doc) => !doc.includes('kind: Service\n'))
      .join('---\n');
    const failed = await cli(['-f', 'examples/kubebuilder/fn-config.yaml', '--diff'], broken);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^--- document \d+\n/);
    expect(failed.stderr).toContain('[error]');
  });
});
