import { isEndpointSelected } from '../select.js';
import { isObject } from '../types.js';
import type { CheckRule } from './types.js';
import { scrapesKubelet } from './cluster-provided.js';
import { certificateLabel, derivedServerName, formatSans, targetCertificatesOf } from './certificates.js';
import { serverNameOf, valueAt } from './fields.js';

/**
 * TLS to a Service's endpoints without serverName. Prometheus scrapes the pod IPs behind the Service
 * and, without serverName, verifies the certificate against that IP; certificates issued for the
 * Service's DNS name then fail with "x509: cannot validate certificate for <pod IP> because it
 * doesn't contain any IP SANs". Not reported with insecureSkipVerify (nothing is verified; that rule
 * warns), without https (scheme-tls warns), nor in apply mode when the config sets serverName on the
 * endpoint: then src/tls.ts reports the change, or `server-name-unresolved` says why it could not.
 * Not reported for the kubelets either: their Service points at node IPs and kubelet serving
 * certificates carry IP SANs.
 * Severity: error when the target's certificate is known from the input and has no IP SANs (the x509 failure is
 * certain, kubebuilder#4533 / kueue#9180); warning otherwise (the certificate may carry IP SANs).
 */
export const serverNameMissing: CheckRule = {
  code: 'server-name-missing',
  description: 'TLS to a Service target without serverName (Prometheus scrapes pod IPs)',
  check({ obj, kind, endpoints, cluster, config, report }) {
    if (!kind.selectsServices || scrapesKubelet(obj)) return;
    // Where the config sets serverName, apply reports the change (or server-name-unresolved says why it
    // cannot), in both modes: check must not warn where apply is quiet.
    const configured = config.tls?.serverName !== undefined;
    for (const endpoint of endpoints) {
      if (configured && isEndpointSelected(endpoint, config.endpoints.ports, kind.endpointsField === undefined)) continue;
      const tlsConfig = endpoint.value.tlsConfig;
      if (!isObject(tlsConfig) || serverNameOf(tlsConfig) !== undefined || tlsConfig.insecureSkipVerify === true) continue;
      const scheme = valueAt(endpoint.value, kind.schemePath);
      if (typeof scheme !== 'string' || scheme.toLowerCase() !== 'https') continue;

      let message = 'tlsConfig has no serverName, so Prometheus, which scrapes the pod IPs behind the Service, verifies the certificate against a pod IP';
      const issued = targetCertificatesOf(obj, kind, tlsConfig, cluster);
      const withoutIps = issued?.certificates.filter((c) => c.ipAddresses.length === 0) ?? [];
      const certificate = withoutIps[0];
      if (issued !== undefined && certificate !== undefined) {
        message += `; ${certificateLabel(certificate)}, which issues Secret ${issued.secretName}, has no IP SANs (dnsNames: ${formatSans(certificate.dnsNames)}), so Prometheus will fail with "x509: cannot validate certificate for <pod IP> because it doesn't contain any IP SANs"`;
      } else {
        message += `; unless the target's certificate (not in the input) carries its pods' IPs, Prometheus fails with "x509: cannot validate certificate for <pod IP> because it doesn't contain any IP SANs"`;
      }
      const proposed = derivedServerName(obj, kind, endpoint, cluster, config);
      message +=
        proposed !== undefined
          ? `; set tlsConfig.serverName to ${proposed}, the DNS name of the Service this monitor selects (or run secure-monitors with tls.serverName: auto)`
          : '; set tlsConfig.serverName to the DNS name the certificate is issued for, usually <service>.<namespace>.svc (or run secure-monitors with tls.serverName: auto)';
      const extra = proposed !== undefined ? { proposedValue: proposed } : {};
      if (certificate !== undefined) report.error('server-name-missing', message, [...endpoint.path, 'tlsConfig', 'serverName'], extra);
      else report.warning('server-name-missing', message, [...endpoint.path, 'tlsConfig', 'serverName'], extra);
    }
  },
};
