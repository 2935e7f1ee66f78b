import type { Cluster, ContainerInfo, PodTemplateInfo, WorkloadRef } from '../cluster.js';

/** Where a demand comes from, in words a message can quote: `Deployment ns/name, container c: …`. */
export interface Evidence {
  readonly workload: WorkloadRef;
  readonly container: string;
  /** What in the container shows it, e.g. `--metrics-bind-address=:8443 (controller-runtime secure metrics)`. */
  readonly shows: string;
}

/** How a bearer token is authorised once authenticated (TokenReview). */
export type TokenAuthorization =
  /** SubjectAccessReview for `get` on the request path as a nonResourceURL. */
  | { readonly kind: 'nonResourceURL' }
  /** kube-rbac-proxy `--config-file`: resource attributes the input does not spell out. */
  | { readonly kind: 'resourceAttributes' };

/** What a target demands of the scrape; each present field is one demand, with its evidence. */
export interface Demands {
  readonly tls?: Evidence;
  readonly basicAuth?: Evidence;
  readonly bearer?: Evidence & { readonly authorization: TokenAuthorization; readonly orClientCert: boolean };
  readonly clientCert?: Evidence & { readonly clientAuthType: string };
  /** What the target may demand but the input does not show (a web config that cannot be read), and why. */
  readonly unknown?: Evidence & { readonly why: string };
}

/** One container port of one pod template a monitor endpoint scrapes. */
export interface ScrapeTarget {
  readonly template: PodTemplateInfo;
  readonly container: ContainerInfo;
  /** The port number scraped, when the input tells it. */
  readonly port: number | undefined;
}

/**
 * One evidence source (exporter-toolkit web config, controller-runtime, kube-rbac-proxy): what the
 * container serving `target.port` demands, from that source alone; undefined when it shows nothing.
 */
export type DemandSource = (target: ScrapeTarget, cluster: Cluster) => Demands | undefined;

export function workloadName(ref: WorkloadRef): string {
  return `${ref.kind} ${ref.namespace !== undefined ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** The port of a listen address (`:8443`, `0.0.0.0:8443`, `[::]:8443`), or undefined. */
export function portOfAddress(address: string | undefined): number | undefined {
  if (address === undefined) return undefined;
  const match = /:(\d+)$/.exec(address);
  return match ? Number(match[1]) : undefined;
}
