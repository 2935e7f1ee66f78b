import { flagValue } from '../index/workloads.js';
import type { DemandSource } from './types.js';
import { portOfAddress } from './types.js';

/**
 * A kube-rbac-proxy sidecar (Kubebuilder < 4.1 scaffolds it in front of the manager's metrics):
 * `--secure-listen-address=HOST:PORT` serves TLS and authenticates a bearer token (TokenReview),
 * or a client certificate when `--client-ca-file` is set; authorisation is a SubjectAccessReview
 * for the request path as a nonResourceURL, or for resource attributes given by `--config-file`.
 */
export const kubeRbacProxyDemands: DemandSource = ({ template, container, port }) => {
  if (!/(^|\/)kube-rbac-proxy(:|@|$)/.test(container.image ?? '') && container.name !== 'kube-rbac-proxy') return undefined;
  const address = flagValue(container.argv, 'secure-listen-address');
  const listening = portOfAddress(address);
  if (listening === undefined || (port !== undefined && listening !== port)) return undefined;
  const evidence = { workload: template.workload, container: container.name, shows: `kube-rbac-proxy --secure-listen-address=${address ?? ''}` };
  const configFile = flagValue(container.argv, 'config-file');
  const clientCa = flagValue(container.argv, 'client-ca-file');
  return {
    tls: evidence,
    bearer: {
      ...evidence,
      authorization: configFile !== undefined && configFile !== 'true' ? { kind: 'resourceAttributes' } : { kind: 'nonResourceURL' },
      orClientCert: clientCa !== undefined && clientCa !== 'true',
    },
  };
};
