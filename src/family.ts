import type { Cluster } from './cluster.js';
import type { Config } from './config/types.js';
import type { Generator } from './generate.js';
import type { KubeObject, Projection, ReadItem, Result } from './types.js';

/** An apiVersion + kind pair, e.g. `keda.sh/v1alpha1` `ScaledObject`. */
export interface KindRef {
  readonly apiVersion: string;
  readonly kind: string;
}

/** What every family's run sees: the whole input (read once), its index and the config. */
export interface FamilyInput {
  readonly items: readonly KubeObject[];
  readonly cluster: Cluster;
  readonly config: Config;
  /** The one way to add items to the output (src/generate.ts). */
  readonly generate: Generator;
}

/** One family's work over one input: built once, then asked for each of its items in order. */
export interface FamilyRun {
  /**
   * One item of the family's kinds as the output has it (the same reference when unchanged);
   * its findings (changes and checks) are appended to `results`. `proposed` receives the changed
   * item apply makes, in check mode too (`--diff` shows it); a family that changes nothing ignores it.
   */
  apply(obj: KubeObject, results: Result[], proposed?: (draft: KubeObject) => void): KubeObject;
  /** Findings about input items of no family (they pass through); reported after the items' own. */
  readonly inputResults: readonly Result[];
}

/**
 * A kind whose values must not reach the core nor leave the item (a Secret's data). The reader
 * (src/io/) knows no kinds: it asks the registry (families.ts SENSITIVE_KINDS) which items these are.
 */
export interface SensitiveKind {
  /** The fields that hold the values: a YAML alias anywhere else that resolves into them is refused. */
  readonly fields: readonly string[];
  /** Blanks the values in place as the item is read in full, keeping what the family needs of them (digests). */
  readonly redact: (obj: KubeObject) => void;
}

/**
 * A family of objects the function changes and checks (the Prometheus Operator monitors, KEDA's
 * scalers), declared in one place and registered in src/families.ts: its kinds, what else it reads
 * in full, and its run (steps and rules). Its config section is registered in src/config/ (types.ts,
 * load.ts, shorthand.ts) and the config schema: KEDA's lives in src/keda/config.ts.
 */
export interface Family {
  readonly name: string;
  /** The kinds whose items this family's run is given. */
  readonly kinds: readonly KindRef[];
  /** `apiVersion/kind` of other items whose full content its steps and rules read (not just metadata). */
  readonly readsInFull: readonly string[];
  /**
   * `apiVersion/kind` → the fields its steps and rules read of other items that are large and read
   * only in part (workloads: their pod template's labels, containers and volumes). A kind any
   * family reads in full is read in full.
   */
  readonly readsInPart?: Readonly<Record<string, Projection>>;
  /** `apiVersion/kind` → how the values of a kind it reads in full are kept from the core (see SensitiveKind). */
  readonly sensitive?: Readonly<Record<string, SensitiveKind>>;
  /**
   * Refuses an item of its kinds that it could never use (throws InputError at `item.locate(node)`):
   * the reader calls it on each such item read in full, as the item is read, with its YAML node.
   */
  readonly checkShape?: (item: ReadItem) => void;
  /** Kind names `select.kinds` accepts for this family; all of them are selected when the config names none. */
  readonly selectKinds: readonly string[];
  start(input: FamilyInput): FamilyRun;
}
