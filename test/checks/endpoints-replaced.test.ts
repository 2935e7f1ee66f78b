import { endpointsReplaced } from '../../src/checks/endpoints-replaced.js';
import { SM_REF, certManagerTls, finding, podMonitor, probe, runRule, serviceMonitor, serviceMonitorWith } from './fixtures.js';

const MESSAGE =
  'this endpoint has tlsConfig but no port, targetPort or path: a patch replaced the endpoints list (as Kubebuilder 4.4/4.5 monitor_tls_patch.yaml did, kubebuilder#4533); restore the original endpoint and merge TLS into it with secure-monitors instead';

describe('endpoints-replaced', () => {
  test('GIVEN the output of Kubebuilder 4.4.0\'s monitor_tls_patch.yaml (one endpoint with only tlsConfig) THEN a warning on that endpoint', () => {
    expect(runRule(endpointsReplaced, serviceMonitorWith([{ tlsConfig: certManagerTls() }]))).toEqual([finding(SM_REF, 'warning', 'endpoints-replaced', 'spec.endpoints[0]', MESSAGE)]);
  });

  test('GIVEN the same on a PodMonitor THEN the same warning', () => {
    const monitor = podMonitor();
    (monitor.spec as { podMetricsEndpoints: object[] }).podMetricsEndpoints = [{ tlsConfig: { serverName: 'x' } }];
    expect(runRule(endpointsReplaced, monitor).map((r) => r.field?.path)).toEqual(['spec.podMetricsEndpoints[0]']);
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
