import { demandsOf, workloadName } from '../target/index.js';
import { accountName, bindableRole, DEFAULT_PATH, rbacVerdict, scraperOf } from '../target/scraper.js';
import type { CheckRule } from './types.js';

const CODE = 'scraper-rbac';

/**
 * a target that authorises the scrape's token with a SubjectAccessReview for `get` on the
 * path (controller-runtime secure metrics, kube-rbac-proxy) answers `403 Forbidden` unless the
 * token's ServiceAccount is bound to a ClusterRole granting it. A warning, since the binding may
 * live outside the input; info when the token's owner is not known (bearerTokenFile without
 * policy.scraper). Kubebuilder's scaffold ships `metrics-reader` and binds it to nobody
 * (kubebuilder#4805). `rbac.bind` makes apply add the binding (src/target/bind.ts).
 */
export const scraperRbac: CheckRule = {
  code: CODE,
  description: 'the token a ServiceMonitor sends belongs to a ServiceAccount the input binds to no ClusterRole granting get on the path: 403 Forbidden',
  check({ obj, kind, endpoints, cluster, config, report }) {
    if (kind.endpointsField === undefined) return;
    for (const endpoint of endpoints) {
      const bearer = demandsOf(obj, kind, endpoint, cluster).bearer;
      if (bearer === undefined || bearer.authorization.kind !== 'nonResourceURL') continue;
      const identity = scraperOf(obj, endpoint.value, cluster, config);
      if (identity === undefined) continue;
      const path = typeof endpoint.value.path === 'string' && endpoint.value.path !== '' ? endpoint.value.path : DEFAULT_PATH;
      const target = `${workloadName(bearer.workload)} (container ${bearer.container}) runs ${bearer.shows}, which lets a token get ${path} only with RBAC (SubjectAccessReview on the nonResourceURL)`;
      if (!identity.known) {
        report.info(
          CODE,
          `${target}, and ${identity.why}: whether the scrape gets "server returned HTTP status 403 Forbidden" cannot be checked; set policy.scraper: NAMESPACE/NAME (scraper=NAMESPACE/NAME), e.g. monitoring/prometheus-k8s`,
          [...endpoint.path, 'bearerTokenFile'],
        );
        continue;
      }
      const verdict = rbacVerdict(identity.account, path, cluster);
      if (verdict.binding !== undefined) continue;
      const account = `ServiceAccount ${accountName(identity.account)}`;
      const role = bindableRole(verdict, path, obj);
      const fix =
        role !== undefined
          ? `bind ClusterRole ${role.name} to ${account} with a ClusterRoleBinding (rbac.bind: true, or bind-scraper=true, adds it)`
          : verdict.granting.length > 0
            ? `bind a ClusterRole granting get on ${path} to ${account} (in the input only ${verdict.granting.map((r) => r.name).join(', ')}, which grant more than non-resource URLs)`
            : `add a ClusterRole with rules [{nonResourceURLs: ["${path}"], verbs: ["get"]}] and bind it to ${account} with a ClusterRoleBinding`;
      const roleBindings =
        verdict.roleBindings.length > 0
          ? `; RoleBinding ${verdict.roleBindings.map((b) => `${b.namespace ?? ''}/${b.name}`).join(', ')} does not count: non-resource URLs are granted only by a ClusterRoleBinding`
          : '';
      report.warning(
        CODE,
        `${target}; ${identity.via}, and no ClusterRoleBinding in the input gives ${account} a ClusterRole granting it, so unless one outside the input does, the scrape gets "server returned HTTP status 403 Forbidden" (kubebuilder#4805); ${fix}${roleBindings}`,
        endpoint.path,
      );
    }
  },
};
