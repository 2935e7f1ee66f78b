import { schema, parseFieldPath } from '../../src/checks/schema.js';
import { formatPath } from '../../src/path.js';
import { PM_REF, SC_REF, SM_REF, certManagerTls, finding, podMonitor, runRule, scrapeConfig, serviceMonitor } from './fixtures.js';

const unknown = (path: string): string =>
  `the ServiceMonitor CRD (Prometheus Operator v0.93.0) has no such field, so the API server drops it (kubectl: unknown field "${path}"), or rejects the object under strict field validation; remove it or correct its name`;
const invalid = (kind: string, name: string, path: string): string =>
  `the API server rejects the object (kubectl: The ${kind} "${name}" is invalid: ${path}: …; ${kind} CRD, Prometheus Operator v0.93.0); correct the value`;

describe('schema', () => {
  test('GIVEN tlsConfig.servername THEN an error at that field suggests serverName', () => {
    const monitor = serviceMonitor({ tlsConfig: { servername: SM_REF.name } });
    expect(runRule(schema, monitor)).toEqual([
      finding(
        SM_REF,
        'error',
        'schema',
        'spec.endpoints[0].tlsConfig.servername',
        `unknown field "servername" (did you mean "serverName"?): ${unknown('spec.endpoints[0].tlsConfig.servername')}`,
      ),
    ]);
  });

  test('GIVEN an enum violation THEN the allowed values are listed and the CRD named', () => {
    const monitor = serviceMonitor({ tlsConfig: certManagerTls({ minVersion: 'TLS14' }) });
    expect(runRule(schema, monitor)).toEqual([
      finding(
        SM_REF,
        'error',
        'schema',
        'spec.endpoints[0].tlsConfig.minVersion',
        `must be one of "TLS10", "TLS11", "TLS12", "TLS13", not "TLS14": ${invalid('ServiceMonitor', SM_REF.name, 'spec.endpoints[0].tlsConfig.minVersion')}`,
      ),
    ]);
  });

  // The oauth2 fields the CRD can express (required clientId / clientSecret / tokenUrl, the tokenUrl
  // pattern) are schema findings; oauth2-fields covers what it cannot.
  test('GIVEN oauth2 without clientSecret and with a tokenUrl that is not http(s) THEN both are schema errors', () => {
    const oauth2 = { clientId: { secret: { name: 'oauth', key: 'client_id' } }, tokenUrl: 'idp.example.com/token' };
    expect(runRule(schema, scrapeConfig({ oauth2 }))).toEqual([
      finding(
        SC_REF,
        'error',
        'schema',
        'spec.oauth2.clientSecret',
        `required field "clientSecret" is missing: ${invalid('ScrapeConfig', SC_REF.name, 'spec.oauth2.clientSecret')}`,
      ),
      finding(
        SC_REF,
        'error',
        'schema',
        'spec.oauth2.tokenUrl',
        `must match the pattern ^(http|https)://.+$, not "idp.example.com/token": ${invalid('ScrapeConfig', SC_REF.name, 'spec.oauth2.tokenUrl')}`,
      ),
    ]);
  });

  test('GIVEN a map key with dots THEN the field path quotes it like kpt does', () => {
    const monitor = serviceMonitor({ proxyConnectHeader: { 'X-Scope.Org': 'not-a-list' } });
    expect(runRule(schema, monitor).map((r) => r.field?.path)).toEqual(['spec.endpoints[0].proxyConnectHeader["X-Scope.Org"]']);
  });

  test('GIVEN a correct Kubebuilder-style monitor with cert-manager TLS THEN nothing is reported', () => {
    expect(runRule(schema, serviceMonitor({ tlsConfig: certManagerTls() }))).toEqual([]);
  });
});

describe('parseFieldPath', () => {
  test.each([
    [['spec', 'endpoints', 0, 'tlsConfig', 'serverName']],
    [['metadata', 'annotations', 'a.b/c']],
    [['spec', 'endpoints', 12, 'proxyConnectHeader', 'X "quoted"', 3]],
    [['spec']],
  ])('inverts formatPath for %j', (segments) => {
    expect(parseFieldPath(formatPath(segments))).toEqual(segments);
  });

  test('an empty path has no segments', () => {
    expect(parseFieldPath('')).toEqual([]);
  });

  test('GIVEN a PodMonitor with the ServiceMonitor spelling `endpoints` THEN the error asks "did you mean podMetricsEndpoints"', () => {
    const monitor = podMonitor();
    const spec = monitor.spec as { podMetricsEndpoints?: unknown; endpoints?: unknown };
    spec.endpoints = spec.podMetricsEndpoints;
    delete spec.podMetricsEndpoints;
    expect(runRule(schema, monitor)).toEqual([
      finding(
        PM_REF,
        'error',
        'schema',
        'spec.endpoints',
        'unknown field "endpoints" (did you mean "podMetricsEndpoints"?): the PodMonitor CRD (Prometheus Operator v0.93.0) has no such field, so the API server drops it (kubectl: unknown field "spec.endpoints"), or rejects the object under strict field validation; remove it or correct its name',
      ),
    ]);
  });
});
