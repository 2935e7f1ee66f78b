import type { Cluster, ContainerInfo, PodTemplateInfo } from '../cluster.js';
import type { Endpoint, MonitorKind } from '../kinds/index.js';
import { matchesLabelSelector, namespaceOf, selectedNamespaces } from '../select.js';
import { servicesFor } from '../servername.js';
import type { Json, KubeObject } from '../types.js';
import { isObject } from '../types.js';
import { controllerRuntimeDemands } from './controller-runtime.js';
import { kubeRbacProxyDemands } from './kube-rbac-proxy.js';
import type { Demands, DemandSource, ScrapeTarget } from './types.js';
import { webConfigDemands } from './web-config.js';

export type { Demands, DemandSource, Evidence, ScrapeTarget, TokenAuthorization } from './types.js';
export { workloadName } from './types.js';

/** Every evidence source of what a target demands. Adding one: a module and one line. */
export const DEMAND_SOURCES: readonly DemandSource[] = [webConfigDemands, controllerRuntimeDemands, kubeRbacProxyDemands];

/**
 * What the pods behind one monitor endpoint demand, from every source; for each demand the first
 * evidence found (pods of several workloads may serve one endpoint: a demand of any is a failure
 * for its targets). Empty when the input does not show the pods.
 */
export function demandsOf(monitor: KubeObject, kind: MonitorKind, endpoint: Endpoint, cluster: Cluster): Demands {
  // Asked by target-auth, scraper-rbac and the bind / migrate steps, in check mode twice (the object
  // and what apply would write, which share the selector object): computed once per selector, port
  // and namespace. Generated items (bindings, ServiceAccounts, token Secrets) never change demands.
  const spec = isObject(monitor.spec) ? monitor.spec : undefined;
  const selector = spec?.selector;
  const key = JSON.stringify([
    kind.kind,
    namespaceOf(monitor) ?? '',
    spec?.namespaceSelector ?? null,
    endpoint.value.port,
    endpoint.value.targetPort,
    endpoint.value.portNumber,
  ]);
  let memo = isObject(selector) ? demandMemo(cluster).get(selector) : undefined;
  const known = memo?.get(key);
  if (known !== undefined) return known;
  const demands = computeDemands(monitor, kind, endpoint, cluster);
  if (isObject(selector)) {
    if (memo === undefined) demandMemo(cluster).set(selector, (memo = new Map<string, Demands>()));
    memo.set(key, demands);
  }
  return demands;
}

const DEMAND_MEMOS = new WeakMap<Cluster, WeakMap<object, Map<string, Demands>>>();

function demandMemo(cluster: Cluster): WeakMap<object, Map<string, Demands>> {
  let memo = DEMAND_MEMOS.get(cluster);
  if (memo === undefined) DEMAND_MEMOS.set(cluster, (memo = new WeakMap()));
  return memo;
}

function computeDemands(monitor: KubeObject, kind: MonitorKind, endpoint: Endpoint, cluster: Cluster): Demands {
  const merged: { -readonly [K in keyof Demands]: Demands[K] } = {};
  for (const target of scrapeTargets(monitor, kind, endpoint, cluster)) {
    for (const source of DEMAND_SOURCES) {
      const found = source(target, cluster);
      if (found === undefined) continue;
      merged.tls ??= found.tls;
      merged.basicAuth ??= found.basicAuth;
      merged.bearer ??= found.bearer;
      merged.clientCert ??= found.clientCert;
      merged.unknown ??= found.unknown;
    }
  }
  for (const key of Object.keys(merged) as Array<keyof Demands>) if (merged[key] === undefined) delete merged[key];
  return merged;
}

/**
 * The containers (and port) one endpoint scrapes: a ServiceMonitor's through its Services (selector
 * and namespaceSelector, then the Service port's targetPort, then the pods the Service selects); a
 * PodMonitor's through its pod selector and the container port. Probe and ScrapeConfig name no pods.
 */
export function scrapeTargets(monitor: KubeObject, kind: MonitorKind, endpoint: Endpoint, cluster: Cluster): ScrapeTarget[] {
  if (kind.endpointsField === undefined) return [];
  const spec = isObject(monitor.spec) ? monitor.spec : {};
  const selector = spec.selector;
  if (!isObject(selector)) return [];
  const namespaces = selectedNamespaces(monitor);
  if (namespaces === 'unknown') return [];
  const targets: ScrapeTarget[] = [];
  if (kind.selectsServices) {
    // The selector's Services, found once per monitor (not per endpoint: test/reliability/bounded-output.test.ts).
    const scope = servicesFor(monitor, selector, cluster);
    for (const service of scope === 'unknown' ? [] : scope.matching) {
      const port = servicePortTarget(service.ports, endpoint.value);
      if (port === undefined) continue;
      for (const template of cluster.workloads.selectedBy(service.namespace, service.selector)) targets.push(...containersServing(template, port));
    }
    return targets;
  }
  const port = endpoint.value.port ?? endpoint.value.portNumber ?? endpoint.value.targetPort;
  if (typeof port !== 'string' && typeof port !== 'number') return [];
  const templates = namespaces === undefined ? cluster.workloads.templates : namespaces.flatMap((ns) => cluster.workloads.inNamespace(ns));
  for (const template of templates) if (matchesLabelSelector(selector, template.labels)) targets.push(...containersServing(template, port));
  return targets;
}

/** The container port (number or name) a ServiceMonitor endpoint reaches through a Service port. */
function servicePortTarget(
  ports: ReadonlyArray<{ name?: string; port?: Json; targetPort?: Json }>,
  endpoint: { [key: string]: Json },
): string | number | undefined {
  if (typeof endpoint.port === 'string') {
    const port = ports.find((p) => p.name === endpoint.port);
    const target = port?.targetPort ?? port?.port;
    return typeof target === 'string' || typeof target === 'number' ? target : undefined;
  }
  const target = endpoint.targetPort;
  return typeof target === 'string' || typeof target === 'number' ? target : undefined;
}

/**
 * The containers of a pod that serve a port: by name, by declared number; a number no container
 * declares may still be served (declaring ports is optional), so then every container is a candidate.
 */
function containersServing(template: PodTemplateInfo, port: string | number): ScrapeTarget[] {
  const byName = typeof port === 'string' && !/^\d+$/.test(port);
  const number = byName ? undefined : Number(port);
  const serving: ScrapeTarget[] = [];
  for (const container of template.containers) {
    const declared = container.ports.find((p) => (byName ? p.name === port : p.containerPort === number));
    if (declared !== undefined) serving.push({ template, container, port: declared.containerPort });
  }
  if (serving.length > 0 || byName) return serving;
  return template.containers.map((container: ContainerInfo) => ({ template, container, port: number }));
}
