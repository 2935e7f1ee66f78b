import { nameOf, namespaceOf } from '../select.js';
import type { Json, KubeObject } from '../types.js';
import { isObject } from '../types.js';
import { groupOf } from './workloads.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly nonResourceURLs: readonly string[];
  /** Whether the rule is about API resources (apiGroups / resources) rather than URLs. */
  readonly resources: boolean;
}

export interface ClusterRoleInfo {
  readonly object: KubeObject;
  readonly name: string;
  readonly rules: readonly PolicyRule[];
}

export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
}

export interface BindingInfo {
  readonly object: KubeObject;
  readonly kind: 'ClusterRoleBinding' | 'RoleBinding';
  readonly name: string;
  readonly namespace: string | undefined;
  readonly roleRef: { readonly kind: string; readonly name: string };
  readonly subjects: readonly Subject[];
}

/** A ServiceAccount, as RBAC subjects and tokens name it. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** The `apiVersion/kind` pairs this index reads in full. */
export const RBAC_KINDS: readonly string[] = [`${RBAC_GROUP}/v1/ClusterRole`, `${RBAC_GROUP}/v1/ClusterRoleBinding`, `${RBAC_GROUP}/v1/RoleBinding`];

/**
 * ClusterRoles, their bindings and the ServiceAccounts of the input: who may `get` a metrics path.
 * An input of many Kubebuilder projects has a metrics-reader ClusterRole per project (~940 at 50k
 * items with the bench's --rbac 0.5), so the roles granting a path are found once per path, and the
 * ClusterRoleBindings of an account by its name, not by trying each granting role in turn.
 */
export class RbacIndex {
  readonly clusterRoles: ClusterRoleInfo[] = [];
  private readonly bindingsByRole = new Map<string, BindingInfo[]>();
  private readonly serviceAccounts = new Set<string>();
  /** ClusterRoleBindings by a subject that names one account (subjectKey); those with a Group subject apart. */
  private readonly clusterBindingsBySubject = new Map<string, BindingInfo[]>();
  private readonly groupClusterBindings: BindingInfo[] = [];
  /** Input order of the bindings, to pick the one bindingsFor would find first. */
  private readonly order = new Map<BindingInfo, number>();
  private readonly granting = new Map<string, readonly ClusterRoleInfo[]>();
  private readonly ranks = new WeakMap<readonly ClusterRoleInfo[], Map<string, number>>();
  private readonly answers = new Map<string, unknown>();

  static accepts(obj: KubeObject): boolean {
    if (obj.apiVersion === 'v1' && obj.kind === 'ServiceAccount') return true;
    return groupOf(obj.apiVersion) === RBAC_GROUP && (obj.kind === 'ClusterRole' || obj.kind === 'ClusterRoleBinding' || obj.kind === 'RoleBinding');
  }

  add(obj: KubeObject): void {
    this.granting.clear();
    this.answers.clear();
    if (obj.kind === 'ServiceAccount') {
      this.serviceAccounts.add(`${namespaceOf(obj) ?? ''}/${nameOf(obj)}`);
      return;
    }
    if (obj.kind === 'ClusterRole') {
      const rules = Array.isArray(obj.rules)
        ? obj.rules.filter(isObject).map((rule) => ({
            verbs: strings(rule.verbs),
            nonResourceURLs: strings(rule.nonResourceURLs),
            resources: strings(rule.resources).length > 0,
          }))
        : [];
      this.clusterRoles.push({ object: obj, name: nameOf(obj), rules });
      return;
    }
    const roleRef = isObject(obj.roleRef) ? obj.roleRef : {};
    if (typeof roleRef.name !== 'string') return;
    const subjects = Array.isArray(obj.subjects)
      ? obj.subjects
          .filter(isObject)
          .flatMap((s) =>
            typeof s.kind === 'string' && typeof s.name === 'string'
              ? [{ kind: s.kind, name: s.name, namespace: typeof s.namespace === 'string' && s.namespace !== '' ? s.namespace : undefined }]
              : [],
          )
      : [];
    const info: BindingInfo = {
      object: obj,
      kind: obj.kind as BindingInfo['kind'],
      name: nameOf(obj),
      namespace: namespaceOf(obj),
      roleRef: { kind: typeof roleRef.kind === 'string' ? roleRef.kind : '', name: roleRef.name },
      subjects,
    };
    const key = `${info.roleRef.kind}/${info.roleRef.name}`;
    const list = this.bindingsByRole.get(key);
    if (list) list.push(info);
    else this.bindingsByRole.set(key, [info]);
    this.order.set(info, this.order.size);
    if (info.kind !== 'ClusterRoleBinding') return;
    const keys = new Set<string>();
    for (const subject of subjects) {
      if (subject.kind === 'Group') keys.add('group');
      else if (subject.kind === 'ServiceAccount') keys.add(accountKey(subject.namespace ?? info.namespace, subject.name));
      else if (subject.kind === 'User') keys.add(`user:${subject.name}`);
    }
    for (const subjectKey of keys) {
      if (subjectKey === 'group') this.groupClusterBindings.push(info);
      else this.clusterBindingsBySubject.set(subjectKey, [...(this.clusterBindingsBySubject.get(subjectKey) ?? []), info]);
    }
  }

  hasServiceAccount(account: ServiceAccountRef): boolean {
    return this.serviceAccounts.has(`${account.namespace}/${account.name}`);
  }

  /** ClusterRoles of the input with a rule allowing `verb` on the non-resource URL `path`. */
  rolesGranting(verb: string, path: string): readonly ClusterRoleInfo[] {
    const key = `${verb} ${path}`;
    let roles = this.granting.get(key);
    if (roles === undefined) {
      roles = this.clusterRoles.filter((role) => role.rules.some((rule) => ruleGrants(rule, verb, path)));
      this.granting.set(key, roles);
    }
    return roles;
  }

  /**
   * The ClusterRoleBinding that gives one of `roles` to `account`: the one bindingsFor finds first
   * when asked about each role in turn (the first role that has one, then input order), looked up
   * by the account instead.
   */
  clusterBindingFor(roles: readonly ClusterRoleInfo[], account: ServiceAccountRef): BindingInfo | undefined {
    const candidates = [
      ...(this.clusterBindingsBySubject.get(accountKey(account.namespace, account.name)) ?? []),
      ...(this.clusterBindingsBySubject.get(`user:system:serviceaccount:${account.namespace}:${account.name}`) ?? []),
      ...this.groupClusterBindings,
    ];
    if (candidates.length === 0) return undefined;
    let rank = this.ranks.get(roles);
    if (rank === undefined) {
      const ranks = new Map<string, number>();
      roles.forEach((role, index) => {
        if (!ranks.has(role.name)) ranks.set(role.name, index);
      });
      this.ranks.set(roles, (rank = ranks));
    }
    let best: { binding: BindingInfo; rank: number; order: number } | undefined;
    for (const binding of candidates) {
      const roleRank = binding.roleRef.kind === 'ClusterRole' ? rank.get(binding.roleRef.name) : undefined;
      if (roleRank === undefined || !binding.subjects.some((s) => subjectIs(s, account, binding))) continue;
      const order = this.order.get(binding) ?? 0;
      if (best === undefined || roleRank < best.rank || (roleRank === best.rank && order < best.order)) best = { binding, rank: roleRank, order };
    }
    return best?.binding;
  }

  /**
   * `compute()`'s answer, once per `key` until the index changes: for what callers derive from the
   * index alone (rbacVerdict, per account and path, is asked once per endpoint).
   */
  remember<T>(key: string, compute: () => T): T {
    if (this.answers.has(key)) return this.answers.get(key) as T;
    const answer = compute();
    this.answers.set(key, answer);
    return answer;
  }

  /**
   * The bindings of a ClusterRole that give it to `account`. Only ClusterRoleBindings count for
   * non-resource URLs: a RoleBinding grants a ClusterRole's rules inside one namespace, and URLs
   * have none (they are returned separately so a message can say so).
   */
  bindingsFor(role: string, account: ServiceAccountRef): { cluster: BindingInfo[]; namespaced: BindingInfo[] } {
    const bindings = (this.bindingsByRole.get(`ClusterRole/${role}`) ?? []).filter((b) => b.subjects.some((s) => subjectIs(s, account, b)));
    return { cluster: bindings.filter((b) => b.kind === 'ClusterRoleBinding'), namespaced: bindings.filter((b) => b.kind === 'RoleBinding') };
  }
}

/**
 * Kubernetes' rule matching for a non-resource URL: a verb `*` or equal; a URL `*`, equal, or
 * ending in `*` with the path starting with what precedes it.
 */
export function ruleGrants(rule: PolicyRule, verb: string, path: string): boolean {
  if (!rule.verbs.some((v) => v === '*' || v === verb)) return false;
  return rule.nonResourceURLs.some((url) => url === '*' || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))));
}

/** Whether a binding's subject names the ServiceAccount: directly, as its user name, or by a group it is in. */
function subjectIs(subject: Subject, account: ServiceAccountRef, binding: BindingInfo): boolean {
  switch (subject.kind) {
    case 'ServiceAccount':
      // A RoleBinding's ServiceAccount subject without a namespace means the binding's own.
      return subject.name === account.name && (subject.namespace ?? binding.namespace) === account.namespace;
    case 'User':
      return subject.name === `system:serviceaccount:${account.namespace}:${account.name}`;
    case 'Group':
      return (
        subject.name === 'system:serviceaccounts' || subject.name === `system:serviceaccounts:${account.namespace}` || subject.name === 'system:authenticated'
      );
    default:
      return false;
  }
}

function accountKey(namespace: string | undefined, name: string): string {
  return JSON.stringify([namespace ?? null, name]);
}

function strings(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
}
