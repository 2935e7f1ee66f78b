import type { Json } from '../types.js';
import type { CheckRule } from './types.js';
import { TLS_FILE_TWINS } from '../kinds/tls-files.js';
import type { TlsSecretField } from '../kinds/tls-files.js';
import { isFileSet, reportByPolicy, tlsConfigsOf } from './fields.js';

/** What to use instead of each file field. */
const INSTEAD: Record<TlsSecretField, string> = {
  ca: 'tlsConfig.ca from a Secret or ConfigMap',
  cert: 'tlsConfig.cert from a Secret',
  keySecret: 'tlsConfig.keySecret',
};

/**
 * File-based credentials where the kind allows them (a ServiceMonitor's tlsConfig and
 * bearerTokenFile). They read files of the Prometheus container, which a Prometheus with
 * `arbitraryFSAccessThroughSMs.deny: true` refuses: it rejects the whole ServiceMonitor. OpenShift's
 * user workload monitoring sets it. Severity follows policy.fileCredentials (warn | error | allow).
 */
export const fileCredentials: CheckRule = {
  code: 'file-credentials',
  description: 'file-based credentials on a ServiceMonitor (rejected when arbitraryFSAccessThroughSMs.deny is on); policy.fileCredentials',
  check({ kind, endpoints, config, report }) {
    // With migrate, apply has moved what it can (src/migrate.ts); what is left warns.
    const policy = config.policy.fileCredentials === 'migrate' ? 'warn' : config.policy.fileCredentials;
    if (policy === 'allow') return;
    const why = `reads a file of the Prometheus container, and a Prometheus with arbitraryFSAccessThroughSMs.deny: true (as OpenShift user workload monitoring runs) rejects the whole ${kind.kind}`;
    const allow = 'or set policy.fileCredentials: allow if your Prometheus permits it';
    for (const endpoint of endpoints) {
      for (const tls of tlsConfigsOf(endpoint, kind)) {
        if (!tls.fileFields) continue;
        for (const { field, file } of TLS_FILE_TWINS) {
          if (!isFileSet(tls.value[file])) continue;
          reportByPolicy(report, policy, 'file-credentials', `${tls.label}.${file} ${why}; use ${INSTEAD[field]}, ${allow}`, [...tls.path, file], {
            currentValue: tls.value[file] as Json,
          });
        }
      }
      if (kind.bearerTokenFile && isFileSet(endpoint.value.bearerTokenFile)) {
        reportByPolicy(
          report,
          policy,
          'file-credentials',
          `bearerTokenFile ${why}; use authorization with credentials from a Secret, ${allow}`,
          [...endpoint.path, 'bearerTokenFile'],
          { currentValue: endpoint.value.bearerTokenFile as Json },
        );
      }
    }
  },
};
