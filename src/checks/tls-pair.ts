import type { Json, JsonObject, Path } from '../types.js';
import { isObject } from '../types.js';
import type { Reporter } from '../results.js';
import type { CheckRule } from './types.js';
import { TLS_FILE_TWINS } from '../kinds/tls-files.js';
import { isFileSet, isSet, isTlsFieldSet, tlsConfigsOf } from './fields.js';
import type { TlsConfigAt } from './fields.js';

/**
 * The operator's TLSConfig.Validate / SafeTLSConfig.Validate (pkg/apis/monitoring/v1, as of the
 * pinned v0.93.0; OAuth2.Validate applies SafeTLSConfig.Validate to oauth2.tlsConfig): any of these
 * makes it reject the whole object.
 * - `ca` and `caFile` ("cannot specify both caFile and ca"), same for cert/certFile, keySecret/keyFile;
 * - a client certificate without its key, or the reverse (the file twins count on a TLSConfig);
 * - a SecretOrConfigMap with both `secret` and `configMap` ("cannot specify both Secret and
 *   ConfigMap"): tlsConfig ca/cert and oauth2.clientId;
 * - maxVersion below minVersion ("maxVersion must more than or equal to minVersion").
 * On PodMonitor / Probe / ScrapeConfig the file fields do not exist (file-field-kind reports them),
 * so they neither pair with nor stand in for the Secret-backed fields.
 * Severity: error — the operator rejects the whole object (TLSConfig.Validate, prometheus-operator v0.93.0).
 */
export const tlsPair: CheckRule = {
  code: 'tls-pair',
  description: 'cert without keySecret or the reverse; ca and caFile (same for cert/key); a selector with both secret and configMap',
  check({ kind, endpoints, report }) {
    for (const endpoint of endpoints) {
      for (const tls of tlsConfigsOf(endpoint, kind)) checkTlsConfig(tls, report);
      const oauth2 = endpoint.value.oauth2;
      if (kind.authMethods.includes('oauth2') && isObject(oauth2)) {
        checkSecretOrConfigMap(oauth2.clientId, [...endpoint.path, 'oauth2', 'clientId'], 'oauth2.clientId', report);
      }
    }
  },
};

function checkTlsConfig(tls: TlsConfigAt, report: Reporter): void {
  const value = tls.value;
  const at = (field: string): Path => [...tls.path, field];
  checkSecretOrConfigMap(value.ca, at('ca'), `${tls.label}.ca`, report);
  checkSecretOrConfigMap(value.cert, at('cert'), `${tls.label}.cert`, report);

  if (tls.fileFields) {
    for (const { field, file } of TLS_FILE_TWINS) {
      if (isTlsFieldSet(value, field) && isFileSet(value[file])) {
        report.error(
          'tls-pair',
          `${tls.label}.${field} and ${tls.label}.${file} are both set: the operator rejects the whole object ("cannot specify both ${file} and ${field}"); keep ${field} (from a Secret) and remove ${file}`,
          at(file),
          { currentValue: value[file] as Json },
        );
      }
    }
  }
  const hasCert = isTlsFieldSet(value, 'cert') || (tls.fileFields && isFileSet(value.certFile));
  const hasKey = isTlsFieldSet(value, 'keySecret') || (tls.fileFields && isFileSet(value.keyFile));
  if (hasCert && !hasKey) {
    const field = isTlsFieldSet(value, 'cert') ? 'cert' : 'certFile';
    report.error(
      'tls-pair',
      `${tls.label}.${field} is set without a client key: the operator rejects a client certificate without its key, and with it the whole object; ${field === 'cert' ? 'add keySecret (the tls.key of the same Secret)' : 'add keyFile'} or remove ${field}`,
      at(field),
    );
  }
  if (hasKey && !hasCert) {
    const field = isTlsFieldSet(value, 'keySecret') ? 'keySecret' : 'keyFile';
    report.error(
      'tls-pair',
      `${tls.label}.${field} is set without a client certificate: the operator rejects a client key without its certificate, and with it the whole object; ${field === 'keySecret' ? 'add cert (the tls.crt of the same Secret)' : 'add certFile'} or remove ${field}`,
      at(field),
    );
  }
  const min = value.minVersion;
  const max = value.maxVersion;
  // TLS10..TLS13 sort as strings, which is how the operator compares them.
  if (typeof min === 'string' && typeof max === 'string' && max < min) {
    report.error(
      'tls-pair',
      `${tls.label}.maxVersion ${max} is lower than minVersion ${min}: the operator rejects the whole object ("maxVersion must more than or equal to minVersion"); raise maxVersion or remove it`,
      at('maxVersion'),
      { currentValue: max },
    );
  }
}

function checkSecretOrConfigMap(value: Json | undefined, path: Path, label: string, report: Reporter): void {
  if (!isObject(value)) return;
  const selector: JsonObject = value;
  if (isSet(selector.secret) && isSet(selector.configMap)) {
    report.error(
      'tls-pair',
      `${label} has both secret and configMap: the operator rejects the whole object ("cannot specify both Secret and ConfigMap"); keep one of them`,
      path,
    );
  }
}
