import { finding } from '../checks/fixtures.js';
import { CTA_REF, SJ_REF, SO_REF, TA_REF, clusterTriggerAuth, prometheusTrigger, resultsOf, scaledJob, scaledObject, triggerAuth } from './fixtures.js';

const why = (kind: string): string =>
  `the ${kind} CRD (KEDA v2.20.2) has no such field, so the API server drops it, or rejects the object under strict field validation`;

describe('keda-schema', () => {
  test('GIVEN a valid ScaledObject, ScaledJob, TriggerAuthentication and ClusterTriggerAuthentication THEN nothing', () => {
    const items = [
      scaledObject(),
      scaledJob(),
      triggerAuth({ podIdentity: { provider: 'azure-workload' } }),
      clusterTriggerAuth({ podIdentity: { provider: 'gcp' } }),
    ];
    expect(resultsOf('keda-schema', items)).toEqual([]);
  });

  test('GIVEN a misspelt authenticationRef THEN an error at the unknown field, naming the right one', () => {
    expect(resultsOf('keda-schema', [scaledObject([prometheusTrigger({}, { authenticationref: { name: 'prom-auth' } })])])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-schema',
        'spec.triggers[0].authenticationref',
        `unknown field "authenticationref" (did you mean "authenticationRef"?): ${why('ScaledObject')}`,
      ),
    ]);
  });

  test('GIVEN trigger metadata that is not a map, or holds a number THEN an error with its path, and no crash', () => {
    expect(resultsOf('keda-schema', [scaledObject([{ type: 'prometheus', metadata: 'serverAddress=http://x' }])])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-schema',
        'spec.triggers[0].metadata',
        'must be an object, not a string: the API server rejects the object (ScaledObject CRD, KEDA v2.20.2)',
      ),
    ]);
    expect(resultsOf('keda-schema', [scaledJob([prometheusTrigger({ threshold: 100 })])])).toEqual([
      finding(
        SJ_REF,
        'error',
        'keda-schema',
        'spec.triggers[0].metadata.threshold',
        'must be a string, not an integer: the API server rejects the object (ScaledJob CRD, KEDA v2.20.2)',
      ),
    ]);
  });

  test('GIVEN an authenticationRef without a name THEN an error at the missing name', () => {
    expect(resultsOf('keda-schema', [scaledObject([prometheusTrigger({}, { authenticationRef: { kind: 'TriggerAuthentication' } })])])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-schema',
        'spec.triggers[0].authenticationRef.name',
        'required field "name" is missing: the API server rejects the object (ScaledObject CRD, KEDA v2.20.2)',
      ),
    ]);
  });

  test('GIVEN secretTargetRef entries missing fields THEN an error per missing field', () => {
    expect(resultsOf('keda-schema', [triggerAuth({ secretTargetRef: [{ parameter: 'bearerToken', name: 'prom-creds' }, { key: 'token' }] })])).toEqual([
      finding(
        TA_REF,
        'error',
        'keda-schema',
        'spec.secretTargetRef[0].key',
        'required field "key" is missing: the API server rejects the object (TriggerAuthentication CRD, KEDA v2.20.2)',
      ),
      finding(
        TA_REF,
        'error',
        'keda-schema',
        'spec.secretTargetRef[1].name',
        'required field "name" is missing: the API server rejects the object (TriggerAuthentication CRD, KEDA v2.20.2)',
      ),
      finding(
        TA_REF,
        'error',
        'keda-schema',
        'spec.secretTargetRef[1].parameter',
        'required field "parameter" is missing: the API server rejects the object (TriggerAuthentication CRD, KEDA v2.20.2)',
      ),
    ]);
  });

  test('GIVEN a removed pod-identity provider THEN keda-schema leaves it to keda-provider (one finding, with the fix)', () => {
    expect(resultsOf('keda-schema', [clusterTriggerAuth({ podIdentity: { provider: 'azure' } })])).toEqual([]);
    expect(resultsOf('keda-schema', [clusterTriggerAuth({ podIdentity: { provider: 'azure-wrkload' } })])).toEqual([
      finding(
        CTA_REF,
        'error',
        'keda-schema',
        'spec.podIdentity.provider',
        'must be one of "azure-workload", "gcp", "aws", "aws-eks", "none", not "azure-wrkload": the API server rejects the object (ClusterTriggerAuthentication CRD, KEDA v2.20.2)',
      ),
    ]);
  });
});
