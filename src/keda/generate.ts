import type { Cluster } from '../cluster.js';
import type { JsonObject, KubeObject } from '../types.js';
import type { KedaConfig } from './config.js';
import { modeList } from './config.js';
import { KEDA_API_VERSION } from './kinds.js';

/** Per auth mode the parameters a generated TriggerAuthentication takes from `keda.secret`, with their default keys. */
const MODE_PARAMS: Readonly<Record<string, ReadonlyArray<{ parameter: string; key: string; optional?: true }>>> = {
  bearer: [{ parameter: 'bearerToken', key: 'token' }],
  basic: [
    { parameter: 'username', key: 'username' },
    { parameter: 'password', key: 'password' },
  ],
  tls: [
    { parameter: 'cert', key: 'tls.crt' },
    { parameter: 'key', key: 'tls.key' },
    // A CA only when the Secret has one (cert-manager writes ca.crt), or the config names its key.
    { parameter: 'ca', key: 'ca.crt', optional: true },
  ],
};

/**
 * The TriggerAuthentication `spec.keda.generate` adds for a scaler in `namespace`: the pod identity
 * of the config, or `secretTargetRef` entries for its authModes from `keda.secret` (KEDA reads the
 * Secret in the TriggerAuthentication's namespace, which is the scaler's). Only the object: where it
 * goes and whether it is new is src/generate.ts's business.
 */
export function triggerAuthenticationFor(keda: KedaConfig, namespace: string | undefined, cluster: Cluster): KubeObject {
  const name = keda.authenticationRef?.name ?? '';
  const spec: JsonObject = {};
  const identity = keda.podIdentity;
  if (identity !== undefined && identity.provider !== 'none') {
    spec.podIdentity = {
      provider: identity.provider,
      ...(identity.identityId !== undefined ? { identityId: identity.identityId } : {}),
      ...(identity.roleArn !== undefined ? { roleArn: identity.roleArn } : {}),
    };
  }
  const secret = keda.secret;
  if (secret !== undefined && keda.authModes !== undefined) {
    const found = cluster.secret('Secret', namespace, secret.name);
    const refs: JsonObject[] = [];
    for (const mode of modeList(keda.authModes)) {
      for (const { parameter, key, optional } of MODE_PARAMS[mode] ?? []) {
        const chosen = secret.keys?.[parameter];
        if (optional === true && chosen === undefined && found?.keys.has(key) !== true) continue;
        refs.push({ parameter, name: secret.name, key: chosen ?? key });
      }
    }
    spec.secretTargetRef = refs;
  }
  return {
    apiVersion: KEDA_API_VERSION,
    kind: 'TriggerAuthentication',
    metadata: namespace === undefined ? { name } : { name, namespace },
    spec,
  };
}

/** What the added TriggerAuthentication provides, for its info result. */
export function generatedWhy(keda: KedaConfig, scaler: string): string {
  const provides =
    keda.podIdentity !== undefined && keda.podIdentity.provider !== 'none'
      ? `podIdentity ${keda.podIdentity.provider}`
      : `authModes ${keda.authModes ?? ''} parameters from Secret ${keda.secret?.name ?? ''}`;
  return `${scaler}'s prometheus trigger references it and the input does not have it (spec.keda.generate); it provides ${provides}`;
}
