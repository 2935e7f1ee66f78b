import { ChunkedInputDecoder, decodeInput } from '../../src/io/read.js';
import { InputError } from '../../src/errors.js';

/** Feeds `bytes` to a ChunkedInputDecoder cut at the given offsets. */
function decodeInPieces(bytes: Buffer, cuts: number[], filename?: string): string {
  const decoder = new ChunkedInputDecoder(filename);
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    decoder.push(bytes.subarray(start, cut));
    start = cut;
  }
  return decoder.text();
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error.describe();
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('ChunkedInputDecoder (stdin and -i FILE are decoded chunk by chunk)', () => {
  // Characters of 1, 2, 3 and 4 bytes, a BOM, CRLF: every cut point splits one of them somewhere.
  const text = '\uFEFFapiVersion: v1\r\nkind: ConfigMap\nmetadata: {name: "é-ü"}\ndata: {a: "€ 漢字 😀 x"}\n';
  const bytes = Buffer.from(text, 'utf8');

  test('gives the same text as decoding at once, wherever the chunks are cut (one cut)', () => {
    for (let cut = 0; cut <= bytes.length; cut++) expect(decodeInPieces(bytes, [cut])).toBe(text);
  });

  test('gives the same text for one-byte chunks (a 4-byte character spread over four chunks)', () => {
    expect(decodeInPieces(bytes, [...Array(bytes.length).keys()].slice(1))).toBe(text);
  });

  test('keeps a BOM, as decodeInput does', () => {
    expect(decodeInPieces(bytes, [1, 2]).startsWith('\uFEFF')).toBe(true);
  });

  test("invalid UTF-8 gives decodeInput's error and position, wherever the chunks are cut", () => {
    const bad = Buffer.concat([
      Buffer.from('apiVersion: v1\nkind: ConfigMap\n# caf', 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from(' au lait\ndata: {}\n', 'utf8'),
    ]);
    const expected = errorOf(() => decodeInput(bad, 'in.yaml'));
    expect(expected).toBe('in.yaml: line 3, column 6: input is not UTF-8 text (binary data?): expected a ResourceList or Kubernetes objects in YAML or JSON');
    for (let cut = 0; cut <= bad.length; cut++) expect(errorOf(() => decodeInPieces(bad, [cut], 'in.yaml'))).toBe(expected);
  });

  test('a multi-byte character cut off at the very end is invalid input, not dropped', () => {
    const truncated = Buffer.concat([Buffer.from('kind: ConfigMap # ', 'utf8'), Buffer.from('€', 'utf8').subarray(0, 2)]);
    expect(errorOf(() => decodeInPieces(truncated, [5]))).toBe(errorOf(() => decodeInput(truncated)));
  });

  test('UTF-16 input is named as such', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: List\n', 'utf16le')]);
    expect(errorOf(() => decodeInPieces(utf16, [3, 7]))).toBe(errorOf(() => decodeInput(utf16)));
  });
});
