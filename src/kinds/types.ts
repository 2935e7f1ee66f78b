import type { JsonObject, Path } from '../types.js';

export type AuthMethod = 'basicAuth' | 'authorization' | 'oauth2' | 'bearerTokenSecret';

/** One place that Prometheus scrapes with its own TLS and auth: an endpoint, or a Probe/ScrapeConfig spec. */
export interface Endpoint {
  /** Where the endpoint-like object sits in the monitor, e.g. ['spec','endpoints',1] or ['spec']. */
  readonly path: Path;
  readonly value: JsonObject;
  /** The endpoint's port as the `endpoints.ports` filter sees it; undefined for spec-level kinds. */
  readonly port: string | undefined;
}

/**
 * What one Prometheus Operator kind looks like: where it keeps endpoints, TLS and auth.
 * Merge, auth and checks are written once against this description instead of branching on `kind`.
 */
export interface MonitorKind {
  readonly kind: 'ServiceMonitor' | 'PodMonitor' | 'Probe' | 'ScrapeConfig';
  readonly apiVersion: string;
  /** `spec.<field>[]` holding endpoints; undefined when the spec itself is the one endpoint. */
  readonly endpointsField: 'endpoints' | 'podMetricsEndpoints' | undefined;
  /** Path of the scheme that governs the TLS connection, relative to the endpoint. */
  readonly schemePath: Path;
  /** ServiceMonitor takes TLSConfig (with caFile/certFile/keyFile); the others SafeTLSConfig. */
  readonly tlsFileFields: boolean;
  /** Auth fields this kind's CRD has, in the order the operator documents them. */
  readonly authMethods: readonly AuthMethod[];
  /** Whether `bearerTokenFile` exists on the endpoint (ServiceMonitor only). */
  readonly bearerTokenFile: boolean;
  /** Whether the kind scrapes Services (so serverName can be derived from one). */
  readonly selectsServices: boolean;
  /** Port of an endpoint for the `endpoints.ports` filter. */
  portOf(endpoint: JsonObject): string | undefined;
}
