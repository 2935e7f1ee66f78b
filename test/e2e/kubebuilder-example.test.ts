/**
 * examples/kubebuilder stays true to itself:
 *  - rendered.yaml is what `kubectl kustomize config/default` builds without the transformer;
 *  - fn-config.yaml configures exactly what config/default/secure-monitors.yaml configures;
 *  - `npm run example` (secure-monitors -i rendered.yaml -f fn-config.yaml) prints repaired.yaml,
 *    changes nothing but the ServiceMonitor, and a second run changes nothing;
 *  - as a kpt package (Kptfile + .krmignore) it is rendered.yaml only.
 *
 * UPDATE_EXPECTED=1 rewrites rendered.yaml and repaired.yaml (review the diff after).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import {
  CLI,
  REPO_ROOT,
  UPDATE_EXPECTED,
  copyDir,
  describeIf,
  envWithSecureMonitors,
  makeTempDir,
  removeTempDirs,
  requireBuild,
  requireTool,
  run,
} from './tools.js';
import { EXAMPLE_DIR, copyExampleConfig, dropTransformers, kubectlKustomize } from './docker-shim/index.js';

const RENDERED = join(EXAMPLE_DIR, 'rendered.yaml');
const REPAIRED = join(EXAMPLE_DIR, 'repaired.yaml');
const FN_CONFIG = join(EXAMPLE_DIR, 'fn-config.yaml');
const TRANSFORMER = join(EXAMPLE_DIR, 'config', 'default', 'secure-monitors.yaml');

const RENDERED_HEADER = `# Built from config/ by \`kubectl kustomize config/default\` with the \`transformers:\` entry removed:
# the ServiceMonitor as Kubebuilder scaffolds it. test/e2e/kubebuilder-example.test.ts regenerates
# it with UPDATE_EXPECTED=1; do not edit by hand.
`;

const SERVICE_FQDN = 'shop-operator-controller-manager-metrics-service.shop-operator-system.svc';

type Obj = Record<string, unknown>;

function docs(text: string): { kind: string; name: string; source: string; value: Obj }[] {
  return parseAllDocuments(text).map((doc) => {
    const value = doc.toJS() as Obj;
    const metadata = (value['metadata'] ?? {}) as Obj;
    const [start, , end] = doc.range;
    return { kind: String(value['kind']), name: String(metadata['name']), source: text.slice(start, end), value };
  });
}

function endpoint0(monitor: Obj): Obj {
  const spec = monitor['spec'] as Obj;
  return (spec['endpoints'] as Obj[])[0] as Obj;
}

function compareOrUpdate(file: string, actual: string): void {
  if (UPDATE_EXPECTED || !existsSync(file)) {
    writeFileSync(file, actual);
    if (!UPDATE_EXPECTED) throw new Error(`${file} did not exist; wrote it: review and commit it`);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const ready = requireTool('kubectl') && requireBuild();

describeIf(ready, 'examples/kubebuilder', () => {
  afterAll(removeTempDirs);

  test('GIVEN config/ WHEN built without the transformer THEN the stream is rendered.yaml', () => {
    const config = copyExampleConfig();
    dropTransformers(join(config, 'default', 'kustomization.yaml'));
    const built = kubectlKustomize(join(config, 'default'), { alphaPlugins: false });
    expect(built.status).toBe(0);
    compareOrUpdate(RENDERED, RENDERED_HEADER + built.stdout);
  });

  test('without a container engine (docs/kubebuilder.md): the build without the transformer entry piped through secure-monitors from PATH, with the transformer file as config, gives repaired.yaml', () => {
    const config = copyExampleConfig();
    dropTransformers(join(config, 'default', 'kustomization.yaml'));
    const work = makeTempDir('secure-monitors-kubebuilder-pipeline-');
    // The Makefile recipe of the doc, with kubectl's kustomize for $(KUSTOMIZE) build.
    const recipe = 'set -o pipefail; kubectl kustomize config/default | secure-monitors -f config/default/secure-monitors.yaml';
    const piped = run('bash', ['-c', recipe], { cwd: config.replace(/[\\/]config$/, ''), env: envWithSecureMonitors(join(work, 'bin')) });
    expect(piped.status).toBe(0);
    expect(RENDERED_HEADER + piped.stdout).toBe(readFileSync(REPAIRED, 'utf8'));
    // The container form's warning is the same finding, on stderr of the pipe.
    expect(piped.stderr).toContain('secure-monitors: 0 errors, 1 warning, 5 changes');
  });

  test('`npm run -s example > out.yaml` is exactly repaired.yaml (no npm banner, no build chatter on stdout)', () => {
    const example = run('npm', ['run', '-s', 'example'], { cwd: REPO_ROOT, env: { ...process.env, npm_config_update_notifier: 'false' }, timeout: 300_000 });
    expect(example.status).toBe(0);
    expect(example.stdout).toBe(readFileSync(REPAIRED, 'utf8'));
  });

  test('GIVEN the example WHEN built without --enable-alpha-plugins THEN kubectl refuses the transformer', () => {
    // What a user sees who forgets the flag (Kubebuilder's Makefile does not pass it).
    const built = kubectlKustomize(join(EXAMPLE_DIR, 'config', 'default'), { alphaPlugins: false });
    expect(built.status).not.toBe(0);
    expect(built.stderr).toContain('external plugins disabled');
  });

  test('fn-config.yaml configures what the kustomize transformer configures', () => {
    const fnConfig = parse(readFileSync(FN_CONFIG, 'utf8')) as Obj;
    const transformer = parse(readFileSync(TRANSFORMER, 'utf8')) as Obj;
    expect(fnConfig['apiVersion']).toBe(transformer['apiVersion']);
    expect(fnConfig['kind']).toBe(transformer['kind']);
    expect(fnConfig['spec']).toEqual(transformer['spec']);
  });

  test('package.json "example" runs the CLI on rendered.yaml with fn-config.yaml', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['example']).toContain('node dist/cli.js -i examples/kubebuilder/rendered.yaml -f examples/kubebuilder/fn-config.yaml');
  });

  test('GIVEN rendered.yaml WHEN npm run example THEN it prints repaired.yaml: only the ServiceMonitor changed, every field kept', () => {
    const result = run(process.execPath, [CLI, '-i', 'examples/kubebuilder/rendered.yaml', '-f', 'examples/kubebuilder/fn-config.yaml'], { cwd: REPO_ROOT });
    expect(result.status).toBe(0);
    compareOrUpdate(REPAIRED, result.stdout);
    // stream mode always prints its report on stderr: changes counted per code, every one with --verbose
    expect(result.stderr).toContain('5 changes: tls 4, server-name 1\n1 note: scraper-rbac 1\nsecure-monitors: 0 errors, 1 warning, 5 changes, 1 note\n');
    const verbose = run(process.execPath, [CLI, '-i', 'examples/kubebuilder/rendered.yaml', '-f', 'examples/kubebuilder/fn-config.yaml', '--verbose'], {
      cwd: REPO_ROOT,
    });
    expect(verbose.stderr).toContain(`spec.endpoints[0].tlsConfig.serverName: set serverName to ${SERVICE_FQDN}`);

    const before = docs(readFileSync(RENDERED, 'utf8'));
    const after = docs(result.stdout);
    expect(after.map((d) => `${d.kind}/${d.name}`)).toEqual(before.map((d) => `${d.kind}/${d.name}`));
    for (const [i, doc] of after.entries()) {
      if (doc.kind !== 'ServiceMonitor') expect(doc.source).toBe(before[i]?.source);
    }
    const monitor = after.find((d) => d.kind === 'ServiceMonitor');
    expect(monitor).toBeDefined();
    expect(endpoint0(monitor!.value)).toEqual({
      path: '/metrics',
      port: 'https',
      scheme: 'https',
      bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      tlsConfig: {
        insecureSkipVerify: false,
        serverName: SERVICE_FQDN,
        ca: { secret: { name: 'metrics-server-cert', key: 'ca.crt' } },
        cert: { secret: { name: 'metrics-server-cert', key: 'tls.crt' } },
        keySecret: { name: 'metrics-server-cert', key: 'tls.key' },
      },
    });
    // the Certificate the transformer trusts names the same host (kept by the replacements)
    const certificate = after.find((d) => d.kind === 'Certificate');
    expect((certificate?.value['spec'] as Obj)['dnsNames']).toContain(SERVICE_FQDN);
  });

  test('GIVEN repaired.yaml WHEN the example runs again THEN nothing changes', () => {
    const result = run(process.execPath, [CLI, '-i', REPAIRED, '-f', FN_CONFIG]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(REPAIRED, 'utf8'));
  });
});

const kptReady = ready && requireTool('kpt');

describeIf(kptReady, 'examples/kubebuilder as a kpt package', () => {
  afterAll(removeTempDirs);

  test('GIVEN the package WHEN kpt fn eval --fn-config fn-config.yaml THEN rendered.yaml is repaired and config/ is untouched', () => {
    const pkg = join(makeTempDir('secure-monitors-kb-kpt-'), 'kubebuilder');
    copyDir(EXAMPLE_DIR, pkg);
    const env = envWithSecureMonitors(join(pkg, '..', 'bin'));
    const result = run('kpt', ['fn', 'eval', pkg, '--exec', 'secure-monitors', '--fn-config', join(pkg, 'fn-config.yaml')], { env });
    if (result.status !== 0) throw new Error(result.transcript);

    for (const file of [
      'config/default/kustomization.yaml',
      'config/prometheus/monitor.yaml',
      'config/default/metrics_service.yaml',
      'fn-config.yaml',
      'Kptfile',
    ]) {
      expect(readFileSync(join(pkg, file), 'utf8')).toBe(readFileSync(join(EXAMPLE_DIR, file), 'utf8'));
    }
    const repaired = docs(readFileSync(join(pkg, 'rendered.yaml'), 'utf8'));
    const expected = docs(readFileSync(REPAIRED, 'utf8'));
    expect(repaired.map((d) => d.value)).toEqual(expected.map((d) => d.value));
  });
});
