import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { parse } from 'yaml';
import { main } from '../../src/cli.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], stdin = '', env: NodeJS.ProcessEnv = {}, tty = false): Promise<Run> {
  const input = Readable.from([Buffer.from(stdin)]) as unknown as NodeJS.ReadStream;
  (input as { isTTY?: boolean }).isTTY = tty;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await main(args, { stdin: input, stdout, stderr, env });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

const MONITOR = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: m
  namespace: ns
spec:
  selector: {matchLabels: {app: m}}
  endpoints:
  - port: https
---
apiVersion: v1
kind: Service
metadata:
  name: m-svc
  namespace: ns
  labels: {app: m}
spec:
  ports:
  - name: https
    port: 8443
`;

const resourceList = (data: Record<string, string>): string =>
  `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${MONITOR.split('---\n')
    .map((doc) => '- ' + doc.trimEnd().split('\n').join('\n  ') + '\n')
    .join('')}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: function-input}\n  data: ${JSON.stringify(data)}\n`;

describe('CLI', () => {
  test('--help shows usage with examples; --version the package version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('Examples:');
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });

  test('stdin is a terminal and no -i: help on stderr instead of waiting, exit 1', async () => {
    const run = await cli([], '', {}, true);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no input: pipe a ResourceList or YAML stream to stdin, or pass -i FILE');
  });

  test('stream mode: repaired stream on stdout, summary always on stderr, exit 0', async () => {
    const run = await cli(['-d', 'server-name=auto'], MONITOR);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('serverName: m-svc.ns.svc');
    expect(run.stderr).toBe('2 changes: scheme 1, server-name 1\nsecure-monitors: 0 errors, 0 warnings, 2 changes, 0 notes\n');
    const verbose = await cli(['-d', 'server-name=auto', '--verbose'], MONITOR);
    expect(verbose.stderr).toContain(
      '[info] monitoring.coreos.com/v1/ServiceMonitor/ns/m spec.endpoints[0].tlsConfig.serverName: set serverName to m-svc.ns.svc',
    );
    expect(verbose.stderr).toMatch(/\nsecure-monitors: 0 errors, 0 warnings, 2 changes, 0 notes\n$/);
    expect((await cli(['-d', 'server-name=auto', '--quiet'], MONITOR)).stderr).toBe('');
  });

  test('stream mode with nothing to report: the summary line all the same', async () => {
    const run = await cli([], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('secure-monitors: 0 errors, 0 warnings, 0 changes, 0 notes\n');
  });

  test('--verbose with --quiet: exit 3, nothing on stdout', async () => {
    const run = await cli(['--verbose', '--quiet'], MONITOR);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--verbose and --quiet exclude each other');
  });

  test('stderr that is not a terminal never gets progress (no carriage returns)', async () => {
    const many = Array.from({ length: 600 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`).join('---\n');
    const run = await cli([], many);
    expect(run.stderr).not.toContain('\r');
  });

  test('ResourceList mode: results in the output; stderr summary only with LOG_TO_STDERR or --log-to-stderr', async () => {
    const quiet = await cli([], resourceList({ 'server-name': 'auto' }));
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    const out = parse(quiet.stdout) as { results: Array<{ tags: { code: string } }> };
    expect(out.results.map((r) => r.tags.code)).toContain('server-name');
    expect((await cli([], resourceList({ 'server-name': 'auto' }), { LOG_TO_STDERR: 'true' })).stderr).toContain(
      'secure-monitors: 0 errors, 0 warnings, 2 changes',
    );
    expect((await cli(['--log-to-stderr', '--verbose'], resourceList({ 'server-name': 'auto' }))).stderr).toContain('[info]');
    // The ResourceList's results stay complete whatever stderr shows.
    const summarised = await cli(['--log-to-stderr'], resourceList({ 'server-name': 'auto' }));
    expect((parse(summarised.stdout) as { results: unknown[] }).results).toHaveLength(2);
  });

  test('error results in a ResourceList: exit 1 and the full ResourceList with results on stdout (kpt shows them)', async () => {
    const run = await cli([], resourceList({ 'server-name': 'auto' }).replace('{matchLabels: {app: m}}', '{matchLabels: {app: nothing}}'));
    expect(run.code).toBe(1);
    const out = parse(run.stdout) as { items: unknown[]; results: Array<{ severity: string }> };
    expect(out.items).toHaveLength(2);
    expect(out.results.some((r) => r.severity === 'error')).toBe(true);
  });

  test('invalid config: exit 3, nothing on stdout, the key and a suggestion on stderr', async () => {
    const run = await cli(['-d', 'server-nam=auto'], MONITOR);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('secure-monitors: invalid function config:\n  - --set server-nam: unknown key (did you mean "server-name"?)');
  });

  test('an unknown flag is a usage error (exit 3)', async () => {
    const run = await cli(['--frobnicate']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("Unknown option '--frobnicate'");
  });

  test('unusable input: exit 1, nothing on stdout, where on stderr', async () => {
    const run = await cli(['-i', 'does-not-exist.yaml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^secure-monitors: does-not-exist\.yaml: cannot read input: ENOENT/);
  });

  test('-i/-o/-f/--results use files; -o is written whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm-cli-'));
    writeFileSync(join(dir, 'in.yaml'), MONITOR);
    writeFileSync(
      join(dir, 'cfg.yaml'),
      'apiVersion: fn.secure-monitors.dev/v1alpha1\nkind: SecureMonitors\nmetadata: {name: c}\nspec:\n  tls: {serverName: auto}\n',
    );
    const run = await cli(['-i', join(dir, 'in.yaml'), '-o', join(dir, 'out.yaml'), '-f', join(dir, 'cfg.yaml'), '--results', join(dir, 'results.yaml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(join(dir, 'out.yaml'), 'utf8')).toContain('serverName: m-svc.ns.svc');
    const results = parse(readFileSync(join(dir, 'results.yaml'), 'utf8')) as Array<{ tags: { code: string } }>;
    expect(results.map((r) => r.tags.code)).toContain('server-name');
  });

  test('-f with broken YAML is a config error with line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm-cli-'));
    writeFileSync(join(dir, 'cfg.yaml'), 'spec: [unclosed\n');
    const run = await cli(['-f', join(dir, 'cfg.yaml')], MONITOR);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/cfg\.yaml: line \d+, column \d+: invalid YAML/);
  });

  test('--mode check changes nothing and still reports the would-be changes', async () => {
    const run = await cli(['--mode', 'check', '-d', 'server-name=auto', '--verbose'], MONITOR);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(MONITOR);
    expect(run.stderr).toContain('would set serverName to m-svc.ns.svc');
  });

  test('--fail-on warning: warnings fail the run (exit 1; a stream writes nothing, a ResourceList everything); --fail-on error overrides spec.failOn', async () => {
    // tlsConfig with scheme http: a scheme-tls warning and nothing worse.
    const warned = MONITOR.replace('  - port: https\n', '  - port: https\n    scheme: http\n    tlsConfig: {serverName: m-svc.ns.svc}\n');
    const lenient = await cli([], warned);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toBe(warned);
    expect(lenient.stderr).toContain('secure-monitors: 0 errors, 1 warning, 0 changes, 0 notes');
    const strict = await cli(['--fail-on', 'warning'], warned);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain('[warning] monitoring.coreos.com/v1/ServiceMonitor/ns/m spec.endpoints[0].scheme: tlsConfig is set but the scheme is http');
    const list = resourceList({ 'fail-on': 'warning' }).replace(
      '  - port: https\n',
      '  - port: https\n      scheme: http\n      tlsConfig: {serverName: m-svc.ns.svc}\n',
    );
    const kpt = await cli([], list);
    expect(kpt.code).toBe(1);
    expect((parse(kpt.stdout) as { items: unknown[] }).items).toHaveLength(2);
    expect((await cli(['--fail-on', 'error'], list)).code).toBe(0);
    expect((await cli(['--fail-on', 'all'], warned)).code).toBe(3);
  });

  test('-o is not created when a stream run fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm-cli-'));
    const run = await cli(['-o', join(dir, 'out.yaml'), '-d', 'server-name=auto'], MONITOR.replace('app: m}', 'app: other}'));
    expect(run.code).toBe(1);
    expect(existsSync(join(dir, 'out.yaml'))).toBe(false);
    expect(run.stderr).toContain('[error]');
  });
});
