/**
 * kpt end to end, the way kpt's own function catalog tests its examples: every folder under
 * examples/ with a Kptfile is copied to a temp dir, `git init`, run with the real kpt, and the
 * package's `git diff` and kpt's results file are compared with the example's `.expected/`:
 *
 *   .expected/diff.patch, .expected/results.yaml                kpt fn eval PKG --exec secure-monitors
 *   .expected/render/diff.patch, .expected/render/results.yaml  kpt fn render PKG --allow-exec (Kptfile pipeline)
 *   .expected/config.yaml (optional)                            how to run eval, expected exit codes
 *
 * A second run over the result must change nothing. `UPDATE_EXPECTED=1` rewrites the goldens.
 * `secure-monitors` on PATH is a shim running this repository's package bin (dist/secure-monitors.cjs), so Kptfiles say what an
 * installed user's Kptfile says: `exec: secure-monitors`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import {
  CLI,
  copyDir,
  describeIf,
  envWithSecureMonitors,
  gitCommitAll,
  gitDiff,
  gitInit,
  makeTempDir,
  removeTempDirs,
  REPO_ROOT,
  requireBuild,
  requireTool,
  run,
  UPDATE_EXPECTED,
} from './tools.js';
import type { RunResult } from './tools.js';

const EXAMPLES = join(REPO_ROOT, 'examples');

const ready = [requireBuild(), requireTool('kpt'), requireTool('git'), requireTool('bash')].every(Boolean);

/** `.expected/config.yaml`: every key optional. */
interface ExampleConfig {
  /** `kpt fn eval --fn-config FILE` (relative to the package). Default: `fn-config.yaml` when present. */
  fnConfig?: string;
  /** `kpt fn eval … -- k=v …`: ConfigMap keys instead of a config file. */
  args?: Record<string, string>;
  /** Expected exit code of `kpt fn eval` (default 0). */
  exitCode?: number;
  /** Expected exit code of `kpt fn render` (default 0). */
  renderExitCode?: number;
}

const CONFIG_KEYS = new Set(['fnConfig', 'args', 'exitCode', 'renderExitCode']);

interface Example {
  name: string;
  dir: string;
  config: ExampleConfig;
  hasPipeline: boolean;
}

function discoverExamples(): Example[] {
  if (!existsSync(EXAMPLES)) return [];
  return readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(EXAMPLES, e.name, 'Kptfile')))
    .map((e) => {
      const dir = join(EXAMPLES, e.name);
      return { name: e.name, dir, config: readExampleConfig(dir), hasPipeline: hasPipeline(join(dir, 'Kptfile')) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function readExampleConfig(dir: string): ExampleConfig {
  const file = join(dir, '.expected', 'config.yaml');
  const config = (existsSync(file) ? (parse(readFileSync(file, 'utf8')) ?? {}) : {}) as ExampleConfig & Record<string, unknown>;
  const unknown = Object.keys(config).filter((k) => !CONFIG_KEYS.has(k));
  if (unknown.length > 0) throw new Error(`${file}: unknown keys ${unknown.join(', ')} (known: ${[...CONFIG_KEYS].join(', ')})`);
  if (config.fnConfig === undefined && config.args === undefined && existsSync(join(dir, 'fn-config.yaml'))) config.fnConfig = 'fn-config.yaml';
  return config;
}

function hasPipeline(kptfile: string): boolean {
  const doc = parse(readFileSync(kptfile, 'utf8')) as { pipeline?: { mutators?: unknown[]; validators?: unknown[] } } | null;
  return (doc?.pipeline?.mutators?.length ?? 0) + (doc?.pipeline?.validators?.length ?? 0) > 0;
}

/** A copy of the package without `.expected/`, committed to a fresh git repository. */
function freshPackage(from: string, name: string): { work: string; pkg: string } {
  const work = makeTempDir(`secure-monitors-kpt-${name}-`);
  const pkg = join(work, name);
  copyDir(from, pkg);
  const expected = join(pkg, '.expected');
  rmSync(expected, { recursive: true, force: true });
  gitInit(pkg);
  return { work, pkg };
}

function kpt(args: string[], work: string): RunResult {
  return run('kpt', args, { cwd: work, env: envWithSecureMonitors(join(work, 'bin')) });
}

function evalArgs(pkg: string, resultsDir: string, config: ExampleConfig, exec = 'secure-monitors'): string[] {
  const args = ['fn', 'eval', pkg, '--exec', exec, '--results-dir', resultsDir, '--truncate-output=false'];
  if (config.fnConfig !== undefined) args.push('--fn-config', join(pkg, config.fnConfig));
  if (config.args !== undefined) args.push('--', ...Object.entries(config.args).map(([k, v]) => `${k}=${v}`));
  return args;
}

function renderArgs(pkg: string, resultsDir: string): string[] {
  return ['fn', 'render', pkg, '--allow-exec', '--results-dir', resultsDir, '--truncate-output=false'];
}

function expectExit(result: RunResult, expected: number): void {
  if (result.status !== expected) throw new Error(`expected exit ${expected}, got ${result.status}\n${result.transcript}`);
}

/** kpt's results file with the machine-specific parts (temp dirs, this checkout, node) replaced. */
function resultsOf(resultsDir: string, work: string): string {
  const file = join(resultsDir, 'results.yaml');
  if (!existsSync(file)) throw new Error(`kpt wrote no ${file}`);
  return normalise(readFileSync(file, 'utf8'), work);
}

function normalise(text: string, work: string): string {
  return text.split(work).join('<tmp>').split(REPO_ROOT).join('<repo>').split(process.execPath).join('node').replace(/\s*$/, '\n');
}

/** Compares with a golden file, or writes it under UPDATE_EXPECTED=1. */
function expectGolden(file: string, actual: string): void {
  if (UPDATE_EXPECTED) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`${relative(REPO_ROOT, file)} does not exist: run with UPDATE_EXPECTED=1 and review what it writes`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const examples = discoverExamples();

afterAll(removeTempDirs);

describeIf(ready, 'examples/* as kpt packages (catalog-style .expected/)', () => {
  if (examples.length === 0) {
    test('there is at least one example with a Kptfile', () => {
      throw new Error(`no folder under ${EXAMPLES} has a Kptfile`);
    });
    return;
  }

  describe.each(examples)('examples/$name', (example) => {
    test(`kpt fn eval --exec secure-monitors matches .expected/, and a second run changes nothing`, () => {
      const { work, pkg } = freshPackage(example.dir, example.name);
      const first = kpt(evalArgs(pkg, join(work, 'results-1'), example.config), work);
      expectExit(first, example.config.exitCode ?? 0);
      expectGolden(join(example.dir, '.expected', 'diff.patch'), gitDiff(pkg));
      expectGolden(join(example.dir, '.expected', 'results.yaml'), resultsOf(join(work, 'results-1'), work));

      gitCommitAll(pkg);
      const second = kpt(evalArgs(pkg, join(work, 'results-2'), example.config), work);
      expectExit(second, example.config.exitCode ?? 0);
      expect(gitDiff(pkg)).toBe('');
    });

    (example.hasPipeline ? test : test.skip)('kpt fn render --allow-exec matches .expected/render/, and a second render changes nothing', () => {
      const { work, pkg } = freshPackage(example.dir, example.name);
      const first = kpt(renderArgs(pkg, join(work, 'results-1')), work);
      expectExit(first, example.config.renderExitCode ?? 0);
      expectGolden(join(example.dir, '.expected', 'render', 'diff.patch'), gitDiff(pkg));
      expectGolden(join(example.dir, '.expected', 'render', 'results.yaml'), resultsOf(join(work, 'results-1'), work));

      gitCommitAll(pkg);
      const second = kpt(renderArgs(pkg, join(work, 'results-2')), work);
      expectExit(second, example.config.renderExitCode ?? 0);
      expect(gitDiff(pkg)).toBe('');
    });
  });
});

/** A Kubebuilder-style package written here (the real scaffolds are data of another project). */
const KUBEBUILDER_MONITOR = `# Prometheus Monitor Service (Metrics)
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  labels:
    control-plane: controller-manager
    app.kubernetes.io/name: inventory
    app.kubernetes.io/managed-by: kustomize
  name: inventory-controller-manager-metrics-monitor
  namespace: inventory-system
spec:
  endpoints:
    - path: /metrics
      port: https # Ensure this is the name of the port that exposes HTTPS metrics
      scheme: https
      bearerTokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
      tlsConfig:
        # insecureSkipVerify is what the scaffold ships; the TLS setup below replaces it.
        insecureSkipVerify: true
  selector:
    matchLabels:
      control-plane: controller-manager
      app.kubernetes.io/name: inventory
`;

const KUBEBUILDER_SERVICES = `apiVersion: v1
kind: Service
metadata:
  labels: {control-plane: controller-manager, app.kubernetes.io/name: inventory}
  name: inventory-controller-manager-metrics-service
  namespace: inventory-system
spec:
  ports:
  - name: https
    port: 8443
    protocol: TCP
    targetPort: 8443
  selector:
    control-plane: controller-manager
---
# another document in the same file: must come back byte for byte
apiVersion: v1
kind: ConfigMap
metadata:
  name: inventory-settings
  namespace: inventory-system
data:
  quoted: "yes"
  single: 'no'
  flow: "{a: 1}"
`;

const KPTFILE = (pipeline: string): string => `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: inventory
  annotations:
    config.kubernetes.io/local-config: "true"
${pipeline}`;

function writePackage(files: Record<string, string>, name = 'inventory'): { work: string; pkg: string } {
  const work = makeTempDir(`secure-monitors-kpt-${name}-`);
  const pkg = join(work, name);
  mkdirSync(pkg, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(pkg, file), text);
  gitInit(pkg);
  return { work, pkg };
}

describeIf(ready, 'kpt fn eval / render with the ConfigMap form', () => {
  const files = { Kptfile: KPTFILE(''), 'monitor.yaml': KUBEBUILDER_MONITOR, 'services.yaml': KUBEBUILDER_SERVICES };

  test('eval without any config: kpt sends an empty ConfigMap function-input, only checks run, nothing changes', () => {
    const { work, pkg } = writePackage(files);
    const result = kpt(['fn', 'eval', pkg, '--exec', 'secure-monitors', '--results-dir', join(work, 'r')], work);
    expectExit(result, 0);
    expect(gitDiff(pkg)).toBe('');
  });

  test(`eval --exec "<node> <repo>/<package bin>" -- server-name=auto tls-secret=NAME merges TLS, keeps every endpoint field and comment`, () => {
    const { work, pkg } = writePackage(files);
    const exec = `${process.execPath} ${CLI}`;
    const args = [
      'fn',
      'eval',
      pkg,
      '--exec',
      exec,
      '--results-dir',
      join(work, 'r'),
      '--truncate-output=false',
      '--',
      'server-name=auto',
      'tls-secret=metrics-server-cert',
    ];
    const result = kpt(args, work);
    expectExit(result, 0);
    // kpt prints each result as "[info] group/version/Kind/ns/name field.path: message".
    expect(result.stderr).toContain(
      '[info] monitoring.coreos.com/v1/ServiceMonitor/inventory-system/inventory-controller-manager-metrics-monitor spec.endpoints[0].tlsConfig.serverName:',
    );

    const diff = gitDiff(pkg);
    // Only the monitor's file changes; no file is moved, added or rewritten by kpt.
    expect(diff.match(/^diff --git .*$/gm)).toEqual(['diff --git a/monitor.yaml b/monitor.yaml']);
    expect(readFileSync(join(pkg, 'services.yaml'), 'utf8')).toBe(KUBEBUILDER_SERVICES);
    expect(readFileSync(join(pkg, 'monitor.yaml'), 'utf8')).toBe(
      KUBEBUILDER_MONITOR.replace(
        '        insecureSkipVerify: true\n',
        // A CA given turns the scaffold's insecureSkipVerify: true off (the headline one-liner used to leave it).
        `        insecureSkipVerify: false
        serverName: inventory-controller-manager-metrics-service.inventory-system.svc
        ca:
          secret:
            name: metrics-server-cert
            key: ca.crt
        cert:
          secret:
            name: metrics-server-cert
            key: tls.crt
        keySecret:
          name: metrics-server-cert
          key: tls.key
`,
      ),
    );
    const results = parse(readFileSync(join(work, 'r', 'results.yaml'), 'utf8')) as { items: Array<{ results?: Array<{ field?: { path: string } }> }> };
    const paths = (results.items[0]?.results ?? []).map((r) => r.field?.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'spec.endpoints[0].tlsConfig.serverName',
        'spec.endpoints[0].tlsConfig.ca',
        'spec.endpoints[0].tlsConfig.keySecret',
        'spec.endpoints[0].tlsConfig.insecureSkipVerify',
      ]),
    );

    gitCommitAll(pkg);
    expectExit(kpt(args, work), 0);
    expect(gitDiff(pkg)).toBe('');
  });

  test('render with a Kptfile mutator and configMap: gives the same result as eval -- k=v', () => {
    const pipeline = `pipeline:
  mutators:
    - exec: secure-monitors
      configMap:
        server-name: auto
        tls-secret: metrics-server-cert
`;
    const { work, pkg } = writePackage({ ...files, Kptfile: KPTFILE(pipeline) });
    const result = kpt(renderArgs(pkg, join(work, 'r')), work);
    expectExit(result, 0);
    expect(gitDiff(pkg).match(/^diff --git .*$/gm)).toEqual(['diff --git a/monitor.yaml b/monitor.yaml']);
    expect(readFileSync(join(pkg, 'monitor.yaml'), 'utf8')).toContain(
      '        serverName: inventory-controller-manager-metrics-service.inventory-system.svc\n',
    );
    gitCommitAll(pkg);
    expectExit(kpt(renderArgs(pkg, join(work, 'r2')), work), 0);
    expect(gitDiff(pkg)).toBe('');
  });

  test('kpt fn source | secure-monitors -d … | kpt fn sink: the ResourceList pipeline writes the same files', () => {
    const { work, pkg } = writePackage(files);
    const out = join(work, 'out');
    const script = 'set -o pipefail; kpt fn source "$1" | secure-monitors -d server-name=auto -d tls-secret=metrics-server-cert | kpt fn sink "$2"';
    const result = run('bash', ['-c', script, 'pipeline', pkg, out], { cwd: work, env: envWithSecureMonitors(join(work, 'bin')) });
    expectExit(result, 0);
    expect(readFileSync(join(out, 'services.yaml'), 'utf8')).toBe(KUBEBUILDER_SERVICES);
    expect(readFileSync(join(out, 'monitor.yaml'), 'utf8')).toContain(
      '        insecureSkipVerify: false\n        serverName: inventory-controller-manager-metrics-service.inventory-system.svc\n',
    );
    expect(readFileSync(join(out, 'monitor.yaml'), 'utf8').startsWith('# Prometheus Monitor Service (Metrics)\n')).toBe(true);
  });

  test('an invalid ConfigMap key fails eval with exit 3 and a message naming the key', () => {
    const { work, pkg } = writePackage(files);
    const result = kpt(['fn', 'eval', pkg, '--exec', 'secure-monitors', '--', 'server-nmae=auto'], work);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('server-nmae');
    expect(result.stderr).toMatch(/did you mean .{0,2}"server-name/);
    expect(gitDiff(pkg)).toBe('');
  });
});

describeIf(ready, 'examples/validate-in-ci: secure-monitors as a Kptfile validator in check mode', () => {
  const source = join(EXAMPLES, 'validate-in-ci');

  test('a ServiceMonitor whose serverName drifted from its Service and Certificate fails the render, with the error in kpt output', () => {
    const { work, pkg } = freshPackage(source, 'validate-in-ci');
    const monitor = join(pkg, 'servicemonitor.yaml');
    const original = readFileSync(monitor, 'utf8');
    // The serverName no longer matches the Service the monitor selects nor the Certificate's dnsNames.
    const broken = original.replace('serverName: shop-api-metrics.shop.svc', 'serverName: shop-api.shop.svc');
    expect(broken).not.toBe(original);
    writeFileSync(monitor, broken);
    gitCommitAll(pkg);

    const result = kpt(renderArgs(pkg, join(work, 'r')), work);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('[FAIL] "secure-monitors"');
    expect(result.stderr).toMatch(
      /\[error\] monitoring\.coreos\.com\/v1\/ServiceMonitor\/shop\/shop-api spec\.endpoints\[0\]\.tlsConfig\.serverName: .*shop-api\.shop\.svc/,
    );
    const results = readFileSync(join(work, 'r', 'results.yaml'), 'utf8');
    expect(results).toContain('severity: error');
    // A failed render writes nothing back.
    expect(gitDiff(pkg)).toBe('');
  });
});

describeIf(ready, 'the root Kptfile: the repository renders as a package whose subpackages are the examples', () => {
  test('kpt fn render . --allow-exec on a copy of the repository renders every example and touches nothing outside examples/', () => {
    const work = makeTempDir('secure-monitors-kpt-root-');
    const repo = join(work, 'secure-monitors');
    // What a fresh clone holds: tracked files plus new files that are not git-ignored.
    const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT });
    expectExit(listed, 0);
    for (const file of listed.stdout.split('\0').filter((f) => f !== '' && existsSync(join(REPO_ROOT, f)) && statSync(join(REPO_ROOT, f)).isFile())) {
      mkdirSync(dirname(join(repo, file)), { recursive: true });
      writeFileSync(join(repo, file), readFileSync(join(REPO_ROOT, file)));
    }
    expect(existsSync(join(repo, 'Kptfile'))).toBe(true);
    if (!existsSync(join(repo, '.krmignore'))) {
      throw new Error(
        'the repository has no .krmignore: without one, kpt reads every YAML file of the repository (test fixtures, CI files) as resources of the root package; see docs/kpt.md',
      );
    }
    gitInit(repo);

    const result = kpt(['fn', 'render', repo, '--allow-exec', '--truncate-output=false'], work);
    expectExit(result, 0);
    for (const example of examples.filter((e) => e.hasPipeline)) {
      expect(result.stderr).toContain(`Package "secure-monitors/examples/${example.name}"`);
    }
    const changed = (gitDiff(repo).match(/^diff --git a\/(\S+)/gm) ?? []).map((l) => l.replace('diff --git a/', ''));
    expect(changed.filter((f) => !f.startsWith('examples/'))).toEqual([]);
    // Each example changes exactly as when it is rendered on its own.
    for (const example of examples) {
      const golden = join(example.dir, '.expected', 'render', 'diff.patch');
      const expected = example.hasPipeline && existsSync(golden) ? readFileSync(golden, 'utf8') : '';
      // The trailing slash: git's --relative is a path prefix (examples/kubebuilder would take examples/kubebuilder-scraper-rbac too).
      expect({ example: example.name, diff: gitDiff(repo, `examples/${example.name}/`) }).toEqual({ example: example.name, diff: expected });
    }
  });
});
