import { fileCredentials } from '../../src/checks/file-credentials.js';
import { SM_REF, finding, podMonitor, runRule, serviceMonitor, withPolicy } from './fixtures.js';

const tokenFile = '/var/run/secrets/kubernetes.io/serviceaccount/token';
const WHY =
  'reads a file of the Prometheus container, and a Prometheus with arbitraryFSAccessThroughSMs.deny: true (as OpenShift user workload monitoring runs) rejects the whole ServiceMonitor';
const ALLOW = 'or set policy.fileCredentials: allow if your Prometheus permits it';

describe('file-credentials', () => {
  const monitor = serviceMonitor({ bearerTokenFile: tokenFile, tlsConfig: { caFile: '/etc/prometheus/ca.crt', serverName: 'shop' } });

  test('GIVEN the default policy (warn) THEN each file field is a warning with its alternative', () => {
    expect(runRule(fileCredentials, monitor)).toEqual([
      finding(SM_REF, 'warning', 'file-credentials', 'spec.endpoints[0].tlsConfig.caFile', `tlsConfig.caFile ${WHY}; use tlsConfig.ca from a Secret or ConfigMap, ${ALLOW}`, {
        currentValue: '/etc/prometheus/ca.crt',
      }),
      finding(SM_REF, 'warning', 'file-credentials', 'spec.endpoints[0].bearerTokenFile', `bearerTokenFile ${WHY}; use authorization with credentials from a Secret, ${ALLOW}`, {
        currentValue: tokenFile,
      }),
    ]);
  });

  test('GIVEN policy.fileCredentials error THEN the same findings are errors', () => {
    const results = runRule(fileCredentials, serviceMonitor({ tlsConfig: { certFile: '/etc/tls.crt', keyFile: '/etc/tls.key' } }), [], withPolicy({ fileCredentials: 'error' }));
    expect(results.map((r) => [r.severity, r.field?.path, r.message])).toEqual([
      ['error', 'spec.endpoints[0].tlsConfig.certFile', `tlsConfig.certFile ${WHY}; use tlsConfig.cert from a Secret, ${ALLOW}`],
      ['error', 'spec.endpoints[0].tlsConfig.keyFile', `tlsConfig.keyFile ${WHY}; use tlsConfig.keySecret, ${ALLOW}`],
    ]);
  });

  test('GIVEN policy.fileCredentials allow THEN nothing is reported', () => {
    expect(runRule(fileCredentials, monitor, [], withPolicy({ fileCredentials: 'allow' }))).toEqual([]);
  });

  test('GIVEN Secret-backed credentials only THEN nothing is reported', () => {
    expect(runRule(fileCredentials, serviceMonitor({ tlsConfig: { ca: { secret: { name: 'x', key: 'ca.crt' } } }, authorization: { credentials: { name: 't', key: 'token' } } }))).toEqual([]);
  });

  test('GIVEN file fields on a PodMonitor THEN this rule is quiet (file-field-kind reports them)', () => {
    expect(runRule(fileCredentials, podMonitor({ bearerTokenFile: tokenFile, tlsConfig: { caFile: '/etc/ca.crt' } }))).toEqual([]);
  });

  test('GIVEN bearerTokenFile: "" or caFile: "" (upstream manifests leave them empty) THEN nothing is reported: no file is read', () => {
    expect(runRule(fileCredentials, serviceMonitor({ bearerTokenFile: '', tlsConfig: { caFile: '', serverName: 'x.ns.svc' } }))).toEqual([]);
  });
});
