import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const committedGen = join(repoRoot, 'gen');
// The script's default --crds and --keda-crds; the pinned CRDs live outside the repository.
const crdDir = join(repoRoot, '..', 'shared', 'crds', 'prometheus-operator-v0.93.0');
const kedaCrdDir = join(repoRoot, '..', 'shared', 'crds', 'keda-v2.20.2');
const crdsPresent = existsSync(crdDir) && existsSync(kedaCrdDir);
const inCi = process.env['CI'] === 'true';

function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name), root) : [relative(root, join(dir, entry.name))]))
    .sort();
}

if (!crdsPresent && !inCi) {
  console.warn(`gen-fresh: skipped, the pinned CRDs are not at ${crdDir} and ${kedaCrdDir} (this is a failure when CI=true)`);
}

describe('gen/ is what scripts/gen-schemas.mjs produces', () => {
  if (!crdsPresent) {
    (inCi ? test : test.skip)('the pinned CRDs are present', () => {
      throw new Error(`the pinned CRDs are not at ${crdDir} and ${kedaCrdDir}: gen/ cannot be checked`);
    });
    return;
  }

  let freshGen = '';
  beforeAll(() => {
    freshGen = mkdtempSync(join(tmpdir(), 'secure-monitors-gen-'));
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'gen-schemas.mjs'), '--crds', crdDir, '--keda-crds', kedaCrdDir, '--out', freshGen], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  });
  afterAll(() => {
    if (freshGen !== '') rmSync(freshGen, { recursive: true, force: true });
  });

  test('THEN the same files exist', () => {
    expect(listFiles(committedGen)).toEqual(listFiles(freshGen));
  });

  test('THEN every file is byte-identical (run `node scripts/gen-schemas.mjs` to refresh)', () => {
    const stale = listFiles(freshGen).filter((file) => {
      const committed = join(committedGen, file);
      return !existsSync(committed) || !readFileSync(committed).equals(readFileSync(join(freshGen, file)));
    });
    expect(stale).toEqual([]);
  });
});
