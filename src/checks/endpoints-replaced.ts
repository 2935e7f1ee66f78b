import type { CheckRule } from './types.js';
import { isObject } from '../types.js';
import { isFileSet, isSet, valueAt } from './fields.js';

/**
 * Kubebuilder 4.4.0/4.5.0's monitor_tls_patch.yaml was a strategic-merge patch on an atomic list: it
 * replaced every endpoint with one that holds only tlsConfig (kubernetes-sigs/kubebuilder#4533).
 * Severity: error (certain, kubebuilder#4533): without port Prometheus scrapes every port of the Service, without scheme https
 * it speaks plain http to a TLS port, and the token the endpoint carried is gone.
 */
export const endpointsReplaced: CheckRule = {
  code: 'endpoints-replaced',
  description: 'an endpoint with tlsConfig but no port, targetPort or path: the signature of a replaced endpoints list',
  check({ kind, endpoints, report }) {
    if (kind.endpointsField === undefined) return;
    for (const endpoint of endpoints) {
      const value = endpoint.value;
      if (!isObject(value.tlsConfig)) continue;
      if (value.port !== undefined || value.targetPort !== undefined || value.portNumber !== undefined || value.path !== undefined) continue;
      const scheme = valueAt(value, kind.schemePath);
      const plain = typeof scheme !== 'string' || scheme.toLowerCase() !== 'https';
      const credentials = kind.authMethods.some((method) => isSet(value[method])) || (kind.bearerTokenFile && isFileSet(value.bearerTokenFile));
      const failures = [
        plain ? 'over plain http, which a TLS metrics port answers with "server returned HTTP status 400 Bad Request"' : undefined,
        credentials
          ? undefined
          : 'without a token, which controller-runtime secure metrics and kube-rbac-proxy answer with "server returned HTTP status 401 Unauthorized"',
      ].filter((part): part is string => part !== undefined);
      report.error(
        'endpoints-replaced',
        `this endpoint has tlsConfig but no port, targetPort or path: a patch replaced the endpoints list (as Kubebuilder 4.4.0/4.5.0 monitor_tls_patch.yaml did, kubebuilder#4533), so Prometheus scrapes every port of the ${kind.selectsServices ? 'Service' : 'pod'} at /metrics${failures.length > 0 ? ` ${failures.join(' and ')}` : ''}; restore the original endpoint (port, path, scheme: https, its credentials) and merge TLS into it with a JSON 6902 patch on /spec/${kind.endpointsField}/0 (Kubebuilder 4.5.1+) or with secure-monitors`,
        endpoint.path,
      );
    }
  },
};
