import { namespaceOf } from '../../select.js';
import { boundedJoinOf } from '../../format.js';
import type { Json, JsonObject } from '../../types.js';
import { isObject } from '../../types.js';
import type { KedaRule } from './types.js';

/**
 * The Secrets, ConfigMaps and ServiceAccounts a (Cluster)TriggerAuthentication takes its parameters
 * from: one in the input without the key (error: KEDA resolves the parameter to nothing), one not
 * in the input (info). Key names only: values are never read.
 */
export const kedaSecretReference: KedaRule = {
  code: 'keda-secret-reference',
  description: 'a Secret / ConfigMap a TriggerAuthentication reads lacks the key (error) or is not in the input (info)',
  check({ obj, kind, cluster, kedaNamespace, report }) {
    if (kind.scales) return;
    const spec: JsonObject = isObject(obj.spec) ? obj.spec : {};
    const namespace = kind.clusterScoped ? kedaNamespace : namespaceOf(obj);
    const where = namespace === undefined ? 'the input' : `namespace "${namespace}"`;
    for (const [field, objectKind] of [
      ['secretTargetRef', 'Secret'],
      ['configMapTargetRef', 'ConfigMap'],
    ] as const) {
      entries(spec[field]).forEach((ref, index) => {
        const { name, key, parameter } = ref;
        if (typeof name !== 'string' || name === '' || typeof key !== 'string' || key === '') return;
        const found = cluster.secret(objectKind, namespace, name);
        const path = ['spec', field, index];
        if (found === undefined) {
          // A ClusterTriggerAuthentication's Secret elsewhere in the input is keda-auth-ref's error.
          if (kind.clusterScoped && objectKind === 'Secret' && cluster.namespacesOf('Secret', name).length > 0) return;
          report.info('keda-secret-reference', `${objectKind} "${name}" is not in ${where} of the input: its key "${key}" cannot be checked`, path);
        } else if (!found.keys.has(key)) {
          const param = typeof parameter === 'string' ? ` "${parameter}"` : '';
          report.error(
            'keda-secret-reference',
            `${objectKind} "${name}" has no key "${key}" (it has ${boundedJoinOf([...found.keys], (k) => `"${k}"`) || 'no keys'}): KEDA resolves parameter${param} to an empty value and the trigger goes out without it; add the key to the ${objectKind} or fix key`,
            [...path, 'key'],
            { currentValue: key },
          );
        }
      });
    }
    entries(spec.boundServiceAccountToken).forEach((ref, index) => {
      const account = ref.serviceAccountName;
      if (typeof account !== 'string' || account === '' || cluster.hasServiceAccount(namespace, account)) return;
      report.info('keda-secret-reference', `ServiceAccount "${account}" is not in ${where} of the input: the token KEDA requests for it cannot be checked`, [
        'spec',
        'boundServiceAccountToken',
        index,
        'serviceAccountName',
      ]);
    });
  },
};

function entries(list: Json | undefined): JsonObject[] {
  // Entries that are not maps are keda-schema's findings; indices stay the list's own.
  return Array.isArray(list) ? list.map((entry) => (isObject(entry) ? entry : {})) : [];
}
