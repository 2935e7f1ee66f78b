import { finding } from '../checks/fixtures.js';
import { CTA_REF, TA_REF, clusterTriggerAuth, configMap, fromSecret, resultsOf, secret, serviceAccount, triggerAuth, withAuth } from './fixtures.js';

describe('keda-secret-reference', () => {
  test("GIVEN the Secret in the TriggerAuthentication's namespace without the key THEN an error at the key, listing the keys it has", () => {
    expect(resultsOf('keda-secret-reference', [triggerAuth(fromSecret({ bearerToken: 'token' })), secret('prom-creds', ['bearer-token', 'ca.crt'])])).toEqual([
      finding(
        TA_REF,
        'error',
        'keda-secret-reference',
        'spec.secretTargetRef[0].key',
        'Secret "prom-creds" has no key "token" (it has "bearer-token", "ca.crt"): KEDA resolves parameter "bearerToken" to an empty value and the trigger goes out without it; add the key to the Secret or fix key',
        { currentValue: 'token' },
      ),
    ]);
  });

  test('GIVEN a configMapTargetRef whose ConfigMap lacks the key THEN the same error for the ConfigMap', () => {
    const auth = triggerAuth({ configMapTargetRef: [{ parameter: 'ca', name: 'prom-ca', key: 'ca.crt' }] });
    expect(resultsOf('keda-secret-reference', [auth, configMap('prom-ca', ['service-ca.crt'])])).toEqual([
      finding(
        TA_REF,
        'error',
        'keda-secret-reference',
        'spec.configMapTargetRef[0].key',
        'ConfigMap "prom-ca" has no key "ca.crt" (it has "service-ca.crt"): KEDA resolves parameter "ca" to an empty value and the trigger goes out without it; add the key to the ConfigMap or fix key',
        { currentValue: 'ca.crt' },
      ),
    ]);
  });

  test('GIVEN a Secret, or a bound ServiceAccount, that is not in the input THEN an info each', () => {
    const auth = triggerAuth({
      ...fromSecret({ bearerToken: 'token' }),
      boundServiceAccountToken: [{ parameter: 'bearerToken', serviceAccountName: 'prom-reader' }],
    });
    expect(resultsOf('keda-secret-reference', [auth])).toEqual([
      finding(
        TA_REF,
        'info',
        'keda-secret-reference',
        'spec.secretTargetRef[0]',
        'Secret "prom-creds" is not in namespace "orders" of the input: its key "token" cannot be checked',
      ),
      finding(
        TA_REF,
        'info',
        'keda-secret-reference',
        'spec.boundServiceAccountToken[0].serviceAccountName',
        'ServiceAccount "prom-reader" is not in namespace "orders" of the input: the token KEDA requests for it cannot be checked',
      ),
    ]);
  });

  test("GIVEN a ClusterTriggerAuthentication THEN its Secrets are looked up in KEDA's namespace", () => {
    const cta = clusterTriggerAuth(fromSecret({ bearerToken: 'token' }));
    expect(resultsOf('keda-secret-reference', [cta, secret('prom-creds', ['token'], 'keda')])).toEqual([]);
    expect(resultsOf('keda-secret-reference', [cta, secret('prom-creds', ['other'], 'keda')]).map((r) => [r.resourceRef, r.severity, r.field?.path])).toEqual([
      [CTA_REF, 'error', 'spec.secretTargetRef[0].key'],
    ]);
    // Only outside KEDA's namespace: keda-auth-ref's error, not repeated here.
    expect(resultsOf('keda-secret-reference', [cta, secret('prom-creds', ['token'], 'orders')])).toEqual([]);
  });

  test('GIVEN every referenced object with its key THEN nothing, and no Secret value is read or printed', () => {
    const withValue = { ...secret('prom-creds', []), data: { token: 'c3VwZXItc2VjcmV0LXRva2Vu' } };
    const items = [
      withAuth({ authModes: 'bearer' }),
      triggerAuth({ ...fromSecret({ bearerToken: 'token' }), boundServiceAccountToken: [{ parameter: 'x', serviceAccountName: 'prom-reader' }] }),
      withValue,
      serviceAccount('prom-reader'),
    ];
    expect(resultsOf('keda-secret-reference', items)).toEqual([]);
  });

  test('GIVEN entries without name or key THEN nothing here (keda-schema reports them), and no crash', () => {
    expect(resultsOf('keda-secret-reference', [triggerAuth({ secretTargetRef: [{ parameter: 'bearerToken' }, 'not-a-map'] as never })])).toEqual([]);
  });
});
