import { removeField, setField } from '../change.js';
import type { EndpointStep } from '../steps.js';
import { namespaceOf } from '../select.js';
import type { KubeObject } from '../types.js';
import { displayText, isObject } from '../types.js';
import { ensureScraperBinding } from './bind.js';
import { parseAccount } from './scraper.js';

/** The pod's service-account CA file: the cluster CA, which ConfigMap kube-root-ca.crt holds in every namespace. */
export const SERVICE_ACCOUNT_CA = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';
/** The ServiceAccount a migrated monitor's token belongs to when policy.scraper names none. */
export const DEFAULT_SCRAPER = 'metrics-scraper';

/**
 * `policy.fileCredentials: migrate`: collectors that refuse file access (Prometheus with
 * arbitraryFSAccessThroughSMs.deny, Alloy ≥ 1.19, the OpenTelemetry Target Allocator) drop a whole
 * ServiceMonitor with `bearerTokenFile` (helm-charts#7230). `bearerTokenFile` becomes `authorization`
 * from a service-account-token Secret, and the service-account CA file becomes `ca` from ConfigMap
 * kube-root-ca.crt. A token Secret lives in its ServiceAccount's namespace and selectors have none,
 * so the identity lives in the monitor's namespace: `<namespace>/<policy.scraper's name, default
 * metrics-scraper>`; its ServiceAccount, token Secret and (where the target authorises by RBAC) its
 * ClusterRoleBinding are added when the input lacks them (src/generate.ts: once, reported).
 */
export const migrateStep: EndpointStep = (ctx) => {
  const { config, kind, target, endpoint, change, cluster, generate, monitor } = ctx;
  if (config.policy.fileCredentials !== 'migrate' || !kind.bearerTokenFile) return;
  const namespace = namespaceOf(monitor);
  if (namespace === undefined) return;
  const tlsConfig = isObject(target.tlsConfig) ? target.tlsConfig : undefined;
  if (tlsConfig !== undefined && tlsConfig.caFile === SERVICE_ACCOUNT_CA && tlsConfig.ca === undefined) {
    const path = [...endpoint.path, 'tlsConfig'];
    setField(
      change,
      tlsConfig,
      'ca',
      { configMap: { name: 'kube-root-ca.crt', key: 'ca.crt' } },
      [...path, 'ca'],
      'file-credentials',
      'the cluster CA the service-account CA file holds, from the ConfigMap every namespace has (policy.fileCredentials: migrate)',
    );
    removeField(
      change,
      tlsConfig,
      'caFile',
      [...path, 'caFile'],
      'file-credentials',
      'tlsConfig.ca now provides it from ConfigMap kube-root-ca.crt; collectors that refuse file access drop the whole monitor for it',
    );
  }
  if (typeof target.bearerTokenFile !== 'string' || target.bearerTokenFile === '') return;
  // Another auth method beside it: auth-exclusive's business, not a migration.
  if (['basicAuth', 'authorization', 'oauth2', 'bearerTokenSecret'].some((m) => target[m] !== undefined)) return;
  const name = parseAccount(config.policy.scraper)?.name ?? DEFAULT_SCRAPER;
  const account = { namespace, name };
  const secretName = cluster.tokenSecretFor(namespace, name) ?? `${name}-token`;
  setField(
    change,
    target,
    'authorization',
    { type: 'Bearer', credentials: { name: secretName, key: 'token' } },
    [...endpoint.path, 'authorization'],
    'file-credentials',
    `the token of ServiceAccount ${namespace}/${name} from its service-account-token Secret (policy.fileCredentials: migrate)`,
  );
  removeField(
    change,
    target,
    'bearerTokenFile',
    [...endpoint.path, 'bearerTokenFile'],
    'file-credentials',
    'authorization now sends a token from a Secret; collectors that refuse file access drop the whole monitor for bearerTokenFile',
  );
  const monitorName = `${monitor.kind} ${namespace}/${displayText(monitor.metadata?.name)}`;
  const serviceAccount: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } };
  if (!cluster.has('v1', 'ServiceAccount', namespace, name)) {
    generate.add({
      object: serviceAccount,
      besides: monitor,
      code: 'file-credentials',
      why: `the identity ${monitorName} scrapes as instead of bearerTokenFile; it has only the RBAC the input gives it (a target that checks RBAC needs it bound, as Prometheus' own ServiceAccount is)`,
    });
  }
  if (cluster.tokenSecretFor(namespace, name) === undefined) {
    generate.add({
      object: {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/service-account-token',
        metadata: { name: secretName, namespace, annotations: { 'kubernetes.io/service-account.name': name } },
      },
      besides: monitor,
      code: 'file-credentials',
      why: `the token controller fills in the token (and ca.crt) of ServiceAccount ${namespace}/${name}, which ${monitorName} sends as authorization`,
    });
  }
  ensureScraperBinding(ctx, account);
};
