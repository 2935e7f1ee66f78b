/**
 * Shared fixtures for the KEDA rule tests: a ScaledObject scaling an orders Deployment on a
 * prometheus trigger, and the TriggerAuthentications, Secrets and ServiceAccounts it refers to.
 */
import { emptyConfig } from '../../src/config/load.js';
import type { Config, Policy } from '../../src/config/types.js';
import { transform } from '../../src/transform.js';
import type { JsonObject, KubeObject, Result, ResourceRef } from '../../src/types.js';

export const NS = 'orders';
export const KEDA = 'keda.sh/v1alpha1';

export const SO_REF: ResourceRef = { apiVersion: KEDA, kind: 'ScaledObject', name: 'orders-worker', namespace: NS };
export const SJ_REF: ResourceRef = { apiVersion: KEDA, kind: 'ScaledJob', name: 'orders-batch', namespace: NS };
export const TA_REF: ResourceRef = { apiVersion: KEDA, kind: 'TriggerAuthentication', name: 'prom-auth', namespace: NS };
export const CTA_REF: ResourceRef = { apiVersion: KEDA, kind: 'ClusterTriggerAuthentication', name: 'prom-auth' };

/** A prometheus trigger: a plain https server, query and threshold, plus `metadata` and the trigger's other fields. */
export function prometheusTrigger(metadata: JsonObject = {}, fields: JsonObject = {}): JsonObject {
  return {
    type: 'prometheus',
    metadata: { serverAddress: 'https://prometheus.example.com', query: 'sum(rate(http_requests_total{app="orders"}[2m]))', threshold: '100', ...metadata },
    ...fields,
  };
}

/** A ScaledObject in `orders` with the given triggers (default: one plain prometheus trigger). */
export function scaledObject(triggers: JsonObject[] = [prometheusTrigger()], meta: JsonObject = {}): KubeObject {
  return {
    apiVersion: KEDA,
    kind: 'ScaledObject',
    metadata: { name: 'orders-worker', namespace: NS, ...meta },
    spec: { scaleTargetRef: { name: 'orders-worker' }, triggers },
  };
}

/** One prometheus trigger referencing TriggerAuthentication `prom-auth`, plus `metadata`. */
export function withAuth(metadata: JsonObject = {}, ref: JsonObject = { name: 'prom-auth' }): KubeObject {
  return scaledObject([prometheusTrigger(metadata, { authenticationRef: ref })]);
}

export function scaledJob(triggers: JsonObject[] = [prometheusTrigger()]): KubeObject {
  return {
    apiVersion: KEDA,
    kind: 'ScaledJob',
    metadata: { name: 'orders-batch', namespace: NS },
    spec: {
      jobTargetRef: { template: { spec: { containers: [{ name: 'batch', image: 'registry.example.com/orders-batch:1.0' }], restartPolicy: 'Never' } } },
      triggers,
    },
  };
}

export function triggerAuth(spec: JsonObject, name = 'prom-auth', namespace = NS): KubeObject {
  return { apiVersion: KEDA, kind: 'TriggerAuthentication', metadata: { name, namespace }, spec };
}

export function clusterTriggerAuth(spec: JsonObject, name = 'prom-auth'): KubeObject {
  return { apiVersion: KEDA, kind: 'ClusterTriggerAuthentication', metadata: { name }, spec };
}

/** secretTargetRef entries from `prom-creds`: parameter → key. */
export function fromSecret(params: Record<string, string>, secretName = 'prom-creds'): JsonObject {
  return { secretTargetRef: Object.entries(params).map(([parameter, key]) => ({ parameter, name: secretName, key })) };
}

export function secret(name: string, keys: string[], namespace = NS): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'Opaque', data: Object.fromEntries(keys.map((k) => [k, ''])) };
}

export function configMap(name: string, keys: string[], namespace = NS): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: Object.fromEntries(keys.map((k) => [k, 'x'])) };
}

export function serviceAccount(name: string, namespace = NS): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } };
}

export function withPolicy(policy: Partial<Policy>): Config {
  const config = emptyConfig();
  return { ...config, policy: { ...config.policy, ...policy } };
}

/** The results with `code` of a checks-only run (no config) over `items`, the way the function reports them. */
export function resultsOf(code: string, items: KubeObject[], config: Config = emptyConfig()): Result[] {
  return transform(items, config).results.filter((result) => result.tags.code === code);
}
