import type { Endpoint, MonitorKind } from '../kinds/index.js';
import type { Json, JsonObject, Path } from '../types.js';
import { isObject } from '../types.js';
import { tlsConfigsOf } from './fields.js';

/** One Secret or ConfigMap key an endpoint reads. Selectors carry no namespace: it is the monitor's. */
export interface SecretSelectorRef {
  /** Where the selector sits in the monitor, e.g. ['spec','endpoints',0,'tlsConfig','ca','secret']. */
  readonly path: Path;
  readonly kind: 'Secret' | 'ConfigMap';
  /** '' when the selector has no name (the CRD defaults it to ""). */
  readonly name: string;
  /** '' when the selector has no key (the CRD requires one: a schema finding). */
  readonly key: string;
}

/**
 * Every Secret / ConfigMap selector of one endpoint (or Probe/ScrapeConfig spec) that the operator
 * resolves when it builds the scrape configuration: tlsConfig ca/cert/keySecret, basicAuth,
 * authorization.credentials, oauth2 clientId/clientSecret and its tlsConfig, bearerTokenSecret, and
 * proxyConnectHeader (endpoint and oauth2). Auth fields the kind does not have are skipped
 * (a ScrapeConfig `bearerTokenSecret` is a schema finding, not a reference).
 */
export function secretSelectorsOf(endpoint: Endpoint, kind: MonitorKind): SecretSelectorRef[] {
  const out: SecretSelectorRef[] = [];
  const value = endpoint.value;
  const base = endpoint.path;

  for (const tls of tlsConfigsOf(endpoint, kind)) {
    secretOrConfigMap(out, tls.value.ca, [...tls.path, 'ca']);
    secretOrConfigMap(out, tls.value.cert, [...tls.path, 'cert']);
    selector(out, 'Secret', tls.value.keySecret, [...tls.path, 'keySecret']);
  }
  const methods = new Set<string>(kind.authMethods);
  if (methods.has('basicAuth') && isObject(value.basicAuth)) {
    selector(out, 'Secret', value.basicAuth.username, [...base, 'basicAuth', 'username']);
    selector(out, 'Secret', value.basicAuth.password, [...base, 'basicAuth', 'password']);
  }
  if (methods.has('authorization') && isObject(value.authorization)) {
    selector(out, 'Secret', value.authorization.credentials, [...base, 'authorization', 'credentials']);
  }
  if (methods.has('oauth2') && isObject(value.oauth2)) {
    secretOrConfigMap(out, value.oauth2.clientId, [...base, 'oauth2', 'clientId']);
    selector(out, 'Secret', value.oauth2.clientSecret, [...base, 'oauth2', 'clientSecret']);
    proxyConnectHeader(out, value.oauth2, [...base, 'oauth2']);
  }
  if (methods.has('bearerTokenSecret')) selector(out, 'Secret', value.bearerTokenSecret, [...base, 'bearerTokenSecret']);
  proxyConnectHeader(out, value, base);
  return out;
}

function secretOrConfigMap(out: SecretSelectorRef[], value: Json | undefined, path: Path): void {
  if (!isObject(value)) return;
  selector(out, 'Secret', value.secret, [...path, 'secret']);
  selector(out, 'ConfigMap', value.configMap, [...path, 'configMap']);
}

function selector(out: SecretSelectorRef[], kind: 'Secret' | 'ConfigMap', value: Json | undefined, path: Path): void {
  if (!isObject(value)) return;
  out.push({ path, kind, name: typeof value.name === 'string' ? value.name : '', key: typeof value.key === 'string' ? value.key : '' });
}

/** `proxyConnectHeader: {Header: [{name, key}, …]}` (CRDs v0.93.0). */
function proxyConnectHeader(out: SecretSelectorRef[], owner: JsonObject, base: Path): void {
  const headers = owner.proxyConnectHeader;
  if (!isObject(headers)) return;
  for (const [header, list] of Object.entries(headers)) {
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => selector(out, 'Secret', item, [...base, 'proxyConnectHeader', header, index]));
  }
}
