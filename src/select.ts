import type { Config, LabelSelector } from './config/types.js';
import type { Endpoint } from './kinds/index.js';
import type { Json, KubeObject } from './types.js';
import { isObject, scalarText, setOwn } from './types.js';

export function labelsOf(obj: KubeObject): Record<string, string> {
  const labels = isObject(obj.metadata) ? obj.metadata.labels : undefined;
  const out: Record<string, string> = {};
  if (isObject(labels)) for (const [k, v] of Object.entries(labels)) if (v !== null && typeof v !== 'object') setOwn(out, k, String(v));
  return out;
}

export function nameOf(obj: KubeObject): string {
  const name = isObject(obj.metadata) ? obj.metadata.name : undefined;
  return typeof name === 'string' ? name : '';
}

export function namespaceOf(obj: KubeObject): string | undefined {
  const ns = isObject(obj.metadata) ? obj.metadata.namespace : undefined;
  return typeof ns === 'string' && ns !== '' ? ns : undefined;
}

/** Kubernetes LabelSelector semantics: an empty selector matches everything. */
export function matchesLabelSelector(selector: LabelSelector | Json | undefined, labels: Record<string, string>): boolean {
  if (!isObject(selector)) return true;
  const matchLabels = selector.matchLabels;
  if (isObject(matchLabels)) {
    for (const [key, value] of Object.entries(matchLabels)) {
      const wanted = scalarText(value);
      if (wanted === undefined || labels[key] !== wanted) return false;
    }
  }
  const expressions = selector.matchExpressions;
  if (Array.isArray(expressions)) {
    for (const expression of expressions) {
      if (!isObject(expression) || typeof expression.key !== 'string') return false;
      const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
      const present = Object.prototype.hasOwnProperty.call(labels, expression.key);
      const value = labels[expression.key];
      switch (expression.operator) {
        case 'In':
          if (!present || !values.includes(value as string)) return false;
          break;
        case 'NotIn':
          if (present && values.includes(value as string)) return false;
          break;
        case 'Exists':
          if (!present) return false;
          break;
        case 'DoesNotExist':
          if (present) return false;
          break;
        default:
          return false;
      }
    }
  }
  return true;
}

/**
 * `*` any run of characters, `?` one character; everything else literal. Matched without a regular
 * expression: `*a*a*a*a*b` as a backtracking regex takes exponential time on a long name. This is
 * the usual greedy two-pointer match, O(pattern × text) at worst: on a mismatch after a `*`, only
 * the last `*` is widened by one character.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (c === '*') {
      star = p++;
      resume = t;
    } else if (c !== undefined && (c === '?' || c === text[t])) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Whether `select` (kinds, names, namespaces, labelSelector — ANDed) picks this object. */
export function isSelected(obj: KubeObject, select: Omit<Config['select'], 'kinds'> & { readonly kinds: readonly string[] }): boolean {
  if (!select.kinds.includes(obj.kind)) return false;
  const name = nameOf(obj);
  if (select.names.length > 0 && !select.names.some((p) => globMatch(p, name))) return false;
  if (select.namespaces.length > 0 && !select.namespaces.some((p) => globMatch(p, namespaceOf(obj) ?? ''))) return false;
  if (select.labelSelector !== undefined && !matchesLabelSelector(select.labelSelector, labelsOf(obj))) return false;
  return true;
}

/** `endpoints.ports` filter: the endpoint's port, or targetPort when port is absent. Spec-level kinds always pass. */
export function isEndpointSelected(endpoint: Endpoint, ports: readonly string[], specLevel: boolean): boolean {
  if (specLevel || ports.length === 0) return true;
  return endpoint.port !== undefined && ports.includes(endpoint.port);
}

const matchNamesOf = new WeakMap<object, readonly string[]>();

/**
 * The namespaces a monitor's spec.namespaceSelector looks in (the Prometheus Operator's
 * NamespaceSelector: `any: true`, else `matchNames`, else the monitor's own namespace;
 * https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.NamespaceSelector):
 * undefined = all, 'unknown' = cannot tell yet (no matchNames and no metadata.namespace: kustomize or
 * kubectl decides it later). Each caller says what 'unknown' means for it. A matchNames list is
 * converted once per monitor, not per endpoint.
 */
export function selectedNamespaces(monitor: KubeObject): readonly string[] | undefined | 'unknown' {
  const spec = isObject(monitor.spec) ? monitor.spec : {};
  const nsSelector = isObject(spec.namespaceSelector) ? spec.namespaceSelector : {};
  if (nsSelector.any === true) return undefined;
  const matchNames = nsSelector.matchNames;
  if (Array.isArray(matchNames) && matchNames.length > 0) {
    let names = matchNamesOf.get(matchNames);
    if (names === undefined) matchNamesOf.set(matchNames, (names = matchNames.map(String)));
    return names;
  }
  const own = namespaceOf(monitor);
  return own === undefined ? 'unknown' : [own];
}
