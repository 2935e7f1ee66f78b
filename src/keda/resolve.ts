import type { Cluster } from '../cluster.js';
import { nameOf, namespaceOf } from '../select.js';
import type { KubeObject, Path } from '../types.js';
import { NOTHING_PROVIDED, providedAuth } from './auth.js';
import type { ProvidedAuth } from './auth.js';
import type { PrometheusTrigger } from './triggers.js';

/** KEDA's authModes values (authentication.Config: `enum=apiKey;basic;tls;bearer;custom;oauth`). */
export const AUTH_MODES = ['apiKey', 'basic', 'tls', 'bearer', 'custom', 'oauth'] as const;
/** `exclusiveSet=bearer;basic;oauth`: at most one of these. */
export const EXCLUSIVE_MODES = ['bearer', 'basic', 'oauth'] as const;

/** The trigger's `authModes` as KEDA reads them: trigger metadata first (`authModes`, alias `authMode`), then the TriggerAuthentication. */
export type ModesSetting =
  | { readonly from: 'metadata'; readonly key: 'authModes' | 'authMode'; readonly path: Path; readonly modes: readonly string[] }
  /** A TriggerAuthentication parameter: its value is in a Secret, never read. */
  | { readonly from: 'parameter' }
  | undefined;

/** What a trigger's credentials are, as far as the input shows them. */
export type TriggerAuth =
  /** No authenticationRef: KEDA has no parameters and no pod identity for this trigger. */
  | { readonly state: 'none'; readonly provided: ProvidedAuth }
  /** The referenced object is in the input: its parameters are known. */
  | { readonly state: 'known'; readonly object: KubeObject; readonly provided: ProvidedAuth }
  /** Named, but not where KEDA looks in the input: nothing about it is certain (keda-auth-ref says why). */
  | { readonly state: 'unknown' };

export interface ResolvedTrigger extends PrometheusTrigger {
  readonly auth: TriggerAuth;
  readonly modes: ModesSetting;
}

/**
 * Each prometheus trigger with what its authenticationRef provides (the index answers; each
 * TriggerAuthentication is read once). `proposed`: a TriggerAuthentication check mode would add
 * (generate), seen as if it were in the input, so check judges what apply would make.
 */
export function resolveTriggers(obj: KubeObject, triggers: readonly PrometheusTrigger[], cluster: Cluster, proposed?: KubeObject): ResolvedTrigger[] {
  return triggers.map((trigger) => {
    const auth = resolveAuth(obj, trigger, cluster, proposed);
    // A literal, not a spread: the same shape for every trigger, and cheaper in code not yet optimised.
    const { index, path, value, metadata, authenticationRef } = trigger;
    return { index, path, value, metadata, authenticationRef, auth, modes: modesOf(trigger, auth) };
  });
}

function resolveAuth(obj: KubeObject, trigger: PrometheusTrigger, cluster: Cluster, proposed: KubeObject | undefined): TriggerAuth {
  const ref = trigger.authenticationRef;
  if (ref === undefined) return { state: 'none', provided: NOTHING_PROVIDED };
  const namespace = namespaceOf(obj);
  let object =
    ref.kind === 'ClusterTriggerAuthentication' ? cluster.clusterTriggerAuthentication(ref.name) : cluster.triggerAuthentication(namespace, ref.name);
  if (
    object === undefined &&
    proposed !== undefined &&
    ref.kind === 'TriggerAuthentication' &&
    nameOf(proposed) === ref.name &&
    namespaceOf(proposed) === namespace
  )
    object = proposed;
  return object === undefined ? { state: 'unknown' } : { state: 'known', object, provided: providedAuth(object) };
}

function modesOf(trigger: PrometheusTrigger, auth: TriggerAuth): ModesSetting {
  for (const key of ['authModes', 'authMode'] as const) {
    const text = trigger.metadata[key];
    if (text === undefined) continue;
    const modes = text
      .split(',')
      .map((mode) => mode.trim())
      .filter((mode) => mode !== '');
    return { from: 'metadata', key, path: [...trigger.path, 'metadata', key], modes };
  }
  if (auth.state === 'known' && auth.provided.params.has('authModes')) return { from: 'parameter' };
  return undefined;
}

/** The pod identity in effect for the trigger (undefined: none, or not known). */
export function podProviderOf(trigger: ResolvedTrigger): string | undefined {
  return trigger.auth.state === 'unknown' ? undefined : trigger.auth.provided.podIdentity?.provider;
}
