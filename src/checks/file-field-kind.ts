import type { Json } from '../types.js';
import type { CheckRule } from './types.js';
import { TLS_FILE_TWINS } from '../kinds/tls-files.js';
import type { TlsSecretField } from '../kinds/tls-files.js';
import { isFileSet, tlsConfigsOf } from './fields.js';

/** What to use instead of each file field: a Secret (or ConfigMap) in the monitor's namespace. */
const INSTEAD: Record<TlsSecretField, string> = {
  ca: 'ca: {secret: {name: <secret>, key: ca.crt}}',
  cert: 'cert: {secret: {name: <secret>, key: tls.crt}}',
  keySecret: 'keySecret: {name: <secret>, key: tls.key}',
};

/**
 * File fields where the kind has none. PodMonitor, Probe and ScrapeConfig take a SafeTLSConfig and
 * no bearerTokenFile, and oauth2.tlsConfig is a SafeTLSConfig on every kind (CRDs v0.93.0): the API
 * server prunes such a field (or rejects the object under strict field validation), so Prometheus
 * silently runs without the CA, certificate, key or token the author meant to give it.
 * The schema rule reports the same fields as unknown; this rule says why and what to use.
 * Severity: error — the field never reaches Prometheus, so the CA, certificate or token is certainly missing (CRDs v0.93.0: SafeTLSConfig).
 */
export const fileFieldKind: CheckRule = {
  code: 'file-field-kind',
  description: 'file fields (caFile, certFile, keyFile, bearerTokenFile) on PodMonitor / Probe / ScrapeConfig',
  check({ kind, endpoints, report }) {
    for (const endpoint of endpoints) {
      for (const tls of tlsConfigsOf(endpoint, kind)) {
        if (tls.fileFields) continue;
        for (const { field, file } of TLS_FILE_TWINS) {
          if (!isFileSet(tls.value[file])) continue;
          report.error(
            'file-field-kind',
            `${tls.label}.${file} does not exist on a ${kind.kind} (its ${tls.label} is a SafeTLSConfig, without file fields): the API server drops it, or rejects the object under strict field validation; use ${tls.label}.${INSTEAD[field]}`,
            [...tls.path, file],
            { currentValue: tls.value[file] as Json },
          );
        }
      }
      if (!kind.bearerTokenFile && isFileSet(endpoint.value.bearerTokenFile)) {
        report.error(
          'file-field-kind',
          `bearerTokenFile does not exist on a ${kind.kind}: the API server drops it, or rejects the object under strict field validation, and Prometheus scrapes without a token; use authorization: {type: Bearer, credentials: {name: <secret>, key: token}}`,
          [...endpoint.path, 'bearerTokenFile'],
          { currentValue: endpoint.value.bearerTokenFile as Json },
        );
      }
    }
  },
};
