import { schemeTls } from '../../src/checks/scheme-tls.js';
import { PROBE_REF, SM_REF, certManagerTls, finding, probe, runRule, serviceMonitor, serviceMonitorWith } from './fixtures.js';

describe('scheme-tls', () => {
  test('GIVEN tlsConfig and scheme http THEN a warning proposing https', () => {
    expect(runRule(schemeTls, serviceMonitor({ scheme: 'http', tlsConfig: certManagerTls() }))).toEqual([
      finding(
        SM_REF,
        'warning',
        'scheme-tls',
        'spec.endpoints[0].scheme',
        'tlsConfig is set but the scheme is http, so Prometheus scrapes in plain text and ignores it; if the target serves TLS, every scrape fails with "server returned HTTP status 400 Bad Request"; set the scheme to https',
        { currentValue: 'http', proposedValue: 'https' },
      ),
    ]);
  });

  test('GIVEN scheme HTTP (the CRD allows upper case) THEN the same warning', () => {
    expect(runRule(schemeTls, serviceMonitor({ scheme: 'HTTP', tlsConfig: certManagerTls() })).map((r) => r.field)).toEqual([
      { path: 'spec.endpoints[0].scheme', currentValue: 'HTTP', proposedValue: 'https' },
    ]);
  });

  test('GIVEN tlsConfig and no scheme THEN a warning: Prometheus defaults to http', () => {
    expect(runRule(schemeTls, serviceMonitorWith([{ port: 'https', tlsConfig: certManagerTls() }]))).toEqual([
      finding(
        SM_REF,
        'warning',
        'scheme-tls',
        'spec.endpoints[0].scheme',
        'tlsConfig is set but no scheme, so Prometheus scrapes with its default http in plain text and ignores it; if the target serves TLS, every scrape fails with "server returned HTTP status 400 Bad Request"; set the scheme to https',
        { proposedValue: 'https' },
      ),
    ]);
  });

  test('GIVEN a Probe whose prober scheme is http THEN the warning points at spec.prober.scheme', () => {
    const results = runRule(schemeTls, probe({ prober: { url: 'blackbox:9115', scheme: 'http' }, tlsConfig: { serverName: 'blackbox' } }));
    expect(results.map((r) => [r.resourceRef, r.field?.path])).toEqual([[PROBE_REF, 'spec.prober.scheme']]);
  });

  test('GIVEN https, no tlsConfig, an empty tlsConfig, or a relabeling that sets __scheme__ THEN nothing is reported', () => {
    expect(runRule(schemeTls, serviceMonitor({ tlsConfig: certManagerTls() }))).toEqual([]);
    expect(runRule(schemeTls, serviceMonitor({ scheme: 'HTTPS', tlsConfig: certManagerTls() }))).toEqual([]);
    expect(runRule(schemeTls, serviceMonitor({ scheme: 'http' }))).toEqual([]);
    expect(runRule(schemeTls, serviceMonitor({ scheme: 'http', tlsConfig: {} }))).toEqual([]);
    const relabeled = serviceMonitorWith([
      { port: 'https', tlsConfig: certManagerTls(), relabelings: [{ targetLabel: '__scheme__', replacement: 'https', action: 'replace' }] },
    ]);
    expect(runRule(schemeTls, relabeled)).toEqual([]);
  });

  test('GIVEN a Probe without a prober THEN nothing is reported (no scheme to judge)', () => {
    const bare = probe({ tlsConfig: { serverName: 'blackbox' } });
    delete (bare.spec as { prober?: unknown }).prober;
    expect(runRule(schemeTls, bare)).toEqual([]);
  });
});
