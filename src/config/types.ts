import type { KedaConfig } from '../keda/config.js';
import type { Json } from '../types.js';

export const CONFIG_API_VERSION = 'fn.secure-monitors.dev/v1alpha1';
export const CONFIG_KIND = 'SecureMonitors';

export type MonitorKindName = 'ServiceMonitor' | 'PodMonitor' | 'Probe' | 'ScrapeConfig';
/** What `select.kinds` accepts: the monitor kinds and KEDA's scalers (src/families.ts SELECTABLE_KINDS). */
export type SelectableKindName = MonitorKindName | 'ScaledObject' | 'ScaledJob';

/** A key of a Secret (or ConfigMap) in the monitor's own namespace; selectors carry no namespace. */
export type SecretKeySelector = { name: string; key: string; optional?: boolean };
export type SecretOrConfigMap = { secret: SecretKeySelector } | { configMap: SecretKeySelector };

export type LabelSelectorRequirement = { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] };
export type LabelSelector = { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] };

export type TlsVersion = 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13';

export type TlsSpec = {
  /** `auto`, a literal, or a template with {service} {namespace} {clusterDomain}. */
  serverName?: string;
  ca?: SecretOrConfigMap;
  cert?: SecretOrConfigMap;
  keySecret?: SecretKeySelector;
  insecureSkipVerify?: boolean;
  minVersion?: TlsVersion;
  maxVersion?: TlsVersion;
};

export type BasicAuthSpec = { username: SecretKeySelector; password: SecretKeySelector };
export type AuthorizationSpec = { type?: string; credentials: SecretKeySelector };
export type OAuth2Spec = {
  clientId: SecretOrConfigMap;
  clientSecret: SecretKeySelector;
  tokenUrl: string;
  scopes?: string[];
  endpointParams?: Record<string, string>;
  tlsConfig?: TlsSpec;
};
export type AuthSpec = {
  basicAuth?: BasicAuthSpec;
  authorization?: AuthorizationSpec;
  oauth2?: OAuth2Spec;
  bearerTokenSecret?: SecretKeySelector;
};

export type PatchOperation = { op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test'; path: string; from?: string; value?: Json };

export type ConflictPolicy = 'override' | 'keep' | 'error';
export type FindingPolicy = 'warn' | 'error' | 'allow';
/** What reads the monitors: some drop a whole monitor that uses file credentials. */
export type Collector = 'prometheus' | 'prometheus-deny-fs' | 'alloy' | 'otel-target-allocator' | 'azure-managed';

export type Policy = {
  /** @default override */
  onConflict: ConflictPolicy;
  /** @default true */
  replaceAuth: boolean;
  /** @default "" (serverName ends in `.svc`) */
  clusterDomain: string;
  /** @default warn */
  insecureSkipVerify: FindingPolicy;
  /** @default warn; `migrate`: apply replaces file credentials */
  fileCredentials: FindingPolicy | 'migrate';
  /** `NAMESPACE/NAME` of the ServiceAccount Prometheus scrapes as (what bearerTokenFile sends). */
  scraper?: string;
  /** @default prometheus */
  collector: Collector;
  /** The namespace KEDA reads a ClusterTriggerAuthentication's Secrets from. @default keda */
  kedaNamespace?: string;
};

/** Which severity makes the run fail (exit 1): `error` (default) or `warning` (errors and warnings). */
export type FailOn = 'error' | 'warning';

/** The function config after defaults: what `transform` works from. */
export type Config = {
  /** @default apply */
  mode: 'apply' | 'check';
  /** @default error */
  failOn: FailOn;
  select: {
    /** @default every selectable kind (the four monitor kinds, ScaledObject, ScaledJob) */
    kinds: SelectableKindName[];
    names: string[];
    namespaces: string[];
    labelSelector?: LabelSelector;
  };
  endpoints: { ports: string[] };
  tls?: TlsSpec;
  /** undefined: `https` whenever tls is given; "" leaves scheme alone. */
  scheme?: string;
  auth?: AuthSpec;
  endpointPatches: PatchOperation[];
  /** KEDA's prometheus triggers; undefined when the config says nothing about them. */
  keda?: KedaConfig;
  /** Who may scrape. */
  rbac: RbacSpec;
  policy: Policy;
};

export type RbacSpec = {
  /** Add the scraper's missing ClusterRoleBinding. @default false */
  bind: boolean;
};

/** The typed form's `spec` as a user writes it (every field optional). */
export type ConfigSpecInput = {
  mode?: 'apply' | 'check';
  failOn?: FailOn;
  select?: Partial<Config['select']>;
  endpoints?: { ports?: Array<string | number> };
  tls?: TlsSpec;
  scheme?: string;
  auth?: AuthSpec;
  endpointPatches?: PatchOperation[];
  keda?: KedaConfig;
  rbac?: Partial<RbacSpec>;
  policy?: Partial<Policy>;
};

export const DEFAULT_POLICY: Policy = {
  onConflict: 'override',
  replaceAuth: true,
  clusterDomain: '',
  insecureSkipVerify: 'warn',
  fileCredentials: 'warn',
  collector: 'prometheus',
};
