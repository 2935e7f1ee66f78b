import type { Path } from '../../types.js';
import { podProviderOf } from '../resolve.js';
import type { ResolvedTrigger } from '../resolve.js';
import { managedServiceOf, serverUrlOf } from '../server.js';
import type { KedaRule } from './types.js';

/**
 * A managed Prometheus endpoint queried without the identity it needs. Without authModes KEDA's
 * prometheus scaler tries the cloud transports (Azure workload identity, GCP, AWS SigV4); with
 * none of them set up the request goes out bare and the managed service refuses it.
 */
export const kedaManagedAuth: KedaRule = {
  code: 'keda-managed-auth',
  description: 'a managed Prometheus endpoint (Azure, Amazon, Google, by URL) queried without the identity it needs: 401 / 403',
  check({ triggers, report }) {
    for (const trigger of triggers) {
      // An object KEDA will not find, or authModes (KEDA then sends those and no cloud identity): other rules' findings.
      if (trigger.auth.state === 'unknown' || trigger.modes !== undefined) continue;
      const url = serverUrlOf(trigger);
      const managed = url === undefined ? undefined : managedServiceOf(url);
      if (managed === undefined) continue;
      const path: Path = [...trigger.path, 'metadata', 'serverAddress'];
      const provider = podProviderOf(trigger);
      const params = trigger.auth.provided.params;
      const through = throughWhat(trigger);
      switch (managed.service) {
        case 'azure':
          if (provider !== 'azure-workload') {
            report.error(
              'keda-managed-auth',
              `serverAddress is Azure Monitor managed Prometheus, but ${through} has no podIdentity provider azure-workload: KEDA sends no token and the query fails with "401 Unauthorized: Request does not contain an Authorization Header" (keda#5203); reference a TriggerAuthentication with podIdentity: {provider: azure-workload} (and a workload identity federated with the KEDA operator)`,
              path,
            );
          }
          break;
        case 'google':
          if (
            provider !== 'gcp' &&
            !params.has('GoogleApplicationCredentials') &&
            trigger.metadata.credentialsFromEnv === undefined &&
            trigger.metadata.credentialsFromEnvFile === undefined
          ) {
            report.error(
              'keda-managed-auth',
              `serverAddress is Google Cloud Managed Service for Prometheus, but ${through} has no podIdentity provider gcp: KEDA sends no Google credentials and the query fails with 401 Unauthorized; reference a TriggerAuthentication with podIdentity: {provider: gcp} (GKE Workload Identity)`,
              path,
            );
          }
          break;
        case 'amazon': {
          const identity =
            provider === 'aws' ||
            provider === 'aws-eks' ||
            params.has('awsRoleArn') ||
            params.has('awsAccessKeyID') ||
            trigger.metadata.awsAccessKeyID !== undefined;
          if (!identity) {
            report.error(
              'keda-managed-auth',
              `serverAddress is Amazon Managed Service for Prometheus, but ${through} has no podIdentity provider aws: KEDA does not sign the query (SigV4) and the workspace answers 403 Forbidden; reference a TriggerAuthentication with podIdentity: {provider: aws} (EKS Pod Identity or IRSA) and set metadata.awsRegion: "${managed.region}"`,
              path,
            );
            break;
          }
          const region = trigger.metadata.awsRegion;
          const regionPath: Path = [...trigger.path, 'metadata', 'awsRegion'];
          // A region given as a TriggerAuthentication parameter is in a Secret: not read.
          if (region === undefined && params.has('awsRegion')) break;
          if (region === undefined || region.trim() === '') {
            report.error(
              'keda-managed-auth',
              `the trigger has no awsRegion: KEDA signs the query for no region and the workspace answers "403 Credential should be scoped to a valid region" (keda#5419); set metadata.awsRegion: "${managed.region}", the region in serverAddress`,
              regionPath,
              { proposedValue: managed.region },
            );
          } else if (region.trim() !== managed.region) {
            report.error(
              'keda-managed-auth',
              `awsRegion "${region}" is not the workspace's region "${managed.region}" in serverAddress: the workspace answers "403 Credential should be scoped to a valid region" (keda#5419); set metadata.awsRegion: "${managed.region}"`,
              regionPath,
              { currentValue: region, proposedValue: managed.region },
            );
          }
          break;
        }
      }
    }
  },
};

/** "the trigger" or "TriggerAuthentication "name"", for messages. */
export function throughWhat(trigger: ResolvedTrigger): string {
  const ref = trigger.authenticationRef;
  return ref === undefined || trigger.auth.state === 'none' ? 'the trigger (no authenticationRef)' : `${ref.kind} "${ref.name}"`;
}
