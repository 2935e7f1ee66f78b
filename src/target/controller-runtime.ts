import { flagValue } from '../index/workloads.js';
import type { DemandSource } from './types.js';
import { portOfAddress } from './types.js';

/** The port Kubebuilder's scaffold serves secure metrics on (config/default/manager_metrics_patch.yaml). */
const SECURE_METRICS_PORT = 8443;

/**
 * controller-runtime secure metrics (Kubebuilder ≥ 4.1 scaffold): `--metrics-bind-address=:8443`
 * and no `--metrics-secure=false` (the scaffold's cmd/main.go defaults it to true; on another port
 * only an explicit `--metrics-secure=true` counts). The manager serves TLS through
 * `filters.WithAuthenticationAndAuthorization`: a bearer token only (TokenReview; no
 * client-certificate path), authorised by a SubjectAccessReview for `get` on the request path as a
 * nonResourceURL. No token → 401; a token without that RBAC → 403 (kubebuilder#4805).
 */
export const controllerRuntimeDemands: DemandSource = ({ template, container, port }) => {
  const address = flagValue(container.argv, 'metrics-bind-address');
  const bound = portOfAddress(address);
  if (bound === undefined || (port !== undefined && bound !== port)) return undefined;
  const secure = flagValue(container.argv, 'metrics-secure');
  if (secure === 'false' || (bound !== SECURE_METRICS_PORT && secure !== 'true')) return undefined;
  const evidence = {
    workload: template.workload,
    container: container.name,
    shows: `--metrics-bind-address=${address ?? ''} (controller-runtime secure metrics)`,
  };
  return { tls: evidence, bearer: { ...evidence, authorization: { kind: 'nonResourceURL' }, orClientCert: false } };
};
