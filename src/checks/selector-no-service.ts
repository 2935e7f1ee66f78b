import type { Cluster, ServiceInfo } from '../cluster.js';
import { formatValue } from '../format.js';
import { matchesLabelSelector, selectedNamespaces } from '../select.js';
import type { Json, KubeObject } from '../types.js';
import { isObject, scalarText } from '../types.js';
import type { CheckRule } from './types.js';
import { listQuoted } from './fields.js';
import { onlyClusterNamespaces } from './cluster-provided.js';

/**
 * A ServiceMonitor whose spec.selector (within spec.namespaceSelector) matches no Service of the
 * input: Prometheus gets no targets from it. Only said when the input has Services at all (a
 * package of monitors alone says nothing about Services). A monitor without a namespace and without
 * matchNames is compared with every namespace, since kustomize or kubectl decides it later.
 * Severity: warning — the Service may be created outside the input (Rook's operator creates its own at run time).
 */
export const selectorNoService: CheckRule = {
  code: 'selector-no-service',
  description: 'a ServiceMonitor whose selector matches no Service in the input (when Services are present)',
  check({ obj, kind, cluster, report }) {
    if (!kind.selectsServices || !cluster.hasServices) return;
    const spec = isObject(obj.spec) ? obj.spec : {};
    const selector = spec.selector;
    if (!isObject(selector)) return;
    const namespaces = scrapedNamespaces(obj);
    // A monitor of cluster-provided Services (kube-prometheus' apiserver, coredns, kubelet, …): the
    // input says nothing about them unless it has Services of those namespaces.
    if (onlyClusterNamespaces(namespaces) && cluster.servicesIn(namespaces).length === 0) return;
    if (hasMatchingService(cluster, namespaces, selector)) return;
    const where = namespaces === undefined ? 'in any namespace' : `in namespace${namespaces.length > 1 ? 's' : ''} ${listQuoted(namespaces)}`;
    report.warning(
      'selector-no-service',
      `spec.selector ${formatValue(selector)} matches no Service ${where} of the input, so Prometheus gets no targets from this ${kind.kind} (nothing under Status → Targets, no "up" series) unless the Service is created outside the input; fix the labels (or spec.namespaceSelector), or add the Service`,
      ['spec', 'selector'],
    );
  },
};

/** The namespaces a ServiceMonitor scrapes; undefined = any namespace, or not known yet (no namespace). */
function scrapedNamespaces(monitor: KubeObject): readonly string[] | undefined {
  const selected = selectedNamespaces(monitor);
  return selected === 'unknown' ? undefined : selected;
}

/** Services by namespace and `key=value` label: built once per Cluster, so each monitor costs a lookup. */
interface LabelIndex {
  byLabel: Map<string, ServiceInfo[]>;
}

const ANY_NAMESPACE = '\u0000any';
const indexes = new WeakMap<Cluster, LabelIndex>();

function labelIndex(cluster: Cluster): LabelIndex {
  let index = indexes.get(cluster);
  if (index !== undefined) return index;
  index = { byLabel: new Map() };
  for (const service of cluster.services) {
    for (const [key, value] of Object.entries(service.labels)) {
      for (const ns of [service.namespace ?? '', ANY_NAMESPACE]) {
        const id = labelKey(ns, key, value);
        const list = index.byLabel.get(id);
        if (list) list.push(service);
        else index.byLabel.set(id, [service]);
      }
    }
  }
  indexes.set(cluster, index);
  return index;
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}=${value}`;
}

/**
 * Whether any Service in `namespaces` matches `selector`. With matchLabels, only the Services that
 * carry the first required label are tested; a selector of matchExpressions alone scans the
 * namespaces' Services, stopping at the first match.
 */
function hasMatchingService(cluster: Cluster, namespaces: readonly string[] | undefined, selector: { [key: string]: Json }): boolean {
  const first = isObject(selector.matchLabels) ? Object.entries(selector.matchLabels)[0] : undefined;
  const scopes = namespaces ?? [ANY_NAMESPACE];
  for (const ns of scopes) {
    const candidates =
      first !== undefined
        ? (labelIndex(cluster).byLabel.get(labelKey(ns, first[0], scalarText(first[1]) ?? '\u0000')) ?? [])
        : cluster.servicesIn(ns === ANY_NAMESPACE ? undefined : [ns]);
    if (candidates.some((service) => matchesLabelSelector(selector, service.labels))) return true;
  }
  return false;
}
