import type { ServiceInfo } from '../cluster.js';
import { resolveServerName } from '../servername.js';
import { selectedNamespaces } from '../select.js';
import type { KubeObject } from '../types.js';
import { isObject } from '../types.js';
import { certificateCovers, targetCertificatesOf } from './certificates.js';
import { listQuoted, serverNameOf, valueAt } from './fields.js';
import type { CheckRule } from './types.js';

/** `<service>.<namespace>.svc` with an optional `.<cluster domain>`: DNS-1123 labels only (placeholders are not this rule's). */
const IN_CLUSTER = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.[a-z0-9.-]+)?$/;

/**
 * A literal in-cluster serverName that names another Service or namespace than the one the monitor
 * scrapes. Certain failure (error): Prometheus verifies the target's certificate, issued for the
 * Service it really is, against the name written here — the namespace was changed by kustomize
 * `namespace:` or OLM after the name was written (operator-sdk#6846, llm-d-autoscaling PR #1524).
 * Quiet when the target's known certificate covers the written name (then nothing fails), without
 * https, with insecureSkipVerify, and when the monitor's namespace is not known yet.
 * Severity: error — the name is certainly not the target's (operator-sdk#6846).
 */
export const serverNameMismatch: CheckRule = {
  code: 'server-name-mismatch',
  description: 'a literal <svc>.<ns>.svc serverName naming another Service or namespace than the one the monitor selects',
  check({ obj, kind, endpoints, cluster, report }) {
    if (!kind.selectsServices) return;
    const scraped = scrapedNamespaces(obj);
    for (const endpoint of endpoints) {
      const tlsConfig = endpoint.value.tlsConfig;
      if (!isObject(tlsConfig) || tlsConfig.insecureSkipVerify === true) continue;
      const serverName = serverNameOf(tlsConfig);
      const parsed = serverName === undefined ? null : IN_CLUSTER.exec(serverName.toLowerCase());
      if (serverName === undefined || parsed === null) continue;
      const scheme = valueAt(endpoint.value, kind.schemePath);
      if (typeof scheme !== 'string' || scheme.toLowerCase() !== 'https') continue;
      const [writtenService, writtenNamespace, domain] = [parsed[1] as string, parsed[3] as string, parsed[5] ?? ''];

      const resolved = resolveServerName('{service}.{namespace}.svc', obj, kind, endpoint, cluster, '');
      const service: ServiceInfo | undefined = resolved.ok ? resolved.service : undefined;
      let why: string | undefined;
      let proposed: string | undefined;
      if (service !== undefined && service.namespace !== undefined && (service.name !== writtenService || service.namespace !== writtenNamespace)) {
        why = `the monitor selects Service ${service.namespace}/${service.name}`;
        proposed = `${service.name}.${service.namespace}.svc${domain}`;
      } else if (service === undefined && scraped !== undefined && !scraped.includes(writtenNamespace)) {
        why = `the monitor scrapes namespace${scraped.length > 1 ? 's' : ''} ${listQuoted(scraped, 'or')}, not "${writtenNamespace}" (kustomize namespace: or OLM moved it after the name was written)`;
        if (scraped.length === 1) proposed = `${writtenService}.${scraped[0] as string}.svc${domain}`;
      }
      if (why === undefined) continue;
      const issued = targetCertificatesOf(obj, kind, tlsConfig, cluster);
      if (issued !== undefined && issued.certificates.some((c) => certificateCovers(serverName, c.dnsNames, c.ipAddresses))) continue;

      const fix =
        proposed !== undefined ? `set tlsConfig.serverName to ${proposed}` : 'set tlsConfig.serverName to <service>.<namespace>.svc of the Service it scrapes';
      report.error(
        'server-name-mismatch',
        `serverName ${serverName} names Service ${writtenNamespace}/${writtenService}, but ${why}: the target's certificate is issued for its own Service name, so Prometheus will fail with "x509: certificate is valid for <its names>, not ${serverName}"; ${fix} (or run secure-monitors with tls.serverName: auto)`,
        [...endpoint.path, 'tlsConfig', 'serverName'],
        proposed !== undefined ? { currentValue: serverName, proposedValue: proposed } : { currentValue: serverName },
      );
    }
  },
};

/** The namespaces a ServiceMonitor scrapes; undefined = any namespace, or not known yet (no namespace). */
function scrapedNamespaces(monitor: KubeObject): readonly string[] | undefined {
  const selected = selectedNamespaces(monitor);
  return selected === 'unknown' ? undefined : selected;
}
