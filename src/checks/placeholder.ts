import { nameOf, namespaceOf } from '../select.js';
import { isObject } from '../types.js';
import type { CheckRule, InputRule } from './types.js';
import { derivedServerName } from './certificates.js';
import { listPlain, serverNameOf, tlsConfigsOf } from './fields.js';
import { placeholdersIn } from '../placeholders.js';

/** Severity: error in a serverName (no certificate is issued for it: x509 is certain, https://github.com/kubernetes-sigs/kueue/issues/9180). */
function named(placeholders: readonly string[]): string {
  return `placeholder${placeholders.length > 1 ? 's' : ''} ${listPlain(placeholders)}`;
}

/** serverName (endpoint and oauth2 tlsConfig) of any monitor. */
export const placeholder: CheckRule = {
  code: 'placeholder',
  description: "SERVICE_NAME / SERVICE_NAMESPACE left in serverName (or in a Certificate's dnsNames)",
  check({ obj, kind, endpoints, cluster, config, report }) {
    for (const endpoint of endpoints) {
      for (const tls of tlsConfigsOf(endpoint, kind)) {
        const serverName = serverNameOf(tls.value);
        if (serverName === undefined) continue;
        const found = placeholdersIn(serverName);
        if (found.length === 0) continue;
        const proposed = tls.label === 'tlsConfig' ? derivedServerName(obj, kind, endpoint, cluster, config) : undefined;
        const fix =
          proposed !== undefined
            ? `uncomment them, set serverName to ${proposed} (the Service this monitor selects), or let secure-monitors derive it with tls.serverName: auto`
            : 'uncomment them, or set serverName to the DNS name the certificate is issued for (secure-monitors derives it for a ServiceMonitor with tls.serverName: auto)';
        report.error(
          'placeholder',
          `${tls.label}.serverName ${serverName} still holds the Kubebuilder ${named(found)}: the replacements in config/default/kustomization.yaml that copy the metrics Service's metadata.name and metadata.namespace into spec.endpoints.0.tlsConfig.serverName did not run (Kubebuilder ships them commented out), and Prometheus will reject the certificate; ${fix}`,
          [...tls.path, 'serverName'],
          proposed !== undefined ? { currentValue: serverName, proposedValue: proposed } : { currentValue: serverName },
        );
      }
    }
  },
};

/**
 * The same placeholders in a cert-manager Certificate's dnsNames, reported on the Certificate
 * itself (it is in the input, so it has a file and index), whether a monitor or a webhook uses it.
 * Severity: error when a monitor or webhook in the input trusts its Secret or a pod mounts it (the
 * x509 failure is certain); warning when nothing in the input uses it (a stock Kubebuilder build
 * without a monitor only fails once something does).
 */
export const certificatePlaceholder: InputRule = {
  code: 'placeholder',
  description: "SERVICE_NAME / SERVICE_NAMESPACE left in a cert-manager Certificate's dnsNames",
  appliesTo: (obj) => obj.kind === 'Certificate' && obj.apiVersion.startsWith('cert-manager.io/'),
  check({ obj, report, usage }) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const dnsNames = spec.dnsNames;
    if (!Array.isArray(dnsNames)) return;
    let user: string | undefined | null = null;
    dnsNames.forEach((name, index) => {
      if (typeof name !== 'string') return;
      const found = placeholdersIn(name);
      if (found.length === 0) return;
      if (user === null) user = typeof spec.secretName === 'string' ? usage.userOf(namespaceOf(obj), nameOf(obj), spec.secretName) : undefined;
      const message = `dnsNames[${index}] ${name} still holds the Kubebuilder ${named(found)}: the replacements in config/default/kustomization.yaml that copy the Service's metadata.name and metadata.namespace into this Certificate's spec.dnsNames did not run (Kubebuilder ships them commented out), so cert-manager issues a certificate no client can verify`;
      if (user !== undefined) {
        report.error(
          'placeholder',
          `${message}, and ${user}: TLS to it fails with "x509: certificate is valid for ${name}, not <the name it is reached by>"; uncomment them`,
          ['spec', 'dnsNames', index],
          { currentValue: name },
        );
      } else {
        report.warning(
          'placeholder',
          `${message}; nothing in the input uses its Secret yet (no monitor, webhook or pod), so it fails once something does; uncomment them, or remove the Certificate`,
          ['spec', 'dnsNames', index],
          { currentValue: name },
        );
      }
    });
  },
};
