/**
 * README "Checks": checks run in both modes, on the result. `mode: check` changes nothing and reports every
 * change apply would make as an info with current and proposed value; `mode: apply` checks what it
 * is about to write, so a config that produces an invalid object fails loudly.
 */
import { loadConfig } from '../../src/config/load.js';
import { hasErrors } from '../../src/results.js';
import { transform } from '../../src/transform.js';
import type { JsonObject, KubeObject } from '../../src/types.js';
import { SERVICE_DNS, SM_REF, certificate, finding, secret, service, serviceMonitor, serviceMonitorWith } from './fixtures.js';

const tlsSecret = (key: string): JsonObject => ({ secret: { name: 'metrics-server-cert', key } });

function config(spec: JsonObject): ReturnType<typeof loadConfig> {
  return loadConfig({ functionConfig: { apiVersion: 'fn.secure-monitors.dev/v1alpha1', kind: 'SecureMonitors', metadata: { name: 'tls' }, spec } });
}

/** Kubebuilder's scaffolded metrics monitor before TLS: insecureSkipVerify, no serverName. */
function scaffoldedMonitor(): KubeObject {
  return serviceMonitor({ bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token', tlsConfig: { insecureSkipVerify: true } });
}

const TLS = {
  serverName: 'auto',
  ca: tlsSecret('ca.crt'),
  cert: tlsSecret('tls.crt'),
  keySecret: { name: 'metrics-server-cert', key: 'tls.key' },
  insecureSkipVerify: false,
};

describe('mode: check', () => {
  const input = (): KubeObject[] => [scaffoldedMonitor(), service(), certificate([SERVICE_DNS]), secret('unrelated', ['x'])];

  test('GIVEN a config that would change the monitor THEN no item changes: every output item is the input item', () => {
    const items = input();
    const snapshot = structuredClone(items);
    const output = transform(items, config({ mode: 'check', tls: TLS }));
    output.items.forEach((item, index) => expect(item).toBe(items[index]));
    expect(items).toEqual(snapshot);
  });

  test('THEN each would-be change is one info result with "would", the field path, and current and proposed value', () => {
    const { results } = transform(input(), config({ mode: 'check', tls: TLS }));
    const changes = results.filter((r) => r.severity === 'info' && r.message.startsWith('would '));
    const base = 'spec.endpoints[0].tlsConfig';
    expect(changes.map((r) => [r.tags.code, r.field])).toEqual([
      ['server-name', { path: `${base}.serverName`, proposedValue: SERVICE_DNS }],
      ['tls', { path: `${base}.ca`, proposedValue: tlsSecret('ca.crt') }],
      ['tls', { path: `${base}.cert`, proposedValue: tlsSecret('tls.crt') }],
      ['tls', { path: `${base}.keySecret`, proposedValue: { name: 'metrics-server-cert', key: 'tls.key' } }],
      ['tls', { path: `${base}.insecureSkipVerify`, currentValue: true, proposedValue: false }],
    ]);
    // The wording of change messages belongs to src/change.ts; what matters here is "would" and the values.
    const replaced = changes.find((r) => r.field?.path === `${base}.insecureSkipVerify`);
    expect(replaced?.resourceRef).toEqual(SM_REF);
    expect(replaced?.message).toMatch(/^would replace .*insecureSkipVerify: true → false/);
  });

  test('THEN the checks judge the object as it is; the object apply would write adds nothing it already says (file-credentials) and nothing apply fixes (insecure-skip-verify)', () => {
    const { results } = transform(input(), config({ mode: 'check', tls: TLS }));
    const findings = results.filter((r) => !(r.severity === 'info' && r.message.startsWith('would ')));
    expect(findings.map((r) => [r.severity, r.tags.code, r.field?.path])).toEqual([
      ['warning', 'file-credentials', 'spec.endpoints[0].bearerTokenFile'],
      ['warning', 'insecure-skip-verify', 'spec.endpoints[0].tlsConfig.insecureSkipVerify'],
    ]);
  });

  test('GIVEN the same config in apply mode THEN the output carries the changes and only the file-credentials warning remains', () => {
    const { items, results } = transform(input(), config({ tls: TLS }));
    expect(items[0]).not.toBe(input()[0]);
    const findings = results.filter((r) => r.severity !== 'info');
    expect(findings.map((r) => [r.severity, r.tags.code])).toEqual([['warning', 'file-credentials']]);
    expect(results.filter((r) => r.severity === 'info').every((r) => !r.message.startsWith('would '))).toBe(true);
  });
});

describe('mode: apply checks its own output', () => {
  test('GIVEN minVersion TLS13 merged beside an existing maxVersion TLS12 THEN the written object fails tls-pair', () => {
    const monitor = serviceMonitorWith([{ port: 'https', scheme: 'https', tlsConfig: { serverName: SERVICE_DNS, maxVersion: 'TLS12' } }]);
    const { items, results } = transform([monitor], config({ tls: { minVersion: 'TLS13' } }));
    expect((items[0]?.spec as { endpoints: JsonObject[] }).endpoints[0]?.tlsConfig).toEqual({
      serverName: SERVICE_DNS,
      maxVersion: 'TLS12',
      minVersion: 'TLS13',
    });
    expect(results.filter((r) => r.severity === 'error')).toEqual([
      finding(
        SM_REF,
        'error',
        'tls-pair',
        'spec.endpoints[0].tlsConfig.maxVersion',
        'tlsConfig.maxVersion TLS12 is lower than minVersion TLS13: the operator rejects the whole object ("maxVersion must more than or equal to minVersion"); raise maxVersion or remove it',
        { currentValue: 'TLS12' },
      ),
    ]);
    expect(hasErrors(results)).toBe(true);
  });

  test('GIVEN a literal serverName the Certificate does not cover THEN the written object fails certificate-san', () => {
    const items = [scaffoldedMonitor(), certificate([SERVICE_DNS])];
    const { results } = transform(items, config({ tls: { ...TLS, serverName: 'metrics.example.com' }, policy: { fileCredentials: 'allow' } }));
    expect(results.filter((r) => r.severity !== 'info').map((r) => [r.severity, r.tags.code, r.field?.path, r.field?.currentValue])).toEqual([
      ['error', 'certificate-san', 'spec.endpoints[0].tlsConfig.serverName', 'metrics.example.com'],
    ]);
  });

  test('GIVEN authorization injected beside an existing basicAuth with policy.replaceAuth false THEN the written endpoint fails auth-exclusive', () => {
    const basicAuth = { username: { name: 'pgw-auth', key: 'username' }, password: { name: 'pgw-auth', key: 'password' } };
    const monitor = serviceMonitor({ basicAuth, tlsConfig: { serverName: SERVICE_DNS } });
    const spec = { auth: { authorization: { type: 'Bearer', credentials: { name: 'scrape-token', key: 'token' } } }, policy: { replaceAuth: false } };
    const { items, results } = transform([monitor, secret('pgw-auth', ['username', 'password']), secret('scrape-token', ['token'])], config(spec));
    expect((items[0]?.spec as { endpoints: JsonObject[] }).endpoints[0]).toMatchObject({
      basicAuth,
      authorization: { credentials: { name: 'scrape-token', key: 'token' } },
    });
    expect(results.filter((r) => r.severity === 'error')).toEqual([
      finding(
        SM_REF,
        'error',
        'auth-exclusive',
        'spec.endpoints[0]',
        'basicAuth and authorization are both set: the operator (v0.88+) rejects the whole ServiceMonitor; keep one auth method',
      ),
    ]);
  });

  test('GIVEN the config itself asks for insecureSkipVerify under policy error THEN the written object is an error', () => {
    const { results } = transform(
      [serviceMonitor({ tlsConfig: { serverName: SERVICE_DNS } })],
      config({ tls: { insecureSkipVerify: true }, policy: { insecureSkipVerify: 'error' } }),
    );
    expect(results.filter((r) => r.severity === 'error').map((r) => [r.tags.code, r.field?.path])).toEqual([
      ['insecure-skip-verify', 'spec.endpoints[0].tlsConfig.insecureSkipVerify'],
    ]);
  });

  test('GIVEN the same invalid config in check mode THEN nothing is written, the would-be change is reported, and so is the error apply would fail with (check never passes what apply fails, README "The gate")', () => {
    const monitor = serviceMonitorWith([{ port: 'https', scheme: 'https', tlsConfig: { serverName: SERVICE_DNS, maxVersion: 'TLS12' } }]);
    const { items, results } = transform([monitor], config({ mode: 'check', tls: { minVersion: 'TLS13' } }));
    expect(items[0]).toBe(monitor);
    expect(results.map((r) => [r.severity, r.tags.code, r.field])).toEqual([
      ['info', 'tls', { path: 'spec.endpoints[0].tlsConfig.minVersion', proposedValue: 'TLS13' }],
      ['error', 'tls-pair', { path: 'spec.endpoints[0].tlsConfig.maxVersion', currentValue: 'TLS12' }],
    ]);
    expect(results[0]?.message).toMatch(/^would set .*minVersion to TLS13/);
    expect(results[1]?.message).toBe(
      'as apply would write it with this config: tlsConfig.maxVersion TLS12 is lower than minVersion TLS13: the operator rejects the whole object ("maxVersion must more than or equal to minVersion"); raise maxVersion or remove it',
    );
  });

  test('GIVEN check mode with a literal serverName the Certificate does not cover THEN certificate-san on the proposed serverName, as apply reports it', () => {
    const items = [scaffoldedMonitor(), certificate([SERVICE_DNS])];
    const spec = { tls: { ...TLS, serverName: 'metrics.example.com' }, policy: { fileCredentials: 'allow' } };
    const checked = transform(items, config({ ...spec, mode: 'check' })).results.filter((r) => r.severity !== 'info');
    const applied = transform(items, config(spec)).results.filter((r) => r.severity !== 'info');
    expect(checked.map((r) => [r.severity, r.tags.code, r.field?.path, r.field?.currentValue])).toEqual([
      ['warning', 'insecure-skip-verify', 'spec.endpoints[0].tlsConfig.insecureSkipVerify', true],
      ['error', 'certificate-san', 'spec.endpoints[0].tlsConfig.serverName', 'metrics.example.com'],
    ]);
    expect(checked[1]?.message).toBe(`as apply would write it with this config: ${applied[0]?.message ?? ''}`);
  });

  test('GIVEN check mode and a config that changes nothing THEN the object is checked once (no duplicate findings)', () => {
    const monitor = serviceMonitor({ tlsConfig: { serverName: SERVICE_DNS, insecureSkipVerify: true } });
    const { results } = transform([monitor], config({ mode: 'check', tls: { serverName: SERVICE_DNS } }));
    expect(results.map((r) => [r.severity, r.tags.code])).toEqual([['warning', 'insecure-skip-verify']]);
  });
});
