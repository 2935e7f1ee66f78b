import type { MonitorKind } from './types.js';

/**
 * monitoring.coreos.com/v1 Probe: TLS and auth live in `spec` and apply to Prometheus → prober
 * (blackbox exporter), not to the probed target; so the scheme that matters is `spec.prober.scheme`.
 */
export const probe: MonitorKind = {
  kind: 'Probe',
  apiVersion: 'monitoring.coreos.com/v1',
  endpointsField: undefined,
  schemePath: ['prober', 'scheme'],
  tlsFileFields: false,
  authMethods: ['basicAuth', 'authorization', 'oauth2', 'bearerTokenSecret'],
  bearerTokenFile: false,
  selectsServices: false,
  portOf: () => undefined,
};
