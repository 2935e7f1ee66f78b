import { serverNameMismatch } from '../../src/checks/server-name-mismatch.js';
import {
  NS,
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
} from './fixtures.js';

const PATH = 'spec.endpoints[0].tlsConfig.serverName';
const SVC = 'shop-controller-manager-metrics-service';

function message(written: string, why: string, fix: string): string {
  return `serverName ${written} names Service ${written.split('.')[1] ?? ''}/${written.split('.')[0] ?? ''}, but ${why}: the target's certificate is issued for its own Service name, so Prometheus will fail with "x509: certificate is valid for <its names>, not ${written}"; ${fix} (or run secure-monitors with tls.serverName: auto)`;
}

describe('server-name-mismatch', () => {
  test('GIVEN a serverName written for the old namespace and the Service in the input THEN an error proposes the Service the monitor selects', () => {
    const written = `${SVC}.old-system.svc`;
    expect(runRule(serverNameMismatch, serviceMonitor({ tlsConfig: certManagerTls({ serverName: written }) }), [service()])).toEqual([
      finding(
        SM_REF,
        'error',
        'server-name-mismatch',
        PATH,
        message(written, `the monitor selects Service ${NS}/${SVC}`, `set tlsConfig.serverName to ${SERVICE_DNS}`),
        {
          currentValue: written,
          proposedValue: SERVICE_DNS,
        },
      ),
    ]);
  });

  test('GIVEN a serverName naming another Service of the same namespace THEN an error, keeping the cluster-domain form of the written name', () => {
    const written = `webhook-service.${NS}.svc.cluster.local`;
    expect(runRule(serverNameMismatch, serviceMonitor({ tlsConfig: certManagerTls({ serverName: written }) }), [service()])).toEqual([
      finding(
        SM_REF,
        'error',
        'server-name-mismatch',
        PATH,
        message(written, `the monitor selects Service ${NS}/${SVC}`, `set tlsConfig.serverName to ${SERVICE_DNS}.cluster.local`),
        {
          currentValue: written,
          proposedValue: `${SERVICE_DNS}.cluster.local`,
        },
      ),
    ]);
  });

  test('GIVEN no Service in the input and a serverName outside the namespace the monitor scrapes (OLM moved it, operator-sdk#6846) THEN an error proposing the monitor namespace', () => {
    const written = `${SVC}.system.svc`;
    expect(runRule(serverNameMismatch, serviceMonitor({ tlsConfig: certManagerTls({ serverName: written }) }))).toEqual([
      finding(
        SM_REF,
        'error',
        'server-name-mismatch',
        PATH,
        message(
          written,
          `the monitor scrapes namespace "${NS}", not "system" (kustomize namespace: or OLM moved it after the name was written)`,
          `set tlsConfig.serverName to ${SERVICE_DNS}`,
        ),
        { currentValue: written, proposedValue: SERVICE_DNS },
      ),
    ]);
  });

  test('GIVEN several namespaces in matchNames, none of them the written one THEN an error without a proposal', () => {
    const written = `${SVC}.system.svc`;
    const monitor = serviceMonitor({ tlsConfig: certManagerTls({ serverName: written }) }, {}, { namespaceSelector: { matchNames: ['a', 'b'] } });
    expect(runRule(serverNameMismatch, monitor)).toEqual([
      finding(
        SM_REF,
        'error',
        'server-name-mismatch',
        PATH,
        message(
          written,
          'the monitor scrapes namespaces "a" or "b", not "system" (kustomize namespace: or OLM moved it after the name was written)',
          'set tlsConfig.serverName to <service>.<namespace>.svc of the Service it scrapes',
        ),
        { currentValue: written },
      ),
    ]);
  });

  test('GIVEN the right name, with or without the cluster domain THEN nothing is reported', () => {
    expect(runRule(serverNameMismatch, serviceMonitor({ tlsConfig: certManagerTls() }), [service()])).toEqual([]);
    expect(runRule(serverNameMismatch, serviceMonitor({ tlsConfig: certManagerTls({ serverName: `${SERVICE_DNS}.cluster.local` }) }), [service()])).toEqual([]);
    expect(runRule(serverNameMismatch, serviceMonitor({ tlsConfig: certManagerTls() }))).toEqual([]);
  });

  test('GIVEN a name that is not <svc>.<ns>.svc (external host, placeholder, IP) THEN nothing is reported', () => {
    for (const serverName of ['metrics.example.com', 'SERVICE_NAME.SERVICE_NAMESPACE.svc', '10.0.0.1', 'shop']) {
      expect(runRule(serverNameMismatch, serviceMonitor({ tlsConfig: certManagerTls({ serverName }) }), [service()])).toEqual([]);
    }
  });

  test('GIVEN the target certificate in the input covers the written name THEN nothing fails and nothing is reported', () => {
    const written = `webhook-service.${NS}.svc`;
    const cert = certificate([SERVICE_DNS, written]);
    expect(runRule(serverNameMismatch, serviceMonitor({ tlsConfig: certManagerTls({ serverName: written }) }), [service(), cert])).toEqual([]);
  });

  test('GIVEN namespaceSelector.any, insecureSkipVerify, scheme http, a monitor without namespace or ambiguous Services THEN nothing is reported', () => {
    const written = `${SVC}.system.svc`;
    expect(
      runRule(serverNameMismatch, serviceMonitor({ tlsConfig: certManagerTls({ serverName: written }) }, {}, { namespaceSelector: { any: true } })),
    ).toEqual([]);
    expect(runRule(serverNameMismatch, serviceMonitor({ tlsConfig: certManagerTls({ serverName: written, insecureSkipVerify: true }) }), [service()])).toEqual(
      [],
    );
    expect(runRule(serverNameMismatch, serviceMonitor({ scheme: 'http', tlsConfig: certManagerTls({ serverName: written }) }), [service()])).toEqual([]);
    expect(
      runRule(serverNameMismatch, serviceMonitor({ tlsConfig: certManagerTls({ serverName: written }) }, { namespace: undefined as unknown as string })),
    ).toEqual([]);
    const other = service('shop-other-metrics', { 'control-plane': 'controller-manager' });
    expect(
      runRule(serverNameMismatch, serviceMonitor({ tlsConfig: certManagerTls({ serverName: `shop-other-metrics.${NS}.svc` }) }), [service(), other]),
    ).toEqual([]);
  });

  test('GIVEN a PodMonitor with an in-cluster serverName THEN nothing is reported (no Service relation)', () => {
    expect(runRule(serverNameMismatch, podMonitor({ tlsConfig: { serverName: `${SVC}.system.svc` } }))).toEqual([]);
  });

  test('GIVEN an OpenShift service-ca target whose serverName names the namespace it was written for THEN an error proposing the Service it selects', () => {
    const written = `${SVC}.openshift-operators.svc`;
    expect(
      runRule(serverNameMismatch, serviceMonitor({ tlsConfig: serviceCaTls({ serverName: written }) }), [openshiftService()]).map((r) => [
        r.severity,
        r.field?.proposedValue,
      ]),
    ).toEqual([['error', SERVICE_DNS]]);
  });
});
