import type { Endpoint, MonitorKind } from '../kinds/index.js';
import { selectorSites } from '../schema/crd.js';
import type { Json, JsonObject, KubeObject, Path } from '../types.js';
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

/** A kind's selector sites (gen/selector-sites.json) as a tree of path segments; `site` marks a selector. */
interface SiteTree {
  readonly children: Map<string, SiteTree>;
  site: boolean;
}

const siteTrees = new Map<string, SiteTree>();

function siteTreeOf(kindName: string): SiteTree {
  let root = siteTrees.get(kindName);
  if (root === undefined) {
    root = { children: new Map(), site: false };
    for (const site of selectorSites(kindName)) {
      let node = root;
      for (const segment of site) {
        let next = node.children.get(segment);
        if (next === undefined) node.children.set(segment, (next = { children: new Map(), site: false }));
        node = next;
      }
      node.site = true;
    }
    siteTrees.set(kindName, root);
  }
  return root;
}

/**
 * Every Secret / ConfigMap selector anywhere in `obj` at a place its kind's CRD schema has one
 * (gen/selector-sites.json, generated from the pinned CRDs): with secretSelectorsOf, which knows the
 * endpoint fields, this finds the rest, e.g. the ~290 selectors of ScrapeConfig service discovery
 * (`consulSDConfigs[].tokenRef`, `ec2SDConfigs[].secretKey`, `kubernetesSDConfigs[].basicAuth`…),
 * which the operator resolves the same way. In schema order.
 */
export function schemaSelectorsOf(obj: KubeObject, kindName: string): SecretSelectorRef[] {
  const tree = siteTreeOf(kindName);
  const out: SecretSelectorRef[] = [];
  const walk = (value: Json | undefined, node: SiteTree, path: Array<string | number>): void => {
    if (node.site) {
      selector(out, path[path.length - 1] === 'configMap' ? 'ConfigMap' : 'Secret', value, path);
      return;
    }
    if (Array.isArray(value)) {
      const item = node.children.get('*');
      if (item !== undefined) value.forEach((entry, index) => walk(entry, item, [...path, index]));
      return;
    }
    if (!isObject(value)) return;
    for (const [segment, child] of node.children) {
      if (segment === '{}') for (const [key, entry] of Object.entries(value)) walk(entry, child, [...path, key]);
      else if (segment !== '*' && Object.hasOwn(value, segment)) walk(value[segment], child, [...path, segment]);
    }
  };
  walk(obj as unknown as Json, tree, []);
  return out;
}
