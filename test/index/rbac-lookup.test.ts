/**
 * RbacIndex.clusterBindingFor finds an account's ClusterRoleBinding by the account's name; it must
 * find the binding that asking bindingsFor about each granting role in turn finds (the first role
 * that has one, then input order), on any mix of subjects (ServiceAccount with and without a
 * namespace, User, Group), role kinds and binding kinds.
 */
import fc from 'fast-check';
import { RbacIndex } from '../../src/index/rbac.js';
import type { BindingInfo, ServiceAccountRef } from '../../src/index/rbac.js';
import type { JsonObject, KubeObject } from '../../src/types.js';

const NAMESPACES = ['a', 'b'];
const ACCOUNTS = ['scraper', 'app'];
const ROLES = ['r0', 'r1', 'r2', 'r3'];

interface Subject {
  kind: string;
  name: string;
  namespace?: string | undefined;
}
interface Binding {
  kind: string;
  namespace: string | undefined;
  roleKind: string;
  role: string;
  subjects: Subject[];
}

const subject: fc.Arbitrary<Subject> = fc.oneof(
  fc.record({
    kind: fc.constant('ServiceAccount'),
    name: fc.constantFrom(...ACCOUNTS),
    namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('User'), name: fc.constantFrom('system:serviceaccount:a:scraper', 'system:serviceaccount:b:app', 'jane') }),
  fc.record({ kind: fc.constant('Group'), name: fc.constantFrom('system:serviceaccounts', 'system:serviceaccounts:a', 'system:authenticated', 'devs') }),
);
const binding: fc.Arbitrary<Binding> = fc.record({
  kind: fc.constantFrom('ClusterRoleBinding', 'RoleBinding'),
  namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
  roleKind: fc.constantFrom('ClusterRole', 'ClusterRole', 'Role'),
  role: fc.constantFrom(...ROLES),
  subjects: fc.array(subject, { maxLength: 3 }),
});
const role = fc.record({ name: fc.constantFrom(...ROLES), grants: fc.boolean() });

function metadataOf(name: string, namespace: string | undefined): JsonObject {
  const metadata: JsonObject = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  return metadata;
}

function indexOf(roles: Array<{ name: string; grants: boolean }>, bindings: Binding[]): RbacIndex {
  const index = new RbacIndex();
  const objects: KubeObject[] = [
    ...roles.map((r) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: r.name },
      rules: [{ nonResourceURLs: [r.grants ? '/metrics' : '/healthz'], verbs: ['get'] }],
    })),
    ...bindings.map((b, i) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: b.kind,
      metadata: metadataOf(`b${i}`, b.namespace),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: b.roleKind, name: b.role },
      subjects: b.subjects.map((s): JsonObject =>
        s.namespace === undefined ? { kind: s.kind, name: s.name } : { kind: s.kind, name: s.name, namespace: s.namespace },
      ),
    })),
  ];
  for (const object of objects) index.add(object);
  return index;
}

/** What rbacVerdict did before the index: each granting role in turn, its first ClusterRoleBinding to the account. */
function roleByRole(index: RbacIndex, account: ServiceAccountRef): BindingInfo | undefined {
  for (const r of index.rolesGranting('get', '/metrics')) {
    const found = index.bindingsFor(r.name, account).cluster[0];
    if (found !== undefined) return found;
  }
  return undefined;
}

test('the binding found by the account is the one found role by role', () => {
  let found = 0;
  let none = 0;
  fc.assert(
    fc.property(fc.array(role, { maxLength: 5 }), fc.array(binding, { maxLength: 8 }), (roles, bindings) => {
      const index = indexOf(roles, bindings);
      for (const namespace of NAMESPACES) {
        for (const name of ACCOUNTS) {
          const account = { namespace, name };
          const expected = roleByRole(index, account);
          expect(index.clusterBindingFor(index.rolesGranting('get', '/metrics'), account)).toBe(expected);
          if (expected === undefined) none++;
          else found++;
        }
      }
    }),
    { seed: 20_261_202, numRuns: Number(process.env['FC_RUNS'] ?? 500) },
  );
  // Both outcomes were compared, many times.
  expect(found).toBeGreaterThan(200);
  expect(none).toBeGreaterThan(200);
});

test('the roles granting a path are asked once and stay right when the index grows', () => {
  const index = indexOf([{ name: 'r0', grants: true }], []);
  expect(index.rolesGranting('get', '/metrics').map((r) => r.name)).toEqual(['r0']);
  index.add({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'r1' },
    rules: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }],
  });
  expect(index.rolesGranting('get', '/metrics').map((r) => r.name)).toEqual(['r0', 'r1']);
});

test('remembered answers (rbacVerdict, per account and path) are forgotten when the index grows', () => {
  const index = indexOf([{ name: 'r0', grants: true }], []);
  const account = { namespace: 'a', name: 'scraper' };
  const ask = (): BindingInfo | undefined =>
    index.remember('verdict a/scraper', () => index.clusterBindingFor(index.rolesGranting('get', '/metrics'), account));
  expect(ask()).toBeUndefined();
  index.add({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'bind' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r0' },
    subjects: [{ kind: 'ServiceAccount', name: 'scraper', namespace: 'a' }],
  });
  expect(ask()?.name).toBe('bind');
});
