/**
 * Helm post-renderers (docs/helm.md). No helm binary can be installed
 * here, so the contract is exercised the way Helm runs it, on the packed and installed package:
 *
 * - Helm 3: `--post-renderer secure-monitors` is looked up on PATH and run with the
 *   `--post-renderer-args`, the rendered manifests (no hooks) on stdin, the result on stdout.
 * - Helm 4: `--post-renderer secure-monitors` names the plugin installed from the package's
 *   helm-plugin/ (`helm plugin install DIR` links the directory into Helm's plugins folder). Helm runs
 *   `runtimeConfig.platformCommand` with `${HELM_PLUGIN_DIR}` expanded, the post-renderer args
 *   appended, HELM_PLUGIN_* in the environment, every document (hooks too) annotated with
 *   `postrenderer.helm.sh/postrender-filename`; it never shows stderr and treats empty stdout as an error.
 *
 * What this cannot show (docs/helm.md): Helm itself parsing plugin.yaml, installing the plugin, and
 * rebuilding its files from the annotations afterwards.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, cpSync, writeFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describeIf, makeTempDir, removeTempDirs, REPO_ROOT, requireBuild, requireTool, run, UPDATE_EXPECTED } from './tools.js';
import type { RunResult } from './tools.js';

const ready = [requireBuild(), requireTool('npm')].every(Boolean);
const EXAMPLE = join(REPO_ROOT, 'examples', 'helm-pushgateway');
const RENDERED = readFileSync(join(EXAMPLE, 'rendered.yaml'), 'utf8');
const FN_CONFIG = join(EXAMPLE, 'fn-config.yaml');
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const FILENAME_ANNOTATION = 'postrenderer.helm.sh/postrender-filename';

afterAll(removeTempDirs);

const npmEnv = (): NodeJS.ProcessEnv => ({ ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' });

function ok(result: RunResult): RunResult {
  if (result.status !== 0) throw new Error(result.transcript);
  return result;
}

interface PlatformCommand {
  os?: string;
  arch?: string;
  command: string;
  args?: string[];
}

interface Plugin {
  apiVersion: string;
  name: string;
  version: string;
  type: string;
  runtime: string;
  runtimeConfig: { platformCommand: PlatformCommand[] };
}

/**
 * The Helm 4 stream for the chart: each document annotated with the chart file it came from (Helm
 * adds the annotation to every document), and a hook document, which Helm 4 sends too.
 */
function helm4Stream(rendered: string): string {
  const docs = rendered.split(/^---\n/m).filter((d) => d.trim() !== '');
  const hook = `# Source: prometheus-pushgateway/templates/tests/test-connection.yaml
apiVersion: v1
kind: Pod
metadata:
  name: "pgw-prometheus-pushgateway-test-connection"
  namespace: monitoring
  annotations:
    "helm.sh/hook": test
spec:
  containers:
    - name: wget
      image: busybox
      command: ['wget']
      args: ['pgw-prometheus-pushgateway:9091/-/healthy']
  restartPolicy: Never
`;
  return [...docs, hook]
    .map((doc) => {
      const file = /^# Source: (\S+)$/m.exec(doc)?.[1] ?? 'unknown.yaml';
      const annotation = `    ${FILENAME_ANNOTATION}: '${file}'\n`;
      return doc.includes('\n  annotations:\n')
        ? doc.replace('\n  annotations:\n', `\n  annotations:\n${annotation}`)
        : doc.replace(/^metadata:\n/m, `metadata:\n  annotations:\n${annotation}`);
    })
    .map((doc) => `---\n${doc}`)
    .join('');
}

describeIf(ready, 'Helm post-renderers, on the package installed from its tarball into an empty prefix', () => {
  let prefix = '';
  let packageDir = '';
  let plugins = '';

  beforeAll(() => {
    const out = makeTempDir('secure-monitors-helm-pack-');
    const packed = ok(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: REPO_ROOT, env: npmEnv() }));
    const tarball = join(out, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]?.filename as string);
    prefix = makeTempDir('secure-monitors-prefix-');
    ok(run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], { env: npmEnv(), timeout: 300_000 }));
    packageDir = join(prefix, 'lib', 'node_modules', 'secure-monitors');
    // `helm plugin install DIR` for a local directory: a link named after the plugin in Helm's plugins folder.
    plugins = makeTempDir('secure-monitors-helm-plugins-');
    symlinkSync(join(packageDir, 'helm-plugin'), join(plugins, 'secure-monitors'));
  }, 300_000);

  /** PATH with only the prefix's bin and node: what a fresh machine with the package installed has. */
  const freshPath = (): string => [join(prefix, 'bin'), dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter);

  test('the package installed into an empty prefix puts secure-monitors on PATH, and it runs', () => {
    const version = ok(run('secure-monitors', ['--version'], { env: { PATH: freshPath() } }));
    expect(version.stdout.trim()).toBe(VERSION);
  });

  test('plugin.yaml is a Helm 4 postrenderer/v1 subprocess plugin with only the fields Helm 4.1 accepts, shipped in the package', () => {
    const plugin = parse(readFileSync(join(packageDir, 'helm-plugin', 'plugin.yaml'), 'utf8')) as Plugin & Record<string, unknown>;
    expect(Object.keys(plugin).sort()).toEqual(['apiVersion', 'name', 'runtime', 'runtimeConfig', 'type', 'version']);
    expect(plugin).toMatchObject({ apiVersion: 'v1', name: 'secure-monitors', version: VERSION, type: 'postrenderer/v1', runtime: 'subprocess' });
    expect(Object.keys(plugin.runtimeConfig)).toEqual(['platformCommand']);
    for (const command of plugin.runtimeConfig.platformCommand) {
      expect(command.command.startsWith('${HELM_PLUGIN_DIR}/')).toBe(true);
      // The command Helm executes directly (no shell): executable, with a shebang.
      const file = join(packageDir, 'helm-plugin', command.command.slice('${HELM_PLUGIN_DIR}/'.length));
      expect(statSync(file).mode & 0o111).not.toBe(0);
      expect(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    }
  });

  /** Runs the plugin as Helm 4 does: platformCommand for this OS, ${VAR} expanded, args appended, stream in. */
  function helm4(stream: string, postRendererArgs: string[], extraEnv: NodeJS.ProcessEnv = {}, pluginDir = join(plugins, 'secure-monitors')): RunResult {
    const plugin = parse(readFileSync(join(pluginDir, 'plugin.yaml'), 'utf8')) as Plugin;
    const goos = process.platform === 'win32' ? 'windows' : process.platform;
    const platform = plugin.runtimeConfig.platformCommand.find(
      (c) => (c.os === undefined || c.os === goos) && (c.arch === undefined || c.arch === process.arch.replace('x64', 'amd64')),
    );
    if (platform === undefined) throw new Error('no platformCommand for this platform');
    const env: NodeJS.ProcessEnv = {
      PATH: freshPath(),
      HELM_PLUGIN_NAME: plugin.name,
      HELM_PLUGIN_DIR: pluginDir,
      HELM_PLUGINS: dirname(pluginDir),
      HELM_BIN: 'helm',
      HELM_NAMESPACE: 'monitoring',
      ...extraEnv,
    };
    const expand = (text: string): string =>
      text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string | undefined, bare: string | undefined) => env[braced ?? bare ?? ''] ?? '');
    const cwd = makeTempDir('secure-monitors-helm-cwd-');
    cpSync(FN_CONFIG, join(cwd, 'fn-config.yaml'));
    return run(expand(platform.command), [...(platform.args ?? []).map(expand), ...postRendererArgs], { input: stream, env, cwd });
  }

  test('Helm 4: the chart output (hooks included) comes back with basicAuth on the ServiceMonitor; every other document, annotation and comment untouched; findings in SECURE_MONITORS_RESULTS', () => {
    const stream = helm4Stream(RENDERED);
    const resultsFile = join(makeTempDir('secure-monitors-helm-results-'), 'results.yaml');
    const result = helm4(stream, ['--config=fn-config.yaml'], { SECURE_MONITORS_RESULTS: resultsFile });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).not.toBe('');
    const before = stream.split(/^---\n/m);
    const after = result.stdout.split(/^---\n/m);
    expect(after).toHaveLength(before.length);
    for (let i = 0; i < before.length; i++) {
      if ((before[i] as string).includes('kind: ServiceMonitor')) continue;
      expect(after[i]).toBe(before[i]);
    }
    const docs = parseAllDocuments(result.stdout).map(
      (d) => d.toJS() as { kind: string; metadata: { annotations?: Record<string, string> }; spec: { endpoints?: Array<Record<string, unknown>> } },
    );
    for (const doc of docs) expect(doc.metadata.annotations?.[FILENAME_ANNOTATION]).toMatch(/^prometheus-pushgateway\/templates\//);
    const monitor = docs.find((d) => d.kind === 'ServiceMonitor');
    expect(monitor?.metadata.annotations?.[FILENAME_ANNOTATION]).toBe('prometheus-pushgateway/templates/servicemonitor.yaml');
    expect(monitor?.spec.endpoints?.[0]).toEqual({
      port: 'http',
      interval: '1m',
      scrapeTimeout: '10s',
      path: '/metrics',
      scheme: 'http',
      honorLabels: true,
      basicAuth: { username: { name: 'pushgateway-auth', key: 'username' }, password: { name: 'pushgateway-auth', key: 'password' } },
    });
    const results = parse(readFileSync(resultsFile, 'utf8')) as Array<{ severity: string; tags: { code: string }; file?: { path: string } }>;
    expect(results.map((r) => r.tags.code)).toContain('auth');
    expect(results.filter((r) => r.severity === 'error')).toEqual([]);
    // A second pass (helm upgrade renders the same chart) changes nothing.
    const again = helm4(result.stdout, ['--config=fn-config.yaml']);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(result.stdout);
  });

  test('Helm 4: an error run writes nothing to stdout and exits 1 (Helm stops the install); the results file says why', () => {
    // Without the Service, serverName: auto cannot be resolved: an error result.
    const withoutService = helm4Stream(RENDERED)
      .split(/^---\n/m)
      .filter((doc) => !doc.includes('kind: Service\n'))
      .join('---\n');
    const resultsFile = join(makeTempDir('secure-monitors-helm-results-'), 'results.sarif');
    const failed = helm4(withoutService, ['--config=fn-config.yaml', '--set=server-name=auto', '--results-format=sarif'], {
      SECURE_MONITORS_RESULTS: resultsFile,
    });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
      runs: Array<{ results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation?: { artifactLocation: { uri: string } } }> }> }>;
    };
    const error = sarif.runs[0]?.results.find((r) => r.level === 'error');
    expect(error?.ruleId).toBe('server-name-unresolved');
    // Located in the chart file Helm named.
    expect(error?.locations[0]?.physicalLocation?.artifactLocation.uri).toBe('prometheus-pushgateway/templates/servicemonitor.yaml');

    const unusable = helm4('apiVersion: v1\nkind: [\n', [], { SECURE_MONITORS_RESULTS: resultsFile });
    expect(unusable.status).toBe(1);
    expect(unusable.stdout).toBe('');
    expect(readFileSync(resultsFile, 'utf8')).toContain('code: unusable-input');
  });

  test('Helm 4: a copy of the plugin folder without the package around it fails clearly, with nothing on stdout', () => {
    const copy = join(makeTempDir('secure-monitors-helm-copy-'), 'secure-monitors');
    mkdirSync(copy);
    cpSync(join(packageDir, 'helm-plugin'), copy, { recursive: true });
    const result = helm4(helm4Stream(RENDERED), [], {}, copy);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('cannot find the CLI');
  });

  test('Helm 3: secure-monitors from PATH with the post-renderer args, the rendered chart in, the repaired chart out (post-rendered.yaml)', () => {
    const cwd = makeTempDir('secure-monitors-helm3-');
    cpSync(FN_CONFIG, join(cwd, 'fn-config.yaml'));
    // helm install … --post-renderer secure-monitors --post-renderer-args -f --post-renderer-args fn-config.yaml
    const result = run('secure-monitors', ['-f', 'fn-config.yaml'], { input: RENDERED, env: { PATH: freshPath() }, cwd });
    expect(result.status).toBe(0);
    const golden = join(EXAMPLE, 'post-rendered.yaml');
    if (UPDATE_EXPECTED) writeFileSync(golden, result.stdout);
    expect(existsSync(golden)).toBe(true);
    expect(result.stdout).toBe(readFileSync(golden, 'utf8'));
    // Only the ServiceMonitor changed; the `# Source:` comments stay.
    const changed = RENDERED.split(/^---\n/m).filter((doc, i) => doc !== result.stdout.split(/^---\n/m)[i]);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toContain('# Source: prometheus-pushgateway/templates/servicemonitor.yaml\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor');
    expect(result.stdout.match(/^# Source: /gm)).toHaveLength(RENDERED.match(/^# Source: /gm)?.length ?? -1);
  });
});
