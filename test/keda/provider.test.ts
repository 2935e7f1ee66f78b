import { finding } from '../checks/fixtures.js';
import { SO_REF, TA_REF, resultsOf, triggerAuth, withAuth } from './fixtures.js';

describe('keda-provider', () => {
  test('GIVEN a provider KEDA v2.15 removed (azure, aws-kiam) THEN an error naming its replacement', () => {
    expect(resultsOf('keda-provider', [triggerAuth({ podIdentity: { provider: 'azure' } })])).toEqual([
      finding(
        TA_REF,
        'error',
        'keda-provider',
        'spec.podIdentity.provider',
        'podIdentity provider "azure" was removed in KEDA v2.15: KEDA rejects it and the scaler gets no identity; use azure-workload (Microsoft Entra Workload ID)',
        { currentValue: 'azure' },
      ),
    ]);
    expect(
      resultsOf('keda-provider', [
        triggerAuth({ azureKeyVault: { vaultUri: 'https://v.vault.azure.net', secrets: [], podIdentity: { provider: 'aws-kiam' } } }),
      ]),
    ).toEqual([
      finding(
        TA_REF,
        'error',
        'keda-provider',
        'spec.azureKeyVault.podIdentity.provider',
        'podIdentity provider "aws-kiam" was removed in KEDA v2.15: KEDA rejects it and the scaler gets no identity; use aws (EKS Pod Identity or IRSA)',
        { currentValue: 'aws-kiam' },
      ),
    ]);
  });

  test('GIVEN the deprecated aws-eks THEN a warning proposing aws', () => {
    expect(resultsOf('keda-provider', [triggerAuth({ podIdentity: { provider: 'aws-eks' } })])).toEqual([
      finding(
        TA_REF,
        'warning',
        'keda-provider',
        'spec.podIdentity.provider',
        'podIdentity provider "aws-eks" is deprecated in KEDA and will be removed; use provider: aws (EKS Pod Identity or IRSA, with roleArn when the role is not the workload\'s)',
        { currentValue: 'aws-eks', proposedValue: 'aws' },
      ),
    ]);
  });

  test('GIVEN identityOwner in a trigger whose identity is aws THEN a warning at identityOwner', () => {
    expect(resultsOf('keda-provider', [withAuth({ identityOwner: 'operator' }), triggerAuth({ podIdentity: { provider: 'aws' } })])).toEqual([
      finding(
        SO_REF,
        'warning',
        'keda-provider',
        'spec.triggers[0].metadata.identityOwner',
        "identityOwner belongs to the deprecated aws-eks identity: with podIdentity provider aws KEDA ignores it; remove it, and give the role as podIdentity.roleArn when it is not the workload's",
        { currentValue: 'operator' },
      ),
    ]);
  });

  test('GIVEN current providers, or identityOwner without provider aws THEN nothing', () => {
    for (const provider of ['azure-workload', 'gcp', 'aws', 'none'])
      expect(resultsOf('keda-provider', [triggerAuth({ podIdentity: { provider } })])).toEqual([]);
    expect(
      resultsOf('keda-provider', [withAuth({ identityOwner: 'operator' }), triggerAuth({ podIdentity: { provider: 'aws-eks' } })]).map(
        (r) => r.resourceRef?.kind,
      ),
    ).toEqual(['TriggerAuthentication']);
  });
});
