import type { JsonObject, KubeObject, Path } from '../types.js';
import { isObject } from '../types.js';

export type AuthRefKind = 'TriggerAuthentication' | 'ClusterTriggerAuthentication';

/** A trigger's `authenticationRef`, when it names something (one without a name is a keda-schema finding). */
export interface AuthRef {
  readonly name: string;
  /** KEDA reads `""` and an absent kind as TriggerAuthentication (resolver.getTriggerAuthSpec). */
  readonly kind: AuthRefKind;
  readonly path: Path;
}

/** One `type: prometheus` trigger of a ScaledObject / ScaledJob. */
export interface PrometheusTrigger {
  readonly index: number;
  /** `['spec','triggers',index]`. */
  readonly path: Path;
  readonly value: JsonObject;
  /**
   * The string entries of `metadata` (KEDA's trigger metadata is a map of strings; a missing map,
   * or one that is not a map, reads as empty here and is a keda-schema finding).
   */
  readonly metadata: Readonly<Record<string, string>>;
  readonly authenticationRef: AuthRef | undefined;
}

/**
 * The prometheus triggers of a scaler. A `spec` or `triggers` that is not what the CRD says is not
 * unusable input: it is reported by keda-schema, and the other rules see no trigger there.
 */
export function prometheusTriggers(obj: KubeObject): PrometheusTrigger[] {
  const spec = obj.spec;
  if (!isObject(spec) || !Array.isArray(spec.triggers)) return [];
  const triggers: PrometheusTrigger[] = [];
  spec.triggers.forEach((value, index) => {
    if (!isObject(value) || value.type !== 'prometheus') return;
    const path: Path = ['spec', 'triggers', index];
    const metadata: Record<string, string> = {};
    if (isObject(value.metadata)) for (const [key, entry] of Object.entries(value.metadata)) if (typeof entry === 'string') metadata[key] = entry;
    const ref = value.authenticationRef;
    const authenticationRef: AuthRef | undefined =
      isObject(ref) && typeof ref.name === 'string' && ref.name !== ''
        ? {
            name: ref.name,
            kind: ref.kind === 'ClusterTriggerAuthentication' ? 'ClusterTriggerAuthentication' : 'TriggerAuthentication',
            path: [...path, 'authenticationRef'],
          }
        : undefined;
    triggers.push({ index, path, value, metadata, authenticationRef });
  });
  return triggers;
}
