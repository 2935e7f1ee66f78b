import { formatResultLine } from '../results.js';
import type { Result } from '../types.js';

/** How much the stderr report shows: `--verbose` every result, `--quiet` errors only. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

/**
 * The report a person reads on stderr, in chunks of lines (at 50k items the verbose form is ~28 MB:
 * as one string it was a large part of peak memory; chunks of ~400 lines stay young objects).
 *
 * - errors and warnings: one line each, in result order (kpt's `[severity] ref field: message`);
 * - info results: one line each with `verbose`; otherwise one line per kind, counted per code:
 *   `12,408 changes: tls 8,000, server-name 4,000` (an info result that proposes or removes a value
 *   is a change) and `3 notes: secret-reference 3` (any other info);
 * - the summary line, always, also when there is nothing to report:
 *   `secure-monitors: 0 errors, 1 warning, 12,408 changes, 3 notes`;
 * - `quiet`: only the error lines.
 *
 * Nothing here knows what a code means; ResourceList `results` and `--results` are not affected.
 */
export function* stderrReport(results: readonly Result[], verbosity: Verbosity = 'normal'): Generator<string> {
  const counts = { error: 0, warning: 0, change: 0, note: 0 };
  const changes = new Map<string, number>();
  const notes = new Map<string, number>();
  let chunk: string[] = [];
  for (const result of results) {
    if (result.severity === 'error') counts.error++;
    else if (result.severity === 'warning') counts.warning++;
    else {
      const change = isChange(result);
      const byCode = change ? changes : notes;
      if (change) counts.change++;
      else counts.note++;
      byCode.set(result.tags.code, (byCode.get(result.tags.code) ?? 0) + 1);
      if (verbosity !== 'verbose') continue;
    }
    if (verbosity === 'quiet' && result.severity !== 'error') continue;
    chunk.push(formatResultLine(result), '\n');
    if (chunk.length >= 800) {
      yield chunk.join('');
      chunk = [];
    }
  }
  if (verbosity === 'normal') {
    if (counts.change > 0) chunk.push(perCode(counts.change, 'change', changes), '\n');
    if (counts.note > 0) chunk.push(perCode(counts.note, 'note', notes), '\n');
  }
  if (verbosity !== 'quiet') chunk.push(summaryLine(counts), '\n');
  if (chunk.length > 0) yield chunk.join('');
}

/** `secure-monitors: 1 error, 2 warnings, 12,408 changes, 3 notes`. */
export function summaryLine(counts: { error: number; warning: number; change: number; note: number }): string {
  return `secure-monitors: ${count(counts.error, 'error')}, ${count(counts.warning, 'warning')}, ${count(counts.change, 'change')}, ${count(counts.note, 'note')}`;
}

/** A change proposes a value (set, replace) or removes one: its field carries the value. */
function isChange(result: Result): boolean {
  return result.field !== undefined && ('proposedValue' in result.field || 'currentValue' in result.field);
}

/** `12,408 changes: tls 8,000, server-name 4,000` — codes by count, most first, then by name. */
function perCode(total: number, noun: string, byCode: Map<string, number>): string {
  const codes = [...byCode].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `${count(total, noun)}: ${codes.map(([code, n]) => `${code} ${number(n)}`).join(', ')}`;
}

function count(n: number, noun: string): string {
  return `${number(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** 12408 → `12,408` (the same on every locale). */
export function number(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Progress for long runs on a terminal: `secure-monitors: 12,000 / 50,000 items` rewritten in place,
 * first shown after `delayMs` and at most every `everyMs`; `done()` erases it so the report starts on
 * a clean line. Only for a TTY: a pipe or a file never sees it.
 */
export class Progress {
  private shown = false;
  private last = 0;
  private readonly started: number;
  constructor(
    private readonly write: (text: string) => void,
    private readonly now: () => number = Date.now,
    private readonly delayMs = 1000,
    private readonly everyMs = 200,
  ) {
    this.started = now();
  }

  update(done: number, total: number): void {
    const t = this.now();
    if (t - this.started < this.delayMs || (this.shown && t - this.last < this.everyMs)) return;
    this.last = t;
    this.shown = true;
    this.write(`\r\x1b[2Ksecure-monitors: ${number(done)} / ${number(total)} items`);
  }

  done(): void {
    if (this.shown) this.write('\r\x1b[2K');
    this.shown = false;
  }
}
