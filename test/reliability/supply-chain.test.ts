/**
 * Supply chain and side effects (docs/guarantees.md): no known high/critical advisory in the runtime
 * dependencies, exact versions everywhere, and a CLI that never opens a socket and writes no file
 * but `-o` and `--results`.
 *
 * `npm audit` needs the registry's advisory endpoint: when it cannot be reached the audit test
 * skips with a message on a developer machine and fails under `CI=true`.
 * `SECURE_MONITORS_SKIP_AUDIT="<reason>"` skips it explicitly (the reason is printed), for a CI
 * behind a registry mirror that has no audit endpoint.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { assertBuilt, CLI, REPO_ROOT, runCli } from './run-cli.js';
import type { CliOptions } from './run-cli.js';

const IN_CI = process.env['CI'] === 'true';

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
interface LockEntry {
  version?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
}
interface PackageLock {
  lockfileVersion: number;
  packages: Record<string, LockEntry & PackageJson>;
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as PackageLock;

/** Every package `npm install --omit=dev` brings (package-lock.json, not dev): what users run. */
const RUNTIME_CLOSURE = [
  'ajv@8.20.0', // the function config's and the CRDs' validators (precompiled; runtime helpers only)
  'fast-deep-equal@3.1.3', // ajv
  'fast-json-patch@3.1.1', // endpointPatches (RFC 6902) and the diff of a changed item
  'fast-uri@3.1.9', // ajv
  'json-schema-traverse@1.0.0', // ajv
  'require-from-string@2.0.2', // ajv
  'yaml@2.9.1', // the Document API: comments, quotes and flow style kept
];

describe('dependencies', () => {
  test('npm audit --omit=dev --audit-level=high finds nothing', () => {
    const skip = process.env['SECURE_MONITORS_SKIP_AUDIT'];
    if (skip) {
      console.warn(`npm audit skipped: SECURE_MONITORS_SKIP_AUDIT=${skip}`);
      return;
    }
    const audit = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
    let report: { metadata?: { vulnerabilities?: Record<string, number> }; vulnerabilities?: Record<string, { severity: string; via: unknown }> } | undefined;
    try {
      report = JSON.parse(audit.stdout) as typeof report;
    } catch {
      report = undefined;
    }
    const counts = report?.metadata?.vulnerabilities;
    if (counts === undefined) {
      // No report: offline, or a registry (mirror, proxy) without the advisory endpoint.
      const why =
        `${audit.stderr}\n${audit.stdout}`.split('\n').find((line) => /error|ENOTFOUND|EAI_AGAIN|ECONN|405|40\d|50\d/.test(line)) ?? `exit ${audit.status}`;
      const message = `npm audit could not reach the advisory endpoint (${why.trim()})`;
      if (IN_CI) throw new Error(`${message}; CI must audit (or set SECURE_MONITORS_SKIP_AUDIT with a reason)`);
      console.warn(`skipping: ${message}`);
      return;
    }
    const serious = Object.entries(report?.vulnerabilities ?? {}).filter(([, v]) => v.severity === 'high' || v.severity === 'critical');
    expect({ high: counts['high'] ?? 0, critical: counts['critical'] ?? 0, packages: serious.map(([name]) => name) }).toEqual({
      high: 0,
      critical: 0,
      packages: [],
    });
    expect(audit.status).toBe(0);
  });

  test('package.json pins every dependency to an exact version', () => {
    const ranges = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([, version]) => !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version));
    expect(ranges).toEqual([]);
  });

  test('package-lock.json matches package.json and locks every package with an integrity hash', () => {
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    const root = lock.packages[''] ?? {};
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect({ name, locked: lock.packages[`node_modules/${name}`]?.version }).toEqual({ name, locked: version });
    }
    const unlocked = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.link && !/^sha(512|384|256)-/.test(entry.integrity ?? ''));
    expect(unlocked.map(([path]) => path)).toEqual([]);
    // What ships: the runtime closure, exactly. A new package (direct or pulled in) or a new version
    // fails here on purpose: whoever adds it reviews it and writes it down in this list.
    const runtime = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && !entry.dev)
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'}`)
      .sort();
    expect(runtime).toEqual(RUNTIME_CLOSURE);
    for (const [name, version] of Object.entries(pkg.dependencies ?? {})) expect(runtime).toContain(`${name}@${version}`);
  });

  test('test-only packages never ship: every devDependency and what it pulls in is locked as dev', () => {
    // e.g. the SARIF schema's package (@microsoft/jest-sarif, which brings sync-fetch and node-fetch)
    // and ajv-draft-04 serve test/core/sarif.test.ts only.
    for (const name of Object.keys(pkg.devDependencies ?? {})) {
      expect({ name, dev: lock.packages[`node_modules/${name}`]?.dev === true }).toEqual({ name, dev: true });
    }
    for (const name of ['sync-fetch', 'node-fetch']) expect({ name, dev: lock.packages[`node_modules/${name}`]?.dev }).toEqual({ name, dev: true });
  });

  test('README "Dependencies" names every dependency and dev dependency with its reason', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## Dependencies$/m)[1]?.split(/^## /m)[0] ?? '';
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect({ name, listed: section.includes(`\`${name}\``) }).toEqual({ name, listed: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Side effects of a run

const MONITOR = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  endpoints:
  - port: https
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  ports: [{name: https, port: 8443}]
---
apiVersion: v1
kind: Secret
metadata: {name: metrics-server-cert, namespace: shop}
data: {ca.crt: Y2E=, tls.crt: Y3J0, tls.key: a2V5}
`;

const RESOURCE_LIST = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${MONITOR.split('---\n')
  .map((doc) => '- ' + doc.trimEnd().split('\n').join('\n  ') + '\n')
  .join(
    '',
  )}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: function-input}\n  data: {tls-secret: metrics-server-cert, server-name: auto}\n`;

/** Every way the CLI ends: success, findings, check mode, files, bad config, bad input, help. */
const SCENARIOS: Array<{ name: string; args: string[]; stdin: string; exit: number; writes: string[] }> = [
  { name: 'stream, apply', args: ['-d', 'tls-secret=metrics-server-cert', '-d', 'server-name=auto'], stdin: MONITOR, exit: 0, writes: [] },
  { name: 'ResourceList with functionConfig', args: [], stdin: RESOURCE_LIST, exit: 0, writes: [] },
  { name: 'check mode', args: ['--mode', 'check', '-d', 'tls-secret=metrics-server-cert'], stdin: MONITOR, exit: 0, writes: [] },
  { name: 'stream with error results', args: ['-d', 'server-name=auto'], stdin: MONITOR.replace('app: web}}', 'app: other}}'), exit: 1, writes: [] },
  {
    name: '-i, -o, --results, -f',
    args: ['-i', 'in.yaml', '-o', 'out.yaml', '--results', 'results.yaml', '-f', 'cfg.yaml'],
    stdin: '',
    exit: 0,
    writes: ['out.yaml', 'results.yaml'],
  },
  { name: 'invalid config', args: ['-d', 'tls-secrt=x'], stdin: MONITOR, exit: 3, writes: [] },
  { name: 'unusable input', args: [], stdin: 'kind: [', exit: 1, writes: [] },
  { name: '--help', args: ['--help'], stdin: '', exit: 0, writes: [] },
];

/** Loaded before the CLI: every way to open a socket or resolve a name records itself on stderr, then throws. */
const NO_NETWORK_PRELOAD = `
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
const refuse = (what) => function () {
  process.stderr.write('NETWORK ATTEMPT: ' + what + '\\n');
  throw new Error('network access attempted: ' + what);
};
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.connect = net.createConnection = refuse('net.connect');
net.Server.prototype.listen = refuse('net.Server.listen');
tls.connect = refuse('tls.connect');
http.request = http.get = refuse('http.request');
https.request = https.get = refuse('https.request');
dgram.createSocket = refuse('dgram.createSocket');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'lookupService']) {
  dns[name] = refuse('dns.' + name);
  dns.promises[name] = refuse('dns.promises.' + name);
}
globalThis.fetch = refuse('fetch');
globalThis.WebSocket = refuse('WebSocket');
`;

type Listing = Map<string, string>;

/** Every file and directory under `dir` with its size and mtime. */
function listing(dir: string, into: Listing = new Map(), base = dir): Listing {
  if (!existsSync(dir)) return into;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    into.set(relative(base, path), stat.isDirectory() ? 'dir' : `${stat.size}@${stat.mtimeMs}`);
    if (stat.isDirectory()) listing(path, into, base);
  }
  return into;
}

describe('a run opens no socket and writes only -o and --results', () => {
  beforeAll(assertBuilt);
  const sandbox = mkdtempSync(join(tmpdir(), 'sm-side-effects-'));
  const preload = join(sandbox, 'no-network.mjs');
  writeFileSync(preload, NO_NETWORK_PRELOAD);

  test('the preload does catch a connection attempt (so a clean run means something)', () => {
    const probe = spawnSync(process.execPath, ['--import', preload, '-e', "require('node:net').connect(80, 'example.invalid')"], { encoding: 'utf8' });
    expect(probe.stderr).toContain('NETWORK ATTEMPT: net.connect');
    expect(probe.status).not.toBe(0);
  });

  test.each(SCENARIOS)('$name: exit $exit, no network, files: $writes', (scenario) => {
    const cwd = join(sandbox, scenario.name.replace(/\W+/g, '-'));
    const home = join(cwd, 'home');
    const temp = join(cwd, 'tmp');
    mkdirSync(home, { recursive: true });
    mkdirSync(temp, { recursive: true });
    writeFileSync(join(cwd, 'in.yaml'), MONITOR);
    writeFileSync(
      join(cwd, 'cfg.yaml'),
      'apiVersion: fn.secure-monitors.dev/v1alpha1\nkind: SecureMonitors\nmetadata: {name: c}\nspec:\n  tls: {serverName: auto, ca: {secret: {name: metrics-server-cert, key: ca.crt}}}\n',
    );
    // The package's own folders are compared by name only: a rebuild during the test is not the CLI's doing.
    const packageDirs = ['dist', 'gen', 'schema'].map((dir) => join(REPO_ROOT, dir));
    const packageBefore = packageDirs.map((dir) => [...listing(dir).keys()].sort());
    const before = listing(cwd);
    const options: CliOptions = {
      args: scenario.args,
      stdin: scenario.stdin,
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: home, TMPDIR: temp, XDG_CACHE_HOME: join(home, '.cache'), XDG_CONFIG_HOME: join(home, '.config') },
      nodeFlags: ['--import', preload],
    };
    const run = runCli(options);
    expect(run.stderr).not.toContain('NETWORK ATTEMPT');
    expect(run.code).toBe(scenario.exit);
    const after = listing(cwd);
    const created = [...after.keys()].filter((path) => !before.has(path)).sort();
    expect(created).toEqual([...scenario.writes].sort());
    // Nothing else changed: not the inputs, not HOME, not TMPDIR (all under cwd here), not the package.
    const changed = [...before].filter(([path, stamp]) => after.get(path) !== stamp).map(([path]) => path);
    expect(changed).toEqual([]);
    expect(packageDirs.map((dir) => [...listing(dir).keys()].sort())).toEqual(packageBefore);
  });

  const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0;
  (canUnshare ? test : test.skip)('in a network namespace with no interfaces (unshare -n) it works the same', () => {
    const run = spawnSync('unshare', ['-n', process.execPath, CLI, '-d', 'tls-secret=metrics-server-cert', '-d', 'server-name=auto'], {
      input: MONITOR,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('serverName: web.shop.svc');
  });
});
