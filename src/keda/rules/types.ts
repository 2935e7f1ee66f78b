import type { Cluster } from '../../cluster.js';
import type { Config } from '../../config/types.js';
import type { Reporter } from '../../results.js';
import type { KubeObject } from '../../types.js';
import type { KedaKind } from '../kinds.js';
import type { ResolvedTrigger } from '../resolve.js';

/** What a KEDA rule sees: one KEDA object as it will be written (apply) or as it is (check). */
export interface KedaCheckContext {
  readonly obj: KubeObject;
  readonly kind: KedaKind;
  /** The prometheus triggers with what their authenticationRef provides; [] for a (Cluster)TriggerAuthentication. */
  readonly triggers: readonly ResolvedTrigger[];
  readonly cluster: Cluster;
  readonly config: Config;
  /** The namespace KEDA reads a ClusterTriggerAuthentication's Secrets from (policy.kedaNamespace, default `keda`). */
  readonly kedaNamespace: string;
  readonly report: Reporter;
}

/** One small named rule of the KEDA family; `code` is stable and becomes the result's `tags.code`. */
export interface KedaRule {
  readonly code: string;
  /** One line for the README table and the SARIF rule's help. */
  readonly description: string;
  check(ctx: KedaCheckContext): void;
}
