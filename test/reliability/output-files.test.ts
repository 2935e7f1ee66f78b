/**
 * `-o` and `--results` against what a path can be (review findings F3–F9, docs/guarantees.md): a regular file (replaced
 * atomically, mode kept, nothing left behind), a symlink (written through to its target, still a
 * link), a device or FIFO (written through), a directory or a missing directory (a clear error,
 * exit 1); and stdout / stderr / stdin that fail (full disk, closed early, opened the wrong way).
 * Every case runs the built CLI in a child process.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, CLI, runCli } from './run-cli.js';

const MONITOR =
  'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: ns}\nspec:\n  selector: {}\n  endpoints:\n  - port: https\n';
const ARGS = ['-i', 'in.yaml', '-d', 'server-name=m.ns.svc'];

function sandbox(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sm-output-files-'));
  writeFileSync(join(dir, 'in.yaml'), MONITOR);
  return dir;
}

/** What the run writes to stdout without -o: the reference for every file case. */
function expectedOutput(dir: string): Buffer {
  const run = runCli({ args: ARGS, cwd: dir });
  expect(run.code).toBe(0);
  return run.stdout;
}

beforeAll(assertBuilt);

describe('-o and --results: what the path is', () => {
  test('a regular file is replaced with the output and keeps its mode (0600 stays 0600)', () => {
    const dir = sandbox();
    writeFileSync(join(dir, 'out.yaml'), 'old\n');
    writeFileSync(join(dir, 'results.yaml'), 'old\n');
    chmodSync(join(dir, 'out.yaml'), 0o600);
    chmodSync(join(dir, 'results.yaml'), 0o640);
    const run = runCli({ args: [...ARGS, '-o', 'out.yaml', '--results', 'results.yaml'], cwd: dir });
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'out.yaml'))).toEqual(expectedOutput(dir));
    expect(readFileSync(join(dir, 'results.yaml'), 'utf8')).toContain('code: server-name');
    expect(statSync(join(dir, 'out.yaml')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'results.yaml')).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['in.yaml', 'out.yaml', 'results.yaml']);
  });

  test('a symlink stays a symlink; the file it names gets the output', () => {
    const dir = sandbox();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'out.yaml'), 'old\n');
    chmodSync(join(dir, 'real', 'out.yaml'), 0o600);
    symlinkSync(join('real', 'out.yaml'), join(dir, 'link.yaml'));
    symlinkSync(join('real', 'new.yaml'), join(dir, 'dangling.yaml'));
    const run = runCli({ args: [...ARGS, '-o', 'link.yaml', '--results', 'dangling.yaml'], cwd: dir });
    expect(run.code).toBe(0);
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.yaml'))).toBe(join('real', 'out.yaml'));
    expect(readFileSync(join(dir, 'real', 'out.yaml'))).toEqual(expectedOutput(dir));
    expect(statSync(join(dir, 'real', 'out.yaml')).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(dir, 'dangling.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real', 'new.yaml'), 'utf8')).toContain('code: server-name');
    expect(readdirSync(join(dir, 'real')).sort()).toEqual(['new.yaml', 'out.yaml']);
  });

  // Through a link in the sandbox: the old code, run as root, replaced /dev/stdout itself with a file.
  test.each(['/dev/fd/1', 'link-to-stdout'])('-o %s writes to stdout (was: replaced by a file, or an internal error)', (path) => {
    const dir = sandbox();
    symlinkSync('/dev/stdout', join(dir, 'link-to-stdout'));
    const run = runCli({ args: [...ARGS, '-o', path], cwd: dir });
    expect(run.stderr).not.toMatch(/cannot write|internal error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toEqual(expectedOutput(dir));
    expect(lstatSync(join(dir, 'link-to-stdout')).isSymbolicLink()).toBe(true);
  });

  test('-o /dev/fd/1 when stdout is a file writes into that file, which stays the same file', () => {
    const dir = sandbox();
    const target = join(dir, 'redirected.yaml');
    const fd = openSync(target, 'w');
    const inode = statSync(target).ino;
    try {
      const run = spawnSync(process.execPath, [CLI, ...ARGS, '-o', '/dev/fd/1'], { cwd: dir, stdio: ['ignore', fd, 'pipe'] });
      expect(run.status).toBe(0);
    } finally {
      closeSync(fd);
    }
    expect(statSync(target).ino).toBe(inode);
    expect(readFileSync(target)).toEqual(expectedOutput(dir));
  });

  (existsSync('/usr/bin/mkfifo') || existsSync('/bin/mkfifo') ? test : test.skip)('a FIFO is written through, not replaced by a file', async () => {
    const dir = sandbox();
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const readerDone = new Promise<void>((resolve) => reader.on('close', () => resolve()));
    const run = runCli({ args: [...ARGS, '-o', 'pipe'], cwd: dir, timeoutMs: 5000 });
    // Replaced by a file, the FIFO would never get a writer and `cat` would wait forever.
    const timer = setTimeout(() => reader.kill(), 3000);
    await readerDone;
    clearTimeout(timer);
    expect(run.code).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(Buffer.concat(chunks)).toEqual(expectedOutput(dir));
  });

  test.each([
    ['a directory', '.', 'secure-monitors: cannot write .: it is a directory; give a file name'],
    ['a missing directory', 'nope/out.yaml', 'secure-monitors: cannot write nope/out.yaml: the directory nope does not exist'],
    // A link in the sandbox: the old code, run as root, replaced /dev/full itself with a file.
    ['a full disk (a link to /dev/full)', 'full', 'secure-monitors: cannot write full: no space left on the device'],
  ])('-o to %s: exit 1, says why, nothing left behind', (_, path, message) => {
    if (path === 'full' && !existsSync('/dev/full')) return;
    for (const flag of ['-o', '--results']) {
      const dir = sandbox();
      if (path === 'full') symlinkSync('/dev/full', join(dir, 'full'));
      const run = runCli({ args: [...ARGS, flag, path], cwd: dir });
      expect({ code: run.code, stderr: run.stderr.split('\n')[0] }).toEqual({ code: 1, stderr: message });
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(run.stdout.toString()).toBe('');
      expect(readdirSync(dir).sort()).toEqual(path === 'full' ? ['full', 'in.yaml'] : ['in.yaml']);
      if (path === 'full') expect(lstatSync(join(dir, 'full')).isSymbolicLink()).toBe(true);
    }
  });

  test('the temp file is created exclusively, never through a link, under a name nobody can guess', () => {
    const dir = sandbox();
    // Records every open of a `.tmp` file with its flags (the CLI's bundle calls fs.openSync through the module).
    writeFileSync(
      join(dir, 'spy.cjs'),
      `const fs = require('node:fs'); const open = fs.openSync;
       fs.openSync = function (path, flags, mode) { if (String(path).endsWith('.tmp')) process.stderr.write('OPEN ' + path + ' ' + flags + '\\n'); return open.apply(this, arguments); };
       const write = fs.writeFileSync; fs.writeFileSync = function (path) { if (String(path).endsWith('.tmp')) process.stderr.write('WRITEFILE ' + path + '\\n'); return write.apply(this, arguments); };`,
    );
    writeFileSync(join(dir, 'out.yaml'), 'old\n');
    const run = runCli({ args: [...ARGS, '-o', 'out.yaml'], cwd: dir, nodeFlags: ['--require', join(dir, 'spy.cjs')] });
    expect(run.code).toBe(0);
    const opens = run.stderr.split('\n').filter((line) => line.startsWith('OPEN ') || line.startsWith('WRITEFILE '));
    expect(opens).toHaveLength(1);
    const [, path, flags] = (opens[0] as string).split(' ');
    expect(path).toMatch(/^\.out\.yaml\.[0-9a-f]{24}\.tmp$/);
    const { O_CREAT, O_EXCL, O_NOFOLLOW } = constants;
    expect(Number(flags) & (O_CREAT | O_EXCL | O_NOFOLLOW)).toBe(O_CREAT | O_EXCL | O_NOFOLLOW);
  });

  test('a write that fails half way leaves the old file and no temp file', () => {
    const dir = sandbox();
    writeFileSync(join(dir, 'out.yaml'), 'old\n');
    writeFileSync(
      join(dir, 'full.cjs'),
      `const fs = require('node:fs'); const open = fs.openSync; const write = fs.writeSync; const temps = new Set();
       fs.openSync = function (path) { const fd = open.apply(this, arguments); if (String(path).endsWith('.tmp')) temps.add(fd); return fd; };
       fs.writeSync = function (fd) { if (temps.has(fd)) { const e = new Error('ENOSPC: no space left on device, write'); e.code = 'ENOSPC'; throw e; } return write.apply(this, arguments); };`,
    );
    const run = runCli({ args: [...ARGS, '-o', 'out.yaml'], cwd: dir, nodeFlags: ['--require', join(dir, 'full.cjs')] });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('secure-monitors: cannot write out.yaml: no space left on the device\n');
    expect(readFileSync(join(dir, 'out.yaml'), 'utf8')).toBe('old\n');
    expect(readdirSync(dir).sort()).toEqual(['full.cjs', 'in.yaml', 'out.yaml']);
  });
});

describe('stdout, stderr and stdin that fail', () => {
  (existsSync('/dev/full') ? test : test.skip)('stdout on a full disk with -i FILE: exit 1 and why (was exit 0)', () => {
    const dir = sandbox();
    const out = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [CLI, ...ARGS], { cwd: dir, stdio: ['ignore', out, 'pipe'] });
      expect(run.stderr.toString('utf8').split('\n')[0]).toBe('secure-monitors: cannot write the output: ENOSPC: no space left on the device');
      expect(run.status).toBe(1);
    } finally {
      closeSync(out);
    }
  });

  test('stderr closed early (2>&1 | head): no crash, the exit code is the run’s', async () => {
    const dir = sandbox();
    const stream = Array.from({ length: 400 }, (_, i) => MONITOR.replace('name: m,', `name: m${i},`)).join('---\n');
    writeFileSync(join(dir, 'many.yaml'), stream);
    const child = spawn(process.execPath, [CLI, '-i', 'many.yaml', '-d', 'server-name=m.ns.svc', '-o', 'out.yaml'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'out.yaml'), 'utf8')).toContain('name: m399');
  });

  test('stdin that cannot be read (opened write-only): exit 1 and why (was an internal error)', () => {
    const dir = sandbox();
    const fd = openSync(join(dir, 'in.yaml'), 'a');
    try {
      const run = spawnSync(process.execPath, [CLI, '-d', 'server-name=m.ns.svc'], { cwd: dir, stdio: [fd, 'pipe', 'pipe'] });
      expect(run.stderr.toString('utf8')).toBe(
        'secure-monitors: cannot read input from stdin: EBADF: it is not open for that (closed, or opened the other way); pipe the input or pass -i FILE\n',
      );
      expect(run.status).toBe(1);
      expect(run.stdout.toString('utf8')).toBe('');
    } finally {
      closeSync(fd);
    }
  });
});
