import type { MonitorKind } from './types.js';
import { portName } from './ports.js';

/** monitoring.coreos.com/v1 PodMonitor: `spec.podMetricsEndpoints[]` with SafeTLSConfig (no file fields). */
export const podMonitor: MonitorKind = {
  kind: 'PodMonitor',
  apiVersion: 'monitoring.coreos.com/v1',
  endpointsField: 'podMetricsEndpoints',
  schemePath: ['scheme'],
  tlsFileFields: false,
  authMethods: ['basicAuth', 'authorization', 'oauth2', 'bearerTokenSecret'],
  bearerTokenFile: false,
  selectsServices: false,
  portOf: (endpoint) => portName(endpoint.port) ?? portName(endpoint.portNumber) ?? portName(endpoint.targetPort),
};
