/**
 * The target-side examples (README "Who may scrape"): each failure is predicted from the package as it is,
 * and gone once the example's own config is applied (kpt runs them in test/e2e/kpt.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { processText } from '../../src/process.js';

const EXAMPLES = join(process.cwd(), 'examples');
const stream = (dir: string, files: string[]): string => files.map((f) => readFileSync(join(EXAMPLES, dir, f), 'utf8')).join('---\n');
const configOf = (dir: string): unknown => parse(readFileSync(join(EXAMPLES, dir, 'fn-config.yaml'), 'utf8'));
const codes = (text: string, options: Parameters<typeof processText>[1] = {}): string[] =>
  processText(text, options)
    .results.filter((r) => r.severity !== 'info' || r.message.startsWith('added') || r.message.startsWith('cannot'))
    .map((r) => `${r.severity} ${r.tags.code}`);

describe('examples/pushgateway-basic-auth: the 401 detected, then fixed', () => {
  const text = stream('pushgateway-basic-auth', ['resources.yaml']);
  test('GIVEN the chart 2.14.0 output THEN target-auth predicts the 401; WITH the example config THEN it is gone', () => {
    expect(codes(text)).toEqual(['error target-auth']);
    expect(codes(text, { configObject: configOf('pushgateway-basic-auth') })).toEqual([]);
  });
});

describe('examples/kubebuilder-scraper-rbac: the 403 predicted, then bound', () => {
  const text = stream('kubebuilder-scraper-rbac', ['rbac/metrics_reader_role.yaml', 'manager.yaml', 'monitor.yaml']);
  test('GIVEN prometheus-k8s as the scraper THEN scraper-rbac warns; WITH rbac.bind THEN one binding is added and the warning is gone', () => {
    expect(codes(text, { set: { scraper: 'monitoring/prometheus-k8s' } })).toEqual([
      'warning file-credentials',
      'warning insecure-skip-verify',
      'warning scraper-rbac',
    ]);
    const bound = processText(text, { configObject: configOf('kubebuilder-scraper-rbac') });
    expect(bound.results.filter((r) => r.tags.code === 'scraper-rbac').map((r) => `${r.severity} ${r.message.slice(0, 80)}`)).toEqual([
      'info added ClusterRoleBinding inventory-metrics-reader-monitoring-prometheus-k8s: bin',
    ]);
    expect(bound.output.startsWith(text)).toBe(true);
    expect(bound.output.slice(text.length).match(/^kind: ClusterRoleBinding$/gm)).toHaveLength(1);
    // The output, run again: nothing added, nothing to say.
    const again = processText(bound.output, { configObject: configOf('kubebuilder-scraper-rbac') });
    expect(again.output).toBe(bound.output);
    expect(again.results.filter((r) => r.tags.code === 'scraper-rbac')).toEqual([]);
  });
});

describe('examples/kubelet-migrate: file credentials migrated for a deny-file-access collector', () => {
  const text = stream('kubelet-migrate', ['kubelet.yaml']);
  test('GIVEN the monitor THEN file-credentials warns; WITH migrate THEN no file field is left and the identity is added once', () => {
    expect(codes(text).filter((c) => c.endsWith('file-credentials'))).toEqual([
      'warning file-credentials',
      'warning file-credentials',
      'warning file-credentials',
      'warning file-credentials',
    ]);
    const migrated = processText(text, { configObject: configOf('kubelet-migrate') });
    expect(migrated.output).not.toMatch(/bearerTokenFile|caFile/);
    expect(migrated.output.match(/^kind: (ServiceAccount|Secret)$/gm)).toEqual(['kind: ServiceAccount', 'kind: Secret']);
    expect(migrated.results.filter((r) => r.severity === 'warning' && r.tags.code === 'file-credentials')).toEqual([]);
    const again = processText(migrated.output, { configObject: configOf('kubelet-migrate') });
    expect(again.output).toBe(migrated.output);
  });
});
