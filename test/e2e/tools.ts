/**
 * Shared helpers of the end-to-end suites (test/e2e/*.test.ts).
 *
 * The rule every suite follows: an external tool (kpt, kubectl, git, npm) or external data
 * (../shared/kubebuilder) that is missing makes the suite SKIP with a printed reason on a developer
 * machine, and FAIL when `CI=true` (CI must run every suite). Use it like this:
 *
 * ```ts
 * import { describeIf, requireTool } from './tools.js';
 *
 * const ready = requireTool('kpt') && requireTool('git');
 * describeIf(ready, 'kpt fn eval', () => { ... });
 * ```
 *
 * `requireTool` must be called at the top level of a test file (it may register a failing test).
 * Tests never write into the repository: copy what you need into `makeTempDir()`.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncOptions } from 'node:child_process';
import { accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (absolute, no trailing slash). */
export const REPO_ROOT: string = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');

/**
 * What users run: the package's `bin` (the bundle `npm run build` writes), not the tsc output
 * beside it — the suites test what ships, so a bundling mistake fails them.
 */
export const CLI: string = join(
  REPO_ROOT,
  (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['secure-monitors'] ?? 'missing-bin',
);

/** `CI=true`: missing tools and data are failures, not skips. */
export const IN_CI: boolean = process.env['CI'] === 'true';

/** The absolute path of `name` on PATH, or undefined. */
export function which(name: string, path: string = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Whether a suite's precondition holds. When it does not: prints why and returns false (the caller
 * skips), and when CI=true also registers a test that fails with `${what}; CI requires it`.
 */
export function requireCondition(ok: boolean, what: string): boolean {
  if (ok) return true;
  const file = currentTestFile();
  if (IN_CI) {
    test(`precondition: ${what}`, () => {
      throw new Error(`${what}; CI requires it`);
    });
  } else {
    // Not console.warn: jest hides the buffered console of a file whose tests were all skipped.
    process.stderr.write(`\n${file}: SKIPPED: ${what} (with CI=true this is a failure)\n`);
  }
  return false;
}

/** `requireTool('kpt')`: true when `kpt` is on PATH; otherwise skip locally, fail in CI. */
export function requireTool(name: string): boolean {
  return requireCondition(which(name) !== undefined, `${name} not found on PATH`);
}

/** `requireDir(path, 'the Kubebuilder trees')`: true when the folder exists; otherwise skip locally, fail in CI. */
export function requireDir(path: string, what: string): boolean {
  return requireCondition(existsSync(path), `${what} not found at ${path}`);
}

/** The built CLI must exist: e2e suites test dist/, so a missing build is always a failure. */
export function requireBuild(): boolean {
  if (existsSync(CLI)) return true;
  test('precondition: the package bin is built', () => {
    throw new Error(`${CLI} does not exist: run "npm run build" (npm run test:e2e builds first)`);
  });
  return false;
}

/** `describe` when `ready`, `describe.skip` otherwise (the reason was printed by requireTool). */
export function describeIf(ready: boolean, title: string, body: () => void): void {
  (ready ? describe : describe.skip)(title, body);
}

/** A fresh directory under os.tmpdir(); removed by `removeTempDirs()` (call it in afterAll). */
export function makeTempDir(prefix = 'secure-monitors-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

const tempDirs: string[] = [];

/** Removes every directory makeTempDir created (keeps them when KEEP_E2E_TMP=1, for debugging). */
export function removeTempDirs(): void {
  if (process.env['KEEP_E2E_TMP'] === '1') {
    console.warn(`kept temp dirs:\n${tempDirs.join('\n')}`);
    return;
  }
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Recursive copy (cp -r), following nothing outside `from`. */
export function copyDir(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
  /** `$ cmd args` plus both streams: put it in assertion messages. */
  transcript: string;
}

/** Runs a command synchronously; never throws on a non-zero exit. */
export function run(command: string, args: readonly string[], options: SpawnSyncOptions & { input?: string } = {}): RunResult {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000, ...options });
  if (result.error) throw result.error;
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  const status = result.status ?? (result.signal ? 128 : 1);
  const transcript = `$ ${command} ${args.join(' ')}\n[exit ${status}]\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
  return { status, stdout, stderr, transcript };
}

/** Writes an executable `#!/bin/sh` script `dir/name` running `exec <command> "$@"`. */
export function writeShim(dir: string, name: string, command: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  const quoted = command.map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
  writeFileSync(file, `#!/bin/sh\nexec ${quoted} "$@"\n`);
  chmodSync(file, 0o755);
  return file;
}

/**
 * A bin folder with a `secure-monitors` executable that runs this repository's package bin, the
 * way `npm install -g secure-monitors` would put one on PATH (Kptfiles say `exec: secure-monitors`).
 * Returns an env whose PATH starts with that folder.
 */
export function envWithSecureMonitors(binDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  writeShim(binDir, 'secure-monitors', [process.execPath, CLI]);
  return { ...process.env, ...extra, PATH: `${binDir}${delimiter}${process.env['PATH'] ?? ''}` };
}

/** `git init` + commit of everything in `dir` (kpt catalog tests diff against this). */
export function gitInit(dir: string): void {
  for (const args of [
    ['init', '-q'],
    ['add', '-A'],
    ['commit', '-q', '--allow-empty', '-m', 'initial'],
  ]) {
    const result = run('git', args, { cwd: dir, env: gitEnv() });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${dir}\n${result.transcript}`);
  }
}

/** Commits every change in `dir` (to diff a second run against the first). */
export function gitCommitAll(dir: string, message = 'next'): void {
  for (const args of [
    ['add', '-A'],
    ['commit', '-q', '--allow-empty', '-m', message],
  ]) {
    const result = run('git', args, { cwd: dir, env: gitEnv() });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${dir}\n${result.transcript}`);
  }
}

/**
 * `git diff` of the work tree including new files, with stable headers (no index hashes).
 * `relativeTo` (a folder inside `dir`) limits the diff to it, with paths relative to it.
 */
export function gitDiff(dir: string, relativeTo?: string): string {
  const env = gitEnv();
  const add = run('git', ['add', '-A', '--intent-to-add'], { cwd: dir, env });
  if (add.status !== 0) throw new Error(add.transcript);
  const scope = relativeTo === undefined ? [] : [`--relative=${relativeTo}`];
  const diff = run('git', ['diff', '--no-color', '--no-ext-diff', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/', ...scope], { cwd: dir, env });
  if (diff.status !== 0) throw new Error(diff.transcript);
  // "index 1a2b3c..4d5e6f 100644" lines change with every content hash; they add nothing to review.
  return diff.stdout.replace(/^index [0-9a-f]+\.\.[0-9a-f]+( \d+)?\n/gm, '');
}

/** A git environment independent of the user's config (no signing, fixed identity and dates). */
export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'e2e',
    GIT_AUTHOR_EMAIL: 'e2e@example.invalid',
    GIT_COMMITTER_NAME: 'e2e',
    GIT_COMMITTER_EMAIL: 'e2e@example.invalid',
    GIT_AUTHOR_DATE: '2000-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2000-01-01T00:00:00Z',
  };
}

/** `UPDATE_EXPECTED=1` rewrites .expected/ goldens instead of comparing (review the diff after). */
export const UPDATE_EXPECTED: boolean = process.env['UPDATE_EXPECTED'] === '1';

function currentTestFile(): string {
  const path = expect.getState().testPath ?? 'e2e';
  return path.startsWith(REPO_ROOT) ? path.slice(REPO_ROOT.length + 1) : path;
}
