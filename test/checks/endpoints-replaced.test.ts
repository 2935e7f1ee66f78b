import { endpointsReplaced } from '../../src/checks/endpoints-replaced.js';
import { PM_REF, SM_REF, certManagerTls, finding, podMonitor, probe, runRule, serviceMonitor, serviceMonitorWith } from './fixtures.js';

const HEAD =
  'this endpoint has tlsConfig but no port, targetPort or path: a patch replaced the endpoints list (as Kubebuilder 4.4.0/4.5.0 monitor_tls_patch.yaml did, kubebuilder#4533), so Prometheus scrapes every port of the';
const PLAIN = 'over plain http, which a TLS metrics port answers with "server returned HTTP status 400 Bad Request"';
const NO_TOKEN = 'without a token, which controller-runtime secure metrics and kube-rbac-proxy answer with "server returned HTTP status 401 Unauthorized"';
const FIX = (field: string): string =>
  `; restore the original endpoint (port, path, scheme: https, its credentials) and merge TLS into it with a JSON 6902 patch on /spec/${field}/0 (Kubebuilder 4.5.1+) or with secure-monitors`;

describe('endpoints-replaced', () => {
  test("GIVEN the output of Kubebuilder 4.4.0's monitor_tls_patch.yaml (one endpoint with only tlsConfig) THEN an error: plain http and no token, both certain", () => {
    expect(runRule(endpointsReplaced, serviceMonitorWith([{ tlsConfig: certManagerTls() }]))).toEqual([
      finding(SM_REF, 'error', 'endpoints-replaced', 'spec.endpoints[0]', `${HEAD} Service at /metrics ${PLAIN} and ${NO_TOKEN}${FIX('endpoints')}`),
    ]);
  });

  test('GIVEN the replacing endpoint kept scheme https and a token THEN the error names only the lost port and path', () => {
    const endpoint = { scheme: 'https', bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token', tlsConfig: certManagerTls() };
    expect(runRule(endpointsReplaced, serviceMonitorWith([endpoint]))).toEqual([
      finding(SM_REF, 'error', 'endpoints-replaced', 'spec.endpoints[0]', `${HEAD} Service at /metrics${FIX('endpoints')}`),
    ]);
  });

  test('GIVEN the same on a PodMonitor THEN the same error, about the pod and podMetricsEndpoints', () => {
    const monitor = podMonitor();
    (monitor.spec as { podMetricsEndpoints: object[] }).podMetricsEndpoints = [{ tlsConfig: { serverName: 'x' } }];
    expect(runRule(endpointsReplaced, monitor)).toEqual([
      finding(
        PM_REF,
        'error',
        'endpoints-replaced',
        'spec.podMetricsEndpoints[0]',
        `${HEAD} pod at /metrics ${PLAIN} and ${NO_TOKEN}${FIX('podMetricsEndpoints')}`,
      ),
    ]);
  });

  test('GIVEN tlsConfig beside port, targetPort or path THEN nothing is reported', () => {
    expect(runRule(endpointsReplaced, serviceMonitor({ tlsConfig: certManagerTls() }))).toEqual([]);
    expect(runRule(endpointsReplaced, serviceMonitorWith([{ targetPort: 8443, tlsConfig: certManagerTls() }]))).toEqual([]);
    expect(runRule(endpointsReplaced, serviceMonitorWith([{ path: '/metrics', tlsConfig: certManagerTls() }]))).toEqual([]);
  });

  test('GIVEN an endpoint without tlsConfig, or a spec-level kind THEN nothing is reported', () => {
    expect(runRule(endpointsReplaced, serviceMonitorWith([{ interval: '30s' }]))).toEqual([]);
    expect(runRule(endpointsReplaced, probe({ tlsConfig: { serverName: 'x' } }))).toEqual([]);
  });
});
