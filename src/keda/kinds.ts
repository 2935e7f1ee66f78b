import type { KubeObject } from '../types.js';

export const KEDA_API_VERSION = 'keda.sh/v1alpha1';

/**
 * What one KEDA kind is to the rules: a scaler (its `spec.triggers[]` query Prometheus) or an
 * authentication object (it provides a trigger's parameters), and where it reads Secrets from.
 */
export interface KedaKind {
  readonly kind: 'ScaledObject' | 'ScaledJob' | 'TriggerAuthentication' | 'ClusterTriggerAuthentication';
  readonly apiVersion: typeof KEDA_API_VERSION;
  /** ScaledObject / ScaledJob: `spec.triggers[]`. */
  readonly scales: boolean;
  /**
   * ClusterTriggerAuthentication is cluster-scoped: KEDA reads its Secrets and ConfigMaps from its
   * own namespace (KEDA_CLUSTER_OBJECT_NAMESPACE, usually `keda`; keda#4893), not the scaler's.
   */
  readonly clusterScoped: boolean;
}

export const scaledObject: KedaKind = { kind: 'ScaledObject', apiVersion: KEDA_API_VERSION, scales: true, clusterScoped: false };
export const scaledJob: KedaKind = { kind: 'ScaledJob', apiVersion: KEDA_API_VERSION, scales: true, clusterScoped: false };
export const triggerAuthentication: KedaKind = { kind: 'TriggerAuthentication', apiVersion: KEDA_API_VERSION, scales: false, clusterScoped: false };
export const clusterTriggerAuthentication: KedaKind = {
  kind: 'ClusterTriggerAuthentication',
  apiVersion: KEDA_API_VERSION,
  scales: false,
  clusterScoped: true,
};

export const KEDA_KINDS: readonly KedaKind[] = [scaledObject, scaledJob, triggerAuthentication, clusterTriggerAuthentication];

/** Where KEDA looks when policy.kedaNamespace is not given (its Helm chart's and manifests' default). */
export const DEFAULT_KEDA_NAMESPACE = 'keda';

export function kedaKindOf(obj: KubeObject): KedaKind | undefined {
  if (obj.apiVersion !== KEDA_API_VERSION) return undefined;
  return KEDA_KINDS.find((k) => k.kind === obj.kind);
}

/** Pod-identity providers KEDA v2.15 removed (AAD Pod Identity, KIAM) → what replaces them. */
export const REMOVED_PROVIDERS: ReadonlyMap<string, string> = new Map([
  ['azure', 'azure-workload (Microsoft Entra Workload ID)'],
  ['aws-kiam', 'aws (EKS Pod Identity or IRSA)'],
]);
