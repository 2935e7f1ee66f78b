/**
 * `secure-monitors … | head` : the reader closes the pipe before the output is written. Node then
 * fails the next write with EPIPE; unhandled, that printed a stack trace ("Error: write EPIPE …
 * Unhandled 'error' event") and exited 1. Now the rest of the output is dropped quietly and the
 * run ends as it would have (exit 0 here, summary on stderr).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { assertBuilt, CLI } from './run-cli.js';

function manyMonitors(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: ns, labels: {app: a${i}}}\nspec:\n  ports: [{name: https, port: 8443}]\n`,
      `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m${i}, namespace: ns}\nspec:\n  selector: {matchLabels: {app: a${i}}}\n  endpoints:\n  - port: https\n    path: /metrics\n`,
    );
  }
  return docs.join('---\n');
}

test('a reader that closes the pipe early gets no stack trace, and the run ends normally', async () => {
  assertBuilt();
  // ~1.5 MB of output: far more than a pipe holds, so writes are still pending when the reader goes.
  const input = manyMonitors(2000);
  const child = spawn(process.execPath, [CLI, '-d', 'server-name=auto'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.once('data', () => child.stdout.destroy());
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event|\n\s+at \S+/);
  expect(stderr).toContain('secure-monitors: 0 errors, 0 warnings, 4,000 changes, 0 notes');
  expect(code).toBe(0);
}, 30_000);

// Linux has a device that fails every write with ENOSPC: a real write error, not a reader leaving.
(existsSync('/dev/full') ? test : test.skip)('any other write error is reported and exits 1 (the environment, not a bug)', () => {
  assertBuilt();
  const out = openSync('/dev/full', 'w');
  try {
    const run = spawnSync(process.execPath, [CLI, '-d', 'server-name=auto'], { input: manyMonitors(50), stdio: ['pipe', out, 'pipe'] });
    expect(run.stderr.toString('utf8')).toContain('secure-monitors: cannot write the output: ENOSPC');
    expect(run.status).toBe(1);
  } finally {
    closeSync(out);
  }
});
