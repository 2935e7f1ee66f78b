import { isObject } from '../../types.js';
import { serverUrlOf } from '../server.js';
import type { KedaRule } from './types.js';

/**
 * A prometheus trigger without a usable `serverAddress`: KEDA refuses a missing one
 * (`missing required parameter "serverAddress" in [triggerMetadata]`), and one that is not an
 * absolute http(s) URL fails every query (`unsupported protocol scheme`).
 */
export const kedaServerAddress: KedaRule = {
  code: 'keda-server-address',
  description: 'a prometheus trigger without serverAddress, or one that is not an absolute http(s) URL',
  check({ triggers, report }) {
    for (const trigger of triggers) {
      const text = trigger.metadata.serverAddress;
      const path = [...trigger.path, 'metadata', 'serverAddress'];
      if (text === undefined) {
        // Metadata that is not a map, or a serverAddress that is not a string: keda-schema's finding.
        const metadata = trigger.value.metadata;
        if (metadata !== undefined && (!isObject(metadata) || metadata.serverAddress !== undefined)) continue;
        report.error(
          'keda-server-address',
          'KEDA rejects the trigger: missing required parameter "serverAddress" in [triggerMetadata]; add the Prometheus query URL, e.g. serverAddress: https://prometheus.example.com',
          path,
        );
      } else if (serverUrlOf(trigger) === undefined) {
        report.error(
          'keda-server-address',
          'serverAddress is not an absolute http:// or https:// URL: every query fails (unsupported protocol scheme); write the full URL, e.g. https://prometheus.example.com',
          path,
        );
      }
    }
  },
};
