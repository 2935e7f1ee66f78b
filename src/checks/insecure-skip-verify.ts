import type { CheckRule } from './types.js';
import { reportByPolicy, tlsConfigsOf } from './fields.js';

/** `insecureSkipVerify: true` (endpoint tlsConfig and oauth2.tlsConfig); severity follows policy.insecureSkipVerify. */
export const insecureSkipVerify: CheckRule = {
  code: 'insecure-skip-verify',
  description: 'insecureSkipVerify: true; policy.insecureSkipVerify',
  check({ kind, endpoints, config, report }) {
    const policy = config.policy.insecureSkipVerify;
    if (policy === 'allow') return;
    for (const endpoint of endpoints) {
      for (const tls of tlsConfigsOf(endpoint, kind)) {
        if (tls.value.insecureSkipVerify !== true) continue;
        reportByPolicy(
          report,
          policy,
          'insecure-skip-verify',
          `${tls.label}.insecureSkipVerify is true: Prometheus accepts any certificate, so whoever answers on the path can impersonate the target; trust the target's CA with ${tls.label}.ca, set serverName, and set insecureSkipVerify to false (or set policy.insecureSkipVerify: allow)`,
          [...tls.path, 'insecureSkipVerify'],
          { currentValue: true, proposedValue: false },
        );
      }
    }
  },
};
