import type { Json, JsonObject, KubeObject, Path } from '../types.js';
import { isObject } from '../types.js';

/** Where a TriggerAuthentication takes a parameter from. */
export type ParamSource =
  'secretTargetRef' | 'configMapTargetRef' | 'env' | 'boundServiceAccountToken' | 'hashiCorpVault' | 'azureKeyVault' | 'awsSecretManager' | 'gcpSecretManager';

export interface ProvidedParam {
  readonly source: ParamSource;
  /** The entry that provides it, e.g. `['spec','secretTargetRef',0]`. */
  readonly path: Path;
}

/** A `podIdentity` block that is in effect for the scaler (`spec.podIdentity`). */
export interface PodIdentity {
  readonly provider: string;
  readonly path: Path;
}

/** Everything one TriggerAuthentication / ClusterTriggerAuthentication provides to a trigger, from all of its sources. */
export interface ProvidedAuth {
  /** Parameter name (KEDA's aliases folded: `token` → `bearerToken`, `authMode` → `authModes`) → its first source. */
  readonly params: ReadonlyMap<string, ProvidedParam>;
  readonly podIdentity: PodIdentity | undefined;
  /**
   * `filePath`: KEDA reads more parameters from a file the input does not show, so "a parameter is
   * missing" cannot be certain.
   */
  readonly opaque: boolean;
}

/** KEDA's parameter aliases (`keda:"name=bearerToken;token"`, `name=authModes;authMode`, `name=scopes;scope`). */
const ALIASES: Readonly<Record<string, string>> = { token: 'bearerToken', authMode: 'authModes', scope: 'scopes', awsAccessKeyId: 'awsAccessKeyID' };

export function canonicalParam(name: string): string {
  return ALIASES[name] ?? name;
}

/** The lists whose entries name a `parameter`, top-level and inside the secret stores. */
const LISTS: ReadonlyArray<{ source: ParamSource; path: readonly string[] }> = [
  { source: 'secretTargetRef', path: ['secretTargetRef'] },
  { source: 'configMapTargetRef', path: ['configMapTargetRef'] },
  { source: 'env', path: ['env'] },
  { source: 'boundServiceAccountToken', path: ['boundServiceAccountToken'] },
  { source: 'hashiCorpVault', path: ['hashiCorpVault', 'secrets'] },
  { source: 'azureKeyVault', path: ['azureKeyVault', 'secrets'] },
  { source: 'awsSecretManager', path: ['awsSecretManager', 'secrets'] },
  { source: 'gcpSecretManager', path: ['gcpSecretManager', 'secrets'] },
];

const computed = new WeakMap<KubeObject, ProvidedAuth>();

/**
 * What a TriggerAuthentication provides, computed once per object (every trigger that references
 * it asks again). Only parameter names are read: values live in Secrets, stores and files.
 */
export function providedAuth(obj: KubeObject): ProvidedAuth {
  const known = computed.get(obj);
  if (known !== undefined) return known;
  const spec: JsonObject = isObject(obj.spec) ? obj.spec : {};
  const params = new Map<string, ProvidedParam>();
  for (const { source, path } of LISTS) {
    let list: Json | undefined = spec;
    for (const key of path) list = isObject(list) ? list[key] : undefined;
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      if (!isObject(entry) || typeof entry.parameter !== 'string' || entry.parameter === '') return;
      const name = canonicalParam(entry.parameter);
      if (!params.has(name)) params.set(name, { source, path: ['spec', ...path, index] });
    });
  }
  const identity = isObject(spec.podIdentity) ? spec.podIdentity : undefined;
  const provider = identity !== undefined && typeof identity.provider === 'string' ? identity.provider : undefined;
  const provided: ProvidedAuth = {
    params,
    podIdentity: provider !== undefined && provider !== 'none' ? { provider, path: ['spec', 'podIdentity', 'provider'] } : undefined,
    opaque: typeof spec.filePath === 'string' && spec.filePath !== '',
  };
  computed.set(obj, provided);
  return provided;
}

export const NOTHING_PROVIDED: ProvidedAuth = { params: new Map(), podIdentity: undefined, opaque: false };
