import { insecureSkipVerify } from '../../src/checks/insecure-skip-verify.js';
import { SC_REF, SM_REF, certManagerTls, finding, runRule, scrapeConfig, serviceMonitor, withPolicy } from './fixtures.js';

const MESSAGE =
  "tlsConfig.insecureSkipVerify is true: Prometheus accepts any certificate, so whoever answers on the path can impersonate the target; trust the target's CA with tlsConfig.ca, set serverName, and set insecureSkipVerify to false (or set policy.insecureSkipVerify: allow)";

describe('insecure-skip-verify', () => {
  // Kubebuilder's scaffolded metrics monitor ships exactly this.
  const monitor = serviceMonitor({ tlsConfig: { insecureSkipVerify: true } });

  test('GIVEN insecureSkipVerify: true and the default policy THEN a warning proposing false', () => {
    expect(runRule(insecureSkipVerify, monitor)).toEqual([
      finding(SM_REF, 'warning', 'insecure-skip-verify', 'spec.endpoints[0].tlsConfig.insecureSkipVerify', MESSAGE, {
        currentValue: true,
        proposedValue: false,
      }),
    ]);
  });

  test('GIVEN policy.insecureSkipVerify error THEN an error', () => {
    expect(runRule(insecureSkipVerify, monitor, [], withPolicy({ insecureSkipVerify: 'error' }))).toEqual([
      finding(SM_REF, 'error', 'insecure-skip-verify', 'spec.endpoints[0].tlsConfig.insecureSkipVerify', MESSAGE, { currentValue: true, proposedValue: false }),
    ]);
  });

  test('GIVEN policy.insecureSkipVerify allow THEN nothing is reported', () => {
    expect(runRule(insecureSkipVerify, monitor, [], withPolicy({ insecureSkipVerify: 'allow' }))).toEqual([]);
  });

  test("GIVEN it on the oauth2 token endpoint's tlsConfig THEN that field is reported", () => {
    const oauth2 = {
      clientId: { secret: { name: 'oauth', key: 'client_id' } },
      clientSecret: { name: 'oauth', key: 'client_secret' },
      tokenUrl: 'https://idp.example.com/token',
      tlsConfig: { insecureSkipVerify: true },
    };
    const results = runRule(insecureSkipVerify, scrapeConfig({ oauth2 }));
    expect(results.map((r) => [r.resourceRef, r.severity, r.field?.path])).toEqual([[SC_REF, 'warning', 'spec.oauth2.tlsConfig.insecureSkipVerify']]);
    expect(results[0]?.message.startsWith('oauth2.tlsConfig.insecureSkipVerify is true:')).toBe(true);
  });

  test('GIVEN insecureSkipVerify false or absent THEN nothing is reported', () => {
    expect(runRule(insecureSkipVerify, serviceMonitor({ tlsConfig: certManagerTls() }))).toEqual([]);
    expect(runRule(insecureSkipVerify, serviceMonitor({ tlsConfig: { serverName: 'x' } }))).toEqual([]);
    expect(runRule(insecureSkipVerify, serviceMonitor())).toEqual([]);
  });
});
