import { isObject } from '../types.js';
import type { CheckRule, InputRule } from './types.js';
import { derivedServerName } from './certificates.js';
import { listPlain, serverNameOf, tlsConfigsOf } from './fields.js';

/**
 * Kubebuilder (v4.5.1+) scaffolds `SERVICE_NAME.SERVICE_NAMESPACE.svc` into the metrics
 * ServiceMonitor's tlsConfig.serverName and into the cert-manager Certificates' dnsNames, and ships
 * the `replacements` of config/default/kustomization.yaml that fill them in commented out; older
 * scaffolds used the kustomize vars `$(SERVICE_NAME).$(SERVICE_NAMESPACE).svc`. A project that
 * enables TLS without them ships the literal (kueue#9180).
 */
const PLACEHOLDERS = /SERVICE_NAMESPACE|SERVICE_NAME/g;

/** The distinct placeholders in a string, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set(text.match(PLACEHOLDERS) ?? [])];
}

function named(placeholders: readonly string[]): string {
  return `placeholder${placeholders.length > 1 ? 's' : ''} ${listPlain(placeholders)}`;
}

/** serverName (endpoint and oauth2 tlsConfig) of any monitor. */
export const placeholder: CheckRule = {
  code: 'placeholder',
  description: 'SERVICE_NAME / SERVICE_NAMESPACE left in serverName (or in a Certificate\'s dnsNames)',
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
 * itself (it is in the input, so it has a file and index), whether or not a monitor uses it: a
 * webhook certificate with SERVICE_NAME is just as broken.
 */
export const certificatePlaceholder: InputRule = {
  code: 'placeholder',
  description: 'SERVICE_NAME / SERVICE_NAMESPACE left in a cert-manager Certificate\'s dnsNames',
  appliesTo: (obj) => obj.kind === 'Certificate' && obj.apiVersion.startsWith('cert-manager.io/'),
  check({ obj, report }) {
    const dnsNames = isObject(obj.spec) ? obj.spec.dnsNames : undefined;
    if (!Array.isArray(dnsNames)) return;
    dnsNames.forEach((name, index) => {
      if (typeof name !== 'string') return;
      const found = placeholdersIn(name);
      if (found.length === 0) return;
      report.error(
        'placeholder',
        `dnsNames[${index}] ${name} still holds the Kubebuilder ${named(found)}: the replacements in config/default/kustomization.yaml that copy the Service's metadata.name and metadata.namespace into this Certificate's spec.dnsNames did not run (Kubebuilder ships them commented out), so cert-manager issues a certificate no client can verify; uncomment them`,
        ['spec', 'dnsNames', index],
        { currentValue: name },
      );
    });
  },
};
