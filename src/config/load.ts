import { ConfigError } from '../errors.js';
import { validateConfigSchema } from '../schema/config.js';
import { SELECTABLE_KINDS } from '../families.js';
import type { JsonObject } from '../types.js';
import { displayText, isObject, setOwn } from '../types.js';
import { kedaConfigProblems } from '../keda/config.js';
import { parsePointer } from '../patches.js';
import { isCredentialAt, redactValue } from '../redact.js';
import { DATA_KEY, fromShorthand, OBJECT_NAME } from './shorthand.js';
import type { Config, ConfigSpecInput, SelectableKindName } from './types.js';
import { CONFIG_API_VERSION, CONFIG_KIND, DEFAULT_POLICY } from './types.js';
import { placeholdersIn } from '../placeholders.js';

export interface ConfigSources {
  /** The ResourceList's functionConfig (or a kustomize transformer object). */
  functionConfig?: unknown;
  /** `-f FILE`: replaces functionConfig. */
  file?: unknown;
  /** `-d key=value`: ConfigMap-form keys applied over whichever config is in force. */
  set?: Record<string, string>;
  /** `--mode`. */
  mode?: string;
  /** `--fail-on`. */
  failOn?: string;
}

/** The variables a tls.serverName template may use: `{service}.{namespace}.svc.{clusterDomain}`. */
const TEMPLATE_VARIABLES = ['service', 'namespace', 'clusterDomain'];

/** Turns whatever config the user gave into a validated Config, or throws ConfigError listing every problem. */
export function loadConfig(sources: ConfigSources): Config {
  const problems: string[] = [];
  const raw = sources.file ?? sources.functionConfig;
  let spec: ConfigSpecInput = {};

  if (raw !== undefined && raw !== null) {
    if (!isObject(raw)) {
      throw new ConfigError([`function config must be a map, got ${Array.isArray(raw) ? 'a list' : typeof raw}`]);
    }
    if (raw.kind === 'ConfigMap') {
      const data = raw.data ?? {};
      if (!isObject(data)) throw new ConfigError(['ConfigMap data must be a map of strings']);
      const converted = fromShorthand(data);
      problems.push(...converted.problems);
      spec = converted.spec;
    } else if (raw.apiVersion === CONFIG_API_VERSION && raw.kind === CONFIG_KIND) {
      problems.push(...inlineCredentials(raw.spec));
      problems.push(...credentialShapedValues(raw.spec).filter((p) => !problems.some((q) => q.split(':')[0] === p.split(':')[0])));
      if (problems.length > 0) throw new ConfigError(problems);
      problems.push(...validateConfigSchema(raw).map((f) => `${f.path}: ${f.message}`));
      if (problems.length > 0) throw new ConfigError(problems);
      spec = isObject(raw.spec) ? raw.spec : {};
    } else {
      throw new ConfigError([
        `unsupported function config ${displayText(raw.apiVersion)}/${displayText(raw.kind)}: expected ${CONFIG_API_VERSION} ${CONFIG_KIND} or a ConfigMap with data keys`,
      ]);
    }
  }

  if (sources.set !== undefined && Object.keys(sources.set).length > 0) {
    const converted = fromShorthand(sources.set);
    problems.push(...converted.problems.map((p) => p.replace(/^data\./, '--set ')));
    spec = mergeSpec(spec, converted.spec);
  }
  if (sources.mode !== undefined) spec = { ...spec, mode: sources.mode as 'apply' };
  if (sources.failOn !== undefined) spec = { ...spec, failOn: sources.failOn as 'error' };
  // The ConfigMap form and --set reach the same fields (oauth2-token-url with user:password@).
  if (problems.length === 0) problems.push(...credentialShapedValues(spec));
  if (problems.length > 0) throw new ConfigError(problems);

  // Shorthands, --set and --mode are checked against the same schema as the typed form.
  const assembled = { apiVersion: CONFIG_API_VERSION, kind: CONFIG_KIND, spec };
  problems.push(...validateConfigSchema(assembled).map((f) => `${f.path}: ${f.message}`));
  problems.push(...semanticProblems(spec));
  if (problems.length > 0) throw new ConfigError(problems);
  return normalize(spec);
}

function normalize(spec: ConfigSpecInput): Config {
  const config: Config = {
    mode: spec.mode ?? 'apply',
    failOn: spec.failOn ?? 'error',
    select: {
      kinds: spec.select?.kinds ?? ([...SELECTABLE_KINDS] as SelectableKindName[]),
      names: spec.select?.names ?? [],
      namespaces: spec.select?.namespaces ?? [],
    },
    endpoints: { ports: (spec.endpoints?.ports ?? []).map(String) },
    endpointPatches: spec.endpointPatches ?? [],
    rbac: { bind: spec.rbac?.bind ?? false },
    policy: { ...DEFAULT_POLICY, ...spec.policy },
  };
  if (spec.select?.labelSelector !== undefined) config.select.labelSelector = spec.select.labelSelector;
  if (spec.tls !== undefined && Object.keys(spec.tls).length > 0) config.tls = spec.tls;
  if (spec.scheme !== undefined) config.scheme = spec.scheme;
  if (spec.auth !== undefined && Object.keys(spec.auth).length > 0) config.auth = spec.auth;
  if (spec.keda !== undefined && Object.keys(spec.keda).length > 0) config.keda = spec.keda;
  return config;
}

/** The default config: no changes, every monitor checked. */
export function emptyConfig(): Config {
  return normalize({});
}

function semanticProblems(spec: ConfigSpecInput): string[] {
  const problems: string[] = [...selectorNameProblems(spec)];
  const tls = spec.tls;
  if (tls?.serverName !== undefined) {
    if (placeholdersIn(tls.serverName).length > 0) {
      problems.push(
        `spec.tls.serverName: "${tls.serverName}" is a Kubebuilder placeholder that its replacements were meant to fill in; use "auto" to derive <service>.<namespace>.svc from the selected Service`,
      );
    }
    for (const match of tls.serverName.matchAll(/\{([^}]*)\}/g)) {
      if (!TEMPLATE_VARIABLES.includes(match[1] as string)) {
        problems.push(`spec.tls.serverName: unknown template variable {${match[1]}}; use {service}, {namespace} or {clusterDomain}`);
      }
    }
  }
  if (tls?.cert !== undefined && tls.keySecret === undefined)
    problems.push('spec.tls.cert: a client certificate needs tls.keySecret too (the operator rejects one without the other)');
  if (tls?.keySecret !== undefined && tls.cert === undefined)
    problems.push('spec.tls.keySecret: a client key needs tls.cert too (the operator rejects one without the other)');
  const oauthServerName = spec.auth?.oauth2?.tlsConfig?.serverName;
  if (oauthServerName !== undefined && (oauthServerName === 'auto' || oauthServerName.includes('{'))) {
    problems.push('spec.auth.oauth2.tlsConfig.serverName: the token URL is not a Service, so "auto" and templates cannot be resolved; use a literal host name');
  }
  for (const [index, operation] of (spec.endpointPatches ?? []).entries()) {
    for (const field of ['path', 'from'] as const) {
      const pointer = operation[field];
      if (pointer === undefined) continue;
      const parsed = parsePointer(pointer);
      if (typeof parsed === 'string') problems.push(`spec.endpointPatches[${index}].${field}: ${parsed}`);
    }
  }
  const type = spec.auth?.authorization?.type;
  if (type !== undefined && type.toLowerCase() === 'basic') {
    problems.push('spec.auth.authorization.type: "Basic" is rejected by the operator; use auth.basicAuth with username and password Secret keys');
  }
  problems.push(...kedaConfigProblems(spec.keda));
  return problems;
}

/**
 * Every Secret / ConfigMap selector the config writes (`{name, key}` under tls and auth) must name a
 * Kubernetes object and a data key: anything else is written into every monitor, and a newline in
 * it forged a line of the stderr log (F20). The value is not shown: it may be a credential.
 */
function selectorNameProblems(spec: ConfigSpecInput): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return value.forEach((item, index) => walk(item, `${path}[${index}]`));
    if (!isObject(value)) return;
    if (typeof value.name === 'string' && typeof value.key === 'string') {
      if (!(value.name.length <= 253 && OBJECT_NAME.test(value.name))) {
        problems.push(`${path}.name: not a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253 characters); the value is not shown`);
      }
      if (!DATA_KEY.test(value.key)) problems.push(`${path}.key: not a Secret or ConfigMap key (letters, digits, "-", "_" and "."); the value is not shown`);
      return;
    }
    for (const key of Object.keys(value)) if (key !== 'endpointParams' && key !== 'scopes') walk(value[key], `${path}.${key}`);
  };
  walk(spec.tls, 'spec.tls');
  walk(spec.auth, 'spec.auth');
  return problems;
}

const CREDENTIAL_PATHS: ReadonlyArray<{ path: string[]; form: string }> = [
  { path: ['auth', 'basicAuth', 'username'], form: 'username: {name: <secret>, key: username}' },
  { path: ['auth', 'basicAuth', 'password'], form: 'password: {name: <secret>, key: password}' },
  { path: ['auth', 'authorization', 'credentials'], form: 'credentials: {name: <secret>, key: token}' },
  { path: ['auth', 'oauth2', 'clientSecret'], form: 'clientSecret: {name: <secret>, key: client_secret}' },
  { path: ['auth', 'oauth2', 'clientId'], form: 'clientId: {secret: {name: <secret>, key: client_id}}' },
  { path: ['auth', 'oauth2', 'clientId', 'secret'], form: 'clientId: {secret: {name: <secret>, key: client_id}}' },
  { path: ['auth', 'bearerTokenSecret'], form: 'authorization: {type: Bearer, credentials: {name: <secret>, key: token}}' },
  { path: ['tls', 'keySecret'], form: 'keySecret: {name: <secret>, key: tls.key}' },
  { path: ['tls', 'cert'], form: 'cert: {secret: {name: <secret>, key: tls.crt}}' },
  { path: ['tls', 'ca'], form: 'ca: {secret: {name: <secret>, key: ca.crt}}' },
];

/** A string where a Secret reference belongs is an inline credential: refused, and never echoed. */
function inlineCredentials(spec: unknown): string[] {
  const problems: string[] = [];
  for (const { path, form } of CREDENTIAL_PATHS) {
    let node: unknown = spec;
    for (const key of path) node = isObject(node) ? node[key] : undefined;
    if (typeof node === 'string' || typeof node === 'number') {
      problems.push(
        `spec.${path.join('.')}: inline credentials are not accepted; store the value in a Secret in the monitor's namespace and reference it: ${form}`,
      );
    }
  }
  return problems;
}

/**
 * Credentials the config would write into monitors, beyond strings where a Secret selector belongs
 * (inlineCredentials): an oauth2 `endpointParams` entry named like a credential, a URL with
 * `user:password@`, an authorization type that carries the token (`Bearer eyJ…`), and endpointPatches
 * values that put any of those (or a string where a selector belongs) into an endpoint. Refused
 * (exit 3) by path; the value is never shown.
 */
function credentialShapedValues(spec: unknown): string[] {
  if (!isObject(spec)) return [];
  const problems: string[] = [];
  const refuse = (path: string, fix: string): void => {
    problems.push(`${path}: inline credentials are not accepted (the value is not shown); ${fix}`);
  };
  const auth = isObject(spec.auth) ? spec.auth : {};
  const oauth2 = isObject(auth.oauth2) ? auth.oauth2 : {};
  if (isObject(oauth2.endpointParams)) {
    for (const [name, value] of Object.entries(oauth2.endpointParams)) {
      if (typeof value === 'string' && isCredentialAt(['oauth2', 'endpointParams', name], value)) {
        refuse(`spec.auth.oauth2.endpointParams.${name}`, 'a client secret goes in clientSecret: {name: <secret>, key: client_secret}');
      }
    }
  }
  if (typeof oauth2.tokenUrl === 'string' && redactValue(oauth2.tokenUrl, ['tokenUrl']) !== oauth2.tokenUrl) {
    refuse('spec.auth.oauth2.tokenUrl', 'remove user:password@ from the URL; the client credentials go in clientId and clientSecret as Secret references');
  }
  const authorization = isObject(auth.authorization) ? auth.authorization : {};
  if (typeof authorization.type === 'string' && isCredentialAt(['authorization', 'type'], authorization.type)) {
    refuse('spec.auth.authorization.type', 'type is the scheme alone (Bearer); the token goes in credentials: {name: <secret>, key: token}');
  }
  const patches = Array.isArray(spec.endpointPatches) ? spec.endpointPatches : [];
  patches.forEach((operation, index) => {
    if (!isObject(operation) || operation.value === undefined || typeof operation.path !== 'string') return;
    const segments = parsePointer(operation.path);
    if (typeof segments === 'string') return;
    const found: string[] = [];
    redactValue(operation.value, segments, found);
    if (found.length > 0)
      refuse(
        `spec.endpointPatches[${index}].value`,
        `a patch of ${operation.path} would write a credential into every endpoint; patch in a Secret reference ({name: <secret>, key: <key>}) instead`,
      );
  });
  return problems;
}

const ATOMIC_KEYS = new Set([
  'auth',
  'ca',
  'cert',
  'keySecret',
  'labelSelector',
  'clientId',
  'clientSecret',
  'credentials',
  'endpointPatches',
  'podIdentity',
  'secret',
]);

/** Deep merge for `--set` over a typed config; Secret selectors and the auth block are replaced whole. */
function mergeSpec(base: ConfigSpecInput, over: ConfigSpecInput): ConfigSpecInput {
  return mergeObjects(base, over);
}

function mergeObjects(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    setOwn(out, key, !ATOMIC_KEYS.has(key) && isObject(current) && isObject(value) ? mergeObjects(current, value) : value);
  }
  return out;
}
