import type { Json, JsonObject, Path } from '../../types.js';
import { isObject } from '../../types.js';
import { REMOVED_PROVIDERS } from '../kinds.js';
import type { KedaRule } from './types.js';

/** Where a TriggerAuthentication takes a pod identity: for the scaler, and for each secret store. */
const IDENTITY_SITES: readonly Path[] = [
  ['spec', 'podIdentity'],
  ['spec', 'azureKeyVault', 'podIdentity'],
  ['spec', 'awsSecretManager', 'podIdentity'],
  ['spec', 'gcpSecretManager', 'podIdentity'],
];

/**
 * Removed providers (`azure`, `aws-kiam`: error, KEDA ≥ 2.15 rejects them) and deprecated ones
 * (`aws-eks`; `identityOwner` in a prometheus trigger whose identity is `aws`: warning).
 */
export const kedaProvider: KedaRule = {
  code: 'keda-provider',
  description: 'a pod-identity provider KEDA removed (azure, aws-kiam) or deprecated (aws-eks)',
  check({ obj, kind, triggers, report }) {
    if (!kind.scales) {
      for (const site of IDENTITY_SITES) {
        const identity = at(obj as unknown as JsonObject, site);
        if (!isObject(identity) || typeof identity.provider !== 'string') continue;
        const provider = identity.provider;
        const path = [...site, 'provider'];
        const replacement = REMOVED_PROVIDERS.get(provider);
        if (replacement !== undefined) {
          report.error(
            'keda-provider',
            `podIdentity provider "${provider}" was removed in KEDA v2.15: KEDA rejects it and the scaler gets no identity; use ${replacement}`,
            path,
            { currentValue: provider },
          );
        } else if (provider === 'aws-eks') {
          report.warning(
            'keda-provider',
            'podIdentity provider "aws-eks" is deprecated in KEDA and will be removed; use provider: aws (EKS Pod Identity or IRSA, with roleArn when the role is not the workload\'s)',
            path,
            {
              currentValue: provider,
              proposedValue: 'aws',
            },
          );
        }
      }
      return;
    }
    for (const trigger of triggers) {
      if (trigger.metadata.identityOwner === undefined) continue;
      if (trigger.auth.state === 'unknown' || trigger.auth.provided.podIdentity?.provider !== 'aws') continue;
      report.warning(
        'keda-provider',
        "identityOwner belongs to the deprecated aws-eks identity: with podIdentity provider aws KEDA ignores it; remove it, and give the role as podIdentity.roleArn when it is not the workload's",
        [...trigger.path, 'metadata', 'identityOwner'],
        { currentValue: trigger.metadata.identityOwner },
      );
    }
  },
};

function at(obj: JsonObject, path: Path): Json | undefined {
  let node: Json | undefined = obj;
  for (const key of path) node = isObject(node) ? node[key as string] : undefined;
  return node;
}
