/**
 * Shared fixtures for the rule tests: a Kubebuilder-style metrics ServiceMonitor (the project's own,
 * not copied from Kubebuilder), the other kinds, and the objects the cross-checks read.
 */
import { Cluster } from '../../src/cluster.js';
import { emptyConfig } from '../../src/config/load.js';
import type { Config, Policy } from '../../src/config/types.js';
import { endpointsOf, monitorKindOf } from '../../src/kinds/index.js';
import { Reporter } from '../../src/results.js';
import type { CheckRule } from '../../src/checks/index.js';
import type { Json, JsonObject, KubeObject, Result, ResourceRef } from '../../src/types.js';

export const NS = 'shop-system';
export const SERVICE_DNS = 'shop-controller-manager-metrics-service.shop-system.svc';

export const SM_REF: ResourceRef = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', name: 'shop-metrics-monitor', namespace: NS };
export const PM_REF: ResourceRef = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', name: 'shop-pods', namespace: NS };
export const PROBE_REF: ResourceRef = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Probe', name: 'shop-probe', namespace: NS };
export const SC_REF: ResourceRef = { apiVersion: 'monitoring.coreos.com/v1alpha1', kind: 'ScrapeConfig', name: 'shop-static', namespace: NS };

/** cert-manager TLS from the metrics-server-cert Secret, as a correct Kubebuilder setup has it. */
export function certManagerTls(extra: JsonObject = {}): JsonObject {
  return {
    serverName: SERVICE_DNS,
    insecureSkipVerify: false,
    ca: { secret: { name: 'metrics-server-cert', key: 'ca.crt' } },
    cert: { secret: { name: 'metrics-server-cert', key: 'tls.crt' } },
    keySecret: { name: 'metrics-server-cert', key: 'tls.key' },
    ...extra,
  };
}

/** A ServiceMonitor with one endpoint: port https, path /metrics, scheme https, plus `endpoint`. */
export function serviceMonitor(endpoint: JsonObject = {}, meta: JsonObject = {}, spec: JsonObject = {}): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'shop-metrics-monitor', namespace: NS, ...meta },
    spec: {
      endpoints: [{ path: '/metrics', port: 'https', scheme: 'https', ...endpoint }],
      selector: { matchLabels: { 'control-plane': 'controller-manager' } },
      ...spec,
    },
  };
}

/** A ServiceMonitor with the given endpoints, as they are. */
export function serviceMonitorWith(endpoints: JsonObject[]): KubeObject {
  const monitor = serviceMonitor();
  (monitor.spec as JsonObject).endpoints = endpoints;
  return monitor;
}

export function podMonitor(endpoint: JsonObject = {}): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: 'shop-pods', namespace: NS },
    spec: { selector: { matchLabels: { app: 'shop' } }, podMetricsEndpoints: [{ port: 'metrics', scheme: 'https', ...endpoint }] },
  };
}

export function probe(spec: JsonObject = {}): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'Probe',
    metadata: { name: 'shop-probe', namespace: NS },
    spec: {
      prober: { url: 'blackbox-exporter.monitoring.svc:9115', scheme: 'https' },
      module: 'http_2xx',
      targets: { staticConfig: { static: ['https://shop.example.com'] } },
      ...spec,
    },
  };
}

export function scrapeConfig(spec: JsonObject = {}): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'ScrapeConfig',
    metadata: { name: 'shop-static', namespace: NS },
    spec: { staticConfigs: [{ targets: ['shop.shop-system.svc:8443'] }], scheme: 'HTTPS', ...spec },
  };
}

export function service(
  name = 'shop-controller-manager-metrics-service',
  labels: Record<string, string> = { 'control-plane': 'controller-manager' },
  namespace: string | undefined = NS,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}), labels },
    spec: { ports: [{ name: 'https', port: 8443, targetPort: 8443 }], selector: labels },
  };
}

/** The metrics Service with OpenShift's serving-cert annotation (beta spelling, or alpha). */
export function openshiftService(secretName = 'shop-metrics-tls', spelling: 'beta' | 'alpha' = 'beta'): KubeObject {
  const svc = service();
  (svc.metadata as JsonObject).annotations = { [`service.${spelling}.openshift.io/serving-cert-secret-name`]: secretName };
  return svc;
}

/** A ServiceMonitor trusting OpenShift's service CA the way OpenShift monitors do: the injected ConfigMap key. */
export function serviceCaTls(extra: JsonObject = {}): JsonObject {
  return { ca: { configMap: { name: 'shop-service-ca', key: 'service-ca.crt' } }, ...extra };
}

/** A Secret as the reader hands it to the core: key names, blank values. */
export function secret(name: string, keys: string[], namespace: string | undefined = NS): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
    data: Object.fromEntries(keys.map((k) => [k, ''])),
  };
}

export function configMap(name: string, keys: string[], namespace: string = NS): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: Object.fromEntries(keys.map((k) => [k, ''])) };
}

export function certificate(dnsNames: string[], spec: JsonObject = {}, name = 'metrics-certs', namespace = NS): KubeObject {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name, namespace },
    spec: { dnsNames, issuerRef: { kind: 'Issuer', name: 'selfsigned-issuer' }, secretName: 'metrics-server-cert', ...spec },
  };
}

export function withPolicy(policy: Partial<Policy>): Config {
  const config = emptyConfig();
  return { ...config, policy: { ...config.policy, ...policy } };
}

/** Runs one rule over one monitor, with `others` as the rest of the input. */
export function runRule(rule: CheckRule, obj: KubeObject, others: KubeObject[] = [], config: Config = emptyConfig()): Result[] {
  const kind = monitorKindOf(obj);
  if (kind === undefined) throw new Error(`not a monitor: ${obj.kind}`);
  const report = new Reporter(obj);
  rule.check({ obj, kind, endpoints: endpointsOf(obj, kind), cluster: Cluster.from([obj, ...others]), config, report });
  return report.results;
}

/** The result a rule should produce, spelled out. */
export function finding(
  resourceRef: ResourceRef,
  severity: Result['severity'],
  code: string,
  path: string,
  message: string,
  values: { currentValue?: Json; proposedValue?: Json } = {},
): Result {
  return { message, severity, resourceRef, field: { path, ...values }, tags: { code } };
}
