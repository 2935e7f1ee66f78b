import type { CheckRule } from './types.js';
import { isObject } from '../types.js';
import type { Json } from '../types.js';
import { valueAt } from './fields.js';

/**
 * tlsConfig only matters with scheme https; the operator does not check the pair (https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Endpoint).
 * An unset scheme is http (Prometheus' default) unless a relabeling rewrites `__scheme__`.
 * Severity: warning — it fails ("400 Bad Request") only if the target serves TLS, which the monitor alone does not say.
 */
export const schemeTls: CheckRule = {
  code: 'scheme-tls',
  description: 'tlsConfig with scheme http (or no scheme): Prometheus ignores the TLS settings',
  check({ kind, endpoints, report }) {
    for (const endpoint of endpoints) {
      const tlsConfig = endpoint.value.tlsConfig;
      if (!isObject(tlsConfig) || Object.keys(tlsConfig).length === 0) continue;
      // Probe: the scheme lives in spec.prober; without a prober there is nothing to say.
      if (!isObject(valueAt(endpoint.value, kind.schemePath.slice(0, -1)))) continue;
      const scheme: Json | undefined = valueAt(endpoint.value, kind.schemePath);
      const path = [...endpoint.path, ...kind.schemePath];
      if (typeof scheme === 'string' && scheme.toLowerCase() === 'http') {
        report.warning(
          'scheme-tls',
          'tlsConfig is set but the scheme is http, so Prometheus scrapes in plain text and ignores it; if the target serves TLS, every scrape fails with "server returned HTTP status 400 Bad Request"; set the scheme to https',
          path,
          { currentValue: scheme, proposedValue: 'https' },
        );
      } else if (scheme === undefined || scheme === null) {
        if (rewritesScheme(endpoint.value.relabelings)) continue;
        report.warning(
          'scheme-tls',
          'tlsConfig is set but no scheme, so Prometheus scrapes with its default http in plain text and ignores it; if the target serves TLS, every scrape fails with "server returned HTTP status 400 Bad Request"; set the scheme to https',
          path,
          { proposedValue: 'https' },
        );
      }
    }
  },
};

function rewritesScheme(relabelings: Json | undefined): boolean {
  return Array.isArray(relabelings) && relabelings.some((r) => isObject(r) && r.targetLabel === '__scheme__');
}
