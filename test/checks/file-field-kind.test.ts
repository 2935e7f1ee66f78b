import { fileFieldKind } from '../../src/checks/file-field-kind.js';
import { PM_REF, PROBE_REF, SC_REF, SM_REF, finding, podMonitor, probe, runRule, scrapeConfig, serviceMonitor } from './fixtures.js';

const tokenFile = '/var/run/secrets/kubernetes.io/serviceaccount/token';

describe('file-field-kind', () => {
  test('GIVEN a PodMonitor tlsConfig.caFile THEN an error naming SafeTLSConfig and the Secret-backed field to use', () => {
    expect(runRule(fileFieldKind, podMonitor({ tlsConfig: { caFile: '/etc/prometheus/ca.crt', serverName: 'shop' } }))).toEqual([
      finding(
        PM_REF,
        'error',
        'file-field-kind',
        'spec.podMetricsEndpoints[0].tlsConfig.caFile',
        'tlsConfig.caFile does not exist on a PodMonitor (its tlsConfig is a SafeTLSConfig, without file fields): the API server drops it, or rejects the object under strict field validation; use tlsConfig.ca: {secret: {name: <secret>, key: ca.crt}}',
        { currentValue: '/etc/prometheus/ca.crt' },
      ),
    ]);
  });

  test('GIVEN a Probe bearerTokenFile THEN an error suggesting authorization', () => {
    expect(runRule(fileFieldKind, probe({ bearerTokenFile: tokenFile }))).toEqual([
      finding(
        PROBE_REF,
        'error',
        'file-field-kind',
        'spec.bearerTokenFile',
        'bearerTokenFile does not exist on a Probe: the API server drops it, or rejects the object under strict field validation, and Prometheus scrapes without a token; use authorization: {type: Bearer, credentials: {name: <secret>, key: token}}',
        { currentValue: tokenFile },
      ),
    ]);
  });

  test('GIVEN a ScrapeConfig with certFile and keyFile THEN one error each', () => {
    const results = runRule(fileFieldKind, scrapeConfig({ tlsConfig: { certFile: '/etc/tls.crt', keyFile: '/etc/tls.key' } }));
    expect(results.map((r) => [r.resourceRef, r.field?.path, r.severity])).toEqual([
      [SC_REF, 'spec.tlsConfig.certFile', 'error'],
      [SC_REF, 'spec.tlsConfig.keyFile', 'error'],
    ]);
    expect(results[1]?.message).toBe(
      'tlsConfig.keyFile does not exist on a ScrapeConfig (its tlsConfig is a SafeTLSConfig, without file fields): the API server drops it, or rejects the object under strict field validation; use tlsConfig.keySecret: {name: <secret>, key: tls.key}',
    );
  });

  test('GIVEN caFile in a ServiceMonitor oauth2.tlsConfig THEN an error (oauth2.tlsConfig is a SafeTLSConfig on every kind)', () => {
    const oauth2 = {
      clientId: { secret: { name: 'oauth', key: 'client_id' } },
      clientSecret: { name: 'oauth', key: 'client_secret' },
      tokenUrl: 'https://idp.example.com/token',
      tlsConfig: { caFile: '/etc/idp-ca.crt' },
    };
    expect(runRule(fileFieldKind, serviceMonitor({ oauth2 }))).toEqual([
      finding(
        SM_REF,
        'error',
        'file-field-kind',
        'spec.endpoints[0].oauth2.tlsConfig.caFile',
        'oauth2.tlsConfig.caFile does not exist on a ServiceMonitor (its oauth2.tlsConfig is a SafeTLSConfig, without file fields): the API server drops it, or rejects the object under strict field validation; use oauth2.tlsConfig.ca: {secret: {name: <secret>, key: ca.crt}}',
        { currentValue: '/etc/idp-ca.crt' },
      ),
    ]);
  });

  test('GIVEN file fields on a ServiceMonitor endpoint THEN nothing is reported (TLSConfig has them; file-credentials decides)', () => {
    const monitor = serviceMonitor({ bearerTokenFile: tokenFile, tlsConfig: { caFile: '/etc/ca.crt', certFile: '/etc/tls.crt', keyFile: '/etc/tls.key' } });
    expect(runRule(fileFieldKind, monitor)).toEqual([]);
  });

  test('GIVEN a PodMonitor with Secret-backed TLS and authorization THEN nothing is reported', () => {
    const monitor = podMonitor({
      tlsConfig: { ca: { secret: { name: 'shop-tls', key: 'ca.crt' } }, serverName: 'shop' },
      authorization: { credentials: { name: 'scrape-token', key: 'token' } },
    });
    expect(runRule(fileFieldKind, monitor)).toEqual([]);
  });
});
