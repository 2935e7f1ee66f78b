import type { CertificateInfo } from '../cluster.js';
import type { CheckRule } from './types.js';
import { boundedJoin, boundedJoinOf } from '../format.js';
import { certificateCovers, certificateLabel, formatSans, targetCertificatesOf } from './certificates.js';
import { serverNameOf, tlsConfigsOf } from './fields.js';
import { placeholdersIn } from '../placeholders.js';

/**
 * serverName against the SANs of the target's certificate when a cert-manager Certificate in the
 * input issues the Secret the endpoint trusts (see serverCertificatesOf). A mismatch is the
 * ClickHouse operator #290 / metal-operator#664 failure: Prometheus' TLS handshake fails with
 * "x509: certificate is valid for …, not <serverName>" on every scrape.
 * A serverName that still holds a Kubebuilder placeholder is left to the placeholder rule.
 * Severity: error — the certificate is in the input, so the x509 failure is certain (ClickHouse operator #290, metal-operator#664).
 */
export const certificateSan: CheckRule = {
  code: 'certificate-san',
  description: 'serverName is not among the dnsNames / ipAddresses of the cert-manager Certificate that issues the trusted Secret',
  check({ obj, kind, endpoints, cluster, report }) {
    for (const endpoint of endpoints) {
      const tls = tlsConfigsOf(endpoint, kind).find((t) => t.label === 'tlsConfig');
      if (tls === undefined) continue;
      const serverName = serverNameOf(tls.value);
      if (serverName === undefined || placeholdersIn(serverName).length > 0) continue;
      const issued = targetCertificatesOf(obj, kind, tls.value, cluster);
      if (issued === undefined) continue;
      // Several Certificates may write one Secret (a base and an overlay, two Services of the service
      // CA): one error for the endpoint, naming each that does not cover serverName.
      const uncovered = issued.certificates.filter((c) => !certificateCovers(serverName, c.dnsNames, c.ipAddresses));
      const first = uncovered[0];
      if (first === undefined) continue;
      const sans = [...first.dnsNames, ...first.ipAddresses];
      const x509 =
        sans.length === 0
          ? `certificate is not valid for any names, but wanted to match ${serverName}`
          : `certificate is valid for ${boundedJoin(sans)}, not ${serverName}`;
      const described = (c: CertificateInfo): string => `(dnsNames: ${formatSans(c.dnsNames)}; ipAddresses: ${formatSans(c.ipAddresses)})`;
      const allCertManager = uncovered.every((c) => c.origin === 'cert-manager');
      const fix = allCertManager
        ? uncovered.length === 1
          ? `set serverName to one of its dnsNames, or add ${serverName} to the Certificate's dnsNames`
          : `add ${serverName} to each Certificate's dnsNames`
        : `set serverName to ${first.dnsNames[0] ?? '<service>.<namespace>.svc'}`;
      const which =
        uncovered.length === 1
          ? `${certificateLabel(first)}, which issues Secret ${issued.secretName} ${described(first)}`
          : `the ${uncovered.length} certificates that issue Secret ${issued.secretName}: ${boundedJoinOf(uncovered, (c) => `${certificateLabel(c)} ${described(c)}`, '; ')}`;
      report.error(
        'certificate-san',
        `serverName ${serverName} is not among the SANs of ${which}, so Prometheus will fail with "x509: ${x509}"${uncovered.length > 1 ? ` (the first; the Secret holds whichever was issued last)` : ''}; ${fix}`,
        [...tls.path, 'serverName'],
        { currentValue: serverName },
      );
    }
  },
};
