import type { Cluster } from '../cluster.js';
import { endpointsOf, monitorKindOf } from '../kinds/index.js';
import { nameOf, namespaceOf } from '../select.js';
import type { KubeObject } from '../types.js';
import { isObject } from '../types.js';
import { secretSelectorsOf } from './selectors.js';

/** cert-manager's CA injector annotations: a webhook (or CRD, APIService) trusts the CA of that Certificate / Secret. */
const INJECT_CA_FROM = 'cert-manager.io/inject-ca-from';
const INJECT_CA_FROM_SECRET = 'cert-manager.io/inject-ca-from-secret';

/**
 * Who in the input trusts or serves the Secret a Certificate writes: a monitor that references it, a
 * webhook configuration whose CA cert-manager injects from it, or a pod that mounts it. Built on the
 * first question only (the input rules ask it for a Certificate with a placeholder): one pass over
 * the items, then each question is a lookup.
 */
export class CertificateUsage {
  private users: Map<string, string> | undefined;

  constructor(
    private readonly items: readonly KubeObject[],
    private readonly cluster: Cluster,
  ) {}

  /** A short description of the first user of `namespace/secretName` (or of Certificate `namespace/name`), or undefined. */
  userOf(namespace: string | undefined, certificateName: string, secretName: string): string | undefined {
    const users = (this.users ??= this.index());
    const ns = namespace ?? '';
    const direct = users.get(`certificate:${ns}/${certificateName}`) ?? users.get(`secret:${ns}/${secretName}`);
    if (direct !== undefined) return direct;
    for (const template of this.cluster.workloads.inNamespace(namespace)) {
      for (const sources of template.volumes.values()) {
        if (sources.some((s) => s.kind === 'Secret' && s.name === secretName)) {
          return `${template.workload.kind} ${template.workload.name}, which mounts it`;
        }
      }
    }
    return undefined;
  }

  private index(): Map<string, string> {
    const users = new Map<string, string>();
    const note = (key: string, who: string): void => {
      if (!users.has(key)) users.set(key, who);
    };
    for (const obj of this.items) {
      const kind = monitorKindOf(obj);
      const ns = namespaceOf(obj) ?? '';
      if (kind !== undefined) {
        let endpoints;
        try {
          endpoints = endpointsOf(obj, kind);
        } catch {
          continue; // unusable structure: the monitor itself is reported
        }
        for (const endpoint of endpoints) {
          for (const ref of secretSelectorsOf(endpoint, kind))
            if (ref.kind === 'Secret') note(`secret:${ns}/${ref.name}`, `${kind.kind} ${nameOf(obj)}, which trusts it`);
        }
        continue;
      }
      const annotations = isObject(obj.metadata) && isObject(obj.metadata.annotations) ? obj.metadata.annotations : undefined;
      if (annotations === undefined) continue;
      for (const [annotation, prefix] of [
        [INJECT_CA_FROM, 'certificate'],
        [INJECT_CA_FROM_SECRET, 'secret'],
      ] as const) {
        const value = annotations[annotation];
        if (typeof value === 'string' && value.includes('/')) note(`${prefix}:${value}`, `${obj.kind} ${nameOf(obj)}, whose CA is injected from it`);
      }
    }
    return users;
  }
}
