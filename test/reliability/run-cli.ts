/**
 * Runs the built CLI (the package's bin, from `npm run build`) in a child process, the way kpt, kustomize
 * and pipelines do: real exit code, real stdout and stderr bytes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT: string = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');
/** What ships: the package's `bin` (dist/cli.js when the bin has not been built, e.g. after a bare `tsc`). */
export const CLI: string = ((): string => {
  const bin = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin?: Record<string, string> }).bin?.['secure-monitors'];
  const shipped = bin !== undefined ? join(REPO_ROOT, bin) : undefined;
  if (shipped !== undefined && existsSync(shipped)) return shipped;
  if (shipped !== undefined) console.warn(`${shipped} (package.json bin) is not built; testing dist/cli.js instead (npm run build builds both)`);
  return join(REPO_ROOT, 'dist', 'cli.js');
})();

export interface CliRun {
  /** null when the process was killed (timeout, out of memory abort). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  seconds: number;
}

export interface CliOptions {
  args?: string[];
  stdin?: string | Buffer;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Node flags before the script, e.g. `--max-old-space-size=256` or `--import=preload.mjs`. */
  nodeFlags?: string[];
  timeoutMs?: number;
}

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does)`);
}

export function runCli(options: CliOptions = {}): CliRun {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [...(options.nodeFlags ?? []), CLI, ...(options.args ?? [])], {
    input: options.stdin ?? '',
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? { PATH: process.env['PATH'] ?? '' },
    timeout: options.timeoutMs ?? 20_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { code: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr.toString('utf8'), seconds };
}
