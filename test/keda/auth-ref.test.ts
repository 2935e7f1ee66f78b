import { finding } from '../checks/fixtures.js';
import {
  CTA_REF,
  SJ_REF,
  SO_REF,
  clusterTriggerAuth,
  fromSecret,
  prometheusTrigger,
  resultsOf,
  scaledJob,
  secret,
  triggerAuth,
  withAuth,
  withPolicy,
} from './fixtures.js';

describe('keda-auth-ref', () => {
  test("GIVEN the TriggerAuthentication only in another namespace THEN an error: KEDA looks only in the scaler's namespace", () => {
    expect(resultsOf('keda-auth-ref', [withAuth(), triggerAuth({ podIdentity: { provider: 'gcp' } }, 'prom-auth', 'keda')])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-auth-ref',
        'spec.triggers[0].authenticationRef.name',
        'TriggerAuthentication "prom-auth" is in namespace "keda", not in this ScaledObject\'s namespace "orders": KEDA looks only there, logs "error getting triggerAuth" (triggerauthentications.keda.sh "prom-auth" not found) and queries without credentials; move it to "orders", or make it a ClusterTriggerAuthentication (kind: ClusterTriggerAuthentication)',
        { currentValue: 'prom-auth' },
      ),
    ]);
  });

  test('GIVEN no namespace on the scaler, or on the TriggerAuthentication THEN not an error: kustomize or kubectl -n decide it later', () => {
    const noNamespace = { ...withAuth(), metadata: { name: 'orders-worker' } };
    expect(resultsOf('keda-auth-ref', [noNamespace, triggerAuth({}, 'prom-auth', 'keda')]).map((r) => r.severity)).toEqual(['info']);
    const unplaced = { ...triggerAuth({}), metadata: { name: 'prom-auth' } };
    expect(resultsOf('keda-auth-ref', [noNamespace, unplaced])).toEqual([]);
    expect(resultsOf('keda-auth-ref', [withAuth(), unplaced]).map((r) => r.severity)).toEqual(['info']);
  });

  test('GIVEN a TriggerAuthentication that is nowhere in the input THEN an info (a ScaledJob too)', () => {
    expect(resultsOf('keda-auth-ref', [scaledJob([prometheusTrigger({}, { authenticationRef: { name: 'prom-auth' } })])])).toEqual([
      finding(
        SJ_REF,
        'info',
        'keda-auth-ref',
        'spec.triggers[0].authenticationRef',
        'TriggerAuthentication "prom-auth" is not in the input: the parameters it provides cannot be checked',
      ),
    ]);
    expect(resultsOf('keda-auth-ref', [withAuth({}, { name: 'prom-auth', kind: 'ClusterTriggerAuthentication' })])).toEqual([
      finding(
        SO_REF,
        'info',
        'keda-auth-ref',
        'spec.triggers[0].authenticationRef',
        'ClusterTriggerAuthentication "prom-auth" is not in the input: the parameters it provides cannot be checked',
      ),
    ]);
  });

  test("GIVEN the TriggerAuthentication in the scaler's namespace, or the ClusterTriggerAuthentication it names THEN nothing", () => {
    expect(resultsOf('keda-auth-ref', [withAuth(), triggerAuth({}), triggerAuth({}, 'prom-auth', 'keda')])).toEqual([]);
    expect(resultsOf('keda-auth-ref', [withAuth({}, { name: 'prom-auth', kind: 'ClusterTriggerAuthentication' }), clusterTriggerAuth({})])).toEqual([]);
  });

  test("GIVEN a ClusterTriggerAuthentication whose Secret is in the input only outside KEDA's namespace THEN an error at the Secret name", () => {
    const cta = clusterTriggerAuth(fromSecret({ bearerToken: 'token' }));
    expect(resultsOf('keda-auth-ref', [cta, secret('prom-creds', ['token'], 'orders')])).toEqual([
      finding(
        CTA_REF,
        'error',
        'keda-auth-ref',
        'spec.secretTargetRef[0].name',
        'a ClusterTriggerAuthentication reads its Secrets from KEDA\'s namespace "keda" (policy.kedaNamespace), but Secret "prom-creds" is in namespace "orders": KEDA finds no Secret and the trigger gets no credentials; create the Secret in "keda", or use a TriggerAuthentication in the ScaledObject\'s namespace',
        { currentValue: 'prom-creds' },
      ),
    ]);
  });

  test("GIVEN the Secret in KEDA's namespace (policy.kedaNamespace when KEDA runs elsewhere), or not in the input at all THEN nothing", () => {
    const cta = clusterTriggerAuth(fromSecret({ bearerToken: 'token' }));
    expect(resultsOf('keda-auth-ref', [cta, secret('prom-creds', ['token'], 'keda'), secret('prom-creds', ['token'], 'orders')])).toEqual([]);
    expect(resultsOf('keda-auth-ref', [cta, secret('prom-creds', ['token'], 'autoscaling')], withPolicy({ kedaNamespace: 'autoscaling' }))).toEqual([]);
    expect(resultsOf('keda-auth-ref', [cta])).toEqual([]);
  });
});
