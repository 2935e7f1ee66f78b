import { isIP } from 'node:net';
import type { CertificateInfo, Cluster } from '../cluster.js';
import type { Endpoint, MonitorKind } from '../kinds/index.js';
import { AUTO, resolveServerName } from '../servername.js';
import { matchesLabelSelector, namespaceOf, selectedNamespaces } from '../select.js';
import type { Config } from '../config/types.js';
import type { JsonObject, KubeObject } from '../types.js';
import { isObject } from '../types.js';
import { boundedJoin } from '../format.js';

/** The Secret an endpoint trusts (`tlsConfig.ca.secret`) and the cert-manager Certificates that write it. */
export interface IssuedSecret {
  readonly secretName: string;
  readonly certificates: readonly CertificateInfo[];
}

/**
 * The target's own certificate, as far as the input tells: the cert-manager Certificates (same
 * namespace, `spec.secretName`) that issue the Secret the endpoint's `ca` comes from, leaving out CA
 * certificates (`isCA: true`), which sign the target's certificate rather than being it. This is
 * Kubebuilder's metrics-server-cert pattern: one self-signed Certificate whose Secret the server
 * mounts and whose ca.crt / tls.crt / tls.key the ServiceMonitor reads. `cert` is not followed: it
 * is the client's certificate, and its SANs say nothing about the server's name.
 */
export function serverCertificatesOf(tlsConfig: JsonObject, namespace: string | undefined, cluster: Cluster): IssuedSecret | undefined {
  const ca = tlsConfig.ca;
  const secret = isObject(ca) && isObject(ca.secret) ? ca.secret : undefined;
  if (secret === undefined || typeof secret.name !== 'string' || secret.name === '') return undefined;
  const certificates = cluster.certificatesFor(namespace, secret.name).filter((c) => !isCertificateAuthority(c));
  return certificates.length === 0 ? undefined : { secretName: secret.name, certificates };
}

/**
 * The target's certificate, as far as the input tells: the Certificate behind the trusted Secret
 * (serverCertificatesOf), or else, for a ServiceMonitor, the OpenShift service serving certificate of
 * the Service(s) it selects (https://docs.openshift.com/container-platform/latest/security/certificates/service-serving-certificate.html: a Service annotated serving-cert-secret-name gets a certificate
 * for <svc>.<ns>.svc and <svc>.<ns>.svc.cluster.local; its monitors trust the service CA through an
 * inject-cabundle ConfigMap or a CA file, not through that Secret). Only annotated Services are
 * looked at: for an input without them this costs nothing.
 */
export function targetCertificatesOf(monitor: KubeObject, kind: MonitorKind, tlsConfig: JsonObject, cluster: Cluster): IssuedSecret | undefined {
  const issued = serverCertificatesOf(tlsConfig, namespaceOf(monitor), cluster);
  if (issued !== undefined || !kind.selectsServices) return issued;
  const spec = isObject(monitor.spec) ? monitor.spec : {};
  if (!isObject(spec.selector)) return undefined;
  const selector = spec.selector;
  const selected = selectedNamespaces(monitor);
  const namespaces = selected === 'unknown' ? [] : selected; // no namespace yet: no Service to vouch for
  const services = cluster.servingCertServicesIn(namespaces).filter((s) => matchesLabelSelector(selector, s.labels));
  const first = services[0];
  if (first === undefined || first.servingCertSecret === undefined) return undefined;
  const certificates = services.flatMap((s) =>
    cluster.certificatesFor(s.namespace, s.servingCertSecret ?? '').filter((c) => c.origin === 'openshift-service-ca' && c.name === s.name),
  );
  return certificates.length === 0 ? undefined : { secretName: first.servingCertSecret, certificates };
}

/** How messages name a certificate: `Certificate ns/name`, or `the OpenShift serving certificate of Service ns/name`. */
export function certificateLabel(certificate: CertificateInfo): string {
  return certificate.origin === 'cert-manager'
    ? `Certificate ${certificateName(certificate)}`
    : `the OpenShift serving certificate of Service ${certificateName(certificate)}`;
}

function isCertificateAuthority(certificate: CertificateInfo): boolean {
  const spec = certificate.object.spec;
  return isObject(spec) && spec.isCA === true;
}

/**
 * Whether a certificate with these SANs is valid for `serverName`, the way Go's crypto/x509 decides:
 * an IP is looked up in the IP SANs only, a host name in the DNS SANs only, case-insensitively; a
 * wildcard is a whole leftmost label and stands for exactly one label (RFC 6125 §6.4.3), so
 * `*.ns.svc` matches `metrics.ns.svc` but neither `ns.svc` nor `a.b.ns.svc`.
 */
export function certificateCovers(serverName: string, dnsNames: readonly string[], ipAddresses: readonly string[]): boolean {
  if (isIP(serverName) !== 0) return ipAddresses.some((ip) => ip.toLowerCase() === serverName.toLowerCase());
  const host = normalizeHost(serverName);
  return dnsNames.some((name) => dnsNameMatches(normalizeHost(name), host));
}

function normalizeHost(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function dnsNameMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1);
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, host.length - suffix.length);
  return label !== '' && !label.includes('.');
}

/** `a, b` or `none`, for listing SANs in messages. */
export function formatSans(names: readonly string[]): string {
  return names.length === 0 ? 'none' : boundedJoin(names);
}

/** `ns/name` of a Certificate (or just `name` when it has no namespace). */
export function certificateName(certificate: CertificateInfo): string {
  return certificate.namespace === undefined ? certificate.name : `${certificate.namespace}/${certificate.name}`;
}

/**
 * The serverName secure-monitors would derive (`auto`) for a ServiceMonitor endpoint, when the input
 * has exactly the one Service it scrapes; used as the proposed value of findings.
 */
export function derivedServerName(monitor: KubeObject, kind: MonitorKind, endpoint: Endpoint, cluster: Cluster, config: Config): string | undefined {
  if (!kind.selectsServices) return undefined;
  const outcome = resolveServerName(AUTO, monitor, kind, endpoint, cluster, config.policy.clusterDomain);
  return outcome.ok ? outcome.value : undefined;
}
