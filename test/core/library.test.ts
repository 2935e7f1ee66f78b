/** The library entry (src/index.ts): `run(items, config)` is the pure core behind the CLI. */
import { ConfigError, InputError, processText, run } from '../../src/index.js';
import type { KubeObject } from '../../src/index.js';
import { stringify } from 'yaml';

const monitor = (): KubeObject => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name: 'shop-monitor', namespace: 'shop' },
  spec: { selector: { matchLabels: { app: 'shop' } }, endpoints: [{ port: 'https', scheme: 'https' }] },
});
const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'shop-metrics', namespace: 'shop', labels: { app: 'shop' } },
  spec: { ports: [{ name: 'https', port: 8443 }] },
};
const configMapConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { 'server-name': 'auto', 'ca-secret': 'shop-ca' } };

describe('run()', () => {
  test('GIVEN objects and a ConfigMap config THEN the changed monitor, the untouched items as the same references, and the results', () => {
    const input = [monitor(), service];
    const before = structuredClone(input);
    const { items, results } = run(input, configMapConfig);
    expect(items[1]).toBe(service);
    expect(items[0]).not.toBe(input[0]);
    expect(items[0]?.spec).toMatchObject({ endpoints: [{ tlsConfig: { serverName: 'shop-metrics.shop.svc', ca: { secret: { name: 'shop-ca' } } } }] });
    expect(results.map((r) => r.tags?.code)).toContain('server-name');
    expect(input).toEqual(before); // the input is never changed
  });

  test('GIVEN no config THEN checks only: nothing changes', () => {
    const input = [monitor(), service];
    const { items } = run(input);
    expect(items).toEqual(input);
    items.forEach((item, i) => expect(item).toBe(input[i]));
  });

  test('GIVEN the same input and config THEN run() says what the CLI path (processText) says', () => {
    const input = [monitor(), service];
    const viaText = processText(input.map((item) => stringify(item)).join('---\n'), { configObject: configMapConfig });
    expect(run(input, configMapConfig).results.map((r) => r.message)).toEqual(viaText.results.map((r) => r.message));
  });

  test('GIVEN an item that is not an object, or one without apiVersion / kind THEN InputError naming it', () => {
    expect(() => run([monitor(), 'text'])).toThrow(new InputError('items[1] is not an object'));
    expect(() => run([{ kind: 'Service' }])).toThrow(new InputError('items[0] has no apiVersion or kind'));
  });

  test('GIVEN an invalid config THEN ConfigError', () => {
    expect(() => run([monitor()], { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn' }, data: { 'no-such-key': 'x' } })).toThrow(ConfigError);
  });
});
