/**
 * The npm package (docs/release.md): `npm pack` holds what the bin needs and nothing else, and the
 * packed tarball installed into an empty directory runs (`npx secure-monitors --help`, a real
 * transform). Packs the current build (`npm run test:e2e` builds first) with --ignore-scripts, so
 * the test never writes into the repository.
 *
 * Dependencies (yaml, ajv, fast-json-patch) come from the npm cache when they are there
 * (`--prefer-offline`; a CI that ran `npm ci` has them) and from the registry otherwise.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describeIf, makeTempDir, removeTempDirs, REPO_ROOT, requireBuild, requireTool, run } from './tools.js';
import type { RunResult } from './tools.js';

const ready = [requireBuild(), requireTool('npm'), requireTool('npx')].every(Boolean);

afterAll(removeTempDirs);

/** Top-level entries the bin and the library entry need; npm adds package.json, README and LICENSE itself. */
const ALLOWED_TOP_LEVEL = new Set(['dist', 'gen', 'schema', 'helm-plugin', 'package.json', 'README.md', 'LICENSE']);

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}

const npmEnv = (): NodeJS.ProcessEnv => ({ ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' });

function ok(result: RunResult): RunResult {
  if (result.status !== 0) throw new Error(result.transcript);
  return result;
}

describeIf(ready, 'npm package', () => {
  let packed: PackResult;
  let tarball = '';
  let installDir = '';

  beforeAll(() => {
    const out = makeTempDir('secure-monitors-pack-');
    const result = ok(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: REPO_ROOT, env: npmEnv() }));
    packed = (JSON.parse(result.stdout) as PackResult[])[0] as PackResult;
    tarball = join(out, packed.filename);
  });

  test('the tarball holds dist/, gen/, schema/, helm-plugin/, package.json, README.md (and LICENSE when there is one), nothing else', () => {
    const paths = packed.files.map((f) => f.path).sort();
    const unexpected = paths.filter((p) => !ALLOWED_TOP_LEVEL.has(p.split('/')[0] as string));
    // test/, src/, examples/, bench/, scripts/, docs/, .ci/, fixtures: not for users of the bin.
    expect(unexpected).toEqual([]);
    for (const needed of [
      'package.json',
      'README.md',
      'helm-plugin/plugin.yaml',
      'helm-plugin/post-renderer.cjs',
      'dist/cli.js',
      'dist/index.js',
      'dist/index.d.ts',
      'schema/secure-monitors.schema.json',
    ]) {
      expect(paths).toContain(needed);
    }
    for (const kind of ['config', 'servicemonitor', 'podmonitor', 'probe', 'scrapeconfig']) expect(paths).toContain(`gen/validators/${kind}.cjs`);
    if (existsSync(join(REPO_ROOT, 'LICENSE'))) expect(paths).toContain('LICENSE');
    // Everything under dist/ is built from src/, never a test.
    expect(paths.filter((p) => /\.test\.|\.spec\.|__tests__/.test(p))).toEqual([]);
  });

  test('package.json points bin, main, types and the schema export at packed files', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      main: string;
      types: string;
      exports: Record<string, unknown>;
    };
    const paths = new Set(packed.files.map((f) => f.path));
    const strip = (p: string): string => p.replace(/^\.\//, '');
    expect(paths.has(strip(pkg.bin['secure-monitors'] as string))).toBe(true);
    expect(paths.has(strip(pkg.main))).toBe(true);
    expect(paths.has(strip(pkg.types))).toBe(true);
    expect(paths.has(strip(pkg.exports['./schema.json'] as string))).toBe(true);
    // The bin runs as `node_modules/.bin/secure-monitors` (kpt exec, npx): it needs its shebang.
    const cli = readFileSync(join(REPO_ROOT, strip(pkg.bin['secure-monitors'] as string)), 'utf8');
    expect(cli.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  test('installs from the tarball into an empty directory with production dependencies only', () => {
    installDir = makeTempDir('secure-monitors-install-');
    writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'empty-project', version: '0.0.0', private: true }));
    ok(run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', tarball], { cwd: installDir, env: npmEnv(), timeout: 300_000 }));
    expect(existsSync(join(installDir, 'node_modules', '.bin', 'secure-monitors'))).toBe(true);
    // No dev dependency of ours came along.
    for (const dev of ['typescript', 'jest', 'ts-jest', 'esbuild', 'fast-check']) expect(existsSync(join(installDir, 'node_modules', dev))).toBe(false);
  });

  test('npx secure-monitors --help and --version work there', () => {
    expect(installDir).not.toBe('');
    // `--no`: never download a package of that name from the registry; `--`: the flags are ours, not npx's.
    const help = ok(run('npx', ['--no', '--', 'secure-monitors', '--help'], { cwd: installDir, env: npmEnv() }));
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('secure-monitors');
    const version = ok(run('npx', ['--no', '--', 'secure-monitors', '--version'], { cwd: installDir, env: npmEnv() }));
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  test('the installed bin repairs a real stream (CRD validators and the config schema load from the package)', () => {
    expect(installDir).not.toBe('');
    const input = `apiVersion: v1
kind: Service
metadata:
  name: api-metrics
  namespace: shop
  labels: {app: api}
spec:
  ports:
  - name: https
    port: 8443
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  endpoints:
  - port: https
    path: /metrics
`;
    const config = join(installDir, 'cfg.yaml');
    // The typed form goes through the packed JSON Schema validator (gen/validators/config.cjs).
    writeFileSync(
      config,
      `apiVersion: fn.secure-monitors.dev/v1alpha1
kind: SecureMonitors
metadata: {name: tls}
spec:
  tls:
    serverName: auto
    ca: {secret: {name: api-tls, key: ca.crt}}
`,
    );
    const result = ok(run('npx', ['--no', '--', 'secure-monitors', '-f', config], { cwd: installDir, env: npmEnv(), input }));
    const docs = result.stdout.split(/^---\n/m).map((d) => parse(d) as { kind: string; spec: { endpoints?: Array<Record<string, unknown>> } });
    const monitor = docs.find((d) => d.kind === 'ServiceMonitor');
    expect(monitor?.spec.endpoints?.[0]).toEqual({
      port: 'https',
      path: '/metrics',
      tlsConfig: { serverName: 'api-metrics.shop.svc', ca: { secret: { name: 'api-tls', key: 'ca.crt' } } },
      scheme: 'https',
    });
    expect(result.stderr).toContain('secure-monitors: 0 errors, ');
    expect(result.stderr).toMatch(/^\d+ changes: .*server-name 1/m);

    // A config error is reported from the packed schema too (exit 3, key named).
    const bad = join(installDir, 'bad.yaml');
    writeFileSync(bad, readFileSync(config, 'utf8').replace('serverName: auto', 'servername: auto'));
    const failed = run('npx', ['--no', '--', 'secure-monitors', '-f', bad], { cwd: installDir, env: npmEnv(), input });
    expect(failed.status).toBe(3);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('servername');
  });

  test('from a clone (README "Install"): npm install -g . into an empty prefix puts a working secure-monitors on PATH', () => {
    const prefix = makeTempDir('secure-monitors-clone-prefix-');
    ok(run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', REPO_ROOT], { env: npmEnv(), timeout: 120_000 }));
    const path = [join(prefix, 'bin'), dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter);
    const version = ok(run('secure-monitors', ['--version'], { env: { PATH: path } }));
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
    const repaired = ok(
      run('secure-monitors', ['-i', 'examples/kubebuilder/rendered.yaml', '-f', 'examples/kubebuilder/fn-config.yaml'], {
        env: { PATH: path },
        cwd: REPO_ROOT,
      }),
    );
    expect(repaired.stdout).toBe(readFileSync(join(REPO_ROOT, 'examples', 'kubebuilder', 'repaired.yaml'), 'utf8'));
  });
});
