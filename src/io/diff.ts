import type { Json, KubeObject } from '../types.js';
import { isObject } from '../types.js';

/**
 * `--diff`: a unified diff of each item that would change, for review. Line diff by
 * Myers' O(ND) algorithm ("An O(ND) Difference Algorithm and Its Variations", 1986), hunks with
 * three lines of context as `diff -u` and `git diff` print them. No knowledge of monitors here.
 */

/** One changed item: its text before and after, as standalone YAML (or JSON). */
export interface ItemChange {
  /** `--- label` / `+++ label`: the item's file (kpt / kustomize / Helm annotations) or `document N`. */
  label: string;
  /** After the hunk header's `@@`, as `git diff` shows the enclosing function: `Kind ns/name`. */
  heading: string;
  before: string;
  after: string;
  /** The `---` label when it differs: `/dev/null` for an item the run adds. */
  oldLabel?: string;
}

type Op = ' ' | '-' | '+';

interface Line {
  op: Op;
  text: string;
  /** Whether the line ends with a line break (only the last line of a text may not). */
  eol: boolean;
}

/** All changes, one file header and its hunks each, in input order; '' when nothing changes. */
export function formatDiff(changes: readonly ItemChange[], context = 3): string {
  return changes.map((change) => unifiedDiff(change.before, change.after, change.label, change.heading, context, change.oldLabel)).join('');
}

/** `--- label\n+++ label\n@@ -a,b +c,d @@ heading\n …`; '' when the texts are equal. */
export function unifiedDiff(before: string, after: string, label: string, heading = '', context = 3, oldLabel = label): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  // A last line without a line break differs from the same text with one.
  const script = diffLines(
    a.map((l) => (l.eol ? l.text + '\n' : l.text)),
    b.map((l) => (l.eol ? l.text + '\n' : l.text)),
  );
  // The edit script with each line's own text and line break.
  const lines: Line[] = [];
  let i = 0;
  let j = 0;
  for (const op of script) {
    if (op === ' ') {
      lines.push({ op, ...(a[i++] as { text: string; eol: boolean }) });
      j++;
    } else if (op === '-') lines.push({ op, ...(a[i++] as { text: string; eol: boolean }) });
    else lines.push({ op, ...(b[j++] as { text: string; eol: boolean }) });
  }
  const out = [`--- ${oldLabel}\n`, `+++ ${label}\n`];
  for (const hunk of hunks(lines, context)) {
    const [aStart, aCount, bStart, bCount] = hunk.numbers;
    out.push(`@@ -${range(aStart, aCount)} +${range(bStart, bCount)} @@${heading !== '' ? ' ' + heading : ''}\n`);
    for (const line of hunk.lines) {
      out.push(line.op + line.text + '\n');
      if (!line.eol) out.push('\\ No newline at end of file\n');
    }
  }
  return out.join('');
}

/** `start,count` as diff prints it: `,1` left out; an empty side names the line before it. */
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

interface Hunk {
  numbers: [number, number, number, number];
  lines: Line[];
}

function hunks(lines: readonly Line[], context: number): Hunk[] {
  const changed = lines.map((l, k) => (l.op !== ' ' ? k : -1)).filter((k) => k >= 0);
  const result: Hunk[] = [];
  let k = 0;
  while (k < changed.length) {
    let first = changed[k] as number;
    let last = first;
    // Changes closer than twice the context share a hunk.
    while (k + 1 < changed.length && (changed[k + 1] as number) - last <= 2 * context + 1) last = changed[++k] as number;
    k++;
    first = Math.max(0, first - context);
    last = Math.min(lines.length - 1, last + context);
    // Line numbers where the hunk starts: count the lines of each side before it.
    let aStart = 1;
    let bStart = 1;
    for (let n = 0; n < first; n++) {
      const op = (lines[n] as Line).op;
      if (op !== '+') aStart++;
      if (op !== '-') bStart++;
    }
    const slice = lines.slice(first, last + 1);
    const aCount = slice.filter((l) => l.op !== '+').length;
    const bCount = slice.filter((l) => l.op !== '-').length;
    result.push({ numbers: [aStart, aCount, bStart, bCount], lines: slice });
  }
  return result;
}

function splitLines(text: string): Array<{ text: string; eol: boolean }> {
  if (text === '') return [];
  const parts = text.split('\n');
  const last = parts.pop() as string;
  const lines = parts.map((t) => ({ text: t, eol: true }));
  if (last !== '') lines.push({ text: last, eol: false });
  return lines;
}

/**
 * The shortest edit script turning `a` into `b`: ' ' keep, '-' delete from a, '+' insert from b,
 * deletions before insertions within a change. Myers' greedy forward search, keeping each round's
 * furthest-reaching paths to walk back along.
 */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    const next = v;
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))
          ? (v[offset + k + 1] as number)
          : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
  }
  // Walk back from (n, m) through each round's furthest points.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (prev[offset + k - 1] as number) < (prev[offset + k + 1] as number));
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[offset + prevK] as number;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push(' ');
      x--;
      y--;
    }
    ops.push(down ? '+' : '-');
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push(' ');
    x--;
    y--;
  }
  ops.reverse();
  return normalize(ops);
}

/** Within each run of changes, deletions first (as diff prints them). */
function normalize(ops: Op[]): Op[] {
  const out: Op[] = [];
  let minus = 0;
  let plus = 0;
  const flush = (): void => {
    for (; minus > 0; minus--) out.push('-');
    for (; plus > 0; plus--) out.push('+');
  };
  for (const op of ops) {
    if (op === '-') minus++;
    else if (op === '+') plus++;
    else {
      flush();
      out.push(op);
    }
  }
  flush();
  return out;
}

/**
 * An item's text cut from its input, as a file would hold it: the first line starts where the item
 * starts (after a ResourceList's `- `) and the following lines lose the item's indentation.
 */
export function standalone(text: string, column: number): string {
  if (column === 0) return text;
  const indent = ' '.repeat(column);
  return text
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(indent) ? line.slice(column) : line))
    .join('\n');
}

// kpt: the internal and the public annotation; kustomize and older kpt: the legacy one. Helm 4 names
// the chart file each document came from; kustomize's `buildMetadata: [originAnnotations]` the source.
const FILE_ANNOTATIONS = ['internal.config.kubernetes.io/path', 'config.kubernetes.io/path', 'postrenderer.helm.sh/postrender-filename'];
const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** The file an item came from, as the orchestrator that produced it recorded it; undefined if none did. */
export function fileLabelOf(object: KubeObject): string | undefined {
  const annotations: Record<string, Json> = isObject(object.metadata) && isObject(object.metadata.annotations) ? object.metadata.annotations : {};
  for (const key of FILE_ANNOTATIONS) {
    const value = annotations[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  const origin = annotations[ORIGIN_ANNOTATION];
  if (typeof origin === 'string') {
    const path = /^path:[ \t]*(\S.*?)[ \t]*$/m.exec(origin)?.[1];
    if (path !== undefined) return path.replace(/^(['"])(.*)\1$/, '$2');
  }
  return undefined;
}

/** `ServiceMonitor shop/api` (a cluster-scoped object: `ClusterRole name`). */
export function headingOf(object: KubeObject): string {
  const meta = isObject(object.metadata) ? object.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace + '/' : '';
  return `${String(object.kind)} ${namespace}${name}`;
}
