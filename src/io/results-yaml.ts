import { Document } from 'yaml';
import type { ToStringOptions } from 'yaml';
import type { Json, Result } from '../types.js';

/** How results are printed everywhere (a ResourceList's `results`, `--results FILE`). */
export const RESULTS_YAML: ToStringOptions = { lineWidth: 0, indentSeq: false };

/**
 * Results as a YAML block sequence (no trailing newline): the same text the yaml package prints
 * for `new Document(results).toString(RESULTS_YAML)`, written directly. A run on 10k items has
 * ~28k results, and building and printing a syntax tree for each was ~1.3 s of a 7 s run.
 *
 * Only the layout is written here (block maps and sequences, two spaces, `- ` items at the
 * parent's column). Every scalar and key is printed by the yaml package itself, once per distinct
 * text (they repeat: codes, kinds, paths, Secret names), so quoting and escaping are exactly its
 * own. Whatever this printer does not lay out (a text yaml prints on several lines, a list directly
 * inside a list, an unusual key) makes it print that one result with the yaml package instead.
 * test/core/results-yaml.test.ts compares both on generated results.
 */
export function printResultsYaml(results: readonly Result[]): string {
  const printer = new ResultPrinter();
  return results.map((result) => printer.result(result)).join('\n');
}

/**
 * printResultsYaml's text in pieces of `size` results (each without a final newline; joined with
 * `\n` they are that text). A ResourceList's output is written piece by piece: 176k results (50k
 * monitor-dense items) are 73 MB of text, and one string of it, made from an array of every
 * result's text, was ~150 MB more at the peak.
 */
export function printResultsYamlPieces(results: readonly Result[], size = 1024): string[] {
  const printer = new ResultPrinter();
  const pieces: string[] = [];
  for (let start = 0; start < results.length; start += size) {
    pieces.push(
      results
        .slice(start, start + size)
        .map((result) => printer.result(result))
        .join('\n'),
    );
  }
  return pieces;
}

/** One printer per run: its caches hold the printed form of each distinct scalar and key. */
export class ResultPrinter {
  private readonly values = new Map<string, string | null>();
  private readonly items = new Map<string, string | null>();
  private readonly keys = new Map<string, string | null>();
  private readonly doc = new Document(null);

  /** One result as a one-item block sequence (`- message: …` and its lines), without a final newline. */
  result(result: Result): string {
    const lines: string[] = [];
    if (this.map(result as unknown as Record<string, Json | undefined>, 2, '- ', lines)) return lines.join('\n');
    this.doc.contents = this.doc.createNode([result], { aliasDuplicateObjects: false });
    return this.doc.toString(RESULTS_YAML).replace(/\n$/, '');
  }

  /** A non-empty map's lines at `indent`; the first line starts with `first` instead of the indentation. */
  private map(map: Record<string, Json | undefined>, indent: number, first: string, lines: string[]): boolean {
    let prefix = first;
    let any = false;
    for (const key of Object.keys(map)) {
      const value = map[key];
      if (value === undefined) continue;
      const keyText = this.key(key);
      if (keyText === undefined) return false;
      const head = prefix + keyText + ':';
      prefix = ' '.repeat(indent);
      any = true;
      if (Array.isArray(value)) {
        if (value.length === 0) lines.push(head + ' []');
        else {
          lines.push(head);
          if (!this.seq(value, indent, lines)) return false;
        }
      } else if (value !== null && typeof value === 'object') {
        if (Object.keys(value).every((k) => value[k] === undefined)) lines.push(head + ' {}');
        else {
          lines.push(head);
          if (!this.map(value, indent + 2, ' '.repeat(indent + 2), lines)) return false;
        }
      } else {
        const text = this.scalar(value, this.values, false);
        if (text === undefined) return false;
        lines.push(head + ' ' + text);
      }
    }
    return any;
  }

  /** A non-empty sequence's lines, its `- ` at `indent` (yaml's indentSeq: false). */
  private seq(list: Json[], indent: number, lines: string[]): boolean {
    const dash = ' '.repeat(indent) + '- ';
    for (const item of list) {
      if (Array.isArray(item)) {
        if (item.length > 0) return false;
        lines.push(dash + '[]');
      } else if (item !== null && typeof item === 'object') {
        if (Object.keys(item).every((k) => item[k] === undefined)) lines.push(dash + '{}');
        else if (!this.map(item, indent + 2, dash, lines)) return false;
      } else {
        const text = this.scalar(item, this.items, true);
        if (text === undefined) return false;
        lines.push(dash + text);
      }
    }
    return true;
  }

  /** A scalar as yaml prints it as a map value or sequence item, if that is one line. */
  private scalar(value: string | number | boolean | null, cache: Map<string, string | null>, inSeq: boolean): string | undefined {
    const id = typeof value === 'string' ? value : `\0${typeof value}:${String(value)}`;
    let text = cache.get(id);
    if (text === undefined) {
      text = this.printAlone(inSeq ? [value] : { k: value }, inSeq ? '- ' : 'k: ');
      cache.set(id, text);
    }
    return text ?? undefined;
  }

  private key(key: string): string | undefined {
    let text = this.keys.get(key);
    if (text === undefined) {
      text = /^[a-z][A-Za-z]*$/.test(key) && !RESERVED.has(key) ? key : this.printKey(key);
      this.keys.set(key, text);
    }
    return text ?? undefined;
  }

  private printKey(key: string): string | null {
    this.doc.contents = this.doc.createNode({ [key]: 1 });
    const printed = this.doc.toString(RESULTS_YAML);
    return printed.endsWith(': 1\n') && !printed.slice(0, -4).includes('\n') && !printed.startsWith('? ') ? printed.slice(0, -4) : null;
  }

  /** `value` printed inside `holder`: its text after `lead` when the whole print is that one line. */
  private printAlone(holder: Json, lead: string): string | null {
    this.doc.contents = this.doc.createNode(holder);
    const printed = this.doc.toString(RESULTS_YAML);
    return printed.startsWith(lead) && printed.indexOf('\n') === printed.length - 1 ? printed.slice(lead.length, -1) : null;
  }
}

// Plain lowercase words yaml would read as something else if printed bare as a key.
const RESERVED = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n']);
