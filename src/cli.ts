#!/usr/bin/env node
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isUtf8 } from 'node:buffer';
import { parseArgs } from 'node:util';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, InputError } from './errors.js';
import { processText } from './process.js';
import { stringifyResults } from './io/results-file.js';
import { ChunkedInputDecoder, describeYamlError } from './io/read.js';
import { Progress, stderrReport } from './io/stderr.js';
import { toSarif } from './io/sarif.js';
import { codeHelp } from './codes.js';
import type { Result } from './types.js';
import { setOwn } from './types.js';
import { oneLine } from './results.js';
import { openDescriptorOf, OutputFileError, writeOutputFile } from './io/files.js';

const HELP = `secure-monitors — merge TLS and auth into Prometheus Operator monitors, derive serverName, check the result

Usage:
  secure-monitors [options] < input.yaml > output.yaml
  kpt fn eval DIR --exec secure-monitors -- tls-secret=metrics-server-cert server-name=auto

Input is a KRM ResourceList (kpt, kustomize) or a plain multi-document YAML/JSON stream
(kustomize build | secure-monitors -f cfg.yaml | kubectl apply -f -); the output keeps its shape.

Options:
  -i, --input FILE        read input from FILE (default: stdin)
  -o, --output FILE       write output to FILE (default: stdout)
  -f, --config FILE       function config (SecureMonitors or ConfigMap); overrides the ResourceList's
  -d, --set KEY=VALUE     ConfigMap-form key, repeatable (e.g. -d server-name=auto -d tls-secret=certs)
      --mode apply|check  apply changes (default) or only report them
      --fail-on error|warning
                          which severity makes the exit code 1 (default error; config spec.failOn)
      --results FILE      also write the results to FILE (env SECURE_MONITORS_RESULTS=FILE: the same)
      --results-format yaml|sarif
                          the results file as YAML (default) or SARIF 2.1.0 (code-scanning UIs)
      --diff              instead of the output, a unified diff of every item apply changes
                          (labelled by its file, from kpt/kustomize/Helm annotations, or position)
      --log-to-stderr     print the results to stderr (always on for streams): errors and
                          warnings one per line, changes counted per code, a summary line
      --verbose           on stderr, also every change one per line
      --quiet             on stderr, only errors
  -h, --help              show this help
  -v, --version           print the version

Examples:
  kustomize build config/default | secure-monitors -d server-name=auto -d tls-secret=metrics-server-cert
  secure-monitors -i rendered.yaml -f fn-config.yaml --mode check
  kpt fn eval . --exec secure-monitors -- mode=check

Exit codes: 0 no error result (with --fail-on warning: no error or warning); 1 error results (or
warnings, with --fail-on warning) or unusable input; 2 internal failure; 3 invalid config.
Docs: README.md of the secure-monitors package.
`;

interface Streams {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export async function main(argv: string[], io: Streams): Promise<number> {
  const err = (text: string): void => {
    io.stderr.write(text.endsWith('\n') ? text : text + '\n');
  };
  // A reader that stops early (`| head`, `| grep -q`) closes the pipe: the rest of the output has
  // nowhere to go, which is no failure of ours. Without a listener Node prints a stack trace.
  // Another write error (a full disk) exits 1: main waits for stdout to take the output (see
  // flushed) before it decides the exit code.
  let writeFailed = false;
  io.stdout.on?.('error', (error: NodeJS.ErrnoException) => {
    if (isClosedPipe(error) || writeFailed) return;
    writeFailed = true;
    err(`secure-monitors: cannot write the output: ${describeWriteError(error)}`);
  });
  // stderr closed early (`2>&1 | head`): the summary has nowhere to go either; the exit code stays.
  io.stderr.on?.('error', () => undefined);
  let args;
  try {
    args = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: 'string', short: 'i' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'f' },
        set: { type: 'string', short: 'd', multiple: true },
        mode: { type: 'string' },
        'fail-on': { type: 'string' },
        results: { type: 'string' },
        'results-format': { type: 'string' },
        'log-to-stderr': { type: 'boolean' },
        diff: { type: 'boolean' },
        verbose: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }).values;
  } catch (error) {
    err(`secure-monitors: ${describeArgsError(error as NodeJS.ErrnoException)}\nRun secure-monitors --help for usage.`);
    return 3;
  }
  if (args.verbose && args.quiet) {
    err('secure-monitors: --verbose and --quiet exclude each other\nRun secure-monitors --help for usage.');
    return 3;
  }
  const resultsFormat = args['results-format'] ?? 'yaml';
  // Helm 4 never shows a post-renderer's stderr: the environment can name the results file instead.
  const resultsPath =
    args.results ?? (io.env.SECURE_MONITORS_RESULTS !== undefined && io.env.SECURE_MONITORS_RESULTS !== '' ? io.env.SECURE_MONITORS_RESULTS : undefined);
  if (resultsFormat !== 'yaml' && resultsFormat !== 'sarif') {
    err(`secure-monitors: --results-format ${resultsFormat}: expected yaml or sarif\nRun secure-monitors --help for usage.`);
    return 3;
  }
  if (args['results-format'] !== undefined && resultsPath === undefined) {
    err('secure-monitors: --results-format needs --results FILE (or SECURE_MONITORS_RESULTS=FILE)\nRun secure-monitors --help for usage.');
    return 3;
  }
  if (args.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (args.version) {
    io.stdout.write(version() + '\n');
    return 0;
  }
  if (args.input === undefined && io.stdin.isTTY) {
    err(HELP);
    err('secure-monitors: no input: pipe a ResourceList or YAML stream to stdin, or pass -i FILE');
    return 1;
  }

  try {
    const set: Record<string, string> = {};
    for (const pair of args.set ?? []) {
      const eq = pair.indexOf('=');
      // The argument is not shown: `-d password:hunter2` is a credential typed in the wrong form.
      if (eq <= 0) throw new ConfigError([`--set: expected KEY=VALUE, got an argument without "=" (not shown, in case it is a credential)`]);
      setOwn(set, pair.slice(0, eq), pair.slice(eq + 1));
    }
    const configObject = args.config !== undefined ? readConfigFile(args.config) : undefined;
    const text = args.input !== undefined ? readInputFile(args.input) : await readAll(io.stdin);
    const progress = io.stderr.isTTY === true && !args.quiet ? new Progress((t) => io.stderr.write(t)) : undefined;
    let outcome;
    try {
      outcome = processText(text, {
        ...(args.input !== undefined ? { filename: args.input } : {}),
        ...(configObject !== undefined ? { configObject } : {}),
        set,
        ...(args.mode !== undefined ? { mode: args.mode } : {}),
        ...(args['fail-on'] !== undefined ? { failOn: args['fail-on'] } : {}),
        ...(args.diff ? { diff: true } : {}),
        ...(resultsFormat === 'sarif' && resultsPath !== undefined ? { locate: true } : {}),
        ...(progress !== undefined ? { onProgress: (done: number, total: number) => progress.update(done, total) } : {}),
      });
    } finally {
      progress?.done();
    }
    if (resultsPath !== undefined) {
      const text =
        resultsFormat === 'sarif'
          ? toSarif(outcome.results, { help: codeHelp(), locations: outcome.locations ?? new Map(), toolVersion: version(), informationUri: INFORMATION_URI })
          : stringifyResults(outcome.results);
      writeOutputFile(resultsPath, text);
    }
    // --diff: the diff takes the output's place. The parts are written as they are: joined, the
    // output of a large ResourceList (131 MB at 50k monitor-dense items) was one more copy of it.
    const parts = outcome.diff !== undefined ? [outcome.diff] : outcome.outputParts;
    // `-o /dev/stdout` is stdout, with what that means for a reader that leaves early.
    if (args.output !== undefined && openDescriptorOf(args.output) !== 1) {
      if (parts.some((part) => part !== '')) writeOutputFile(args.output, parts);
    } else {
      for (const part of parts) io.stdout.write(part);
      await flushed(io.stdout);
    }
    // A stream or a `kind: List` has no results key: stderr is the only place its findings can go.
    if (args['log-to-stderr'] || io.env.LOG_TO_STDERR === 'true' || outcome.shape !== 'resourceList') {
      const verbosity = args.quiet ? 'quiet' : args.verbose ? 'verbose' : 'normal';
      for (const chunk of stderrReport(outcome.results, verbosity)) io.stderr.write(chunk);
    }
    return writeFailed ? 1 : outcome.exitCode;
  } catch (error) {
    if (error instanceof OutputFileError) {
      err(`secure-monitors: ${error.message}`);
      return 1;
    }
    if (error instanceof InputError) {
      err(`secure-monitors: ${oneLine(error.describe())}`);
      failureResults(resultsPath, resultsFormat, 'unusable-input', error.describe());
      return 1;
    }
    if (error instanceof ConfigError) {
      err(`secure-monitors: invalid function config:\n${error.problems.map((p) => `  - ${oneLine(p)}`).join('\n')}`);
      failureResults(resultsPath, resultsFormat, 'invalid-config', `invalid function config: ${error.problems.join('; ')}`);
      return 3;
    }
    const detail = io.env.SECURE_MONITORS_DEBUG ? (error as Error).stack : (error as Error).message;
    err(`secure-monitors: internal error: ${detail}\nThis is a bug; please report it with the input that caused it.`);
    return 2;
  }
}

function readInputFile(path: string): string {
  const decoder = new ChunkedInputDecoder(path);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) decoder.push(buffer.subarray(0, n));
  } catch (error) {
    throw new InputError(`cannot read input: ${(error as Error).message}`, { file: path });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return decoder.text();
}

const READ_CHUNK = 1 << 20;

function readConfigFile(path: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ConfigError([`${path}: cannot read: ${(error as Error).message}`]);
  }
  // Decoded leniently, a byte that is not UTF-8 became U+FFFD in a Secret name or serverName (F19).
  if (!isUtf8(bytes)) throw new ConfigError([`${path}: the config file is not UTF-8 text; save it as UTF-8`]);
  const text = bytes.toString('utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new ConfigError([`${path}: line ${pos.line}, column ${pos.col}: invalid YAML: ${describeYamlError(first.message)}`]);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An unresolved alias or an alias bomb: a broken config, not a bug.
    throw new ConfigError([`${path}: cannot read: ${(error as Error).message.split('\n')[0]}`]);
  }
  if (value === null || value === undefined) throw new ConfigError([`${path}: the config file is empty`]);
  return value;
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const decoder = new ChunkedInputDecoder();
  try {
    for await (const chunk of stream) decoder.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  } catch (error) {
    // A stdin that cannot be read (opened write-only, a directory): the environment, not a bug.
    throw new InputError(`cannot read input from stdin: ${describeWriteError(error as NodeJS.ErrnoException)}; pipe the input or pass -i FILE`);
  }
  return decoder.text();
}

/**
 * Resolves once the stream has taken everything written so far (its write callback), so a write
 * error is known before the exit code is: a file or a pipe on stdout reports it only on the next
 * tick, after main returned (`-i in.yaml > /dev/full` exited 0).
 */
function flushed(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    try {
      stream.write('', () => resolve());
    } catch {
      resolve();
    }
  });
}

/**
 * parseArgs' message without the argument itself where that may be a credential: a stray
 * `token=hunter2` (meant for -d, or for kpt's `--`) was echoed whole.
 */
function describeArgsError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return 'unexpected argument (not shown, in case it is a credential): options start with "-"; pass ConfigMap-form keys as -d KEY=VALUE';
  }
  // Other messages name an option (`Unknown option '--x'`), never its value; cut anything after `=`.
  return (error.message.split('\n')[0] ?? '').replace(/'(-{1,2}[^'=\s]*)=[^']*'/g, "'$1=…'");
}

function isClosedPipe(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';
}

function describeWriteError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOSPC':
      return 'ENOSPC: no space left on the device';
    case 'EBADF':
      return 'EBADF: it is not open for that (closed, or opened the other way)';
    case 'EISDIR':
      return 'EISDIR: it is a directory';
    default:
      return (error.message ?? String(error)).split('\n')[0] ?? String(error);
  }
}

/**
 * A run that ends before it has results (unusable input, invalid config) still says why in the
 * results file: Helm 4 never shows a post-renderer's stderr, so that file is all its users get.
 */
function failureResults(path: string | undefined, format: string, code: string, message: string): void {
  if (path === undefined) return;
  const results: Result[] = [{ message, severity: 'error', tags: { code } }];
  try {
    writeOutputFile(
      path,
      format === 'sarif'
        ? toSarif(results, { help: codeHelp(), locations: new Map(), toolVersion: version(), informationUri: INFORMATION_URI })
        : stringifyResults(results),
    );
  } catch {
    // The run already failed and says why on stderr; a results file that cannot be written adds nothing.
  }
}

const INFORMATION_URI = 'https://github.com/secure-monitors/secure-monitors';

function version(): string {
  const require = createRequire(import.meta.url);
  return (require('../package.json') as { version: string }).version;
}

const invokedDirectly = process.argv[1] !== undefined && /(?:^|[\\/])(cli\.js|secure-monitors)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`secure-monitors: internal error: ${String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
