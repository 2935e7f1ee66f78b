import type { CheckRule } from './types.js';
import { isObject } from '../types.js';
import type { Json } from '../types.js';

/** tlsConfig only matters with scheme https; the operator does not check the pair (FACTS.md). */
export const schemeTls: CheckRule = {
  code: 'scheme-tls',
  description: 'tlsConfig with scheme http: Prometheus ignores the TLS settings',
  check({ kind, endpoints, report }) {
    for (const endpoint of endpoints) {
      if (!isObject(endpoint.value.tlsConfig)) continue;
      let scheme: Json | undefined = endpoint.value;
      for (const key of kind.schemePath) scheme = isObject(scheme) ? scheme[key as string] : undefined;
      if (typeof scheme === 'string' && scheme.toLowerCase() === 'http') {
        report.warning(
          'scheme-tls',
          'tlsConfig is set but the scheme is http, so Prometheus scrapes in plain text and ignores it; set the scheme to https',
          [...endpoint.path, ...kind.schemePath],
          { currentValue: scheme, proposedValue: 'https' },
        );
      }
    }
  },
};
