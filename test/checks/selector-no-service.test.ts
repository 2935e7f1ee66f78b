import { selectorNoService } from '../../src/checks/selector-no-service.js';
import { Cluster } from '../../src/cluster.js';
import { emptyConfig } from '../../src/config/load.js';
import { endpointsOf } from '../../src/kinds/index.js';
import { serviceMonitor as serviceMonitorKind } from '../../src/kinds/servicemonitor.js';
import { Reporter } from '../../src/results.js';
import type { KubeObject } from '../../src/types.js';
import { SM_REF, finding, podMonitor, runRule, service, serviceMonitor } from './fixtures.js';

describe('selector-no-service', () => {
  test('GIVEN Services in the input but none with the selected labels THEN a warning at spec.selector', () => {
    const other = service('shop-webhook-service', { app: 'webhook' });
    expect(runRule(selectorNoService, serviceMonitor(), [other])).toEqual([
      finding(
        SM_REF,
        'warning',
        'selector-no-service',
        'spec.selector',
        'spec.selector {matchLabels: {control-plane: controller-manager}} matches no Service in namespace "shop-system" of the input, so Prometheus gets no targets from this ServiceMonitor (nothing under Status → Targets, no "up" series) unless the Service is created outside the input; fix the labels (or spec.namespaceSelector), or add the Service',
      ),
    ]);
  });

  test('GIVEN the matching Service only in another namespace THEN the warning names the namespace searched', () => {
    const results = runRule(selectorNoService, serviceMonitor(), [service(undefined, undefined, 'monitoring')]);
    expect(results.map((r) => r.message)).toEqual([
      'spec.selector {matchLabels: {control-plane: controller-manager}} matches no Service in namespace "shop-system" of the input, so Prometheus gets no targets from this ServiceMonitor (nothing under Status → Targets, no "up" series) unless the Service is created outside the input; fix the labels (or spec.namespaceSelector), or add the Service',
    ]);
  });

  test('GIVEN namespaceSelector.matchNames and matchExpressions THEN both are honoured', () => {
    const monitor = serviceMonitor(
      {},
      {},
      {
        namespaceSelector: { matchNames: ['a', 'b'] },
        selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['metrics'] }] },
      },
    );
    expect(runRule(selectorNoService, monitor, [service('x', { tier: 'metrics' }, 'c')]).map((r) => r.message)).toEqual([
      'spec.selector {matchExpressions: [{key: tier, operator: In, values: [metrics]}]} matches no Service in namespaces "a" and "b" of the input, so Prometheus gets no targets from this ServiceMonitor (nothing under Status → Targets, no "up" series) unless the Service is created outside the input; fix the labels (or spec.namespaceSelector), or add the Service',
    ]);
    expect(runRule(selectorNoService, monitor, [service('x', { tier: 'metrics' }, 'b')])).toEqual([]);
  });

  test('GIVEN a matching Service THEN nothing is reported', () => {
    expect(runRule(selectorNoService, serviceMonitor(), [service()])).toEqual([]);
    // More labels on the Service than the selector asks for still match.
    expect(runRule(selectorNoService, serviceMonitor(), [service(undefined, { 'control-plane': 'controller-manager', app: 'shop' })])).toEqual([]);
  });

  test('GIVEN namespaceSelector.any THEN a Service in any namespace matches', () => {
    const monitor = serviceMonitor({}, {}, { namespaceSelector: { any: true } });
    expect(runRule(selectorNoService, monitor, [service(undefined, undefined, 'elsewhere')])).toEqual([]);
  });

  test('GIVEN a monitor without a namespace THEN any namespace counts (kustomize sets it later)', () => {
    const monitor = serviceMonitor();
    delete (monitor.metadata as { namespace?: unknown }).namespace;
    expect(runRule(selectorNoService, monitor, [service(undefined, undefined, undefined)])).toEqual([]);
    expect(runRule(selectorNoService, monitor, [service(undefined, undefined, 'shop-system')])).toEqual([]);
    expect(runRule(selectorNoService, monitor, [service('x', { app: 'x' })]).map((r) => r.message)).toEqual([
      'spec.selector {matchLabels: {control-plane: controller-manager}} matches no Service in any namespace of the input, so Prometheus gets no targets from this ServiceMonitor (nothing under Status → Targets, no "up" series) unless the Service is created outside the input; fix the labels (or spec.namespaceSelector), or add the Service',
    ]);
  });

  test('GIVEN no Services in the input at all, or a PodMonitor THEN nothing is reported', () => {
    expect(runRule(selectorNoService, serviceMonitor())).toEqual([]);
    expect(runRule(selectorNoService, podMonitor(), [service('x', { app: 'other' })])).toEqual([]);
  });

  test('GIVEN 20,000 Services and 5,000 monitors THEN each monitor costs a lookup, not a scan', () => {
    const items: KubeObject[] = [];
    for (let i = 0; i < 20_000; i++) items.push(service(`svc-${i}`, { app: `app-${i}` }, 'big'));
    const monitors = Array.from({ length: 5_000 }, (_, i) =>
      serviceMonitor({}, { name: `m-${i}`, namespace: 'big' }, { selector: { matchLabels: { app: `missing-${i}` } } }),
    );
    const cluster = Cluster.from([...items, ...monitors]);
    const config = emptyConfig();
    const started = performance.now();
    let warnings = 0;
    for (const obj of monitors) {
      const report = new Reporter(obj);
      selectorNoService.check({ obj, kind: serviceMonitorKind, endpoints: endpointsOf(obj, serviceMonitorKind), cluster, config, report });
      warnings += report.results.length;
    }
    expect(warnings).toBe(5_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  // kube-prometheus monitors default/kubernetes, coredns, kube-scheduler, kube-controller-manager and
  // the operator-managed kubelet Service; a package never ships those Services.
  test('GIVEN monitors of cluster-provided Services (default, kube-system) and no Service of those namespaces in the input THEN nothing is reported', () => {
    const apiserver = serviceMonitor(
      {},
      { name: 'kube-apiserver', namespace: 'monitoring' },
      { selector: { matchLabels: { component: 'apiserver', provider: 'kubernetes' } }, namespaceSelector: { matchNames: ['default'] } },
    );
    const coredns = serviceMonitor(
      {},
      { name: 'coredns', namespace: 'monitoring' },
      { selector: { matchLabels: { 'k8s-app': 'kube-dns' } }, namespaceSelector: { matchNames: ['kube-system'] } },
    );
    expect(runRule(selectorNoService, apiserver, [service()])).toEqual([]);
    expect(runRule(selectorNoService, coredns, [service()])).toEqual([]);
  });

  test('GIVEN the input has a Service in kube-system that does not match THEN the warning stays (the input speaks for that namespace)', () => {
    const coredns = serviceMonitor(
      {},
      { name: 'coredns', namespace: 'monitoring' },
      { selector: { matchLabels: { 'k8s-app': 'kube-dns' } }, namespaceSelector: { matchNames: ['kube-system'] } },
    );
    expect(runRule(selectorNoService, coredns, [service('metrics-server', { 'k8s-app': 'metrics-server' }, 'kube-system')]).map((r) => r.tags.code)).toEqual([
      'selector-no-service',
    ]);
  });
});
