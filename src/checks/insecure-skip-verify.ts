import type { CheckRule } from './types.js';
import { reportByPolicy, tlsConfigsOf } from './fields.js';

/**
 * `insecureSkipVerify: true` (endpoint tlsConfig and oauth2.tlsConfig): nothing fails, the scrape is
 * just unauthenticated on the server side (Kubebuilder scaffolds it, kubebuilder#4533 discussion).
 * Severity: policy.insecureSkipVerify (warning by default: no failure, a risk the input cannot weigh).
 */
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
