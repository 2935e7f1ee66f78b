import type { Cluster, ServiceInfo } from './cluster.js';
import { boundedJoinOf, formatValue } from './format.js';
import type { Endpoint, MonitorKind } from './kinds/index.js';
import { matchesLabelSelector, namespaceOf, selectedNamespaces } from './select.js';
import type { JsonObject, KubeObject } from './types.js';
import { isObject, scalarText } from './types.js';

export type ServerNameOutcome = { ok: true; value: string; service?: ServiceInfo } | { ok: false; message: string };

export const AUTO = 'auto';

/**
 * Resolves `tls.serverName` for one endpoint: `auto`, a template with {service} {namespace}
 * {clusterDomain}, or a literal. Prometheus scrapes pod IPs, so without a serverName a certificate
 * with only DNS SANs fails with "x509: cannot validate certificate for <ip> because it doesn't
 * contain any IP SANs"; the Service's DNS name is what such certificates are issued for.
 */
export function resolveServerName(
  spec: string,
  monitor: KubeObject,
  kind: MonitorKind,
  endpoint: Endpoint,
  cluster: Cluster,
  clusterDomain: string,
): ServerNameOutcome {
  const template = spec === AUTO ? `{service}.{namespace}.svc${clusterDomain ? '.{clusterDomain}' : ''}` : spec;
  if (!template.includes('{')) return { ok: true, value: template };

  let service: ServiceInfo | undefined;
  if (template.includes('{service}')) {
    if (!kind.selectsServices) {
      return {
        ok: false,
        message: `serverName "${spec}" needs a Service, but a ${kind.kind} has no Service relation; set tls.serverName to a literal (a name in the target's certificate)`,
      };
    }
    const found = findService(monitor, endpoint, cluster, spec);
    if (!found.ok) return found;
    service = found.service;
  }
  const namespace = service ? service.namespace : namespaceOf(monitor);
  if (template.includes('{namespace}') && namespace === undefined) {
    return {
      ok: false,
      message: `serverName "${spec}" needs a namespace: the ${kind.kind} has no metadata.namespace; set one, or set tls.serverName to a literal`,
    };
  }
  const value = template
    .replace(/\{service\}/g, service?.name ?? '')
    .replace(/\{namespace\}/g, namespace ?? '')
    .replace(/\{clusterDomain\}/g, clusterDomain || 'cluster.local');
  return service ? { ok: true, value, service } : { ok: true, value };
}

type ServiceLookup = { ok: true; service: ServiceInfo } | { ok: false; message: string };

/** The one Service a ServiceMonitor endpoint scrapes, following spec.selector and spec.namespaceSelector. */
function findService(monitor: KubeObject, endpoint: Endpoint, cluster: Cluster, spec = AUTO): ServiceLookup {
  const monitorSpec = isObject(monitor.spec) ? monitor.spec : {};
  const selector = monitorSpec.selector;
  if (!isObject(selector)) {
    return { ok: false, message: `serverName "${spec}" cannot follow spec.selector: the ServiceMonitor has none; set tls.serverName to a literal` };
  }
  const scope = servicesFor(monitor, selector, cluster);
  if (scope === 'unknown') {
    return {
      ok: false,
      message: `serverName "${spec}" needs a namespace: the ServiceMonitor has no metadata.namespace and no spec.namespaceSelector.matchNames; set one, or set tls.serverName to a literal`,
    };
  }
  const { where, matching } = scope;
  if (matching.length === 0) {
    return {
      ok: false,
      message: `serverName "${spec}" found no Service matching spec.selector ${scope.selectorText} ${where}; add the Service to the input or set tls.serverName to a literal`,
    };
  }
  const candidates = matching.length === 1 ? matching : matching.filter((s) => exposesPort(s, endpoint));
  if (candidates.length === 1) {
    const service = candidates[0] as ServiceInfo;
    if (service.namespace === undefined) {
      return { ok: false, message: `serverName "${spec}": Service ${service.name} has no metadata.namespace; set one, or set tls.serverName to a literal` };
    }
    return { ok: true, service };
  }
  const listed = candidates.length > 1 ? candidates : matching;
  const shown = boundedJoinOf(listed, (s) => `${s.name}.${s.namespace ?? '?'}`);
  const port =
    endpoint.port === undefined
      ? ''
      : candidates.length > 1
        ? `, and ${candidates.length} of them expose port "${endpoint.port}"`
        : `, and none of them exposes port "${endpoint.port}"`;
  return {
    ok: false,
    message: `serverName "${spec}" is ambiguous: ${matching.length} Services match spec.selector ${where} (${shown})${port}; narrow spec.selector or set tls.serverName to a literal`,
  };
}

/** What a monitor's selector finds, the same for each of its endpoints. */
export interface MonitorScope {
  /** The namespaces it scrapes; undefined = any. */
  namespaces: readonly string[] | undefined;
  /** `in namespace "a"`, `in namespaces "a", "b" and 3 more`, `in any namespace`. */
  where: string;
  selectorText: string;
  matching: ServiceInfo[];
}

/**
 * The Services a ServiceMonitor's selector matches in the namespaces it scrapes: computed once per
 * monitor and cluster, not per endpoint (300 matchExpressions × 300 Services × 3,000 endpoints took
 * 27 s). Keyed by the selector object (shared by the input monitor and its drafts) and what decides
 * the namespaces (the namespaceSelector object, or the monitor's own namespace).
 */
const scopes = new WeakMap<Cluster, WeakMap<object, Map<unknown, MonitorScope | 'unknown'>>>();

export function servicesFor(monitor: KubeObject, selector: JsonObject, cluster: Cluster): MonitorScope | 'unknown' {
  const spec = isObject(monitor.spec) ? monitor.spec : {};
  const nsKey: unknown = isObject(spec.namespaceSelector) ? spec.namespaceSelector : namespaceOf(monitor);
  let bySelector = scopes.get(cluster);
  if (bySelector === undefined) scopes.set(cluster, (bySelector = new WeakMap()));
  let byNamespaces = bySelector.get(selector);
  if (byNamespaces === undefined) bySelector.set(selector, (byNamespaces = new Map<unknown, MonitorScope | 'unknown'>()));
  let scope = byNamespaces.get(nsKey);
  if (scope === undefined) {
    const namespaces = selectedNamespaces(monitor);
    scope =
      namespaces === 'unknown'
        ? 'unknown'
        : {
            namespaces,
            where:
              namespaces === undefined ? 'in any namespace' : `in namespace${namespaces.length > 1 ? 's' : ''} ${boundedJoinOf(namespaces, (n) => `"${n}"`)}`,
            selectorText: formatValue(selector),
            matching: cluster.servicesIn(namespaces).filter((s) => matchesLabelSelector(selector, s.labels)),
          };
    byNamespaces.set(nsKey, scope);
  }
  return scope;
}

function exposesPort(service: ServiceInfo, endpoint: Endpoint): boolean {
  const port = isObject(endpoint.value) ? endpoint.value.port : undefined;
  if (typeof port === 'string') return service.ports.some((p) => p.name === port);
  const target = endpoint.value.targetPort;
  const wanted = scalarText(target);
  if (wanted === undefined) return false;
  return service.ports.some((p) => scalarText(p.targetPort ?? p.port) === wanted || p.name === wanted);
}
