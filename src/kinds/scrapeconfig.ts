import type { MonitorKind } from './types.js';

/**
 * monitoring.coreos.com/v1alpha1 ScrapeConfig: TLS and auth in `spec`. It has no `bearerTokenSecret`
 * and a CEL rule (operator v0.91+) allowing at most one of basicAuth / authorization / oauth2.
 */
export const scrapeConfig: MonitorKind = {
  kind: 'ScrapeConfig',
  apiVersion: 'monitoring.coreos.com/v1alpha1',
  endpointsField: undefined,
  schemePath: ['scheme'],
  tlsFileFields: false,
  authMethods: ['basicAuth', 'authorization', 'oauth2'],
  bearerTokenFile: false,
  selectsServices: false,
  portOf: () => undefined,
};
