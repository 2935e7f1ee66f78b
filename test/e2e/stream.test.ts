/**
 * Pipeline mode against the real kustomize (kubectl kustomize):
 *   kubectl kustomize DIR | secure-monitors -f cfg.yaml | kubectl apply -f -
 * A clean build comes out repaired (exit 0) with the results summary on stderr; a build with an
 * error result exits 1 with readable `[error] …` lines and writes NOTHING to stdout, so the apply
 * at the end of the pipe applies nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { CLI, describeIf, makeTempDir, removeTempDirs, requireBuild, requireTool, run } from './tools.js';

const ready = [requireBuild(), requireTool('kubectl'), requireTool('bash')].every(Boolean);

afterAll(removeTempDirs);

const KUSTOMIZATION = `namespace: shop-system
namePrefix: shop-
resources:
- service.yaml
- monitor.yaml
- settings.yaml
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: metrics-service
  labels: {app.kubernetes.io/name: shop, app.kubernetes.io/component: metrics}
spec:
  selector: {app.kubernetes.io/name: shop}
  ports:
  - name: https
    port: 8443
    targetPort: 8443
`;

// What Kubebuilder scaffolds: every field here must survive.
const MONITOR = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: metrics-monitor
  labels: {app.kubernetes.io/name: shop}
spec:
  endpoints:
  - path: /metrics
    port: https
    scheme: https
    interval: 30s
    bearerTokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
    tlsConfig:
      insecureSkipVerify: true
  selector:
    matchLabels: {app.kubernetes.io/name: shop, app.kubernetes.io/component: metrics}
`;

const SETTINGS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  level: debug
`;

const CONFIG = `# yaml-language-server: $schema=../../schema/secure-monitors.schema.json
apiVersion: fn.secure-monitors.dev/v1alpha1
kind: SecureMonitors
metadata:
  name: metrics-tls
spec:
  tls:
    serverName: auto
    ca: {secret: {name: metrics-server-cert, key: ca.crt}}
    cert: {secret: {name: metrics-server-cert, key: tls.crt}}
    keySecret: {name: metrics-server-cert, key: tls.key}
    insecureSkipVerify: false
`;

interface Project {
  dir: string;
  config: string;
}

function project(files: Record<string, string>): Project {
  const work = makeTempDir('secure-monitors-stream-');
  const dir = join(work, 'kustomize');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const config = join(work, 'cfg.yaml');
  writeFileSync(config, CONFIG);
  return { dir, config };
}

function build(dir: string): string {
  const built = run('kubectl', ['kustomize', dir]);
  if (built.status !== 0) throw new Error(built.transcript);
  return built.stdout;
}

type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown> };

function docs(text: string): Obj[] {
  return parseAllDocuments(text).map((d) => d.toJS() as Obj);
}

/** The stream split into document texts, to compare untouched documents byte for byte. */
function documentTexts(text: string): string[] {
  return text.split(/^---\n/m);
}

describeIf(ready, 'stream mode: kubectl kustomize DIR | secure-monitors -f cfg.yaml', () => {
  test('a clean build comes out repaired: exit 0, the same stream shape, results summary on stderr', () => {
    const { dir, config } = project({ 'kustomization.yaml': KUSTOMIZATION, 'service.yaml': SERVICE, 'monitor.yaml': MONITOR, 'settings.yaml': SETTINGS });
    const input = build(dir);
    const result = run(process.execPath, [CLI, '-f', config], { input });
    if (result.status !== 0) throw new Error(result.transcript);

    const before = docs(input);
    const after = docs(result.stdout);
    expect(after.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(before.map((o) => `${o.kind}/${o.metadata.name}`));
    // Documents that are not monitors come back byte for byte.
    const inTexts = documentTexts(input);
    const outTexts = documentTexts(result.stdout);
    expect(outTexts).toHaveLength(inTexts.length);
    before.forEach((obj, i) => {
      if (obj.kind !== 'ServiceMonitor') expect(outTexts[i]).toBe(inTexts[i]);
    });

    const monitor = after.find((o) => o.kind === 'ServiceMonitor') as Obj;
    const endpoint = (monitor.spec?.['endpoints'] as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    expect(endpoint).toEqual({
      path: '/metrics',
      port: 'https',
      scheme: 'https',
      interval: '30s',
      bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      tlsConfig: {
        insecureSkipVerify: false,
        // The prefixed, namespaced name kustomize produced, not the name in service.yaml.
        serverName: 'shop-metrics-service.shop-system.svc',
        ca: { secret: { name: 'metrics-server-cert', key: 'ca.crt' } },
        cert: { secret: { name: 'metrics-server-cert', key: 'tls.crt' } },
        keySecret: { name: 'metrics-server-cert', key: 'tls.key' },
      },
    });

    // Changes are counted per code on stderr (every one of them with --verbose).
    expect(result.stderr).toMatch(/^\d+ changes: .*server-name 1\b/m);
    expect(result.stderr).toMatch(/secure-monitors: 0 errors, \d+ warnings?, \d+ changes?, \d+ notes?\n$/);

    // A second pass over the output changes nothing.
    const again = run(process.execPath, [CLI, '-f', config], { input: result.stdout });
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(result.stdout);
  });

  test('--results FILE writes the same findings as YAML', () => {
    const { dir, config } = project({ 'kustomization.yaml': KUSTOMIZATION, 'service.yaml': SERVICE, 'monitor.yaml': MONITOR, 'settings.yaml': SETTINGS });
    const resultsFile = join(dir, '..', 'results.yaml');
    const result = run(process.execPath, [CLI, '-f', config, '--results', resultsFile], { input: build(dir) });
    expect(result.status).toBe(0);
    const results = parse(readFileSync(resultsFile, 'utf8')) as Array<{ severity: string; field?: { path: string; proposedValue?: unknown } }>;
    expect(results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'info',
          field: expect.objectContaining({ path: 'spec.endpoints[0].tlsConfig.serverName', proposedValue: 'shop-metrics-service.shop-system.svc' }),
        }),
      ]),
    );
  });

  test('a build with an error result: exit 1, readable [error] lines, EMPTY stdout (the apply at the end of the pipe gets nothing)', () => {
    // A second Service with the same labels makes `serverName: auto` ambiguous.
    const twin = SERVICE.replace('name: metrics-service', 'name: metrics-service-canary');
    const { dir, config } = project({
      'kustomization.yaml': KUSTOMIZATION.replace('- settings.yaml\n', '- settings.yaml\n- twin.yaml\n'),
      'service.yaml': SERVICE,
      'twin.yaml': twin,
      'monitor.yaml': MONITOR,
      'settings.yaml': SETTINGS,
    });
    const result = run(process.execPath, [CLI, '-f', config], { input: build(dir) });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^\[error\] monitoring\.coreos\.com\/v1\/ServiceMonitor\/shop-system\/shop-metrics-monitor spec\.endpoints\[0\]\.tlsConfig\.serverName: .*ambiguous.*shop-metrics-service\.shop-system.*shop-metrics-service-canary\.shop-system/m,
    );
    expect(result.stderr).toMatch(/secure-monitors: [1-9]\d* errors?, /);
    expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace
  });

  test('in a real shell pipeline with pipefail the pipeline fails and the consumer receives no bytes', () => {
    const twin = SERVICE.replace('name: metrics-service', 'name: metrics-service-canary');
    const { dir, config } = project({
      'kustomization.yaml': KUSTOMIZATION.replace('- settings.yaml\n', '- settings.yaml\n- twin.yaml\n'),
      'service.yaml': SERVICE,
      'twin.yaml': twin,
      'monitor.yaml': MONITOR,
      'settings.yaml': SETTINGS,
    });
    const received = join(dir, '..', 'received.yaml');
    // `wc -c` stands in for `kubectl apply -f -` (no cluster here): it counts what would be applied.
    const script = `set -o pipefail; kubectl kustomize "$1" | "$2" "$3" -f "$4" | wc -c > "$5"`;
    const result = run('bash', ['-c', script, 'pipeline', dir, process.execPath, CLI, config, received]);
    expect(result.status).toBe(1);
    expect(readFileSync(received, 'utf8').trim()).toBe('0');
    expect(result.stderr).toContain('[error] monitoring.coreos.com/v1/ServiceMonitor/shop-system/shop-metrics-monitor');

    // The same pipeline over a clean build passes the repaired stream through.
    const fixed = project({ 'kustomization.yaml': KUSTOMIZATION, 'service.yaml': SERVICE, 'monitor.yaml': MONITOR, 'settings.yaml': SETTINGS });
    const ok = run('bash', ['-c', script, 'pipeline', fixed.dir, process.execPath, CLI, fixed.config, received]);
    if (ok.status !== 0) throw new Error(ok.transcript);
    expect(Number(readFileSync(received, 'utf8').trim())).toBeGreaterThan(0);
  });
});
