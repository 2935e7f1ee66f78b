import type { Cluster, ServiceAccountRef } from '../cluster.js';
import type { Config } from '../config/types.js';
import type { BindingInfo, ClusterRoleInfo } from '../index/rbac.js';
import { fileOf } from '../results.js';
import { namespaceOf } from '../select.js';
import type { JsonObject, KubeObject } from '../types.js';
import { isObject } from '../types.js';

/** Prometheus' default scrape path. */
export const DEFAULT_PATH = '/metrics';

/** Who the token an endpoint sends belongs to, and how the input tells it. */
export type ScraperIdentity =
  { readonly known: true; readonly account: ServiceAccountRef; readonly via: string } | { readonly known: false; readonly why: string };

/**
 * The ServiceAccount whose token an endpoint sends: for `bearerTokenFile`, Prometheus'
 * own, named by `policy.scraper` (unknown without it); for `authorization.credentials` /
 * `bearerTokenSecret`, the `kubernetes.io/service-account.name` of that service-account-token
 * Secret in the monitor's namespace. undefined when the endpoint sends no token, or one whose owner
 * the input cannot show (a static token, a Secret not in the input): nothing to say then.
 */
export function scraperOf(monitor: KubeObject, endpoint: JsonObject, cluster: Cluster, config: Config): ScraperIdentity | undefined {
  const credentials = isObject(endpoint.authorization) ? endpoint.authorization.credentials : endpoint.bearerTokenSecret;
  if (isObject(credentials) && typeof credentials.name === 'string') {
    const namespace = namespaceOf(monitor);
    const secret = cluster.secret('Secret', namespace, credentials.name);
    if (secret?.serviceAccountName === undefined || namespace === undefined) return undefined;
    const field = isObject(endpoint.authorization) ? 'authorization.credentials' : 'bearerTokenSecret';
    return {
      known: true,
      account: { namespace, name: secret.serviceAccountName },
      via: `${field} is the token of service-account-token Secret ${namespace}/${credentials.name}`,
    };
  }
  if (typeof endpoint.bearerTokenFile === 'string' && endpoint.bearerTokenFile !== '') {
    const account = parseAccount(config.policy.scraper);
    if (account === undefined) {
      return { known: false, why: 'bearerTokenFile sends the token of the ServiceAccount Prometheus runs as, which the input does not name' };
    }
    return { known: true, account, via: `bearerTokenFile sends the token of Prometheus' ServiceAccount (policy.scraper)` };
  }
  return undefined;
}

export function parseAccount(text: string | undefined): ServiceAccountRef | undefined {
  const match = text === undefined ? null : /^([^/\s]+)\/([^/\s]+)$/.exec(text);
  return match ? { namespace: match[1] as string, name: match[2] as string } : undefined;
}

/** What the input's RBAC says about `account` getting `path`. */
export interface RbacVerdict {
  /** The ClusterRoleBinding that lets it, when one does. */
  readonly binding: BindingInfo | undefined;
  /** ClusterRoles of the input granting `get` on the path. */
  readonly granting: readonly ClusterRoleInfo[];
  /** RoleBindings of a granting ClusterRole to the account: they grant no URL (URLs have no namespace). Only when `binding` is undefined. */
  readonly roleBindings: readonly BindingInfo[];
}

export function rbacVerdict(account: ServiceAccountRef, path: string, cluster: Cluster): RbacVerdict {
  return cluster.rbac.remember(`verdict ${JSON.stringify([account.namespace, account.name, path])}`, () => verdictOf(account, path, cluster));
}

function verdictOf(account: ServiceAccountRef, path: string, cluster: Cluster): RbacVerdict {
  const granting = cluster.rbac.rolesGranting('get', path);
  // Most accounts that are bound are found by their name (one map read), not by asking each of
  // the (possibly hundreds of) granting roles; the loop below then runs only for an unbound one.
  const bound = cluster.rbac.clusterBindingFor(granting, account);
  if (bound !== undefined) return { binding: bound, granting, roleBindings: [] };
  const roleBindings: BindingInfo[] = [];
  for (const role of granting) {
    const { cluster: bindings, namespaced } = cluster.rbac.bindingsFor(role.name, account);
    if (bindings[0] !== undefined) return { binding: bindings[0], granting, roleBindings };
    roleBindings.push(...namespaced);
  }
  return { binding: undefined, granting, roleBindings };
}

/**
 * The ClusterRole a generated binding may give: one granting the path whose rules are all about
 * non-resource URLs (binding `cluster-admin` or an aggregate to Prometheus is not a fix to make
 * silently), the ones naming the path exactly first. Among those, the one nearest `monitor`: in
 * the same directory (kpt's file annotations; most path segments in common), then named like its
 * namespace (Kubebuilder's namePrefix: `shop-metrics-reader` for `shop-system`; most leading
 * `-`-separated words in common), then the first in input order. In an input of several projects
 * that each ship a metrics-reader, a monitor's message names its own project's role, and the one
 * binding `rbac.bind` adds (a URL grant is cluster-wide, so one is enough) goes beside the role of
 * the project that needed it first, not beside whichever project's role came first in the input.
 */
export function bindableRole(verdict: RbacVerdict, path: string, monitor: KubeObject): ClusterRoleInfo | undefined {
  let memo = nearest.get(verdict);
  if (memo === undefined) {
    memo = { path, candidates: bindableCandidates(verdict, path), chosen: new Map() };
    nearest.set(verdict, memo);
  }
  // A verdict is made for one path (rbacVerdict); guard the memo against a caller passing another.
  if (memo.path !== path) return pick(bindableCandidates(verdict, path), monitor);
  const dir = directoryOf(monitor);
  const key = `${namespaceOf(monitor) ?? ''}\0${dir?.join('/') ?? '\0'}`;
  if (!memo.chosen.has(key)) memo.chosen.set(key, pick(memo.candidates, monitor));
  return memo.chosen.get(key);
}

/** Per verdict: its bindable roles, and the one chosen per monitor namespace and directory. */
const nearest = new WeakMap<RbacVerdict, { path: string; candidates: readonly ClusterRoleInfo[]; chosen: Map<string, ClusterRoleInfo | undefined> }>();

function bindableCandidates(verdict: RbacVerdict, path: string): readonly ClusterRoleInfo[] {
  const narrow = verdict.granting.filter((role) => role.rules.length > 0 && role.rules.every((rule) => !rule.resources && rule.nonResourceURLs.length > 0));
  const exact = narrow.filter((role) => role.rules.some((rule) => rule.nonResourceURLs.includes(path)));
  return exact.length > 0 ? exact : narrow;
}

function pick(candidates: readonly ClusterRoleInfo[], monitor: KubeObject): ClusterRoleInfo | undefined {
  if (candidates.length < 2) return candidates[0];
  const dir = directoryOf(monitor);
  const words = (namespaceOf(monitor) ?? '').split('-');
  let best: ClusterRoleInfo | undefined;
  let bestDir = -1;
  let bestWords = -1;
  for (const role of candidates) {
    const sameDir = dir === undefined ? 0 : common(dir, directoryOf(role.object) ?? []);
    const sameWords = common(words, role.name.split('-'));
    if (sameDir > bestDir || (sameDir === bestDir && sameWords > bestWords)) {
      best = role;
      bestDir = sameDir;
      bestWords = sameWords;
    }
  }
  return best;
}

/** The directory of an item's file (kpt's path annotation), as segments. */
function directoryOf(obj: KubeObject): string[] | undefined {
  const path = fileOf(obj)?.path;
  return path === undefined ? undefined : path.split('/').slice(0, -1);
}

/** How many leading elements two lists share. */
function common(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export function accountName(account: ServiceAccountRef): string {
  return `${account.namespace}/${account.name}`;
}

/** The ClusterRoleBinding that gives `role` to `account`, named after both (what `rbac.bind` adds). */
export function bindingFor(role: string, account: ServiceAccountRef): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: `${role}-${account.namespace}-${account.name}`.slice(0, 253).replace(/[-.]+$/, '') },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: account.name, namespace: account.namespace }],
  };
}
