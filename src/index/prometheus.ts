import { labelsOf, matchesLabelSelector, nameOf, namespaceOf } from '../select.js';
import type { Json, KubeObject } from '../types.js';
import { isObject } from '../types.js';

/** A Prometheus (monitoring.coreos.com/v1) of the input that refuses file access through ServiceMonitors. */
export interface DenyingPrometheus {
  readonly name: string;
  readonly namespace: string | undefined;
  /** `spec.serviceMonitorSelector`: null/absent selects no ServiceMonitor, `{}` every one. */
  readonly selector: Json | undefined;
  /** `spec.serviceMonitorNamespaceSelector`: null/absent = the Prometheus' own namespace, `{}` = all. */
  readonly namespaceSelector: Json | undefined;
}

export type Selection = 'selected' | 'not-selected' | 'unknown';

/**
 * The Prometheus objects and Namespaces of the input, for one question: does a Prometheus with
 * `arbitraryFSAccessThroughSMs.deny: true` select this ServiceMonitor? OpenShift ships a
 * platform Prometheus that allows file access beside a user-workload one that denies it; only the
 * latter's monitors are affected. Inputs have few Prometheus objects: a monitor costs a loop over them.
 */
export class PrometheusIndex {
  readonly denying: DenyingPrometheus[] = [];
  /** Namespace name → its labels (with `kubernetes.io/metadata.name`, which the API server sets on every Namespace). */
  private readonly namespaceLabels = new Map<string, Record<string, string>>();

  static accepts(obj: KubeObject): boolean {
    return (obj.apiVersion === 'monitoring.coreos.com/v1' && obj.kind === 'Prometheus') || (obj.apiVersion === 'v1' && obj.kind === 'Namespace');
  }

  add(obj: KubeObject): void {
    if (obj.kind === 'Namespace') {
      const name = nameOf(obj);
      this.namespaceLabels.set(name, { ...labelsOf(obj), 'kubernetes.io/metadata.name': name });
      return;
    }
    const spec = isObject(obj.spec) ? obj.spec : {};
    const access = spec.arbitraryFSAccessThroughSMs;
    if (!isObject(access) || access.deny !== true) return;
    this.denying.push({
      name: nameOf(obj),
      namespace: namespaceOf(obj),
      selector: spec.serviceMonitorSelector,
      namespaceSelector: spec.serviceMonitorNamespaceSelector,
    });
  }

  /** Whether `prometheus` selects a ServiceMonitor with these labels in this namespace; `unknown` when the input cannot tell. */
  selects(prometheus: DenyingPrometheus, monitorNamespace: string | undefined, monitorLabels: Record<string, string>): Selection {
    if (!isObject(prometheus.selector) || !matchesLabelSelector(prometheus.selector, monitorLabels)) return 'not-selected';
    const nsSelector = prometheus.namespaceSelector;
    if (!isObject(nsSelector)) {
      if (monitorNamespace === undefined || prometheus.namespace === undefined) return 'unknown';
      return monitorNamespace === prometheus.namespace ? 'selected' : 'not-selected';
    }
    if (Object.keys(nsSelector).length === 0) return 'selected';
    if (monitorNamespace === undefined) return 'unknown';
    const labels = this.namespaceLabels.get(monitorNamespace);
    if (labels === undefined) {
      // Only the name is known: the label the API server sets from it may be all the selector asks.
      const byName = { 'kubernetes.io/metadata.name': monitorNamespace };
      return onlyAsksForName(nsSelector) ? (matchesLabelSelector(nsSelector, byName) ? 'selected' : 'not-selected') : 'unknown';
    }
    return matchesLabelSelector(nsSelector, labels) ? 'selected' : 'not-selected';
  }
}

/** Whether a label selector only constrains `kubernetes.io/metadata.name`. */
function onlyAsksForName(selector: { [key: string]: Json }): boolean {
  const keys = [
    ...(isObject(selector.matchLabels) ? Object.keys(selector.matchLabels) : []),
    ...(Array.isArray(selector.matchExpressions) ? selector.matchExpressions.map((e) => (isObject(e) && typeof e.key === 'string' ? e.key : '')) : []),
  ];
  return keys.length > 0 && keys.every((k) => k === 'kubernetes.io/metadata.name');
}
