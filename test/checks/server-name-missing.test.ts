import { serverNameMissing } from '../../src/checks/server-name-missing.js';
import { loadConfig } from '../../src/config/load.js';
import {
  SERVICE_DNS,
  SM_REF,
  certManagerTls,
  certificate,
  finding,
  openshiftService,
  podMonitor,
  runRule,
  service,
  serviceCaTls,
  serviceMonitor,
  withPolicy,
} from './fixtures.js';

const BASE = 'tlsConfig has no serverName, so Prometheus, which scrapes the pod IPs behind the Service, verifies the certificate against a pod IP';
const X509 = `; Certificate shop-system/metrics-certs, which issues Secret metrics-server-cert, has no IP SANs (dnsNames: ${SERVICE_DNS}, ${SERVICE_DNS}.cluster.local), so Prometheus will fail with "x509: cannot validate certificate for <pod IP> because it doesn't contain any IP SANs"`;
const UNKNOWN = `; unless the target's certificate (not in the input) carries its pods' IPs, Prometheus fails with "x509: cannot validate certificate for <pod IP> because it doesn't contain any IP SANs"`;
const FIX_DERIVED = `; set tlsConfig.serverName to ${SERVICE_DNS}, the DNS name of the Service this monitor selects (or run secure-monitors with tls.serverName: auto)`;
const FIX_GENERIC =
  '; set tlsConfig.serverName to the DNS name the certificate is issued for, usually <service>.<namespace>.svc (or run secure-monitors with tls.serverName: auto)';

function tlsWithoutServerName(): { tlsConfig: ReturnType<typeof certManagerTls> } {
  const tlsConfig = certManagerTls();
  delete tlsConfig.serverName;
  return { tlsConfig };
}

describe('server-name-missing', () => {
  const cert = certificate([SERVICE_DNS, `${SERVICE_DNS}.cluster.local`]);

  test('GIVEN TLS without serverName, the Service and a Certificate with DNS SANs only THEN an error (x509 is certain): the IP-SAN failure is spelled out and the Service name proposed', () => {
    expect(runRule(serverNameMissing, serviceMonitor(tlsWithoutServerName()), [service(), cert])).toEqual([
      finding(SM_REF, 'error', 'server-name-missing', 'spec.endpoints[0].tlsConfig.serverName', BASE + X509 + FIX_DERIVED, { proposedValue: SERVICE_DNS }),
    ]);
  });

  test('GIVEN policy.clusterDomain THEN the proposed name carries it', () => {
    const results = runRule(serverNameMissing, serviceMonitor(tlsWithoutServerName()), [service()], withPolicy({ clusterDomain: 'cluster.local' }));
    expect(results[0]?.field?.proposedValue).toBe(`${SERVICE_DNS}.cluster.local`);
  });

  test('GIVEN no Service and no Certificate in the input THEN a warning (the certificate is not known) with the generic advice', () => {
    expect(runRule(serverNameMissing, serviceMonitor(tlsWithoutServerName()))).toEqual([
      finding(SM_REF, 'warning', 'server-name-missing', 'spec.endpoints[0].tlsConfig.serverName', BASE + UNKNOWN + FIX_GENERIC),
    ]);
  });

  test('GIVEN a Certificate that has IP SANs THEN a warning that does not claim the x509 failure as certain', () => {
    const withIps = certificate([SERVICE_DNS], { ipAddresses: ['10.0.0.12'] });
    expect(runRule(serverNameMissing, serviceMonitor(tlsWithoutServerName()), [withIps])).toEqual([
      finding(SM_REF, 'warning', 'server-name-missing', 'spec.endpoints[0].tlsConfig.serverName', BASE + UNKNOWN + FIX_GENERIC),
    ]);
  });

  test('GIVEN an empty serverName THEN it counts as missing', () => {
    expect(runRule(serverNameMissing, serviceMonitor({ tlsConfig: certManagerTls({ serverName: '' }) })).map((r) => r.tags.code)).toEqual([
      'server-name-missing',
    ]);
  });

  test('GIVEN serverName set, insecureSkipVerify, scheme http, or no tlsConfig THEN nothing is reported', () => {
    expect(runRule(serverNameMissing, serviceMonitor({ tlsConfig: certManagerTls() }), [cert])).toEqual([]);
    expect(runRule(serverNameMissing, serviceMonitor({ tlsConfig: { insecureSkipVerify: true } }), [cert])).toEqual([]);
    expect(runRule(serverNameMissing, serviceMonitor({ scheme: 'http', ...tlsWithoutServerName() }), [cert])).toEqual([]);
    expect(runRule(serverNameMissing, serviceMonitor(), [cert])).toEqual([]);
  });

  test('GIVEN a config that sets serverName on the endpoint THEN this rule leaves it to apply (server-name / server-name-unresolved)', () => {
    const spec = (ports: string[]): object => ({ tls: { serverName: 'auto' }, endpoints: { ports } });
    const config = (ports: string[]): ReturnType<typeof loadConfig> =>
      loadConfig({ functionConfig: { apiVersion: 'fn.secure-monitors.dev/v1alpha1', kind: 'SecureMonitors', metadata: { name: 'x' }, spec: spec(ports) } });
    expect(runRule(serverNameMissing, serviceMonitor(tlsWithoutServerName()), [], config([]))).toEqual([]);
    // An endpoint the port filter leaves out is not touched by apply: the warning stays.
    expect(runRule(serverNameMissing, serviceMonitor(tlsWithoutServerName()), [], config(['metrics'])).map((r) => r.tags.code)).toEqual([
      'server-name-missing',
    ]);
  });

  test('GIVEN check mode with a config that sets serverName THEN quiet as in apply (check reports the would-be change instead, README "The gate")', () => {
    const config = loadConfig({
      functionConfig: {
        apiVersion: 'fn.secure-monitors.dev/v1alpha1',
        kind: 'SecureMonitors',
        metadata: { name: 'x' },
        spec: { mode: 'check', tls: { serverName: 'auto' } },
      },
    });
    expect(runRule(serverNameMissing, serviceMonitor(tlsWithoutServerName()), [], config)).toEqual([]);
  });

  test('GIVEN a PodMonitor without serverName THEN nothing is reported (no Service relation)', () => {
    expect(runRule(serverNameMissing, podMonitor(tlsWithoutServerName()), [cert])).toEqual([]);
  });

  test('GIVEN a kubelet monitor (kube-prometheus, kube-prometheus-stack with caFile) THEN nothing is reported: node IPs, and kubelet certificates carry IP SANs', () => {
    const kubelet = serviceMonitor(
      {
        port: 'https-metrics',
        bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
        tlsConfig: { caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' },
      },
      { name: 'kubelet', namespace: 'monitoring' },
      { selector: { matchLabels: { 'app.kubernetes.io/name': 'kubelet' } }, namespaceSelector: { matchNames: ['kube-system'] } },
    );
    expect(runRule(serverNameMissing, kubelet)).toEqual([]);
    // The same labels in another namespace are not the kubelet Service.
    const other = serviceMonitor({ tlsConfig: {} }, { name: 'kubelet', namespace: 'monitoring' }, { selector: { matchLabels: { 'k8s-app': 'kubelet' } } });
    expect(runRule(serverNameMissing, other).map((r) => r.tags.code)).toEqual(['server-name-missing']);
  });

  test('GIVEN an OpenShift service-ca target (serving-cert-secret-name on the selected Service) without serverName THEN an error: the service CA signs DNS names only', () => {
    expect(runRule(serverNameMissing, serviceMonitor({ tlsConfig: serviceCaTls() }), [openshiftService()])).toEqual([
      finding(
        SM_REF,
        'error',
        'server-name-missing',
        'spec.endpoints[0].tlsConfig.serverName',
        `${BASE}; the OpenShift serving certificate of Service shop-system/shop-controller-manager-metrics-service, which issues Secret shop-metrics-tls, has no IP SANs (dnsNames: ${SERVICE_DNS}, ${SERVICE_DNS}.cluster.local), so Prometheus will fail with "x509: cannot validate certificate for <pod IP> because it doesn't contain any IP SANs"${FIX_DERIVED}`,
        { proposedValue: SERVICE_DNS },
      ),
    ]);
  });
});
