import { fileCredentials } from '../../src/checks/file-credentials.js';
import type { Collector } from '../../src/config/types.js';
import type { JsonObject, KubeObject } from '../../src/types.js';
import { SM_REF, finding, podMonitor, runRule, serviceMonitor, withPolicy } from './fixtures.js';

const tokenFile = '/var/run/secrets/kubernetes.io/serviceaccount/token';
const READS = 'reads a file of the Prometheus container';
const OPERATOR_TOKEN = 'operator: it accesses file system via bearer token file which Prometheus specification prohibits';
const OPERATOR_TLS = 'operator: it accesses file system via tls config which Prometheus specification prohibits';
const DEFAULT = (field: string, operator: string, fix: string): string =>
  `${field} ${READS}, and a Prometheus with arbitraryFSAccessThroughSMs.deny: true (as OpenShift user workload monitoring runs), Grafana Alloy 1.19+ or the OpenTelemetry Target Allocator rejects the whole ServiceMonitor (${operator}); use ${fix}, or set policy.collector to what reads your monitors (policy.fileCredentials: allow if it permits file access)`;

/** A Prometheus object as OpenShift's user-workload monitoring has it: deny on, selecting every ServiceMonitor in selected namespaces. */
function prometheus(name: string, namespace: string, spec: JsonObject): KubeObject {
  return { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name, namespace }, spec };
}
const namespaceObject = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

describe('file-credentials', () => {
  const monitor = serviceMonitor({ bearerTokenFile: tokenFile, tlsConfig: { caFile: '/etc/prometheus/ca.crt', serverName: 'shop' } });

  test('GIVEN the default collector and policy THEN each file field is a warning (it depends on the cluster) quoting the operator, with its alternative', () => {
    expect(runRule(fileCredentials, monitor)).toEqual([
      finding(
        SM_REF,
        'warning',
        'file-credentials',
        'spec.endpoints[0].tlsConfig.caFile',
        DEFAULT('tlsConfig.caFile', OPERATOR_TLS, 'tlsConfig.ca from a Secret or ConfigMap'),
        {
          currentValue: '/etc/prometheus/ca.crt',
        },
      ),
      finding(
        SM_REF,
        'warning',
        'file-credentials',
        'spec.endpoints[0].bearerTokenFile',
        DEFAULT('bearerTokenFile', OPERATOR_TOKEN, 'authorization with credentials from a Secret'),
        {
          currentValue: tokenFile,
        },
      ),
    ]);
  });

  test('GIVEN policy.fileCredentials error THEN the same findings are errors', () => {
    const results = runRule(
      fileCredentials,
      serviceMonitor({ tlsConfig: { certFile: '/etc/tls.crt', keyFile: '/etc/tls.key' } }),
      [],
      withPolicy({ fileCredentials: 'error' }),
    );
    expect(results.map((r) => [r.severity, r.field?.path, r.message])).toEqual([
      ['error', 'spec.endpoints[0].tlsConfig.certFile', DEFAULT('tlsConfig.certFile', OPERATOR_TLS, 'tlsConfig.cert from a Secret')],
      ['error', 'spec.endpoints[0].tlsConfig.keyFile', DEFAULT('tlsConfig.keyFile', OPERATOR_TLS, 'tlsConfig.keySecret')],
    ]);
  });

  test('GIVEN policy.fileCredentials allow THEN nothing is reported', () => {
    expect(runRule(fileCredentials, monitor, [], withPolicy({ fileCredentials: 'allow' }))).toEqual([]);
  });

  describe('collectors (policy.collector, README "The gate")', () => {
    const cases: Array<[Collector, string]> = [
      ['prometheus-deny-fs', 'a Prometheus with arbitraryFSAccessThroughSMs.deny: true (policy.collector: prometheus-deny-fs) rejects the whole'],
      ['alloy', 'Grafana Alloy (1.19+, allow_arbitrary_file_access false by default; policy.collector: alloy) drops the whole'],
      ['otel-target-allocator', 'the OpenTelemetry Target Allocator (policy.collector: otel-target-allocator) drops the whole'],
    ];
    test.each(cases)(
      'GIVEN collector %s THEN each file field is an error (the monitor is certainly dropped), even with policy.fileCredentials allow',
      (collector, words) => {
        for (const fileCredentialsPolicy of ['warn', 'allow'] as const) {
          expect(runRule(fileCredentials, monitor, [], withPolicy({ collector, fileCredentials: fileCredentialsPolicy }))).toEqual([
            finding(
              SM_REF,
              'error',
              'file-credentials',
              'spec.endpoints[0].tlsConfig.caFile',
              `tlsConfig.caFile ${READS}, and ${words} ServiceMonitor: none of its endpoints is scraped; use tlsConfig.ca from a Secret or ConfigMap`,
              {
                currentValue: '/etc/prometheus/ca.crt',
              },
            ),
            finding(
              SM_REF,
              'error',
              'file-credentials',
              'spec.endpoints[0].bearerTokenFile',
              `bearerTokenFile ${READS}, and ${words} ServiceMonitor: none of its endpoints is scraped; use authorization with credentials from a Secret`,
              {
                currentValue: tokenFile,
              },
            ),
          ]);
        }
      },
    );

    test.each(['prometheus', 'azure-managed'] as const)('GIVEN collector %s THEN the default warning', (collector) => {
      expect(runRule(fileCredentials, monitor, [], withPolicy({ collector })).map((r) => r.severity)).toEqual(['warning', 'warning']);
    });
  });

  describe('a Prometheus object in the input with arbitraryFSAccessThroughSMs.deny: true', () => {
    const deny = { arbitraryFSAccessThroughSMs: { deny: true } };
    const userWorkload = prometheus('user-workload', 'openshift-user-workload-monitoring', {
      ...deny,
      serviceMonitorSelector: {},
      serviceMonitorNamespaceSelector: { matchExpressions: [{ key: 'openshift.io/cluster-monitoring', operator: 'NotIn', values: ['true'] }] },
    });
    const platform = prometheus('k8s', 'openshift-monitoring', {
      serviceMonitorSelector: {},
      serviceMonitorNamespaceSelector: { matchLabels: { 'openshift.io/cluster-monitoring': 'true' } },
    });
    const tokenOnly = serviceMonitor({ bearerTokenFile: tokenFile });

    test('GIVEN it selects the monitor (its namespace labels in the input) THEN an error naming that Prometheus and quoting the operator', () => {
      expect(runRule(fileCredentials, tokenOnly, [userWorkload, platform, namespaceObject('shop-system', {})])).toEqual([
        finding(
          SM_REF,
          'error',
          'file-credentials',
          'spec.endpoints[0].bearerTokenFile',
          `bearerTokenFile ${READS}, and Prometheus openshift-user-workload-monitoring/user-workload in the input sets arbitraryFSAccessThroughSMs.deny: true and selects this ServiceMonitor, so it rejects the whole ServiceMonitor (${OPERATOR_TOKEN}); use authorization with credentials from a Secret`,
          { currentValue: tokenFile },
        ),
      ]);
    });

    test('GIVEN OpenShift: the monitor lives in a platform namespace that only the (allowing) platform Prometheus selects THEN only the default warning', () => {
      expect(
        runRule(fileCredentials, tokenOnly, [userWorkload, platform, namespaceObject('shop-system', { 'openshift.io/cluster-monitoring': 'true' })]).map(
          (r) => r.severity,
        ),
      ).toEqual(['warning']);
      expect(runRule(fileCredentials, tokenOnly, [platform]).map((r) => r.message.includes('may select'))).toEqual([false]);
    });

    test('GIVEN the namespace labels are not in the input THEN a warning: the selection is uncertain', () => {
      const results = runRule(fileCredentials, tokenOnly, [userWorkload]);
      expect(results.map((r) => r.severity)).toEqual(['warning']);
      expect(results[0]?.message).toBe(
        `bearerTokenFile ${READS}, and Prometheus openshift-user-workload-monitoring/user-workload in the input sets arbitraryFSAccessThroughSMs.deny: true and may select this ServiceMonitor (the labels of its namespace are not in the input): if it does, it rejects the whole ServiceMonitor (${OPERATOR_TOKEN}); use authorization with credentials from a Secret`,
      );
    });

    test('GIVEN selectors that decide without Namespace objects: the monitor labels, a null selector, the own namespace, kubernetes.io/metadata.name THEN selected or not, certainly', () => {
      const severity = (spec: JsonObject, ns = 'monitoring'): string[] =>
        runRule(fileCredentials, tokenOnly, [prometheus('p', ns, { ...deny, ...spec })]).map((r) => r.severity);
      // No serviceMonitorSelector: the Prometheus selects no ServiceMonitor at all.
      expect(severity({})).toEqual(['warning']);
      expect(severity({ serviceMonitorSelector: { matchLabels: { team: 'other' } }, serviceMonitorNamespaceSelector: {} })).toEqual(['warning']);
      expect(severity({ serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: {} })).toEqual(['error']);
      // No namespace selector: the Prometheus' own namespace only.
      expect(severity({ serviceMonitorSelector: {} }, 'shop-system')).toEqual(['error']);
      expect(severity({ serviceMonitorSelector: {} }, 'monitoring')).toEqual(['warning']);
      expect(
        severity({ serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop-system' } } }),
      ).toEqual(['error']);
      expect(
        runRule(
          fileCredentials,
          tokenOnly,
          [prometheus('p', 'monitoring', { ...deny, serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: {} })],
          withPolicy({ fileCredentials: 'allow' }),
        ).map((r) => r.severity),
      ).toEqual(['error']);
    });
  });

  test('GIVEN an azmonitoring.coreos.com ServiceMonitor (Azure managed Prometheus) THEN it is checked exactly like monitoring.coreos.com', () => {
    const azure = { ...monitor, apiVersion: 'azmonitoring.coreos.com/v1' };
    expect(runRule(fileCredentials, azure, [], withPolicy({ collector: 'alloy' })).map((r) => [r.severity, r.resourceRef?.apiVersion, r.field?.path])).toEqual([
      ['error', 'azmonitoring.coreos.com/v1', 'spec.endpoints[0].tlsConfig.caFile'],
      ['error', 'azmonitoring.coreos.com/v1', 'spec.endpoints[0].bearerTokenFile'],
    ]);
  });

  test('GIVEN Secret-backed credentials only THEN nothing is reported', () => {
    expect(
      runRule(
        fileCredentials,
        serviceMonitor({ tlsConfig: { ca: { secret: { name: 'x', key: 'ca.crt' } } }, authorization: { credentials: { name: 't', key: 'token' } } }),
      ),
    ).toEqual([]);
  });

  test('GIVEN file fields on a PodMonitor THEN this rule is quiet (file-field-kind reports them)', () => {
    expect(
      runRule(fileCredentials, podMonitor({ bearerTokenFile: tokenFile, tlsConfig: { caFile: '/etc/ca.crt' } }), [], withPolicy({ collector: 'alloy' })),
    ).toEqual([]);
  });

  test('GIVEN bearerTokenFile: "" or caFile: "" (upstream manifests leave them empty) THEN nothing is reported: no file is read', () => {
    expect(
      runRule(
        fileCredentials,
        serviceMonitor({ bearerTokenFile: '', tlsConfig: { caFile: '', serverName: 'x.ns.svc' } }),
        [],
        withPolicy({ collector: 'alloy' }),
      ),
    ).toEqual([]);
  });
});
