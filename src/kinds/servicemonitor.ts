import type { MonitorKind } from './types.js';
import { portName } from './ports.js';

/** monitoring.coreos.com/v1 ServiceMonitor: `spec.endpoints[]`, each with TLSConfig (file fields allowed). */
export const serviceMonitor: MonitorKind = {
  kind: 'ServiceMonitor',
  apiVersion: 'monitoring.coreos.com/v1',
  endpointsField: 'endpoints',
  schemePath: ['scheme'],
  tlsFileFields: true,
  authMethods: ['basicAuth', 'authorization', 'oauth2', 'bearerTokenSecret'],
  bearerTokenFile: true,
  selectsServices: true,
  // `port` is the Service port name and takes precedence over `targetPort` (CRD v0.93.0).
  portOf: (endpoint) => portName(endpoint.port) ?? portName(endpoint.targetPort),
};
