import { transform } from '../../src/transform.js';
import type { JsonObject, KubeObject, Result } from '../../src/types.js';
import { displayText } from '../../src/types.js';
import { config } from '../helpers.js';
import { managerDeployment, managerMonitor, managerService, metricsReaderRole, tokenSecret } from './fixtures.js';

/** A kubelet-style monitor, as kube-prometheus-stack wrote them before 90.0.0: the pod's token and CA files. */
function kubeletMonitor(): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      name: 'kubelet',
      namespace: 'kube-system',
      annotations: { 'config.kubernetes.io/path': 'monitors/kubelet.yaml', 'config.kubernetes.io/index': '0' },
    },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'kubelet' } },
      endpoints: [
        {
          port: 'https-metrics',
          scheme: 'https',
          bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
          tlsConfig: { caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', insecureSkipVerify: true },
        },
      ],
    },
  };
}
const migrate = (extra: JsonObject = {}) =>
  config({
    policy: { fileCredentials: 'migrate', ...((extra.policy as JsonObject | undefined) ?? {}) },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'policy')),
  });
const brief = (results: Result[]): string[] =>
  results
    .filter((r) => r.tags.code === 'file-credentials')
    .map((r) => `${r.severity} ${r.resourceRef?.kind}/${r.resourceRef?.name} ${r.field?.path ?? ''}: ${r.message}`);

describe('policy.fileCredentials: migrate', () => {
  test('GIVEN a kubelet-style monitor THEN authorization from a token Secret, ca from kube-root-ca.crt, and the ServiceAccount and Secret added beside it', () => {
    const out = transform([kubeletMonitor()], migrate());
    const endpoint = ((out.items[0]?.spec as JsonObject).endpoints as JsonObject[])[0];
    expect(endpoint).toEqual({
      port: 'https-metrics',
      scheme: 'https',
      tlsConfig: { insecureSkipVerify: true, ca: { configMap: { name: 'kube-root-ca.crt', key: 'ca.crt' } } },
      authorization: { type: 'Bearer', credentials: { name: 'metrics-scraper-token', key: 'token' } },
    });
    const at = (path: string) => ({
      'config.kubernetes.io/path': path,
      'config.kubernetes.io/index': '0',
      'internal.config.kubernetes.io/path': path,
      'internal.config.kubernetes.io/index': '0',
    });
    expect(out.items.slice(1)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'metrics-scraper', namespace: 'kube-system', annotations: at('monitors/serviceaccount_metrics-scraper.yaml') },
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/service-account-token',
        metadata: {
          name: 'metrics-scraper-token',
          namespace: 'kube-system',
          annotations: { 'kubernetes.io/service-account.name': 'metrics-scraper', ...at('monitors/secret_metrics-scraper-token.yaml') },
        },
      },
    ]);
    expect(brief(out.results)).toEqual([
      'info ServiceMonitor/kubelet spec.endpoints[0].tlsConfig.ca: set ca to {configMap: {name: kube-root-ca.crt, key: ca.crt}}: the cluster CA the service-account CA file holds, from the ConfigMap every namespace has (policy.fileCredentials: migrate)',
      'info ServiceMonitor/kubelet spec.endpoints[0].tlsConfig.caFile: remove caFile: tlsConfig.ca now provides it from ConfigMap kube-root-ca.crt; collectors that refuse file access drop the whole monitor for it',
      'info ServiceMonitor/kubelet spec.endpoints[0].authorization: set authorization to {type: Bearer, credentials: {name: metrics-scraper-token, key: token}}: the token of ServiceAccount kube-system/metrics-scraper from its service-account-token Secret (policy.fileCredentials: migrate)',
      'info ServiceMonitor/kubelet spec.endpoints[0].bearerTokenFile: remove bearerTokenFile: authorization now sends a token from a Secret; collectors that refuse file access drop the whole monitor for bearerTokenFile',
      "info ServiceAccount/metrics-scraper : added ServiceAccount kube-system/metrics-scraper: the identity ServiceMonitor kube-system/kubelet scrapes as instead of bearerTokenFile; it has only the RBAC the input gives it (a target that checks RBAC needs it bound, as Prometheus' own ServiceAccount is)",
      'info Secret/metrics-scraper-token : added Secret kube-system/metrics-scraper-token: the token controller fills in the token (and ca.crt) of ServiceAccount kube-system/metrics-scraper, which ServiceMonitor kube-system/kubelet sends as authorization',
    ]);
  });

  test('GIVEN the output run again THEN nothing changes and nothing is added; GIVEN check mode THEN nothing is added', () => {
    const first = transform([kubeletMonitor()], migrate());
    const second = transform(first.items, migrate());
    expect(second.items).toEqual(first.items);
    expect(second.results.filter((r) => r.tags.code === 'file-credentials')).toEqual([]);
    const checked = transform([kubeletMonitor()], migrate({ mode: 'check' }));
    expect(checked.items).toEqual([kubeletMonitor()]);
    expect(checked.results.filter((r) => r.message.startsWith('would add')).map((r) => r.message.slice(0, 50))).toEqual([
      'would add ServiceAccount kube-system/metrics-scrap',
      'would add Secret kube-system/metrics-scraper-token',
    ]);
  });

  test('GIVEN policy.scraper and a token Secret for it in the namespace THEN its name is used and only what is missing is added', () => {
    const out = transform(
      [kubeletMonitor(), tokenSecret('prom-token', 'kube-system', 'prometheus-k8s')],
      migrate({ policy: { scraper: 'monitoring/prometheus-k8s' } }),
    );
    expect(((out.items[0]?.spec as JsonObject).endpoints as JsonObject[])[0]?.authorization).toEqual({
      type: 'Bearer',
      credentials: { name: 'prom-token', key: 'token' },
    });
    expect(out.items.slice(2).map((i) => `${i.kind}/${displayText(i.metadata?.namespace)}/${displayText(i.metadata?.name)}`)).toEqual([
      'ServiceAccount/kube-system/prometheus-k8s',
    ]);
  });

  test('GIVEN a target that authorises by RBAC and a ClusterRole granting the path THEN the binding is added too', () => {
    const out = transform([managerMonitor(), managerService(), managerDeployment(), metricsReaderRole()], migrate());
    expect(out.items.slice(4).map((i) => `${i.kind}/${displayText(i.metadata?.namespace)}/${displayText(i.metadata?.name)}`)).toEqual([
      'ServiceAccount/shop-system/metrics-scraper',
      'Secret/shop-system/metrics-scraper-token',
      'ClusterRoleBinding//shop-metrics-reader-shop-system-metrics-scraper',
    ]);
    expect(out.results.filter((r) => r.tags.code === 'scraper-rbac' && r.severity !== 'info')).toEqual([]);
  });

  test('GIVEN another auth method beside bearerTokenFile, or a CA file elsewhere THEN those are left alone', () => {
    const monitor = kubeletMonitor();
    const endpoint = ((monitor.spec as JsonObject).endpoints as JsonObject[])[0] as JsonObject;
    endpoint.basicAuth = { username: { name: 'a', key: 'u' }, password: { name: 'a', key: 'p' } };
    endpoint.tlsConfig = { caFile: '/etc/prometheus/secrets/ca/ca.crt' };
    const out = transform([monitor], migrate());
    expect(out.items).toEqual([monitor]);
  });
});
