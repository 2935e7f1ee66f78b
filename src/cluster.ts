import { NearMissIndex } from './index/near-miss.js';
import type { NamedSecret, NearMiss } from './index/near-miss.js';
import { PrometheusIndex } from './index/prometheus.js';
import { RbacIndex } from './index/rbac.js';
import { digestsOf } from './index/web-config.js';
import type { FileDigest } from './index/web-config.js';
import { groupOf, WorkloadIndex } from './index/workloads.js';
import { fileOf } from './results.js';
import { labelsOf, nameOf, namespaceOf } from './select.js';
import type { Json, KubeObject } from './types.js';
import { isObject } from './types.js';

export type { PodTemplateInfo, ContainerInfo, WorkloadRef } from './index/workloads.js';
export type { ServiceAccountRef } from './index/rbac.js';
export type { NearMiss } from './index/near-miss.js';

export interface ServiceInfo {
  name: string;
  namespace: string | undefined;
  labels: Record<string, string>;
  ports: Array<{ name?: string; port?: Json; targetPort?: Json }>;
  /** `spec.selector`: the labels of the pods behind the Service (empty: none, endpoints by hand). */
  selector: Record<string, string>;
  /** The Secret OpenShift's service CA writes this Service's serving certificate into (its annotation). */
  servingCertSecret?: string;
}

/** OpenShift's service CA operator: the annotation that asks for a serving certificate, beta and alpha spelling. */
const SERVING_CERT_ANNOTATIONS = ['service.beta.openshift.io/serving-cert-secret-name', 'service.alpha.openshift.io/serving-cert-secret-name'];
/** …and the one that makes it inject its CA bundle into a ConfigMap, as key `service-ca.crt`. */
const INJECT_CABUNDLE_ANNOTATIONS = ['service.beta.openshift.io/inject-cabundle', 'service.alpha.openshift.io/inject-cabundle'];

export interface SecretInfo {
  name: string;
  namespace: string | undefined;
  kind: 'Secret' | 'ConfigMap';
  /** Key names only: values are never read into the core. */
  keys: ReadonlySet<string>;
  /** A `kubernetes.io/service-account-token` Secret's ServiceAccount (its annotation), in the Secret's namespace. */
  serviceAccountName: string | undefined;
  /** The structure of the values that are web configs (see index/web-config.ts); never a value. */
  digests: ReadonlyMap<string, FileDigest>;
}

export interface CertificateInfo {
  /** A cert-manager Certificate, or an OpenShift service serving certificate (then `object` is its Service). */
  origin: 'cert-manager' | 'openshift-service-ca';
  object: KubeObject;
  name: string;
  namespace: string | undefined;
  secretName: string;
  dnsNames: string[];
  ipAddresses: string[];
}

/** The apiVersion of KEDA's objects (CRDs v2.20). */
const KEDA_API_VERSION = 'keda.sh/v1alpha1';

/**
 * The other objects of the input that checks and serverName resolution read:
 * indexed once, so a lookup never scans the whole input (inputs reach 50k items).
 */
export class Cluster {
  readonly services: ServiceInfo[] = [];
  private readonly servicesByNamespace = new Map<string, ServiceInfo[]>();
  private readonly secrets = new Map<string, SecretInfo>();
  private readonly secretNamespaces = new Map<string, string[]>();
  private readonly certificates = new Map<string, CertificateInfo[]>();
  private readonly triggerAuthentications = new Map<string, KubeObject>();
  private readonly triggerAuthenticationNamespaces = new Map<string, string[]>();
  private readonly clusterTriggerAuthentications = new Map<string, KubeObject>();
  /** Whether the input has any Service (checks about Services stay quiet for monitor-only inputs). */
  hasServices = false;
  /** Pod templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and Pods. */
  readonly workloads = new WorkloadIndex();
  /** Prometheus objects that deny file access, and Namespace labels (policy.collector). */
  readonly prometheus = new PrometheusIndex();
  /** ClusterRoles, (Cluster)RoleBindings and ServiceAccounts. */
  readonly rbac = new RbacIndex();
  /** `group/kind/namespace/name` of every item: what a generated item must not duplicate. */
  private readonly identities = new Set<string>();
  private nearMissIndex: NearMissIndex | undefined;
  private readonly servingCertServices: ServiceInfo[] = [];
  /** `namespace/serviceAccount` → the first service-account-token Secret of the input for it. */
  private readonly tokenSecrets = new Map<string, string>();
  /** kpt file path → the next free `index` in it (only files of items with kpt annotations). */
  private readonly fileIndexes = new Map<string, number>();

  static from(items: readonly KubeObject[]): Cluster {
    const cluster = new Cluster();
    for (const item of items) cluster.add(item);
    return cluster;
  }

  add(obj: KubeObject): void {
    this.identities.add(identityOf(obj.apiVersion, obj.kind, namespaceOf(obj), nameOf(obj)));
    const file = fileOf(obj);
    if (file !== undefined) this.fileIndexes.set(file.path, Math.max(this.fileIndexes.get(file.path) ?? 0, (file.index ?? 0) + 1));
    if (WorkloadIndex.accepts(obj)) this.workloads.add(obj);
    else if (RbacIndex.accepts(obj)) this.rbac.add(obj);
    else if (PrometheusIndex.accepts(obj)) this.prometheus.add(obj);
    else if (obj.apiVersion === 'v1' && obj.kind === 'Service') this.addService(obj);
    else if (obj.apiVersion === 'v1' && (obj.kind === 'Secret' || obj.kind === 'ConfigMap')) this.addSecret(obj, obj.kind);
    else if (obj.kind === 'Certificate' && String(obj.apiVersion).startsWith('cert-manager.io/')) this.addCertificate(obj);
    else if (obj.apiVersion === KEDA_API_VERSION && obj.kind === 'TriggerAuthentication') this.addTriggerAuthentication(obj);
    else if (obj.apiVersion === KEDA_API_VERSION && obj.kind === 'ClusterTriggerAuthentication') this.clusterTriggerAuthentications.set(nameOf(obj), obj);
  }

  private addTriggerAuthentication(obj: KubeObject): void {
    const name = nameOf(obj);
    const namespace = namespaceOf(obj) ?? '';
    this.triggerAuthentications.set(`${namespace}/${name}`, obj);
    const namespaces = this.triggerAuthenticationNamespaces.get(name);
    if (namespaces) namespaces.push(namespace);
    else this.triggerAuthenticationNamespaces.set(name, [namespace]);
  }

  private addService(obj: KubeObject): void {
    const spec = isObject(obj.spec) ? obj.spec : {};
    const ports = Array.isArray(spec.ports)
      ? spec.ports.filter(isObject).map((p) => ({
          ...(typeof p.name === 'string' ? { name: p.name } : {}),
          ...(p.port !== undefined ? { port: p.port } : {}),
          ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}),
        }))
      : [];
    const selector: Record<string, string> = {};
    if (isObject(spec.selector)) for (const [k, v] of Object.entries(spec.selector)) if (v !== null && typeof v !== 'object') selector[k] = String(v);
    const info: ServiceInfo = { name: nameOf(obj), namespace: namespaceOf(obj), labels: labelsOf(obj), ports, selector };
    const servingCert = annotationOf(obj, SERVING_CERT_ANNOTATIONS);
    if (servingCert !== undefined && servingCert !== '' && info.namespace !== undefined) {
      info.servingCertSecret = servingCert;
      this.servingCertServices.push(info);
      // Signed by the service CA for the Service's DNS names (https://docs.openshift.com/container-platform/latest/security/certificates/service-serving-certificate.html), into Secret `servingCert`.
      const dns = `${info.name}.${info.namespace}.svc`;
      this.addCertificateInfo({
        origin: 'openshift-service-ca',
        object: obj,
        name: info.name,
        namespace: info.namespace,
        secretName: servingCert,
        dnsNames: [dns, `${dns}.cluster.local`],
        ipAddresses: [],
      });
    }
    this.services.push(info);
    this.hasServices = true;
    const key = info.namespace ?? '';
    const list = this.servicesByNamespace.get(key);
    if (list) list.push(info);
    else this.servicesByNamespace.set(key, [info]);
  }

  private addSecret(obj: KubeObject, kind: 'Secret' | 'ConfigMap'): void {
    const keys = new Set<string>();
    for (const field of kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData']) {
      const map = obj[field];
      if (isObject(map)) for (const key of Object.keys(map)) keys.add(key);
    }
    // The token controller writes these keys into a service-account-token Secret after it is created.
    if (kind === 'Secret' && obj.type === 'kubernetes.io/service-account-token') for (const key of ['token', 'ca.crt', 'namespace']) keys.add(key);
    // OpenShift's service CA operator injects its CA bundle into an annotated ConfigMap after it is created.
    if (kind === 'ConfigMap' && annotationOf(obj, INJECT_CABUNDLE_ANNOTATIONS) === 'true') keys.add('service-ca.crt');
    const annotations = isObject(obj.metadata) && isObject(obj.metadata.annotations) ? obj.metadata.annotations : {};
    const account = annotations['kubernetes.io/service-account.name'];
    const info: SecretInfo = {
      name: nameOf(obj),
      namespace: namespaceOf(obj),
      kind,
      keys,
      serviceAccountName:
        kind === 'Secret' && obj.type === 'kubernetes.io/service-account-token' && typeof account === 'string' && account !== '' ? account : undefined,
      digests: digestsOf(obj),
    };
    this.secrets.set(secretKey(kind, info.namespace, info.name), info);
    if (info.serviceAccountName !== undefined && !this.tokenSecrets.has(`${info.namespace ?? ''}/${info.serviceAccountName}`)) {
      this.tokenSecrets.set(`${info.namespace ?? ''}/${info.serviceAccountName}`, info.name);
    }
    const byName = `${kind}/${info.name}`;
    const namespaces = this.secretNamespaces.get(byName);
    if (namespaces) namespaces.push(info.namespace ?? '');
    else this.secretNamespaces.set(byName, [info.namespace ?? '']);
  }

  private addCertificate(obj: KubeObject): void {
    const spec = isObject(obj.spec) ? obj.spec : {};
    if (typeof spec.secretName !== 'string') return;
    const strings = (v: Json | undefined): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
    this.addCertificateInfo({
      origin: 'cert-manager',
      object: obj,
      name: nameOf(obj),
      namespace: namespaceOf(obj),
      secretName: spec.secretName,
      dnsNames: strings(spec.dnsNames),
      ipAddresses: strings(spec.ipAddresses),
    });
  }

  private addCertificateInfo(info: CertificateInfo): void {
    const key = `${info.namespace ?? ''}/${info.secretName}`;
    const list = this.certificates.get(key);
    if (list) list.push(info);
    else this.certificates.set(key, [info]);
  }

  /** Services in the given namespaces (undefined = every namespace). */
  servicesIn(namespaces: readonly string[] | undefined): ServiceInfo[] {
    if (namespaces === undefined) return this.services;
    return namespaces.flatMap((ns) => this.servicesByNamespace.get(ns) ?? []);
  }

  secret(kind: 'Secret' | 'ConfigMap', namespace: string | undefined, name: string): SecretInfo | undefined {
    return this.secrets.get(secretKey(kind, namespace, name));
  }

  /** Namespaces holding a Secret (or ConfigMap) of this name. */
  namespacesOf(kind: 'Secret' | 'ConfigMap', name: string): readonly string[] {
    return this.secretNamespaces.get(`${kind}/${name}`) ?? [];
  }

  /** KEDA TriggerAuthentication `namespace/name` (as the input has it, or as apply generates it). */
  triggerAuthentication(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.triggerAuthentications.get(`${namespace ?? ''}/${name}`);
  }

  /** Namespaces holding a TriggerAuthentication of this name. */
  triggerAuthenticationNamespacesOf(name: string): readonly string[] {
    return this.triggerAuthenticationNamespaces.get(name) ?? [];
  }

  clusterTriggerAuthentication(name: string): KubeObject | undefined {
    return this.clusterTriggerAuthentications.get(name);
  }

  hasServiceAccount(namespace: string | undefined, name: string): boolean {
    return this.rbac.hasServiceAccount({ namespace: namespace ?? '', name });
  }

  /** The name of a service-account-token Secret of the input for `namespace/account`, if any. */
  tokenSecretFor(namespace: string, account: string): string | undefined {
    return this.tokenSecrets.get(`${namespace}/${account}`);
  }

  /** Whether an object of this kind and name is in the input (any version of its API group). */
  has(apiVersion: string, kind: string, namespace: string | undefined, name: string): boolean {
    return this.identities.has(identityOf(apiVersion, kind, namespace, name));
  }

  /** The `config.kubernetes.io/index` a new document in the kpt file `path` gets (0 for a new file). */
  nextFileIndex(path: string): number {
    return this.fileIndexes.get(path) ?? 0;
  }

  /** Secret names that differ from `name` only by a kustomize prefix / suffix, in `namespace` (index built on first use). */
  nearMisses(namespace: string | undefined, name: string): NearMiss[] {
    this.nearMissIndex ??= new NearMissIndex(this.secretNames());
    return this.nearMissIndex.lookup(namespace ?? '', name);
  }

  /** Every Secret of the input, and every Secret a cert-manager Certificate of the input writes. */
  private *secretNames(): Generator<NamedSecret> {
    for (const secret of this.secrets.values())
      if (secret.kind === 'Secret') yield { namespace: secret.namespace ?? '', name: secret.name, source: `Secret ${secret.name}` };
    for (const list of this.certificates.values()) {
      for (const c of list) {
        const source =
          c.origin === 'cert-manager'
            ? `Certificate ${c.name}, which writes Secret ${c.secretName}`
            : `Secret ${c.secretName} (Service ${c.name}'s OpenShift serving certificate)`;
        yield { namespace: c.namespace ?? '', name: c.secretName, source };
      }
    }
  }

  /** Services in these namespaces (undefined = all) with an OpenShift serving certificate: usually none, so a scan is cheap. */
  servingCertServicesIn(namespaces: readonly string[] | undefined): readonly ServiceInfo[] {
    if (this.servingCertServices.length === 0) return [];
    return namespaces === undefined ? this.servingCertServices : this.servingCertServices.filter((s) => namespaces.includes(s.namespace ?? ''));
  }

  /** cert-manager Certificates (and OpenShift service serving certificates) that write the given Secret. */
  certificatesFor(namespace: string | undefined, secretName: string): readonly CertificateInfo[] {
    return this.certificates.get(`${namespace ?? ''}/${secretName}`) ?? [];
  }
}

function identityOf(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  return `${groupOf(apiVersion)}/${kind}/${namespace ?? ''}/${name}`;
}

function secretKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

function annotationOf(obj: KubeObject, names: readonly string[]): string | undefined {
  const annotations = isObject(obj.metadata) && isObject(obj.metadata.annotations) ? obj.metadata.annotations : undefined;
  if (annotations === undefined) return undefined;
  for (const name of names) {
    const value = annotations[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
