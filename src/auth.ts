import { removeField, setField } from './change.js';
import type { AuthSpec, OAuth2Spec, SecretKeySelector, TlsSpec } from './config/types.js';
import { formatValue } from './format.js';
import type { AuthMethod } from './kinds/index.js';
import { AUTO } from './servername.js';
import type { StepContext } from './steps.js';
import type { Json, JsonObject, Path } from './types.js';
import { isObject } from './types.js';

/** The four methods in the order the operator documents them; the config's schema allows one. */
const AUTH_METHODS: readonly AuthMethod[] = ['basicAuth', 'authorization', 'oauth2', 'bearerTokenSecret'];

/**
 * Fields holding a Secret/ConfigMap selector (or `{secret|configMap}`): `x-kubernetes-map-type: atomic`
 * in the CRDs, so they are replaced whole and never mixed with what the object had.
 */
const ATOMIC_FIELDS = new Set(['username', 'password', 'credentials', 'clientId', 'clientSecret', 'ca', 'cert', 'keySecret']);

/** What the auth of one endpoint is made of: a method field, or ServiceMonitor's file-based token. */
type AuthField = AuthMethod | 'bearerTokenFile';

/**
 * Injects the configured auth method where the kind keeps it (the endpoint, or Probe/ScrapeConfig
 * `spec`). An existing block of the same method is merged field by field (selectors atomic, fields
 * the config does not name stay); with `policy.replaceAuth` the endpoint's other methods, including
 * ServiceMonitor's `bearerTokenFile`, are removed, because Prometheus uses only one.
 */
export function authStep(ctx: StepContext): void {
  const auth = ctx.config.auth;
  if (auth === undefined) return;
  const method = AUTH_METHODS.find((m) => auth[m] !== undefined);
  if (method === undefined) return;
  const base = ctx.endpoint.path;

  if (!ctx.kind.authMethods.includes(method)) {
    reportUnsupported(ctx, method, auth);
    return;
  }

  const others = authFieldsOf(ctx).filter((field) => field !== method);
  const desired = desiredBlock(ctx, method, auth);
  if (ctx.target[method] === undefined && others.length > 0 && !mayReplaceMethod(ctx, method, others, desired)) return;

  writeBlock(ctx, method, desired);

  if (method === 'bearerTokenSecret' && ctx.target.bearerTokenSecret !== undefined) {
    ctx.report.warning(
      'auth-deprecated',
      `bearerTokenSecret is deprecated upstream in favour of authorization; configure auth.authorization: ${formatValue(authorizationFor(auth.bearerTokenSecret as SecretKeySelector))} instead`,
      [...base, 'bearerTokenSecret'],
    );
  }

  if (!ctx.config.policy.replaceAuth) return;
  for (const other of others) {
    const why =
      other === 'bearerTokenFile'
        ? `replaced by ${method} (policy.replaceAuth); beside another auth method it passes the operator but makes Prometheus fail to reload its configuration`
        : `replaced by ${method} (policy.replaceAuth); a scrape uses only one auth method`;
    removeField(ctx.change, ctx.target, other, [...base, other], 'auth-removed', why);
  }
}

/** The auth fields the endpoint has now, among those its kind defines. */
function authFieldsOf(ctx: StepContext): AuthField[] {
  const fields: AuthField[] = ctx.kind.authMethods.filter((m) => ctx.target[m] !== undefined);
  if (ctx.kind.bearerTokenFile && ctx.target.bearerTokenFile !== undefined) fields.push('bearerTokenFile');
  return fields;
}

/**
 * The endpoint authenticates another way. That is a different value for its auth, so onConflict
 * decides: override switches (replaceAuth then removes the old method), keep and error leave it.
 */
function mayReplaceMethod(ctx: StepContext, method: AuthMethod, others: readonly AuthField[], desired: Json): boolean {
  const policy = ctx.change.onConflict;
  if (policy === 'override') return true;
  for (const other of others) {
    const path: Path = [...ctx.endpoint.path, other];
    const current = ctx.target[other] as Json;
    if (policy === 'keep') {
      ctx.report.info('conflict', `kept ${other}: the config asks for ${method} instead (policy.onConflict is keep)`, path, {
        currentValue: current,
        proposedValue: { [method]: desired },
      });
    } else {
      ctx.report.error(
        'conflict',
        `the endpoint authenticates with ${other} but the config asks for ${method}; remove ${other}, or set policy.onConflict to override (with policy.replaceAuth it then replaces ${other})`,
        path,
        { currentValue: current, proposedValue: { [method]: desired } },
      );
    }
  }
  return false;
}

/**
 * The block the config asks for, keys in the CRD's documented order. `authorization.type` is written
 * explicitly (`Bearer` when the config leaves it out, the operator's default) so a reader of the
 * manifest does not need to know the default; an existing type that differs only in case is kept,
 * as HTTP auth schemes are case-insensitive.
 */
function desiredBlock(ctx: StepContext, method: AuthMethod, auth: AuthSpec): Json {
  switch (method) {
    case 'basicAuth': {
      const basic = auth.basicAuth as NonNullable<AuthSpec['basicAuth']>;
      return { username: selector(basic.username), password: selector(basic.password) };
    }
    case 'authorization': {
      const authorization = auth.authorization as NonNullable<AuthSpec['authorization']>;
      const wanted = authorization.type ?? 'Bearer';
      const existing = isObject(ctx.target.authorization) ? ctx.target.authorization.type : undefined;
      const type = typeof existing === 'string' && existing.toLowerCase() === wanted.toLowerCase() ? existing : wanted;
      return { type, credentials: selector(authorization.credentials) };
    }
    case 'oauth2':
      return oauth2Block(ctx, auth.oauth2 as OAuth2Spec);
    case 'bearerTokenSecret':
      return selector(auth.bearerTokenSecret as SecretKeySelector);
  }
}

function oauth2Block(ctx: StepContext, oauth2: OAuth2Spec): JsonObject {
  const block: JsonObject = {
    clientId: structuredClone(oauth2.clientId),
    clientSecret: selector(oauth2.clientSecret),
    tokenUrl: oauth2.tokenUrl,
  };
  if (oauth2.scopes !== undefined) block.scopes = [...oauth2.scopes];
  if (oauth2.endpointParams !== undefined) block.endpointParams = { ...oauth2.endpointParams };
  if (oauth2.tlsConfig !== undefined) {
    const tlsConfig = oauth2TlsConfig(ctx, oauth2.tlsConfig);
    if (Object.keys(tlsConfig).length > 0) block.tlsConfig = tlsConfig;
  }
  return block;
}

/** TLS to the token endpoint: a literal serverName only, there is no Service to derive it from. */
function oauth2TlsConfig(ctx: StepContext, tls: TlsSpec): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(tls) as Array<[string, Json | undefined]>) {
    if (value === undefined) continue;
    if (key === 'serverName' && typeof value === 'string' && (value === AUTO || value.includes('{'))) {
      ctx.report.error(
        'server-name-unresolved',
        `auth.oauth2.tlsConfig.serverName "${value}" names the token endpoint, which is not a scraped Service: write its host name literally; oauth2.tlsConfig.serverName left unchanged`,
        [...ctx.endpoint.path, 'oauth2', 'tlsConfig', 'serverName'],
      );
      continue;
    }
    out[key] = structuredClone(value);
  }
  return out;
}

function selector(ref: SecretKeySelector): JsonObject {
  return { ...ref };
}

function authorizationFor(ref: SecretKeySelector): JsonObject {
  return { type: 'Bearer', credentials: selector(ref) };
}

/**
 * A new block is written whole (one result); an existing one is merged: nested maps (tlsConfig,
 * endpointParams) key by key, selectors, lists and scalars replaced under onConflict.
 */
function writeBlock(ctx: StepContext, method: AuthMethod, desired: Json): void {
  const path: Path = [...ctx.endpoint.path, method];
  const current = ctx.target[method];
  if (method === 'bearerTokenSecret' || !isObject(current) || !isObject(desired)) {
    setField(ctx.change, ctx.target, method, desired, path, 'auth');
    return;
  }
  mergeInto(ctx, current, desired, path);
}

function mergeInto(ctx: StepContext, container: JsonObject, desired: JsonObject, path: Path): void {
  for (const [key, value] of Object.entries(desired)) {
    const current = container[key];
    if (!ATOMIC_FIELDS.has(key) && isObject(value) && isObject(current)) mergeInto(ctx, current, value, [...path, key]);
    else setField(ctx.change, container, key, value, [...path, key], 'auth');
  }
}

/** ScrapeConfig has no bearerTokenSecret: nothing is written, and the error says what to use. */
function reportUnsupported(ctx: StepContext, method: AuthMethod, auth: AuthSpec): void {
  const hint =
    method === 'bearerTokenSecret' && ctx.kind.authMethods.includes('authorization')
      ? `configure auth.authorization: ${formatValue(authorizationFor(auth.bearerTokenSecret as SecretKeySelector))} instead, which sends the same token`
      : `use one of ${ctx.kind.authMethods.join(', ')}`;
  ctx.report.error('auth-unsupported', `${ctx.kind.kind} has no ${method} field, so no auth was injected; ${hint}`, [...ctx.endpoint.path, method]);
}
