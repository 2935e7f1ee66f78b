import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * `-o FILE` / `--results FILE` could not be written: a directory, a missing directory, a full disk,
 * no permission. Exit 1 with the path and the reason, never an internal error; nothing is left
 * behind (no temp file, and a file that was there is unchanged).
 */
export class OutputFileError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
    this.name = 'OutputFileError';
  }
}

/**
 * Writes `parts` to `path` the way the user means it:
 * - a regular file (or a link to one) is replaced atomically: the text goes to a new temp file in
 *   the same directory (random name, created exclusively and never through a link, so nobody can
 *   plant a file or symlink there in advance), which then takes the place of the file and keeps its
 *   mode (and owner, where allowed). A link stays a link: its target is replaced.
 * - a path that does not exist is created the same way (mode 0666 less the umask, as any file).
 * - anything else (`/dev/stdout`, a FIFO, a terminal, a link to one) is written through: replacing
 *   it with a file would print nothing, or break the pipe the user set up.
 * A directory, or a directory that does not exist, is an OutputFileError.
 */
export function writeOutputFile(path: string, parts: string | readonly string[]): void {
  const chunks = typeof parts === 'string' ? [parts] : parts;
  const fd = openDescriptorOf(path);
  if (fd !== undefined) return writeToDescriptor(path, fd, chunks);
  let target = path;
  let stats: Stats | undefined;
  try {
    stats = lstatSync(path);
    // `/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/1`: the user means the open file, whatever it is
    // (the shell's `> out.yaml` included, which must not be swapped for another file).
    if (stats.isSymbolicLink() && /^\/(?:dev|proc)\//.test(resolve(path))) return writeThrough(path, chunks);
    if (stats.isSymbolicLink()) {
      const linked = descriptorBehind(path);
      if (linked !== undefined) return writeToDescriptor(path, linked, chunks);
      // Follow the link to what it names; a dangling link is written through (creates its target).
      try {
        target = realpathSync(path);
        stats = statSync(target);
      } catch {
        return writeThrough(path, chunks);
      }
    }
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw new OutputFileError(path, reasonOf(error, path));
    stats = undefined;
  }
  if (stats?.isDirectory()) throw new OutputFileError(path, 'it is a directory; give a file name');
  if (stats !== undefined && !stats.isFile()) return writeThrough(path, chunks);
  replaceAtomically(path, target, chunks, stats);
}

function replaceAtomically(shown: string, target: string, chunks: readonly string[], existing: Stats | undefined): void {
  const directory = dirname(target);
  const temp = join(directory, `.${basename(target)}.${randomBytes(12).toString('hex')}.tmp`);
  let fd: number | undefined;
  let created = false;
  try {
    // O_EXCL: fails if anything (a file, a planted symlink) already has the name; O_NOFOLLOW for good measure.
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), existing !== undefined ? 0o600 : 0o666);
    created = true;
    if (existing !== undefined) {
      fchmodSync(fd, existing.mode & 0o7777);
      try {
        fchownSync(fd, existing.uid, existing.gid);
      } catch {
        // Only root may give a file away; a file of one's own keeps its owner anyway.
      }
    }
    writeAll(fd, chunks);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, target);
    created = false;
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    if (created) unlinkQuietly(temp);
    throw new OutputFileError(shown, reasonOf(error, shown, directory));
  }
}

/**
 * `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: a descriptor this process already
 * has. Opening the path again fails when it is a socket (ENXIO; what a parent process often gives),
 * so the descriptor itself is written to.
 */
export function openDescriptorOf(path: string): number | undefined {
  const named: Record<string, number> = { '/dev/stdin': 0, '/dev/stdout': 1, '/dev/stderr': 2 };
  const absolute = resolve(path);
  if (Object.hasOwn(named, absolute)) return named[absolute];
  const match =
    /^\/(?:dev\/fd|proc\/self\/fd|proc\/thread-self\/fd)\/(\d+)$/.exec(absolute) ??
    (absolute.startsWith(`/proc/${process.pid}/fd/`) ? /(\d+)$/.exec(absolute) : null);
  return match ? Number(match[1]) : undefined;
}

/** A chain of links that ends at one of this process's descriptors (`out.yaml -> /dev/stdout`). */
function descriptorBehind(path: string): number | undefined {
  let current = resolve(path);
  for (let hop = 0; hop < 40; hop++) {
    const fd = openDescriptorOf(current);
    if (fd !== undefined) return fd;
    try {
      if (!lstatSync(current).isSymbolicLink()) return undefined;
      current = resolve(dirname(current), readlinkSync(current));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function writeToDescriptor(path: string, fd: number, chunks: readonly string[]): void {
  try {
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk, 'utf8');
      for (let offset = 0; offset < bytes.length;) {
        try {
          offset += writeSync(fd, bytes, offset, bytes.length - offset);
        } catch (error) {
          // A non-blocking pipe that is full: wait a moment for the reader.
          if (codeOf(error) !== 'EAGAIN') throw error;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        }
      }
    }
  } catch (error) {
    throw new OutputFileError(path, reasonOf(error, path));
  }
}

function writeThrough(path: string, chunks: readonly string[]): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    writeAll(fd, chunks);
  } catch (error) {
    throw new OutputFileError(path, reasonOf(error, path));
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function writeAll(fd: number, chunks: readonly string[]): void {
  for (const chunk of chunks) {
    const bytes = Buffer.from(chunk, 'utf8');
    for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already failing: the first error is the one to report.
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Nothing more can be done about it; the error reported says what went wrong.
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
}

/** A short reason in words, by error code (the raw message repeats the path and the syscall). */
function reasonOf(error: unknown, path: string, directory = dirname(path)): string {
  switch (codeOf(error)) {
    case 'ENOENT':
      return `the directory ${directory} does not exist`;
    case 'ENOTDIR':
      return `a part of the path is not a directory`;
    case 'EISDIR':
      return 'it is a directory; give a file name';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EEXIST':
      return 'a temporary file of the same name appeared; try again';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'the file name is too long';
    default:
      // Node's message repeats the syscall and the path: `ENXIO: no such device or address, open '/x'`.
      return error instanceof Error ? (error.message.split('\n')[0] ?? 'unknown error').replace(/, \w+ '[^']*'(?: -> '[^']*')?$/, '') : String(error);
  }
}
