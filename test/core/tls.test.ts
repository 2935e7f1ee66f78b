import { loadConfig } from '../../src/config/load.js';
import { transform } from '../../src/transform.js';
import type { KubeObject, Result } from '../../src/types.js';
import { at, config, monitorOf, service, selectApp, serviceMonitor, TLS_FROM_SECRET } from '../helpers.js';

const kubebuilderMonitor = serviceMonitor('controller-manager-metrics-monitor', 'system', {
  endpoints: [
    {
      path: '/metrics',
      port: 'https',
      scheme: 'https',
      bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      tlsConfig: { insecureSkipVerify: true },
    },
  ],
  selector: { matchLabels: { 'control-plane': 'controller-manager' } },
});
const metricsService = service('controller-manager-metrics-service', 'system', { 'control-plane': 'controller-manager' }, [{ name: 'https', port: 8443 }]);

/** Results about changes and conflicts; the checks' own findings are tested in test/checks. */
const CHANGE_CODES = new Set(['server-name', 'server-name-unresolved', 'tls', 'scheme', 'file-field-removed', 'conflict']);
function own(results: Result[]): Result[] {
  return results.filter((r) => CHANGE_CODES.has(r.tags.code));
}
function changes(results: Result[]): Array<[string | undefined, string]> {
  return own(results)
    .filter((r) => r.severity === 'info')
    .map((r) => [r.field?.path, r.tags.code]);
}

describe('TLS merge', () => {
  test('GIVEN the Kubebuilder ServiceMonitor WHEN TLS + serverName auto are applied THEN every endpoint field survives and TLS is merged', () => {
    const { items, results } = transform(
      [kubebuilderMonitor, metricsService],
      config({ tls: { serverName: 'auto', insecureSkipVerify: false, ...TLS_FROM_SECRET } }),
    );
    expect(items[1]).toBe(metricsService);
    expect(at(items[0], 'spec', 'endpoints', 0)).toEqual({
      path: '/metrics',
      port: 'https',
      scheme: 'https',
      bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      tlsConfig: {
        insecureSkipVerify: false,
        serverName: 'controller-manager-metrics-service.system.svc',
        ...TLS_FROM_SECRET,
      },
    });
    expect(changes(results)).toEqual([
      ['spec.endpoints[0].tlsConfig.serverName', 'server-name'],
      ['spec.endpoints[0].tlsConfig.ca', 'tls'],
      ['spec.endpoints[0].tlsConfig.cert', 'tls'],
      ['spec.endpoints[0].tlsConfig.keySecret', 'tls'],
      ['spec.endpoints[0].tlsConfig.insecureSkipVerify', 'tls'],
    ]);
    const replaced = results.find((r) => r.field?.path === 'spec.endpoints[0].tlsConfig.insecureSkipVerify');
    expect(replaced).toEqual({
      message: 'replace insecureSkipVerify: true → false',
      severity: 'info',
      resourceRef: { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', name: 'controller-manager-metrics-monitor', namespace: 'system' },
      field: { path: 'spec.endpoints[0].tlsConfig.insecureSkipVerify', currentValue: true, proposedValue: false },
      tags: { code: 'tls' },
    });
  });

  test('the input objects are never mutated', () => {
    const before = structuredClone(kubebuilderMonitor);
    transform([kubebuilderMonitor, metricsService], config({ tls: { serverName: 'auto', ...TLS_FROM_SECRET } }));
    expect(kubebuilderMonitor).toEqual(before);
  });

  test('every endpoint kind of change (TLS, auth, patches) leaves the input objects as they were, and no output endpoint is an input object', () => {
    const monitor = serviceMonitor('shop-monitor', 'ns', {
      selector: selectApp('m'),
      endpoints: [
        {
          port: 'https',
          tlsConfig: { insecureSkipVerify: true, ca: { configMap: { name: 'old', key: 'ca.crt' } } },
          bearerTokenFile: '/var/run/token',
          relabelings: [{ targetLabel: 'a' }],
        },
        { port: 'http-admin', interval: '30s', relabelings: [{ targetLabel: 'b' }] },
        { port: 'https', path: '/m' },
      ],
    });
    const before = structuredClone(monitor);
    const { items } = transform(
      [monitor, service('m', 'ns', { app: 'm' }, [{ name: 'https', port: 8443 }])],
      config({
        endpoints: { ports: ['https'] },
        tls: { serverName: 'auto', ...TLS_FROM_SECRET },
        auth: { authorization: { type: 'Bearer', credentials: { name: 'scrape-token', key: 'token' } } },
        endpointPatches: [
          { op: 'add', path: '/relabelings/-', value: { targetLabel: 'c' } },
          { op: 'replace', path: '/tlsConfig/ca/secret/name', value: 'patched' },
        ],
      }),
    );
    expect(monitor).toEqual(before);
    const out = items[0] as KubeObject;
    expect(out).not.toBe(monitor);
    for (const index of [0, 2]) expect(at(out, 'spec', 'endpoints', index)).not.toBe(at(monitor, 'spec', 'endpoints', index));
    expect(at(out, 'spec', 'endpoints', 0, 'relabelings')).toEqual([{ targetLabel: 'a' }, { targetLabel: 'c' }]);
    expect(at(out, 'spec', 'endpoints', 0, 'tlsConfig', 'ca')).toEqual({ secret: { name: 'patched', key: 'ca.crt' } });
    // The endpoint the ports filter leaves out is the same, unchanged value.
    expect(at(out, 'spec', 'endpoints', 1)).toEqual(at(before, 'spec', 'endpoints', 1));
  });

  test('GIVEN two endpoints and a ports filter THEN the other endpoint is untouched', () => {
    const monitor = serviceMonitor('shop-monitor', 'ns', { selector: selectApp('m'), endpoints: [{ port: 'https' }, { port: 'http-admin', interval: '30s' }] });
    const { items } = transform([monitor], config({ endpoints: { ports: ['https'] }, tls: { serverName: 'm.ns.svc' } }));
    expect(at(items[0], 'spec', 'endpoints', 0)).toEqual({ port: 'https', scheme: 'https', tlsConfig: { serverName: 'm.ns.svc' } });
    expect(at(items[0], 'spec', 'endpoints', 1)).toEqual({ port: 'http-admin', interval: '30s' });
  });

  test('Secret/ConfigMap selectors are atomic: replaced whole, never mixed', () => {
    const monitor = serviceMonitor('shop-monitor', 'ns', {
      selector: selectApp('m'),
      endpoints: [{ port: 'https', scheme: 'https', tlsConfig: { ca: { configMap: { name: 'old', key: 'ca.crt' } }, serverName: 'x' } }],
    });
    const { items } = transform([monitor], config({ tls: { ca: { secret: { name: 'new', key: 'ca.crt' } } } }));
    expect(at(items[0], 'spec', 'endpoints', 0, 'tlsConfig')).toEqual({ ca: { secret: { name: 'new', key: 'ca.crt' } }, serverName: 'x' });
  });

  test('a Secret-backed field removes its file twin, with a result', () => {
    const monitor = serviceMonitor('shop-monitor', 'ns', {
      selector: selectApp('m'),
      endpoints: [{ port: 'https', scheme: 'https', tlsConfig: { caFile: '/etc/ca.crt', certFile: '/etc/tls.crt', keyFile: '/etc/tls.key', serverName: 'x' } }],
    });
    const { items, results } = transform([monitor], config({ tls: TLS_FROM_SECRET }));
    expect(at(items[0], 'spec', 'endpoints', 0, 'tlsConfig')).toEqual({ serverName: 'x', ...TLS_FROM_SECRET });
    const removal = results.find((r) => r.field?.path === 'spec.endpoints[0].tlsConfig.caFile');
    expect(removal).toMatchObject({
      severity: 'info',
      message: 'remove caFile: tlsConfig.ca now provides it from a Secret, and the operator rejects an endpoint with both',
      field: { currentValue: '/etc/ca.crt' },
      tags: { code: 'file-field-removed' },
    });
  });

  describe('policy.onConflict', () => {
    const monitor = serviceMonitor('shop-monitor', 'ns', {
      selector: selectApp('m'),
      endpoints: [{ port: 'https', scheme: 'https', tlsConfig: { serverName: 'old.example.com' } }],
    });
    test('override (default) writes the config value and reports current → proposed', () => {
      const { items, results } = transform([monitor], config({ tls: { serverName: 'new.example.com' } }));
      expect(at(items[0], 'spec', 'endpoints', 0, 'tlsConfig', 'serverName')).toBe('new.example.com');
      expect(own(results)).toHaveLength(1);
      expect(own(results)[0]).toMatchObject({
        severity: 'info',
        message: 'replace serverName: old.example.com → new.example.com',
        field: { currentValue: 'old.example.com', proposedValue: 'new.example.com' },
      });
    });
    test('keep leaves the object and reports', () => {
      const { items, results } = transform([monitor], config({ tls: { serverName: 'new.example.com' }, policy: { onConflict: 'keep' } }));
      expect(items[0]).toBe(monitor);
      expect(own(results)).toEqual([
        expect.objectContaining({
          severity: 'info',
          message: 'kept serverName: old.example.com (the config asks for new.example.com; policy.onConflict is keep)',
          tags: { code: 'conflict' },
        }),
      ]);
    });
    test('error reports an error and leaves the object', () => {
      const { items, results } = transform([monitor], config({ tls: { serverName: 'new.example.com' }, policy: { onConflict: 'error' } }));
      expect(items[0]).toBe(monitor);
      expect(own(results)).toEqual([
        expect.objectContaining({
          severity: 'error',
          message: 'serverName is old.example.com but the config asks for new.example.com; fix the object, or set policy.onConflict to override or keep',
          field: { path: 'spec.endpoints[0].tlsConfig.serverName', currentValue: 'old.example.com', proposedValue: 'new.example.com' },
        }),
      ]);
    });
    test('an equal value is no conflict and no change', () => {
      const { items, results } = transform([monitor], config({ tls: { serverName: 'old.example.com' }, policy: { onConflict: 'error' } }));
      expect(items[0]).toBe(monitor);
      expect(own(results)).toEqual([]);
    });
  });

  describe('scheme', () => {
    test('TLS makes the scheme https', () => {
      const monitor = serviceMonitor('shop-monitor', 'ns', { selector: selectApp('m'), endpoints: [{ port: 'web', scheme: 'http' }] });
      const { items, results } = transform([monitor], config({ tls: { serverName: 'x' } }));
      expect(at(items[0], 'spec', 'endpoints', 0, 'scheme')).toBe('https');
      expect(results.map((r) => r.message)).toContain('replace scheme: http → https: Prometheus ignores tlsConfig unless the scheme is https');
    });
    test('HTTPS in capitals already is https', () => {
      const monitor = serviceMonitor('shop-monitor', 'ns', {
        selector: selectApp('m'),
        endpoints: [{ port: 'web', scheme: 'HTTPS', tlsConfig: { serverName: 'x' } }],
      });
      expect(transform([monitor], config({ tls: { serverName: 'x' } })).items[0]).toBe(monitor);
    });
    test('scheme "" leaves the scheme alone', () => {
      const monitor = serviceMonitor('shop-monitor', 'ns', { selector: selectApp('m'), endpoints: [{ port: 'web', scheme: 'http' }] });
      const { items } = transform([monitor], config({ tls: { serverName: 'x' }, scheme: '' }));
      expect(at(items[0], 'spec', 'endpoints', 0, 'scheme')).toBe('http');
    });
    test('Probe: the scheme that matters is spec.prober.scheme (TLS is Prometheus → prober)', () => {
      const probe = monitorOf('Probe', 'p', 'ns', { prober: { url: 'blackbox:9115' }, targets: { staticConfig: { static: ['https://example.com'] } } });
      const { items } = transform([probe], config({ tls: { serverName: 'blackbox.ns.svc' } }));
      expect(at(items[0], 'spec', 'prober')).toEqual({ url: 'blackbox:9115', scheme: 'https' });
      expect(at(items[0], 'spec', 'tlsConfig')).toEqual({ serverName: 'blackbox.ns.svc' });
    });
    test('ScrapeConfig and PodMonitor keep TLS in spec / podMetricsEndpoints', () => {
      const sc = monitorOf('ScrapeConfig', 'sc', 'ns', { staticConfigs: [{ targets: ['a:443'] }] });
      const pm = monitorOf('PodMonitor', 'pm', 'ns', { selector: {}, podMetricsEndpoints: [{ port: 'metrics' }] });
      const { items } = transform([sc, pm], config({ tls: { serverName: 'a.example.com' } }));
      expect(at(items[0], 'spec', 'tlsConfig')).toEqual({ serverName: 'a.example.com' });
      expect(at(items[0], 'spec', 'scheme')).toBe('https');
      expect(at(items[1], 'spec', 'podMetricsEndpoints', 0)).toEqual({ port: 'metrics', scheme: 'https', tlsConfig: { serverName: 'a.example.com' } });
    });
  });

  test('serverName that cannot be resolved is an error; the other TLS fields still merge', () => {
    const monitor = serviceMonitor('shop-monitor', 'ns', { selector: selectApp('m'), endpoints: [{ port: 'https' }] });
    const { items, results } = transform([monitor], config({ tls: { serverName: 'auto', ...TLS_FROM_SECRET } }));
    expect(at(items[0], 'spec', 'endpoints', 0, 'tlsConfig')).toEqual(TLS_FROM_SECRET);
    expect(own(results)[0]).toMatchObject({
      severity: 'error',
      tags: { code: 'server-name-unresolved' },
      field: { path: 'spec.endpoints[0].tlsConfig.serverName' },
    });
  });

  describe('a CA given turns insecureSkipVerify off unless the config sets it', () => {
    const skipping = (extra: Record<string, unknown> = {}): KubeObject =>
      serviceMonitor('m', 'system', {
        endpoints: [{ port: 'https', scheme: 'https', tlsConfig: { insecureSkipVerify: true, ...extra } }],
        selector: { matchLabels: { 'control-plane': 'controller-manager' } },
      });
    const CA = { ca: { secret: { name: 'metrics-server-cert', key: 'ca.crt' } } };

    test('tls.ca without insecureSkipVerify: true → false, reported as a change', () => {
      const { items, results } = transform([skipping()], config({ tls: CA }));
      expect(at(items[0], 'spec', 'endpoints', 0, 'tlsConfig')).toEqual({ ...CA, insecureSkipVerify: false });
      expect(results.find((r) => r.field?.path === 'spec.endpoints[0].tlsConfig.insecureSkipVerify')).toEqual({
        message:
          'replace insecureSkipVerify: true → false: tls.ca is given, so Prometheus can verify the certificate; set tls.insecureSkipVerify (insecure-skip-verify) to true to keep skipping it',
        severity: 'info',
        resourceRef: { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', name: 'm', namespace: 'system' },
        field: { path: 'spec.endpoints[0].tlsConfig.insecureSkipVerify', currentValue: true, proposedValue: false },
        tags: { code: 'tls' },
      });
    });

    test.each([
      ['tls-secret', { 'tls-secret': 'metrics-server-cert' }],
      ['ca-secret', { 'ca-secret': 'metrics-server-cert' }],
      ['ca-configmap', { 'ca-configmap': 'trusted-ca:bundle.pem' }],
    ])('the %s shorthand gives a CA: insecureSkipVerify turned off', (_name, data) => {
      const { items } = transform([skipping()], loadConfig({ functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', data } }));
      expect(at(items[0], 'spec', 'endpoints', 0, 'tlsConfig', 'insecureSkipVerify')).toBe(false);
    });

    test('the config says insecureSkipVerify: true (or insecure-skip-verify=true): kept', () => {
      const { items, results } = transform([skipping()], config({ tls: { ...CA, insecureSkipVerify: true } }));
      expect(at(items[0], 'spec', 'endpoints', 0, 'tlsConfig', 'insecureSkipVerify')).toBe(true);
      expect(results.filter((r) => r.field?.path === 'spec.endpoints[0].tlsConfig.insecureSkipVerify' && r.severity === 'info')).toEqual([]);
      const shorthand = transform(
        [skipping()],
        loadConfig({ functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', data: { 'tls-secret': 'c', 'insecure-skip-verify': 'true' } } }),
      );
      expect(at(shorthand.items[0], 'spec', 'endpoints', 0, 'tlsConfig', 'insecureSkipVerify')).toBe(true);
    });

    test('no CA in the config (serverName only): insecureSkipVerify left alone', () => {
      const { items } = transform([skipping()], config({ tls: { serverName: 'm.system.svc' } }));
      expect(at(items[0], 'spec', 'endpoints', 0, 'tlsConfig', 'insecureSkipVerify')).toBe(true);
    });

    test('an endpoint without insecureSkipVerify gets none written; one with false stays as it is', () => {
      const without = serviceMonitor('m', 'system', { endpoints: [{ port: 'https', scheme: 'https' }], selector: {} });
      expect(at(transform([without], config({ tls: CA })).items[0], 'spec', 'endpoints', 0, 'tlsConfig')).toEqual(CA);
      const already = transform([skipping({ insecureSkipVerify: false })], config({ tls: CA }));
      expect(already.results.filter((r) => r.field?.path === 'spec.endpoints[0].tlsConfig.insecureSkipVerify')).toEqual([]);
    });

    test('check mode: reported as "would replace", nothing changed; onConflict keep keeps it', () => {
      const input = skipping();
      const check = transform([input], config({ mode: 'check', tls: CA }));
      expect(check.items[0]).toBe(input);
      expect(check.results.find((r) => r.field?.path === 'spec.endpoints[0].tlsConfig.insecureSkipVerify')?.message).toMatch(
        /^would replace insecureSkipVerify: true → false/,
      );
      const kept = transform([skipping()], config({ tls: CA, policy: { onConflict: 'keep' } }));
      expect(at(kept.items[0], 'spec', 'endpoints', 0, 'tlsConfig', 'insecureSkipVerify')).toBe(true);
      expect(kept.results.find((r) => r.field?.path === 'spec.endpoints[0].tlsConfig.insecureSkipVerify')?.tags.code).toBe('conflict');
    });
  });

  test('check mode changes nothing and phrases changes as "would"', () => {
    const input: KubeObject[] = [kubebuilderMonitor, metricsService];
    const { items, results } = transform(input, config({ mode: 'check', tls: { serverName: 'auto' } }));
    expect(items).toEqual(input);
    expect(items[0]).toBe(kubebuilderMonitor);
    expect(results.find((r) => r.tags.code === 'server-name')).toMatchObject({
      message: expect.stringMatching(/^would set serverName to controller-manager-metrics-service\.system\.svc/),
      field: { proposedValue: 'controller-manager-metrics-service.system.svc' },
    });
  });

  test('a config value is copied into each endpoint, not shared between objects', () => {
    const monitor = serviceMonitor('shop-monitor', 'ns', { selector: selectApp('m'), endpoints: [{ port: 'a' }, { port: 'b' }] });
    const { items } = transform([monitor], config({ tls: TLS_FROM_SECRET }));
    expect(at(items[0], 'spec', 'endpoints', 0, 'tlsConfig', 'ca')).not.toBe(at(items[0], 'spec', 'endpoints', 1, 'tlsConfig', 'ca'));
  });

  test('unselected monitors and non-monitor objects come back as the same references', () => {
    const other = serviceMonitor('other', 'ns', { selector: selectApp('other'), endpoints: [{ port: 'https' }] });
    const { items } = transform([other, metricsService], config({ select: { names: ['nope'] }, tls: { serverName: 'x' } }));
    expect(items[0]).toBe(other);
    expect(items[1]).toBe(metricsService);
  });
});
