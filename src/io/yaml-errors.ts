import { MAX_DEPTH } from './limits.js';

/**
 * yaml's message, first line only, without the source text some messages quote: the line and column
 * say where, and the text may be a Secret value (stderr ends up in CI logs).
 */
export function describeYamlError(message: string): string {
  if (message.includes('Maximum call stack size exceeded'))
    return `the document is nested too deeply (more than ${MAX_DEPTH} levels is not a Kubernetes manifest)`;
  const line = firstLine(message);
  for (const [pattern, replacement] of QUOTING_MESSAGES) if (pattern.test(line)) return line.replace(pattern, replacement);
  // Anything else that quotes: cut at the quote. The line and column say where.
  return line.replace(/:? *["'`].*$/, '').slice(0, 200);
}

/**
 * yaml's messages that carry source text (a scalar, a tag, an escape sequence), which may be part of
 * a Secret value: said without it (`Invalid escape sequence \Uhunter2X` showed 8 characters of one).
 */
const QUOTING_MESSAGES: ReadonlyArray<[RegExp, string]> = [
  [
    /^Invalid escape sequence\b.*$/,
    'Invalid escape sequence: a backslash in a double-quoted string starts an escape YAML does not define (write \\\\ for a backslash, or use single quotes)',
  ],
  [
    /^(Block scalar header includes extra characters|Not a YAML token|Unresolved plain scalar|Could not resolve tag|Not a valid tag|Ordered maps must not include duplicate keys|Unknown directive|Unsupported YAML version)\b.*$/,
    '$1',
  ],
  [/^The .* tag has no suffix.*$/, 'A tag has no suffix'],
  [/^Verbatim tags aren't resolved.*$/, "Verbatim tags (!<…>) aren't resolved"],
];

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/** What the yaml library threw, for a message: its first line (a RangeError is the stack running out on nesting). */
export function messageOf(error: unknown): string {
  if (error instanceof RangeError) return 'the document is nested too deeply';
  return error instanceof Error ? firstLine(error.message) : String(error);
}
