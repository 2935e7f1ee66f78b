import { Cluster } from '../../src/cluster.js';
import { endpointsOf, monitorKindOf } from '../../src/kinds/index.js';
import type { MonitorKind } from '../../src/kinds/index.js';
import { resolveServerName } from '../../src/servername.js';
import type { KubeObject } from '../../src/types.js';
import { monitorOf, service, selectApp, serviceMonitor } from '../helpers.js';

function resolve(spec: string, monitor: KubeObject, others: KubeObject[], clusterDomain = '', endpointIndex = 0): ReturnType<typeof resolveServerName> {
  const kind = monitorKindOf(monitor) as MonitorKind;
  const endpoint = endpointsOf(monitor, kind)[endpointIndex];
  if (!endpoint) throw new Error('no endpoint');
  return resolveServerName(spec, monitor, kind, endpoint, Cluster.from([monitor, ...others]), clusterDomain);
}

const sm = serviceMonitor('project-metrics-monitor', 'system', { selector: selectApp('metrics'), endpoints: [{ port: 'https' }] });
const metricsService = service('metrics-service', 'system', { app: 'metrics' }, [{ name: 'https', port: 8443 }]);

describe('serverName: auto', () => {
  test('GIVEN exactly one Service matching the selector in the monitor namespace THEN <svc>.<ns>.svc', () => {
    expect(resolve('auto', sm, [metricsService])).toEqual({
      ok: true,
      value: 'metrics-service.system.svc',
      service: expect.objectContaining({ name: 'metrics-service' }),
    });
  });

  test('policy.clusterDomain appends the cluster domain', () => {
    expect(resolve('auto', sm, [metricsService], 'cluster.local')).toMatchObject({ ok: true, value: 'metrics-service.system.svc.cluster.local' });
  });

  test('Services in other namespaces do not count unless namespaceSelector allows them', () => {
    const elsewhere = service('metrics-service', 'other', { app: 'metrics' }, [{ name: 'https', port: 8443 }]);
    expect(resolve('auto', sm, [elsewhere])).toEqual({
      ok: false,
      message:
        'serverName "auto" found no Service matching spec.selector {matchLabels: {app: metrics}} in namespace "system"; add the Service to the input or set tls.serverName to a literal',
    });
    const matchNames = serviceMonitor('project-metrics-monitor', 'monitoring', {
      selector: selectApp('metrics'),
      endpoints: [{ port: 'https' }],
      namespaceSelector: { matchNames: ['other'] },
    });
    expect(resolve('auto', matchNames, [elsewhere])).toMatchObject({ ok: true, value: 'metrics-service.other.svc' });
    const any = serviceMonitor('project-metrics-monitor', 'monitoring', {
      selector: selectApp('metrics'),
      endpoints: [{ port: 'https' }],
      namespaceSelector: { any: true },
    });
    expect(resolve('auto', any, [elsewhere])).toMatchObject({ ok: true, value: 'metrics-service.other.svc' });
  });

  test('GIVEN several matching Services THEN the one exposing the endpoint port name wins', () => {
    const webhook = service('webhook-service', 'system', { app: 'metrics' }, [{ name: 'webhook', port: 443 }]);
    expect(resolve('auto', sm, [webhook, metricsService])).toMatchObject({ ok: true, value: 'metrics-service.system.svc' });
  });

  test('GIVEN several Services that all expose the port THEN an error naming the candidates', () => {
    const twin = service('metrics-twin', 'system', { app: 'metrics' }, [{ name: 'https', port: 9443 }]);
    expect(resolve('auto', sm, [metricsService, twin])).toEqual({
      ok: false,
      message:
        'serverName "auto" is ambiguous: 2 Services match spec.selector in namespace "system" (metrics-service.system, metrics-twin.system), and 2 of them expose port "https"; narrow spec.selector or set tls.serverName to a literal',
    });
  });

  test('GIVEN several Services of which none exposes the port THEN an error naming them all', () => {
    const a = service('a', 'system', { app: 'metrics' }, [{ name: 'http', port: 80 }]);
    const b = service('b', 'system', { app: 'metrics' }, [{ name: 'grpc', port: 90 }]);
    expect(resolve('auto', sm, [a, b])).toEqual({
      ok: false,
      message:
        'serverName "auto" is ambiguous: 2 Services match spec.selector in namespace "system" (a.system, b.system), and none of them exposes port "https"; narrow spec.selector or set tls.serverName to a literal',
    });
  });

  test('an endpoint with targetPort only is matched against the Service ports targetPort', () => {
    const monitor = serviceMonitor('project-metrics-monitor', 'system', { selector: selectApp('metrics'), endpoints: [{ targetPort: 8443 }] });
    const a = service('a', 'system', { app: 'metrics' }, [{ name: 'x', port: 443, targetPort: 8443 }]);
    const b = service('b', 'system', { app: 'metrics' }, [{ name: 'y', port: 80, targetPort: 8080 }]);
    expect(resolve('auto', monitor, [a, b])).toMatchObject({ ok: true, value: 'a.system.svc' });
  });

  test('GIVEN a monitor without namespace and without matchNames THEN "no namespace known"', () => {
    const monitor = serviceMonitor('project-metrics-monitor', undefined, { selector: selectApp('metrics'), endpoints: [{ port: 'https' }] });
    expect(resolve('auto', monitor, [metricsService])).toEqual({
      ok: false,
      message:
        'serverName "auto" needs a namespace: the ServiceMonitor has no metadata.namespace and no spec.namespaceSelector.matchNames; set one, or set tls.serverName to a literal',
    });
  });

  test('PodMonitor, Probe and ScrapeConfig have no Service relation: auto is an error', () => {
    const pm = monitorOf('PodMonitor', 'pm', 'ns', { selector: {}, podMetricsEndpoints: [{ port: 'https' }] });
    expect(resolve('auto', pm, [])).toEqual({
      ok: false,
      message:
        'serverName "auto" needs a Service, but a PodMonitor has no Service relation; set tls.serverName to a literal (a name in the target\'s certificate)',
    });
    expect(resolve('auto', monitorOf('ScrapeConfig', 'sc', 'ns', {}), [])).toMatchObject({ ok: false });
  });
});

describe('serverName: templates and literals', () => {
  test('a literal is used as is', () => {
    expect(resolve('metrics.example.com', sm, [])).toEqual({ ok: true, value: 'metrics.example.com' });
  });
  test('{service} {namespace} {clusterDomain} are filled from the resolved Service', () => {
    expect(resolve('{service}.{namespace}.svc.{clusterDomain}', sm, [metricsService])).toMatchObject({
      ok: true,
      value: 'metrics-service.system.svc.cluster.local',
    });
    expect(resolve('{service}.{namespace}.svc.{clusterDomain}', sm, [metricsService], 'corp.internal')).toMatchObject({
      value: 'metrics-service.system.svc.corp.internal',
    });
  });
  test('{namespace} alone works for kinds without a Service: the monitor namespace', () => {
    const probe = monitorOf('Probe', 'p', 'probes', { prober: { url: 'blackbox:9115' } });
    expect(resolve('blackbox.{namespace}.svc', probe, [])).toEqual({ ok: true, value: 'blackbox.probes.svc' });
  });
});
