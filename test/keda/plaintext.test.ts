import { finding } from '../checks/fixtures.js';
import { SO_REF, fromSecret, prometheusTrigger, resultsOf, scaledObject, triggerAuth, withAuth } from './fixtures.js';

const ADDRESS = 'spec.triggers[0].metadata.serverAddress';

describe('keda-plaintext', () => {
  test('GIVEN bearer credentials sent to an http:// server THEN a warning', () => {
    expect(
      resultsOf('keda-plaintext', [
        withAuth({ serverAddress: 'http://mimir-query-frontend.mimir.svc:8080/prometheus', authModes: 'bearer' }),
        triggerAuth(fromSecret({ bearerToken: 'token' })),
      ]),
    ).toEqual([
      finding(
        SO_REF,
        'warning',
        'keda-plaintext',
        ADDRESS,
        'serverAddress is http://: authModes bearer credentials go over the network unencrypted; use https:// (and parameter ca for a private CA)',
      ),
    ]);
  });

  test("GIVEN a pod identity's token sent to an http:// server THEN a warning", () => {
    expect(
      resultsOf('keda-plaintext', [
        withAuth({ serverAddress: 'http://prometheus.monitoring.svc:9090' }),
        triggerAuth({ podIdentity: { provider: 'azure-workload' } }),
      ]),
    ).toEqual([
      finding(
        SO_REF,
        'warning',
        'keda-plaintext',
        ADDRESS,
        "serverAddress is http://: the azure-workload identity's token goes over the network unencrypted; use https:// (and parameter ca for a private CA)",
      ),
    ]);
  });

  test('GIVEN an Authorization header in customHeaders THEN a warning that does not repeat its value', () => {
    const results = resultsOf('keda-plaintext', [
      scaledObject([prometheusTrigger({ customHeaders: 'X-Scope-OrgID=orders, Authorization=Bearer eyJhbGciOiJSUzI1NiJ9.c2VjcmV0' })]),
    ]);
    expect(results).toEqual([
      finding(
        SO_REF,
        'warning',
        'keda-plaintext',
        'spec.triggers[0].metadata.customHeaders',
        'customHeaders carries an Authorization header in clear text in the trigger (anyone who can read the object reads the credential); remove it and provide the credential from a Secret: authModes "bearer" with parameter bearerToken, or "custom" with customAuthHeader / customAuthValue, in a TriggerAuthentication',
      ),
    ]);
    expect(JSON.stringify(results)).not.toContain('eyJhbGciOiJSUzI1NiJ9');
  });

  test('GIVEN http:// without credentials, https:// with credentials, or harmless custom headers THEN nothing', () => {
    expect(
      resultsOf('keda-plaintext', [
        scaledObject([prometheusTrigger({ serverAddress: 'http://prometheus.monitoring.svc:9090', customHeaders: 'X-Scope-OrgID=orders' })]),
      ]),
    ).toEqual([]);
    expect(resultsOf('keda-plaintext', [withAuth({ authModes: 'bearer' }), triggerAuth(fromSecret({ bearerToken: 'token' }))])).toEqual([]);
  });
});
