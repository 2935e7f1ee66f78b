/**
 * The shapes of what a person reads on stderr (README "Results and exit codes"), as golden files in test/stderr/:
 * regenerate with UPDATE_GOLDEN=1 and review the diff. The results are built here, not taken from a
 * run, so a changed check message does not move these files; test/core/cli.test.ts covers the CLI.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Progress, stderrReport, summaryLine } from '../../src/io/stderr.js';
import type { Verbosity } from '../../src/io/stderr.js';
import type { Result } from '../../src/types.js';

const DIR = join('test', 'stderr');
const ref = (name: string): Result['resourceRef'] => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', name, namespace: 'shop' });

function change(i: number, code: string, field: string): Result {
  return {
    message: `set ${field} to x${i}`,
    severity: 'info',
    resourceRef: ref(`m${i}`),
    field: { path: `spec.endpoints[0].tlsConfig.${field}`, proposedValue: `x${i}` },
    tags: { code },
  };
}

/** A large run: 12,408 changes over three codes, one error, two warnings, three notes, in run order. */
function largeRun(): Result[] {
  const results: Result[] = [];
  for (let i = 0; i < 8000; i++) results.push(change(i, 'tls', 'ca'));
  for (let i = 0; i < 4000; i++) results.push(change(i, 'server-name', 'serverName'));
  for (let i = 0; i < 408; i++)
    results.push({ ...change(i, 'scheme', 'scheme'), field: { path: 'spec.endpoints[0].scheme', currentValue: 'http', proposedValue: 'https' } });
  results.splice(10, 0, {
    message: 'serverName "auto" found no Service matching spec.selector',
    severity: 'error',
    resourceRef: ref('lost'),
    field: { path: 'spec.endpoints[0].tlsConfig.serverName' },
    tags: { code: 'server-name-unresolved' },
  });
  results.splice(20, 0, {
    message: 'bearerTokenFile reads a file of the Prometheus container',
    severity: 'warning',
    resourceRef: ref('m1'),
    field: { path: 'spec.endpoints[0].bearerTokenFile' },
    tags: { code: 'file-credentials' },
  });
  results.push({
    message: 'tlsConfig.insecureSkipVerify is true',
    severity: 'warning',
    resourceRef: ref('m2'),
    field: { path: 'spec.endpoints[0].tlsConfig.insecureSkipVerify' },
    tags: { code: 'insecure-skip-verify' },
  });
  for (const name of ['a', 'b', 'c']) {
    results.push({
      message: `Secret ${name} is not in the input`,
      severity: 'info',
      resourceRef: ref('m3'),
      field: { path: 'spec.endpoints[0].tlsConfig.ca.secret' },
      tags: { code: 'secret-reference' },
    });
  }
  // A removal is a change too (it carries the value it removes).
  results.push({
    message: 'remove caFile: ca is set',
    severity: 'info',
    resourceRef: ref('m4'),
    field: { path: 'spec.endpoints[0].tlsConfig.caFile', currentValue: '/etc/ca.crt' },
    tags: { code: 'file-field-removed' },
  });
  return results;
}

function golden(name: string, text: string): void {
  const file = join(DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npm run jest -- test/core/stderr.test.ts and review it`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const report = (results: readonly Result[], verbosity?: Verbosity): string => [...stderrReport(results, verbosity)].join('');

describe('stderr report (golden)', () => {
  test('normal: errors and warnings one per line, changes and notes counted per code, the summary last', () => {
    const text = report(largeRun());
    golden('normal.txt', text);
    expect(text.split('\n')).toHaveLength(6 + 1);
    expect(text).toContain('\n12,409 changes: tls 8,000, server-name 4,000, scheme 408, file-field-removed 1\n3 notes: secret-reference 3\n');
    expect(text.endsWith('secure-monitors: 1 error, 2 warnings, 12,409 changes, 3 notes\n')).toBe(true);
  });

  test('verbose: every result one per line, in run order, then the summary', () => {
    const results = largeRun();
    const text = report(results, 'verbose');
    const lines = text.split('\n');
    expect(lines).toHaveLength(results.length + 2);
    expect(lines[10]).toBe(
      '[error] monitoring.coreos.com/v1/ServiceMonitor/shop/lost spec.endpoints[0].tlsConfig.serverName: serverName "auto" found no Service matching spec.selector',
    );
    golden('verbose-head.txt', lines.slice(0, 25).join('\n') + '\n…\n' + lines.slice(-6).join('\n'));
  });

  test('quiet: only the error lines, no summary', () => {
    golden('quiet.txt', report(largeRun(), 'quiet'));
    expect(report(largeRun(), 'quiet').split('\n').filter(Boolean)).toHaveLength(1);
  });

  test('nothing to report: the summary line all the same (quiet: nothing)', () => {
    golden('empty.txt', report([]));
    expect(report([])).toBe('secure-monitors: 0 errors, 0 warnings, 0 changes, 0 notes\n');
    expect(report([], 'quiet')).toBe('');
  });

  test('singular and plural, thousands separated', () => {
    expect(summaryLine({ error: 1, warning: 1, change: 1, note: 1 })).toBe('secure-monitors: 1 error, 1 warning, 1 change, 1 note');
    expect(summaryLine({ error: 1234567, warning: 0, change: 1000, note: 999 })).toBe(
      'secure-monitors: 1,234,567 errors, 0 warnings, 1,000 changes, 999 notes',
    );
  });
});

describe('progress on a terminal', () => {
  test('not before the delay, then at most every interval, rewritten in place; done() erases it', () => {
    const written: string[] = [];
    let now = 0;
    const progress = new Progress(
      (t) => written.push(t),
      () => now,
      1000,
      200,
    );
    progress.update(0, 50_000);
    now = 900;
    progress.update(256, 50_000);
    expect(written).toEqual([]);
    now = 1000;
    progress.update(12_000, 50_000);
    now = 1100;
    progress.update(12_256, 50_000);
    now = 1200;
    progress.update(12_512, 50_000);
    progress.done();
    expect(written).toEqual(['\r\x1b[2Ksecure-monitors: 12,000 / 50,000 items', '\r\x1b[2Ksecure-monitors: 12,512 / 50,000 items', '\r\x1b[2K']);
  });

  test('a short run shows nothing and erases nothing', () => {
    const written: string[] = [];
    const progress = new Progress(
      (t) => written.push(t),
      () => 0,
    );
    progress.update(0, 10);
    progress.done();
    expect(written).toEqual([]);
  });
});
