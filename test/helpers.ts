import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import type { Json, JsonObject, KubeObject } from '../src/types.js';

/**
 * A ServiceMonitor as people write them. Its selector is whatever `spec` says (none when it says
 * none): it is never derived from the monitor's name, so a test that finds a Service finds it by
 * the labels it states, not because the monitor and the Service share a name.
 */
export function serviceMonitor(name: string, namespace: string | undefined, spec: JsonObject, extra: JsonObject = {}): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name, ...(namespace ? { namespace } : {}), ...extra },
    spec,
  };
}

/** `{matchLabels: {app: value}}`: the selector most tests give their monitor. */
export function selectApp(app: string): JsonObject {
  return { matchLabels: { app } };
}

export function service(
  name: string,
  namespace: string | undefined,
  labels: Record<string, string>,
  ports: Array<{ name: string; port: number; targetPort?: Json }>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(namespace ? { namespace } : {}), labels },
    spec: { ports },
  };
}

export function monitorOf(kind: 'PodMonitor' | 'Probe' | 'ScrapeConfig', name: string, namespace: string, spec: JsonObject): KubeObject {
  return {
    apiVersion: kind === 'ScrapeConfig' ? 'monitoring.coreos.com/v1alpha1' : 'monitoring.coreos.com/v1',
    kind,
    metadata: { name, namespace },
    spec,
  };
}

/** A typed SecureMonitors config from its spec. */
export function config(spec: JsonObject): Config {
  return loadConfig({ functionConfig: { apiVersion: 'fn.secure-monitors.dev/v1alpha1', kind: 'SecureMonitors', metadata: { name: 'test' }, spec } });
}

export const TLS_FROM_SECRET: JsonObject = {
  ca: { secret: { name: 'metrics-server-cert', key: 'ca.crt' } },
  cert: { secret: { name: 'metrics-server-cert', key: 'tls.crt' } },
  keySecret: { name: 'metrics-server-cert', key: 'tls.key' },
};

export function at(obj: unknown, ...path: Array<string | number>): unknown {
  let node: unknown = obj;
  for (const key of path) node = node === null || typeof node !== 'object' ? undefined : (node as Record<string, unknown>)[key as string];
  return node;
}
