/**
 * The target side's fixtures, the project's own (not copied from a chart or Kubebuilder): a
 * Pushgateway with an exporter-toolkit web config in a Secret, a Kubebuilder-style manager with
 * controller-runtime secure metrics, and a manager behind a kube-rbac-proxy sidecar.
 */
import type { JsonObject, KubeObject } from '../../src/types.js';

export const PGW_NS = 'monitoring';
/** A value nobody would write by accident: it must never appear in a result or on stderr. */
export const RECOGNISABLE_HASH = '$2y$10$RECOGNISABLEbcryptHASHthatMUSTneverLEAK0000000000000';
export const RECOGNISABLE_KEY = 'RECOGNISABLE-PRIVATE-KEY-MATERIAL-0123456789';

export function webConfig(parts: { basicAuth?: boolean; tls?: boolean; clientAuth?: string } = { basicAuth: true }): string {
  const lines: string[] = [];
  if (parts.tls) {
    lines.push('tls_server_config:', '  cert_file: /etc/tls/tls.crt', '  key_file: /etc/tls/tls.key', `  # ${RECOGNISABLE_KEY}`);
    if (parts.clientAuth !== undefined) lines.push(`  client_auth_type: ${parts.clientAuth}`, '  client_ca_file: /etc/tls/ca.crt');
  }
  if (parts.basicAuth) lines.push('basic_auth_users:', `  prometheus: ${RECOGNISABLE_HASH}`);
  return lines.join('\n') + '\n';
}

export function webConfigSecret(text: string, field: 'data' | 'stringData' = 'data', name = 'pushgateway-web-config'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: PGW_NS },
    type: 'Opaque',
    [field]: { 'web-config.yaml': field === 'data' ? Buffer.from(text).toString('base64') : text },
  };
}

export function pushgatewayDeployment(
  args: string[] = ['--web.config.file=/etc/pushgateway/web-config.yaml'],
  volume: JsonObject = { secret: { secretName: 'pushgateway-web-config' } },
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'pushgateway', namespace: PGW_NS },
    spec: {
      selector: { matchLabels: { app: 'pushgateway' } },
      template: {
        metadata: { labels: { app: 'pushgateway' } },
        spec: {
          containers: [
            {
              name: 'pushgateway',
              image: 'quay.io/prometheus/pushgateway:v1.9.0',
              args,
              ports: [{ name: 'metrics', containerPort: 9091 }],
              volumeMounts: [{ name: 'web-config', mountPath: '/etc/pushgateway' }],
            },
          ],
          volumes: [{ name: 'web-config', ...volume }],
        },
      },
    },
  };
}

export function pushgatewayService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'pushgateway', namespace: PGW_NS, labels: { app: 'pushgateway' } },
    spec: { selector: { app: 'pushgateway' }, ports: [{ name: 'http', port: 9091, targetPort: 9091 }] },
  };
}

export const PGW_REF = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', name: 'pushgateway', namespace: PGW_NS };

export function pushgatewayMonitor(endpoint: JsonObject = {}): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'pushgateway', namespace: PGW_NS },
    spec: { selector: { matchLabels: { app: 'pushgateway' } }, endpoints: [{ port: 'http', path: '/metrics', scheme: 'http', ...endpoint }] },
  };
}

export const MGR_NS = 'shop-system';
export const MGR_REF = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', name: 'shop-controller-manager-metrics-monitor', namespace: MGR_NS };

/** A Kubebuilder ≥ 4.1 style manager: secure metrics on :8443 (controller-runtime). */
export function managerDeployment(
  args: string[] = ['--metrics-bind-address=:8443', '--leader-elect', '--health-probe-bind-address=:8081'],
  extraContainers: JsonObject[] = [],
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'shop-controller-manager', namespace: MGR_NS },
    spec: {
      selector: { matchLabels: { 'control-plane': 'controller-manager' } },
      template: {
        metadata: { labels: { 'control-plane': 'controller-manager', 'app.kubernetes.io/name': 'shop' } },
        spec: {
          serviceAccountName: 'shop-controller-manager',
          containers: [{ name: 'manager', image: 'controller:latest', command: ['/manager'], args }, ...extraContainers],
        },
      },
    },
  };
}

export function managerService(targetPort: string | number = 8443): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'shop-controller-manager-metrics-service', namespace: MGR_NS, labels: { 'control-plane': 'controller-manager' } },
    spec: {
      selector: { 'control-plane': 'controller-manager', 'app.kubernetes.io/name': 'shop' },
      ports: [{ name: 'https', port: 8443, protocol: 'TCP', targetPort }],
    },
  };
}

export function managerMonitor(endpoint: JsonObject = {}): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'shop-controller-manager-metrics-monitor', namespace: MGR_NS },
    spec: {
      selector: { matchLabels: { 'control-plane': 'controller-manager' } },
      endpoints: [
        {
          path: '/metrics',
          port: 'https',
          scheme: 'https',
          bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
          tlsConfig: { insecureSkipVerify: true },
          ...endpoint,
        },
      ],
    },
  };
}

export const KUBE_RBAC_PROXY = {
  name: 'kube-rbac-proxy',
  image: 'gcr.io/kubebuilder/kube-rbac-proxy:v0.16.0',
  args: ['--secure-listen-address=0.0.0.0:8443', '--upstream=http://127.0.0.1:8080/', '--logtostderr=true', '--v=0'],
  ports: [{ containerPort: 8443, protocol: 'TCP', name: 'https' }],
};

export const RBAC = 'rbac.authorization.k8s.io/v1';

export function metricsReaderRole(name = 'shop-metrics-reader', urls: string[] = ['/metrics']): KubeObject {
  return { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name }, rules: [{ nonResourceURLs: urls, verbs: ['get'] }] };
}

export function clusterRoleBinding(name: string, role: string, subject: JsonObject): KubeObject {
  return {
    apiVersion: RBAC,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [subject],
  };
}

export function tokenSecret(name: string, namespace: string, account: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/service-account-token',
    metadata: { name, namespace, annotations: { 'kubernetes.io/service-account.name': account } },
  };
}
