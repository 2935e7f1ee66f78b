/**
 * `server-name-unresolved` is reported by src/tls.ts while apply resolves `tls.serverName: auto`;
 * these tests drive it through transform, as a user meets it.
 */
import { loadConfig } from '../../src/config/load.js';
import { transform } from '../../src/transform.js';
import type { KubeObject, Result } from '../../src/types.js';
import { PM_REF, SM_REF, finding, podMonitor, service, serviceMonitor } from './fixtures.js';

function autoConfig(extra: object = {}): ReturnType<typeof loadConfig> {
  return loadConfig({
    functionConfig: {
      apiVersion: 'fn.secure-monitors.dev/v1alpha1',
      kind: 'SecureMonitors',
      metadata: { name: 'tls' },
      spec: { tls: { serverName: 'auto' }, ...extra },
    },
  });
}

function unresolved(items: KubeObject[]): Result[] {
  return transform(items, autoConfig()).results.filter((r) => r.tags.code === 'server-name-unresolved');
}

describe('server-name-unresolved', () => {
  test('GIVEN no Service matches the selector THEN an error naming the selector and namespace; serverName is left alone', () => {
    const monitor = serviceMonitor();
    const { items, results } = transform([monitor, service('other', { app: 'other' })], autoConfig());
    expect(results.filter((r) => r.tags.code === 'server-name-unresolved')).toEqual([
      finding(
        SM_REF,
        'error',
        'server-name-unresolved',
        'spec.endpoints[0].tlsConfig.serverName',
        'serverName "auto" found no Service matching spec.selector {matchLabels: {control-plane: controller-manager}} in namespace "shop-system"; add the Service to the input or set tls.serverName to a literal; tlsConfig.serverName left unchanged',
      ),
    ]);
    expect(JSON.stringify(items[0])).not.toContain('serverName');
  });

  test('GIVEN two matching Services that both expose the port THEN an ambiguity error naming both', () => {
    const items = [serviceMonitor(), service('metrics-a'), service('metrics-b')];
    expect(unresolved(items)).toEqual([
      finding(
        SM_REF,
        'error',
        'server-name-unresolved',
        'spec.endpoints[0].tlsConfig.serverName',
        'serverName "auto" is ambiguous: 2 Services match spec.selector in namespace "shop-system" (metrics-a.shop-system, metrics-b.shop-system), and 2 of them expose port "https"; narrow spec.selector or set tls.serverName to a literal; tlsConfig.serverName left unchanged',
      ),
    ]);
  });

  test('GIVEN a monitor without namespace and without namespaceSelector THEN an error asking for a namespace', () => {
    const monitor = serviceMonitor();
    delete (monitor.metadata as { namespace?: unknown }).namespace;
    const ref = { ...SM_REF };
    delete ref.namespace;
    expect(unresolved([monitor, service()])).toEqual([
      finding(
        ref,
        'error',
        'server-name-unresolved',
        'spec.endpoints[0].tlsConfig.serverName',
        'serverName "auto" needs a namespace: the ServiceMonitor has no metadata.namespace and no spec.namespaceSelector.matchNames; set one, or set tls.serverName to a literal; tlsConfig.serverName left unchanged',
      ),
    ]);
  });

  test('GIVEN auto on a PodMonitor THEN an error: there is no Service relation', () => {
    expect(unresolved([podMonitor({ tlsConfig: {} }), service()])).toEqual([
      finding(
        PM_REF,
        'error',
        'server-name-unresolved',
        'spec.podMetricsEndpoints[0].tlsConfig.serverName',
        'serverName "auto" needs a Service, but a PodMonitor has no Service relation; set tls.serverName to a literal (a name in the target\'s certificate); tlsConfig.serverName left unchanged',
      ),
    ]);
  });

  test('GIVEN exactly one matching Service THEN serverName is set and nothing is unresolved', () => {
    const { items, results } = transform([serviceMonitor(), service()], autoConfig());
    expect(results.filter((r) => r.tags.code === 'server-name-unresolved')).toEqual([]);
    expect(items[0]?.spec).toMatchObject({ endpoints: [{ tlsConfig: { serverName: 'shop-controller-manager-metrics-service.shop-system.svc' } }] });
  });
});
