/**
 * Conformance with real Kubebuilder scaffolds (docs/kubebuilder.md). For every tree in
 * ../shared/kubebuilder/project-v4/<version>/config (data of another project, read in place, never
 * copied into the repository), in a temp copy:
 *
 *   1. enable what Kubebuilder's own comments say to enable for TLS metrics with cert-manager:
 *      `- ../prometheus`, `- ../certmanager`, the `cert_metrics_manager_patch.yaml` patch and the
 *      metrics Certificate `replacements`, but NOT `monitor_tls_patch.yaml` and NOT the
 *      replacements that target the ServiceMonitor: secure-monitors replaces both;
 *   2. `kubectl kustomize config/default`;
 *   3. `secure-monitors -d server-name=auto -d tls-secret=metrics-server-cert -d insecure-skip-verify=false`;
 *   4. every original endpoint field survived, tlsConfig merged, serverName is the metrics Service's
 *      FQDN as the build named it (namePrefix, namespace), every other object byte for byte the same.
 *
 * Contrast, documenting what the function catches in the scaffolds as shipped:
 *   - v4.4.0 with its monitor_tls_patch.yaml (strategic merge, replaces the endpoint list,
 *     kubebuilder#4533): the `endpoints-replaced` check fires;
 *   - master (v4.5.1+) with its JSON 6902 patch but without the `replacements` that fill in
 *     SERVICE_NAME.SERVICE_NAMESPACE.svc (kueue#9180): the `placeholder` check fires.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments, parseDocument } from 'yaml';
import { CLI, describeIf, makeTempDir, removeTempDirs, REPO_ROOT, requireBuild, requireDir, requireTool, run } from './tools.js';
import type { RunResult } from './tools.js';

const TREES = join(REPO_ROOT, '..', 'shared', 'kubebuilder', 'project-v4');
const ready = [requireBuild(), requireTool('kubectl'), requireDir(TREES, 'the Kubebuilder scaffolds (../shared/kubebuilder/project-v4)')].every(Boolean);
const versions = ready
  ? readdirSync(TREES)
      .filter((v) => existsSync(join(TREES, v, 'config', 'default', 'kustomization.yaml')))
      .sort()
  : [];

afterAll(removeTempDirs);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, Json> };
type Endpoint = Record<string, Json>;

/** Removes the leading `#` of each line of a commented block; `# +kubebuilder:scaffold` markers stay. */
class CommentedFile {
  private lines: string[];
  constructor(private readonly path: string) {
    this.lines = readFileSync(path, 'utf8').split('\n');
  }

  /**
   * Uncomments from the first line matching `start` up to (not including) the line where `stop`
   * returns true (`n` counts lines from start). No-op when `start` is absent (already enabled).
   */
  uncomment(start: RegExp, stop: (line: string, n: number) => boolean): this {
    const from = this.lines.findIndex((l) => start.test(l));
    if (from < 0) return this;
    let to = this.lines.findIndex((l, i) => i > from && stop(l, i - from));
    if (to < 0) to = this.lines.length;
    for (let i = from; i < to; i++) {
      const line = this.lines[i] as string;
      if (line.startsWith('#') && !/^#\s*\+kubebuilder:/.test(line)) this.lines[i] = line.slice(1);
    }
    return this;
  }

  save(): void {
    writeFileSync(this.path, this.lines.join('\n'));
  }
}

const lines =
  (count: number) =>
  (_line: string, n: number): boolean =>
    n >= count;

interface Variant {
  /** Kubebuilder's monitor_tls_patch.yaml enabled in config/prometheus. */
  tlsPatch: boolean;
  /** cert-manager resources, the cert_metrics_manager_patch and the metrics replacements enabled. */
  certManager: boolean;
}

/** A temp copy of `<version>/config`, edited as the scaffold's comments instruct. */
function scaffold(version: string, variant: Variant): string {
  const config = join(makeTempDir(`secure-monitors-kb-${version}-`), 'config');
  cpSync(join(TREES, version, 'config'), config, { recursive: true });
  const defaults = join(config, 'default', 'kustomization.yaml');
  const edit = new CommentedFile(defaults).uncomment(/^#- \.\.\/prometheus$/, lines(1));
  if (variant.certManager) {
    edit
      .uncomment(/^#- \.\.\/certmanager$/, lines(1))
      .uncomment(/^#- path: cert_metrics_manager_patch\.yaml$/, lines(3))
      // v4.4.0 ships every replacement commented, webhook ones included ([CERTMANAGER]: "uncomment all")
      .uncomment(/^#replacements:$/, () => false)
      // master ships the webhook replacements enabled and the metrics ones commented
      .uncomment(/^# - source: # Uncomment the following block to enable certificates for metrics/, (l) => /^ - source:.*webhook/.test(l));
  }
  edit.save();
  if (variant.certManager) dropServiceMonitorReplacements(defaults);
  if (variant.tlsPatch) {
    new CommentedFile(join(config, 'prometheus', 'kustomization.yaml')).uncomment(/^#patches:$/, lines(4)).save();
  }
  checkEdits(config, variant);
  return config;
}

/** The replacements that write serverName into the ServiceMonitor are what secure-monitors replaces. */
function dropServiceMonitorReplacements(file: string): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const kustomization = doc.toJS() as { replacements?: Array<{ targets: Array<{ select: { kind?: string } }> }> };
  const replacements = (kustomization.replacements ?? [])
    .map((r) => ({ ...r, targets: r.targets.filter((t) => t.select.kind !== 'ServiceMonitor') }))
    .filter((r) => r.targets.length > 0);
  doc.set('replacements', doc.createNode(replacements));
  writeFileSync(file, doc.toString());
}

/** The edits did what they should: a changed scaffold layout must fail here, not somewhere obscure. */
function checkEdits(config: string, variant: Variant): void {
  const k = parse(readFileSync(join(config, 'default', 'kustomization.yaml'), 'utf8')) as {
    resources: string[];
    patches?: Array<{ path?: string }>;
    replacements?: Array<{ targets: Array<{ select: { kind?: string; name?: string } }> }>;
  };
  expect(k.resources).toContain('../prometheus');
  const targets = (k.replacements ?? []).flatMap((r) => r.targets.map((t) => t.select));
  expect(targets.filter((t) => t.kind === 'ServiceMonitor')).toEqual([]);
  if (variant.certManager) {
    expect(k.resources).toContain('../certmanager');
    expect((k.patches ?? []).map((p) => p.path)).toContain('cert_metrics_manager_patch.yaml');
    expect(targets).toContainEqual(expect.objectContaining({ kind: 'Certificate', name: 'metrics-certs' }));
  }
  const prometheus = parse(readFileSync(join(config, 'prometheus', 'kustomization.yaml'), 'utf8')) as { patches?: Array<{ path: string }> };
  expect((prometheus.patches ?? []).map((p) => p.path)).toEqual(variant.tlsPatch ? ['monitor_tls_patch.yaml'] : []);
}

function build(config: string): string {
  const built = run('kubectl', ['kustomize', join(config, 'default')]);
  if (built.status !== 0) throw new Error(built.transcript);
  return built.stdout;
}

function secureMonitors(
  input: string,
  args: string[],
  resultsFile: string,
): RunResult & { results: Array<{ severity: string; field?: { path: string }; tags?: { code?: string } }> } {
  const result = run(process.execPath, [CLI, '--results', resultsFile, ...args], { input });
  const results = existsSync(resultsFile) ? ((parse(readFileSync(resultsFile, 'utf8')) ?? []) as ReturnType<typeof secureMonitors>['results']) : [];
  return { ...result, results };
}

function objects(stream: string): Obj[] {
  return parseAllDocuments(stream).map((d) => d.toJS() as Obj);
}

function documentTexts(stream: string): string[] {
  return stream.split(/^---\n/m);
}

function matchesLabels(selector: Json | undefined, labels: Record<string, string> = {}): boolean {
  const matchLabels = (selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {};
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
}

describeIf(ready, 'Kubebuilder scaffolds: secure-monitors instead of monitor_tls_patch.yaml', () => {
  if (versions.length === 0) {
    test('there is at least one scaffold', () => {
      throw new Error(`no <version>/config/default/kustomization.yaml under ${TREES}`);
    });
    return;
  }

  describe.each(versions)('%s', (version) => {
    test('every endpoint field survives, TLS is merged, serverName is the metrics Service FQDN, nothing else changes', () => {
      const config = scaffold(version, { tlsPatch: false, certManager: true });
      const input = build(config);
      const result = secureMonitors(
        input,
        ['-d', 'server-name=auto', '-d', 'tls-secret=metrics-server-cert', '-d', 'insecure-skip-verify=false'],
        join(config, '..', 'results.yaml'),
      );
      if (result.status !== 0) throw new Error(result.transcript);
      expect(result.stderr).not.toContain('[error]');

      const before = objects(input);
      const after = objects(result.stdout);
      const inTexts = documentTexts(input);
      const outTexts = documentTexts(result.stdout);
      expect(after.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual(
        before.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`),
      );
      expect(outTexts).toHaveLength(inTexts.length);

      const monitors = before.map((o, i) => ({ o, i })).filter(({ o }) => o.kind === 'ServiceMonitor');
      expect(monitors.length).toBeGreaterThan(0);
      before.forEach((obj, i) => {
        if (obj.kind !== 'ServiceMonitor') expect({ i, kind: obj.kind, text: outTexts[i] }).toEqual({ i, kind: obj.kind, text: inTexts[i] });
      });

      for (const { o: original, i } of monitors) {
        const repaired = after[i] as Obj;
        // The metrics Service as the build named it (namePrefix, namespace): never hard-coded.
        const services = before.filter(
          (s) => s.kind === 'Service' && s.metadata.namespace === original.metadata.namespace && matchesLabels(original.spec?.['selector'], s.metadata.labels),
        );
        expect(services.map((s) => s.metadata.name)).toHaveLength(1);
        const service = services[0] as Obj;
        expect(service.metadata.name).toMatch(/metrics-service$/);

        const { endpoints: beforeEndpoints, ...beforeRest } = original.spec as { endpoints: Endpoint[] };
        const { endpoints: afterEndpoints, ...afterRest } = repaired.spec as { endpoints: Endpoint[] };
        expect(afterRest).toEqual(beforeRest);
        expect(repaired.metadata).toEqual(original.metadata);
        expect(afterEndpoints).toHaveLength(beforeEndpoints.length);
        beforeEndpoints.forEach((endpoint, n) => {
          const { tlsConfig: oldTls, ...fields } = endpoint;
          const { tlsConfig: newTls, ...newFields } = afterEndpoints[n] as Endpoint;
          // path, port, scheme, bearerTokenFile, …: all still there, unchanged.
          expect(newFields).toEqual(fields);
          expect(Object.keys(fields)).toEqual(expect.arrayContaining(['path', 'port', 'scheme', 'bearerTokenFile']));
          expect(newTls).toEqual({
            ...(oldTls as Record<string, Json>),
            insecureSkipVerify: false, // as configured (the scaffold ships true)
            serverName: `${service.metadata.name}.${service.metadata.namespace}.svc`,
            ca: { secret: { name: 'metrics-server-cert', key: 'ca.crt' } },
            cert: { secret: { name: 'metrics-server-cert', key: 'tls.crt' } },
            keySecret: { name: 'metrics-server-cert', key: 'tls.key' },
          });
        });

        // The certificate cert-manager issues into metrics-server-cert is valid for that name.
        const certificate = before.find((c) => c.kind === 'Certificate' && c.spec?.['secretName'] === 'metrics-server-cert');
        expect(certificate?.spec?.['dnsNames']).toContain(`${service.metadata.name}.${service.metadata.namespace}.svc`);
      }

      // A second pass changes nothing.
      const again = secureMonitors(
        result.stdout,
        ['-d', 'server-name=auto', '-d', 'tls-secret=metrics-server-cert', '-d', 'insecure-skip-verify=false'],
        join(config, '..', 'results-2.yaml'),
      );
      expect(again.status).toBe(0);
      expect(again.stdout).toBe(result.stdout);
    });
  });

  const v44 = versions.find((v) => v === 'v4.4.0');
  (v44 ? test : test.skip)('contrast: v4.4.0 as shipped with monitor_tls_patch.yaml replaces the endpoint list, and endpoints-replaced fires', () => {
    const config = scaffold(v44 as string, { tlsPatch: true, certManager: false });
    const input = build(config);
    const monitor = objects(input).find((o) => o.kind === 'ServiceMonitor') as Obj;
    // kubebuilder#4533: the strategic-merge patch left one endpoint holding only tlsConfig.
    expect(Object.keys((monitor.spec?.['endpoints'] as Endpoint[])[0] as Endpoint)).toEqual(['tlsConfig']);

    const result = secureMonitors(input, [], join(config, '..', 'results.yaml'));
    expect(result.results).toContainEqual(
      expect.objectContaining({ severity: 'error', field: expect.objectContaining({ path: 'spec.endpoints[0]' }), tags: { code: 'endpoints-replaced' } }),
    );
    // Certain failure (README "The gate"): the gate fails the build.
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('[error] monitoring.coreos.com/v1/ServiceMonitor/');
  });

  const master = versions.find((v) => v.startsWith('master'));
  (master ? test : test.skip)(
    'contrast: master with its JSON 6902 patch but without the replacements ships SERVICE_NAME.SERVICE_NAMESPACE.svc, and placeholder fires',
    () => {
      const config = scaffold(master as string, { tlsPatch: true, certManager: false });
      const input = build(config);
      const monitor = objects(input).find((o) => o.kind === 'ServiceMonitor') as Obj;
      const endpoint = (monitor.spec?.['endpoints'] as Endpoint[])[0] as Endpoint;
      expect((endpoint['tlsConfig'] as Record<string, Json>)['serverName']).toBe('SERVICE_NAME.SERVICE_NAMESPACE.svc');

      const result = secureMonitors(input, [], join(config, '..', 'results.yaml'));
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.results).toContainEqual(
        expect.objectContaining({
          severity: 'error',
          field: expect.objectContaining({ path: 'spec.endpoints[0].tlsConfig.serverName' }),
          tags: { code: 'placeholder' },
        }),
      );
      expect(result.stderr).toMatch(/^\[error\] monitoring\.coreos\.com\/v1\/ServiceMonitor\/\S+ spec\.endpoints\[0\]\.tlsConfig\.serverName: /m);
    },
  );
});

/**
 * Who may scrape (README "Who may scrape"), on the scaffolds as built: every tree here is Kubebuilder ≥ 4.1
 * (controller-runtime secure metrics on :8443, a `metrics-reader` ClusterRole bound to nobody,
 * kubebuilder#4805). Scraped by kube-prometheus' prometheus-k8s, scraper-rbac predicts the 403;
 * with bind-scraper=true exactly one ClusterRoleBinding is added, and a second run adds nothing.
 */
describeIf(ready, 'Kubebuilder scaffolds: who may scrape', () => {
  describe.each(versions)('%s', (version) => {
    test('scraper-rbac predicts the 403 for prometheus-k8s, and bind-scraper adds one binding to metrics-reader', () => {
      const config = scaffold(version, { tlsPatch: false, certManager: true });
      const input = build(config);
      const scraper = ['-d', 'scraper=monitoring/prometheus-k8s'];
      const checked = secureMonitors(input, [...scraper, '--mode', 'check'], join(config, '..', 'results-check.yaml'));
      expect(checked.status).toBe(0);
      const reader = objects(input).find((o) => o.kind === 'ClusterRole' && o.metadata.name.endsWith('metrics-reader')) as Obj;
      expect(reader).toBeDefined();
      const warnings = checked.results.filter((r) => r.tags?.code === 'scraper-rbac');
      expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', field: { path: 'spec.endpoints[0]' } })]);
      expect(checked.stderr).toContain(`bind ClusterRole ${reader.metadata.name} to ServiceAccount monitoring/prometheus-k8s`);
      expect(checked.stderr).toContain('"server returned HTTP status 403 Forbidden"');

      const bound = secureMonitors(input, [...scraper, '-d', 'bind-scraper=true'], join(config, '..', 'results-bind.yaml'));
      expect(bound.status).toBe(0);
      expect(bound.stdout.startsWith(input)).toBe(true);
      const added = objects(bound.stdout).slice(objects(input).length);
      expect(added).toEqual([
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: `${reader.metadata.name}-monitoring-prometheus-k8s` },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: reader.metadata.name },
          subjects: [{ kind: 'ServiceAccount', name: 'prometheus-k8s', namespace: 'monitoring' }],
        },
      ]);
      expect(bound.results.filter((r) => r.tags?.code === 'scraper-rbac').map((r) => r.severity)).toEqual(['info']);

      const again = secureMonitors(bound.stdout, [...scraper, '-d', 'bind-scraper=true'], join(config, '..', 'results-again.yaml'));
      expect(again.status).toBe(0);
      expect(again.stdout).toBe(bound.stdout);
      expect(again.results.filter((r) => r.tags?.code === 'scraper-rbac')).toEqual([]);
    });
  });
});
