/**
 * Review finding F1 (docs/guarantees.md): output and time must not grow as endpoints × candidates. A message lists at most
 * LIST_LIMIT entries ("…, and N more"), and what a monitor's selector finds is computed once per
 * monitor, not once per endpoint. Both run the built CLI on generated inputs.
 */
import { boundedJoin, boundedJoinOf, boundedList, formatValue, LIST_LIMIT } from '../../src/format.js';
import { listQuoted } from '../../src/checks/fields.js';
import { assertBuilt, runCli } from './run-cli.js';

const names = (n: number, prefix: string): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** One ServiceMonitor with `count` matchNames and `count` endpoints; its one Service is in none of them. */
function manyNamespaces(count: number): string {
  return [
    'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: other, labels: {app: a}}\nspec: {ports: [{name: https, port: 443}]}',
    `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: ns0}\nspec:\n  selector: {matchLabels: {app: a}}\n  namespaceSelector: {matchNames: [${names(count, 'ns').join(', ')}]}\n  endpoints:\n${'  - port: https\n'.repeat(count)}`,
  ].join('\n---\n');
}

/** `count` Services with `count` labels each, a monitor whose selector has `count` matchExpressions, 10 × `count` endpoints. */
function manyExpressions(count: number): string {
  const labels = names(count, 'k')
    .map((k) => `${k}: v`)
    .join(', ');
  const services = names(count, 's').map(
    (s) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${s}, namespace: ns, labels: {${labels}}}\nspec: {ports: [{name: https, port: 443}]}`,
  );
  const expressions = names(count, 'k')
    .map((k) => `{key: ${k}, operator: Exists}`)
    .join(', ');
  const monitor = `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: ns}\nspec:\n  selector: {matchExpressions: [${expressions}]}\n  endpoints:\n${'  - port: https\n'.repeat(count * 10)}`;
  return [...services, monitor].join('\n---\n');
}

describe('lists in messages are bounded', () => {
  test('boundedList / boundedJoin / listQuoted / formatValue show the first LIST_LIMIT entries and count the rest', () => {
    expect(LIST_LIMIT).toBe(10);
    expect(boundedList(['a', 'b', 'c'])).toBe('a, b and c');
    expect(boundedList(names(12, 'x'), 'or')).toBe('x0, x1, x2, x3, x4, x5, x6, x7, x8, x9 or 2 more');
    expect(boundedJoin(names(10, 'x'))).toBe('x0, x1, x2, x3, x4, x5, x6, x7, x8, x9');
    expect(boundedJoin(names(11, 'x'))).toBe('x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, and 1 more');
    expect(boundedJoinOf(names(8000, 'n'), (n) => `"${n}"`)).toBe('"n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9", and 7990 more');
    expect(listQuoted(['a', 'b'])).toBe('"a" and "b"');
    expect(listQuoted(names(13, 'k'))).toBe('"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9" and 3 more');
    expect(formatValue(names(12, 'v'))).toBe('[v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, and 2 more]');
    expect(formatValue(Object.fromEntries(names(11, 'k').map((k) => [k, 1])))).toBe(
      '{k0: 1, k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1, k8: 1, k9: 1, and 1 more}',
    );
    expect(formatValue({ matchLabels: { app: 'a' } })).toBe('{matchLabels: {app: a}}');
  });
});

describe('output and time do not grow as endpoints × candidates (spawned CLI)', () => {
  beforeAll(assertBuilt);

  test('2,000 matchNames × 2,000 endpoints: each message names 10 namespaces and counts the rest (was 38 MB of stderr)', () => {
    const run = runCli({ args: ['-d', 'server-name=auto'], stdin: manyNamespaces(2000), timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('[error]') || l.startsWith('error'));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(run.stderr).toContain('in namespaces "ns0", "ns1", "ns2", "ns3", "ns4", "ns5", "ns6", "ns7", "ns8", "ns9", and 1990 more;');
    expect(run.stderr).not.toContain('"ns10"');
    expect(run.stderr.length).toBeLessThan(2_000_000);
  }, 60_000);

  test('200 matchExpressions × 200 Services × 2,000 endpoints: the Service lookup runs once per monitor (was 22 s)', () => {
    const run = runCli({ args: ['-d', 'server-name=auto'], stdin: manyExpressions(200), timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'serverName "auto" is ambiguous: 200 Services match spec.selector in namespace "ns" (s0.ns, s1.ns, s2.ns, s3.ns, s4.ns, s5.ns, s6.ns, s7.ns, s8.ns, s9.ns, and 190 more)',
    );
    expect(run.seconds).toBeLessThan(12);
  }, 60_000);
});
