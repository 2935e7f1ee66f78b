import { isUtf8 } from 'node:buffer';
import { InputError } from '../errors.js';
import type { Location } from '../errors.js';

// What go-yaml (kubectl, kustomize, kpt) refuses as "control characters are not allowed".
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const CONTROL_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/;

/**
 * Bytes → text for readInput. YAML and JSON are UTF-8 (a BOM is kept and written back); anything
 * else would be silently changed by the replacement character, so it is unusable input.
 */
export function decodeInput(bytes: Buffer, filename?: string): string {
  const where: Location = filename !== undefined ? { file: filename } : {};
  if (isUtf8(bytes)) return bytes.toString('utf8');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError('input is UTF-16 text: convert it to UTF-8 (YAML and JSON for Kubernetes are UTF-8)', where);
  }
  const text = bytes.toString('utf8');
  let index = text.indexOf('\uFFFD');
  // A genuine U+FFFD in the input is valid; the first one that did not come from EF BF BD is the bad byte.
  while (index >= 0 && bytes.subarray(Buffer.byteLength(text.slice(0, index)), Buffer.byteLength(text.slice(0, index)) + 3).equals(Buffer.from('\uFFFD'))) {
    index = text.indexOf('\uFFFD', index + 1);
  }
  const at = index >= 0 ? positionOf(text, index) : {};
  throw new InputError('input is not UTF-8 text (binary data?): expected a ResourceList or Kubernetes objects in YAML or JSON', { ...where, ...at });
}

/**
 * decodeInput for input that arrives in chunks (stdin, a file read piece by piece): each chunk is
 * checked and decoded as it comes and then dropped, so the bytes are never held whole beside the
 * text (at 50k items that was 58 MB of buffers alive until the next full collection). A character
 * split between chunks is carried over. The first invalid chunk switches to collecting bytes, and
 * `text()` then lets decodeInput describe the problem exactly as for bytes read at once.
 */
export class ChunkedInputDecoder {
  private readonly pieces: string[] = [];
  private carry: Buffer | undefined;
  private raw: Buffer[] | undefined;
  constructor(private readonly filename?: string) {}

  push(chunk: Uint8Array): void {
    const bytes = this.carry !== undefined ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.carry = undefined;
    if (this.raw !== undefined) {
      this.raw.push(Buffer.from(bytes));
      return;
    }
    const complete = completeLength(bytes);
    const head = bytes.subarray(0, complete);
    if (!isUtf8(head)) {
      // Valid text encodes back to the very bytes it came from.
      this.raw = [Buffer.from(this.pieces.join(''), 'utf8'), Buffer.from(bytes)];
      this.pieces.length = 0;
      return;
    }
    this.pieces.push(head.toString('utf8'));
    if (complete < bytes.length) this.carry = Buffer.from(bytes.subarray(complete));
  }

  /** The whole text; throws InputError (as decodeInput does) when the bytes are not UTF-8. */
  text(): string {
    if (this.raw === undefined && this.carry === undefined) return this.pieces.join('');
    const bytes = this.raw ?? [Buffer.from(this.pieces.join(''), 'utf8')];
    if (this.carry !== undefined) bytes.push(this.carry);
    return decodeInput(Buffer.concat(bytes), this.filename);
  }
}

/** Bytes up to the last character that ends inside `bytes` (a UTF-8 sequence cut at the end is left out). */
function completeLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/**
 * Refuses text that is no input at all before any of it is parsed: nothing but blanks and
 * comments, a control character (binary data), a lone carriage return. `where` adds the file.
 */
export function checkText(source: string, where: (loc: Location) => Location): void {
  // A line that starts with anything but a comment is content; only otherwise strip the comments (a copy of the input).
  if (!/^[ \t]*[^\s#]/m.test(source) && /^\s*$/.test(source.replace(/^\uFEFF/, '').replace(/^\s*#.*$/gm, ''))) {
    throw new InputError('input is empty: expected a ResourceList or Kubernetes objects in YAML or JSON', where({}));
  }
  const control = CONTROL_CHARACTER.exec(source);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new InputError(`input is not YAML text (binary data?): control character ${code} is not allowed`, where(positionOf(source, control.index)));
  }
  // YAML (and go-yaml in kubectl) reads a lone CR as a line break; the yaml package does not. Where
  // the two would read different documents, neither reading can be trusted.
  const loneCR = /\r(?!\n)/.exec(source);
  if (loneCR) {
    throw new InputError(
      'a carriage return (\\r) without a line feed: YAML reads it as a line break, so the text is ambiguous; use LF or CRLF line endings',
      where(positionOf(source, loneCR.index)),
    );
  }
}

function positionOf(text: string, index: number): Location {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}
