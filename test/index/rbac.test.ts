import { Cluster } from '../../src/cluster.js';
import type { KubeObject } from '../../src/types.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const role = (name: string, rules: unknown[]): KubeObject => ({ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name }, rules }) as unknown as KubeObject;
const binding = (kind: string, name: string, roleName: string, subjects: unknown[], namespace?: string): KubeObject =>
  ({
    apiVersion: RBAC,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects,
  }) as unknown as KubeObject;
const PROM = { namespace: 'monitoring', name: 'prometheus-k8s' };

describe('the RBAC index', () => {
  test('GIVEN ClusterRoles THEN those granting get on the path are found, wildcards honoured', () => {
    const cluster = Cluster.from([
      role('exact', [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]),
      role('prefix', [{ nonResourceURLs: ['/met*'], verbs: ['*'] }]),
      role('all', [{ nonResourceURLs: ['*'], verbs: ['get'] }]),
      role('list-only', [{ nonResourceURLs: ['/metrics'], verbs: ['list'] }]),
      role('other-path', [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }]),
      role('resources', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
      role('odd', 'notalist' as unknown as unknown[]),
    ]);
    expect(cluster.rbac.rolesGranting('get', '/metrics').map((r) => r.name)).toEqual(['exact', 'prefix', 'all']);
    expect(cluster.rbac.rolesGranting('get', '/metrics/extra').map((r) => r.name)).toEqual(['prefix', 'all']);
  });

  test('GIVEN bindings THEN a ServiceAccount is bound directly, as a user, or through its groups; RoleBindings are told apart', () => {
    const cluster = Cluster.from([
      binding('ClusterRoleBinding', 'direct', 'r', [{ kind: 'ServiceAccount', name: 'prometheus-k8s', namespace: 'monitoring' }]),
      binding('ClusterRoleBinding', 'user', 'u', [{ kind: 'User', name: 'system:serviceaccount:monitoring:prometheus-k8s' }]),
      binding('ClusterRoleBinding', 'group', 'g', [{ kind: 'Group', name: 'system:serviceaccounts:monitoring' }]),
      binding('ClusterRoleBinding', 'wrong-ns', 'w', [{ kind: 'ServiceAccount', name: 'prometheus-k8s', namespace: 'default' }]),
      binding('RoleBinding', 'namespaced', 'n', [{ kind: 'ServiceAccount', name: 'prometheus-k8s' }], 'monitoring'),
      { apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: 'broken' }, roleRef: 'x', subjects: 'y' },
    ]);
    expect(cluster.rbac.bindingsFor('r', PROM).cluster.map((b) => b.name)).toEqual(['direct']);
    expect(cluster.rbac.bindingsFor('u', PROM).cluster.map((b) => b.name)).toEqual(['user']);
    expect(cluster.rbac.bindingsFor('g', PROM).cluster.map((b) => b.name)).toEqual(['group']);
    expect(cluster.rbac.bindingsFor('w', PROM).cluster).toEqual([]);
    expect(cluster.rbac.bindingsFor('n', PROM)).toEqual({ cluster: [], namespaced: [expect.objectContaining({ name: 'namespaced' })] });
  });

  test('GIVEN ServiceAccounts and token Secrets THEN both are indexed', () => {
    const cluster = Cluster.from([
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'prometheus-k8s', namespace: 'monitoring' } },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/service-account-token',
        metadata: { name: 'tok', namespace: 'monitoring', annotations: { 'kubernetes.io/service-account.name': 'prometheus-k8s' } },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: { name: 'static', namespace: 'monitoring', annotations: { 'kubernetes.io/service-account.name': 'prometheus-k8s' } },
        data: { token: 'eA==' },
      },
    ]);
    expect(cluster.rbac.hasServiceAccount(PROM)).toBe(true);
    expect(cluster.rbac.hasServiceAccount({ namespace: 'default', name: 'prometheus-k8s' })).toBe(false);
    expect(cluster.secret('Secret', 'monitoring', 'tok')?.serviceAccountName).toBe('prometheus-k8s');
    expect([...(cluster.secret('Secret', 'monitoring', 'tok')?.keys ?? [])]).toEqual(['token', 'ca.crt', 'namespace']);
    // Only a service-account-token Secret is a ServiceAccount's token.
    expect(cluster.secret('Secret', 'monitoring', 'static')?.serviceAccountName).toBeUndefined();
    expect(cluster.has('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', undefined, 'x')).toBe(false);
    expect(cluster.has('v1', 'ServiceAccount', 'monitoring', 'prometheus-k8s')).toBe(true);
  });
});
