import type { Endpoint, MonitorKind } from '../kinds/index.js';
import type { Reporter } from '../results.js';
import type { FindingPolicy } from '../config/types.js';
import type { Json, JsonObject, Path } from '../types.js';
import { isObject } from '../types.js';
import { boundedList, LIST_LIMIT } from '../format.js';
export { valueAt } from '../path.js';

/** A field counts as set when it is present and not null (`null` is how YAML writes "nothing"). */
export function isSet(value: Json | undefined): boolean {
  return value !== undefined && value !== null;
}

/**
 * A file field (`caFile`, `certFile`, `keyFile`, `bearerTokenFile`) counts as set when it is a
 * non-empty string: the operator tests `!= ""` everywhere (TLSConfig.Validate, testForArbitraryFSAccess),
 * so `bearerTokenFile: ""` in an upstream manifest is no file access.
 */
export function isFileSet(value: Json | undefined): boolean {
  return typeof value === 'string' && value !== '';
}

/**
 * Whether a tlsConfig's `ca` / `cert` (a SecretOrConfigMap) or `keySecret` is set the way the operator
 * sees it: `ca: {}` / `cert: {}` compare equal to the empty SecretOrConfigMap and count as unset
 * (kube-prometheus writes `ca: {}` beside `caFile`); `keySecret` is a pointer: any value is set.
 */
export function isTlsFieldSet(tlsConfig: JsonObject, field: 'ca' | 'cert' | 'keySecret'): boolean {
  const value = tlsConfig[field];
  if (field === 'keySecret') return isSet(value);
  return isObject(value) ? isSet(value.secret) || isSet(value.configMap) : isSet(value);
}

/** One tlsConfig of an endpoint: its own, or the one oauth2 uses to reach the token endpoint. */
export interface TlsConfigAt {
  readonly path: Path;
  readonly value: JsonObject;
  /** How messages name it, relative to the endpoint: `tlsConfig` or `oauth2.tlsConfig`. */
  readonly label: string;
  /** Whether this tlsConfig is a TLSConfig with caFile/certFile/keyFile (else a SafeTLSConfig). */
  readonly fileFields: boolean;
}

/**
 * The endpoint's tlsConfig and oauth2.tlsConfig. oauth2.tlsConfig is a SafeTLSConfig on every kind
 * (CRDs v0.93.0), so only the endpoint's own tlsConfig of a ServiceMonitor has file fields.
 */
export function tlsConfigsOf(endpoint: Endpoint, kind: MonitorKind): TlsConfigAt[] {
  const out: TlsConfigAt[] = [];
  const own = endpoint.value.tlsConfig;
  if (isObject(own)) out.push({ path: [...endpoint.path, 'tlsConfig'], value: own, label: 'tlsConfig', fileFields: kind.tlsFileFields });
  const oauth2 = endpoint.value.oauth2;
  if (isObject(oauth2) && isObject(oauth2.tlsConfig)) {
    out.push({ path: [...endpoint.path, 'oauth2', 'tlsConfig'], value: oauth2.tlsConfig, label: 'oauth2.tlsConfig', fileFields: false });
  }
  return out;
}

/** The tlsConfig's serverName when it is a non-empty string. */
export function serverNameOf(tlsConfig: JsonObject): string | undefined {
  const value = tlsConfig.serverName;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The policy findings (`insecureSkipVerify`, `fileCredentials`): warn → warning, error → error, allow → nothing. */
export function reportByPolicy(
  report: Reporter,
  policy: FindingPolicy,
  code: string,
  message: string,
  path: Path,
  extra: { currentValue?: Json; proposedValue?: Json } = {},
): void {
  if (policy === 'warn') report.warning(code, message, path, extra);
  else if (policy === 'error') report.error(code, message, path, extra);
}

/** `"a", "b" and "c"` for messages; past LIST_LIMIT names `"a", …, "j" and 5 more`. */
export function listQuoted(names: readonly string[], conjunction = 'and'): string {
  if (names.length > LIST_LIMIT)
    return `${names
      .slice(0, LIST_LIMIT)
      .map((n) => JSON.stringify(n))
      .join(', ')} ${conjunction} ${names.length - LIST_LIMIT} more`;
  return boundedList(
    names.map((n) => JSON.stringify(n)),
    conjunction,
  );
}

/** `a, b and c` for field names in messages; past LIST_LIMIT names `a, …, j and 5 more`. */
export function listPlain(names: readonly string[], conjunction = 'and'): string {
  return boundedList(names, conjunction);
}
