import { fileSource, flagValue } from '../index/workloads.js';
import type { DemandSource, Evidence } from './types.js';

const FLAG = 'web.config.file';

/**
 * Prometheus exporter-toolkit (Pushgateway, node-exporter, blackbox_exporter, …):
 * `--web.config.file=PATH`, PATH resolved through the container's mounts to a Secret or ConfigMap
 * key, whose structure (index/web-config.ts) says what every listener of the process demands:
 * `basic_auth_users` → basic auth (else 401), `tls_server_config` with a certificate → TLS,
 * `client_auth_type: RequireAndVerifyClientCert` / `RequireAnyClientCert` → a client certificate.
 */
export const webConfigDemands: DemandSource = ({ template, container }, cluster) => {
  const path = flagValue(container.argv, FLAG);
  if (path === undefined || path === 'true' || path === '') return undefined;
  const file = fileSource(template, container, path);
  const base = { workload: template.workload, container: container.name };
  if (file === undefined) return undefined;
  const where = `${file.kind} ${file.name} key ${file.key}`;
  const info = cluster.secret(file.kind, template.namespace, file.name);
  // Not in the input (or the key is not): nothing to read, nothing predicted.
  if (info === undefined || !info.keys.has(file.key)) return undefined;
  const digest = info.digests.get(file.key);
  if (digest === undefined) return { unknown: { ...base, shows: `--${FLAG}=${path}`, why: `its file (${where}) is not an exporter-toolkit web config` } };
  if ('problem' in digest) return { unknown: { ...base, shows: `--${FLAG}=${path}`, why: `its file (${where}) ${digest.problem}` } };
  const { webConfig } = digest;
  const evidence = (what: string): Evidence => ({ ...base, shows: `--${FLAG}=${path} (${where}) with ${what}` });
  const clientCert =
    webConfig.tls && (webConfig.clientAuthType === 'RequireAndVerifyClientCert' || webConfig.clientAuthType === 'RequireAnyClientCert')
      ? webConfig.clientAuthType
      : undefined;
  return {
    ...(webConfig.tls ? { tls: evidence('tls_server_config') } : {}),
    ...(webConfig.basicAuth ? { basicAuth: evidence('basic_auth_users') } : {}),
    ...(clientCert !== undefined ? { clientCert: { ...evidence(`client_auth_type: ${clientCert}`), clientAuthType: clientCert } } : {}),
  };
};
