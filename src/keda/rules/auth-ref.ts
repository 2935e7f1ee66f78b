import { namespaceOf } from '../../select.js';
import { boundedJoin } from '../../format.js';
import type { JsonObject } from '../../types.js';
import { isObject } from '../../types.js';
import type { KedaRule } from './types.js';

/**
 * Where KEDA looks for what a trigger references: a TriggerAuthentication only in the scaler's own
 * namespace (resolver.getTriggerAuthSpec), a ClusterTriggerAuthentication's Secrets only in KEDA's
 * namespace (keda#4893, #5742).
 */
export const kedaAuthRef: KedaRule = {
  code: 'keda-auth-ref',
  description: "an authenticationRef KEDA will not find where it looks (another namespace; a ClusterTriggerAuthentication's Secret outside KEDA's namespace)",
  check({ obj, kind, triggers, cluster, kedaNamespace, report }) {
    if (kind.clusterScoped) {
      const spec: JsonObject = isObject(obj.spec) ? obj.spec : {};
      const refs = Array.isArray(spec.secretTargetRef) ? spec.secretTargetRef : [];
      refs.forEach((ref, index) => {
        if (!isObject(ref) || typeof ref.name !== 'string' || ref.name === '') return;
        if (cluster.secret('Secret', kedaNamespace, ref.name) !== undefined) return;
        const elsewhere = cluster.namespacesOf('Secret', ref.name).filter((ns) => ns !== kedaNamespace);
        if (elsewhere.length === 0) return;
        report.error(
          'keda-auth-ref',
          `a ClusterTriggerAuthentication reads its Secrets from KEDA's namespace "${kedaNamespace}" (policy.kedaNamespace), but Secret "${ref.name}" is in ${quoted(elsewhere)}: KEDA finds no Secret and the trigger gets no credentials; create the Secret in "${kedaNamespace}", or use a TriggerAuthentication in the ScaledObject's namespace`,
          ['spec', 'secretTargetRef', index, 'name'],
          { currentValue: ref.name },
        );
      });
      return;
    }
    for (const trigger of triggers) {
      const ref = trigger.authenticationRef;
      if (ref === undefined || trigger.auth.state === 'known') continue;
      if (ref.kind === 'ClusterTriggerAuthentication') {
        report.info('keda-auth-ref', `ClusterTriggerAuthentication "${ref.name}" is not in the input: the parameters it provides cannot be checked`, ref.path);
        continue;
      }
      const namespace = namespaceOf(obj);
      // Without a namespace on either side, kustomize or `kubectl -n` decides it later: not certain.
      const elsewhere = namespace === undefined ? [] : cluster.triggerAuthenticationNamespacesOf(ref.name).filter((ns) => ns !== namespace && ns !== '');
      if (namespace !== undefined && elsewhere.length > 0) {
        report.error(
          'keda-auth-ref',
          `TriggerAuthentication "${ref.name}" is in ${quoted(elsewhere)}, not in this ${kind.kind}'s namespace "${namespace}": KEDA looks only there, logs "error getting triggerAuth" (triggerauthentications.keda.sh "${ref.name}" not found) and queries without credentials; move it to "${namespace}", or make it a ClusterTriggerAuthentication (kind: ClusterTriggerAuthentication)`,
          [...ref.path, 'name'],
          { currentValue: ref.name },
        );
      } else {
        report.info('keda-auth-ref', `TriggerAuthentication "${ref.name}" is not in the input: the parameters it provides cannot be checked`, ref.path);
      }
    }
  },
};

function quoted(namespaces: readonly string[]): string {
  const names = [...new Set(namespaces)].map((ns) => `"${ns}"`);
  return `namespace${names.length > 1 ? 's' : ''} ${boundedJoin(names)}`;
}
