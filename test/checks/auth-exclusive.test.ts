import { authExclusive } from '../../src/checks/auth-exclusive.js';
import { PM_REF, PROBE_REF, SC_REF, SM_REF, finding, podMonitor, probe, runRule, scrapeConfig, serviceMonitor } from './fixtures.js';

const basicAuth = { username: { name: 'pgw-auth', key: 'username' }, password: { name: 'pgw-auth', key: 'password' } };
const authorization = { type: 'Bearer', credentials: { name: 'scrape-token', key: 'token' } };
const oauth2 = {
  clientId: { secret: { name: 'oauth', key: 'client_id' } },
  clientSecret: { name: 'oauth', key: 'client_secret' },
  tokenUrl: 'https://idp.example.com/token',
};
const bearerTokenSecret = { name: 'scrape-token', key: 'token' };
const bearerTokenFile = '/var/run/secrets/kubernetes.io/serviceaccount/token';

describe('auth-exclusive', () => {
  test('GIVEN a ServiceMonitor endpoint with basicAuth and authorization THEN the operator (v0.88+) rejection is reported on the endpoint', () => {
    expect(runRule(authExclusive, serviceMonitor({ basicAuth, authorization }))).toEqual([
      finding(
        SM_REF,
        'error',
        'auth-exclusive',
        'spec.endpoints[0]',
        'basicAuth and authorization are both set: the operator (v0.88+) rejects the whole ServiceMonitor; keep one auth method',
      ),
    ]);
  });

  test('GIVEN three methods and bearerTokenFile THEN one error lists them and mentions bearerTokenFile', () => {
    expect(runRule(authExclusive, serviceMonitor({ basicAuth, oauth2, bearerTokenSecret, bearerTokenFile }))).toEqual([
      finding(
        SM_REF,
        'error',
        'auth-exclusive',
        'spec.endpoints[0]',
        'basicAuth, oauth2 and bearerTokenSecret are all set: the operator (v0.88+) rejects the whole ServiceMonitor; keep one auth method; bearerTokenFile is set as well, which Prometheus refuses beside any of them',
      ),
    ]);
  });

  test('GIVEN bearerTokenFile beside authorization on a ServiceMonitor THEN the error says it passes the operator but fails the Prometheus reload', () => {
    expect(runRule(authExclusive, serviceMonitor({ authorization, bearerTokenFile }))).toEqual([
      finding(
        SM_REF,
        'error',
        'auth-exclusive',
        'spec.endpoints[0].bearerTokenFile',
        'bearerTokenFile and authorization are both set: the operator accepts this, but Prometheus refuses a scrape config with both (at most one of basic_auth, oauth2, bearer_token & bearer_token_file) and fails to reload; remove bearerTokenFile and keep authorization',
      ),
    ]);
  });

  test('GIVEN the second endpoint has two methods THEN only that endpoint is reported', () => {
    const monitor = serviceMonitor();
    const spec = monitor.spec as { endpoints: object[] };
    spec.endpoints.push({ port: 'metrics', basicAuth, bearerTokenSecret });
    expect(runRule(authExclusive, monitor)).toEqual([
      finding(
        SM_REF,
        'error',
        'auth-exclusive',
        'spec.endpoints[1]',
        'basicAuth and bearerTokenSecret are both set: the operator (v0.88+) rejects the whole ServiceMonitor; keep one auth method',
      ),
    ]);
  });

  test('GIVEN a PodMonitor endpoint with basicAuth and oauth2 THEN the operator (v0.86+) rejection is reported', () => {
    expect(runRule(authExclusive, podMonitor({ basicAuth, oauth2 }))).toEqual([
      finding(
        PM_REF,
        'error',
        'auth-exclusive',
        'spec.podMetricsEndpoints[0]',
        'basicAuth and oauth2 are both set: the operator (v0.86+) rejects the whole PodMonitor; keep one auth method',
      ),
    ]);
  });

  test('GIVEN a Probe with authorization and bearerTokenSecret THEN the error says the operator does not check it but Prometheus does', () => {
    expect(runRule(authExclusive, probe({ authorization, bearerTokenSecret }))).toEqual([
      finding(
        PROBE_REF,
        'error',
        'auth-exclusive',
        'spec',
        'authorization and bearerTokenSecret are both set: the operator does not check this on a Probe, but Prometheus refuses the generated configuration (at most one of basic_auth, oauth2 & authorization) and stops reloading; keep one auth method',
      ),
    ]);
  });

  test("GIVEN a ScrapeConfig with basicAuth and authorization THEN the CRD's CEL rule (v0.91+) is named", () => {
    expect(runRule(authExclusive, scrapeConfig({ basicAuth, authorization }))).toEqual([
      finding(
        SC_REF,
        'error',
        'auth-exclusive',
        'spec',
        "basicAuth and authorization are both set: the API server rejects the ScrapeConfig (the CRD's CEL rule, v0.91+: at most one of basicAuth, authorization, or oauth2); keep one auth method",
      ),
    ]);
  });

  test('GIVEN one method per endpoint THEN nothing is reported', () => {
    expect(runRule(authExclusive, serviceMonitor({ basicAuth }))).toEqual([]);
    expect(runRule(authExclusive, serviceMonitor({ bearerTokenFile }))).toEqual([]);
    expect(runRule(authExclusive, podMonitor({ authorization }))).toEqual([]);
    expect(runRule(authExclusive, probe({ oauth2 }))).toEqual([]);
  });

  test('GIVEN a method set to null THEN it does not count', () => {
    expect(runRule(authExclusive, serviceMonitor({ basicAuth, authorization: null }))).toEqual([]);
  });

  test('GIVEN fields the kind does not have THEN they are left to schema / file-field-kind', () => {
    // ScrapeConfig has no bearerTokenSecret; PodMonitor has no bearerTokenFile.
    expect(runRule(authExclusive, scrapeConfig({ basicAuth, bearerTokenSecret }))).toEqual([]);
    expect(runRule(authExclusive, podMonitor({ authorization, bearerTokenFile }))).toEqual([]);
  });

  test('GIVEN bearerTokenFile: "" beside authorization THEN nothing is reported (Prometheus gets no bearer_token_file)', () => {
    expect(
      runRule(authExclusive, serviceMonitor({ authorization: { type: 'Bearer', credentials: { name: 't', key: 'token' } }, bearerTokenFile: '' })),
    ).toEqual([]);
  });
});
