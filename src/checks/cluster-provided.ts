import type { KubeObject } from '../types.js';
import { isObject } from '../types.js';
import { selectedNamespaces } from '../select.js';

/**
 * Namespaces whose Services the cluster itself provides and no package ships: `default/kubernetes`
 * (the API server), and in `kube-system` coredns / kube-dns, kube-scheduler, kube-controller-manager,
 * and the `kubelet` Service the Prometheus Operator maintains (kube-prometheus monitors all of them).
 */
const CLUSTER_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system']);

/** Whether every namespace a monitor scrapes is one whose Services the cluster provides. */
export function onlyClusterNamespaces(namespaces: readonly string[] | undefined): boolean {
  return namespaces !== undefined && namespaces.length > 0 && namespaces.every((ns) => CLUSTER_NAMESPACES.has(ns));
}

/** Labels of the `kube-system/kubelet` Service the operator maintains (`--kubelet-service`). */
const KUBELET_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['k8s-app', 'kubelet'],
  ['app.kubernetes.io/name', 'kubelet'],
];

/**
 * Whether a ServiceMonitor scrapes the kubelets: its selector asks for the kubelet Service's labels in
 * kube-system. That Service's endpoints are node IPs, and kubelet serving certificates carry the
 * node's IP SANs, so verifying against the IP is what works there (no serverName needed).
 */
export function scrapesKubelet(monitor: KubeObject): boolean {
  const spec = isObject(monitor.spec) ? monitor.spec : {};
  const matchLabels = isObject(spec.selector) && isObject(spec.selector.matchLabels) ? spec.selector.matchLabels : undefined;
  if (matchLabels === undefined || !KUBELET_LABELS.some(([key, value]) => matchLabels[key] === value)) return false;
  const namespaces = selectedNamespaces(monitor);
  return namespaces === undefined || (namespaces !== 'unknown' && namespaces.includes('kube-system'));
}
