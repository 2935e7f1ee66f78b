/**
 * `npm run gen` without the shared CRDs (a clone without ../shared): it says what is missing and
 * where it is expected, exits 1, and prints no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('gen-schemas with a CRD directory that does not exist: what, where, which option; exit 1; nothing written', () => {
  const out = mkdtempSync(join(tmpdir(), 'sm-gen-'));
  const missing = join(out, 'no-such-crds');
  const run = spawnSync(process.execPath, ['scripts/gen-schemas.mjs', '--crds', missing, '--out', out], { encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(`gen: the directory ${missing} does not exist.`);
  expect(run.stderr).toContain('Prometheus Operator v0.93.0');
  expect(run.stderr).toMatch(/expected beside it at \S+[\\/]shared[\\/]crds\./);
  expect(run.stderr).toContain('pass --crds DIR');
  expect(run.stderr).not.toMatch(/\n\s+at \S+|Error:/);
  expect(readdirSync(out)).toEqual([]);
});
