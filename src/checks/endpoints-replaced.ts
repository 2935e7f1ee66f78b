import type { CheckRule } from './types.js';
import { isObject } from '../types.js';

/**
 * Kubebuilder 4.4.0/4.5.0's monitor_tls_patch.yaml was a strategic-merge patch on an atomic list: it
 * replaced every endpoint with one that holds only tlsConfig (kubernetes-sigs/kubebuilder#4533).
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
      report.warning(
        'endpoints-replaced',
        'this endpoint has tlsConfig but no port, targetPort or path: a patch replaced the endpoints list (as Kubebuilder 4.4/4.5 monitor_tls_patch.yaml did, kubebuilder#4533); restore the original endpoint and merge TLS into it with secure-monitors instead',
        endpoint.path,
      );
    }
  },
};
