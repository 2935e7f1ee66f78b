/**
 * Names that differ from another only by a kustomize `namePrefix` / `nameSuffix`: kustomize renames a
 * Secret (or a Certificate's `secretName`, with a nameReference) but not the reference inside a
 * ServiceMonitor's Secret selector, so the monitor asks for `metrics-server-cert` while the build
 * has `kueue-metrics-server-cert` (kueue#9180).
 *
 * Built once per input (the first time a reference is missing), by the `-` / `.` boundaries of each
 * name: every lookup is a few map reads, never a scan (inputs reach 50k items).
 */
export interface NamedSecret {
  readonly namespace: string;
  readonly name: string;
  /** How a message names what provides it: `Secret x`, `Certificate y, which writes Secret x`. */
  readonly source: string;
}

export interface NearMiss {
  readonly candidate: NamedSecret;
  /** `prefix` or `suffix`; which side has it: `candidate` (it was renamed) or `reference`. */
  readonly affix: 'prefix' | 'suffix';
  readonly on: 'candidate' | 'reference';
  /** The affix itself, e.g. `kueue-`. */
  readonly text: string;
}

/** The shortest common part that counts: `cert` alone matches too much by chance. */
const MIN_SHARED = 6;

export class NearMissIndex {
  /** `ns\0name` → the entries with exactly that name. */
  private readonly exact = new Map<string, NamedSecret[]>();
  /** `ns\0rest` → entries whose name is `<prefix><rest>` (prefix ending in a boundary). */
  private readonly byRest = new Map<string, Array<{ entry: NamedSecret; text: string }>>();
  /** `ns\0head` → entries whose name is `<head><suffix>` (suffix starting with a boundary). */
  private readonly byHead = new Map<string, Array<{ entry: NamedSecret; text: string }>>();

  constructor(entries: Iterable<NamedSecret>) {
    for (const entry of entries) {
      push(this.exact, `${entry.namespace}\u0000${entry.name}`, entry);
      for (const i of boundaries(entry.name)) {
        const rest = entry.name.slice(i + 1);
        const head = entry.name.slice(0, i);
        if (rest.length >= MIN_SHARED) push(this.byRest, `${entry.namespace}\u0000${rest}`, { entry, text: entry.name.slice(0, i + 1) });
        if (head.length >= MIN_SHARED) push(this.byHead, `${entry.namespace}\u0000${head}`, { entry, text: entry.name.slice(i) });
      }
    }
  }

  /** Names in `namespace` that are `name` with a prefix or suffix added, or `name` without one. */
  lookup(namespace: string, name: string): NearMiss[] {
    const out: NearMiss[] = [];
    for (const { entry, text } of this.byRest.get(`${namespace}\u0000${name}`) ?? []) out.push({ candidate: entry, affix: 'prefix', on: 'candidate', text });
    for (const { entry, text } of this.byHead.get(`${namespace}\u0000${name}`) ?? []) out.push({ candidate: entry, affix: 'suffix', on: 'candidate', text });
    for (const i of boundaries(name)) {
      const rest = name.slice(i + 1);
      const head = name.slice(0, i);
      if (rest.length >= MIN_SHARED)
        for (const entry of this.exact.get(`${namespace}\u0000${rest}`) ?? [])
          out.push({ candidate: entry, affix: 'prefix', on: 'reference', text: name.slice(0, i + 1) });
      if (head.length >= MIN_SHARED)
        for (const entry of this.exact.get(`${namespace}\u0000${head}`) ?? [])
          out.push({ candidate: entry, affix: 'suffix', on: 'reference', text: name.slice(i) });
    }
    return out;
  }
}

/** Positions of `-` and `.` in a name (not at its ends). */
function* boundaries(name: string): Generator<number> {
  for (let i = 1; i < name.length - 1; i++) {
    const c = name.charCodeAt(i);
    if (c === 45 /* - */ || c === 46 /* . */) yield i;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
