import type { Cluster } from './cluster.js';
import type { Config } from './config/types.js';
import type { Generator } from './generate.js';
import type { KubeObject, Projection, Result } from './types.js';

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
  /** Kind names `select.kinds` accepts for this family; all of them are selected when the config names none. */
  readonly selectKinds: readonly string[];
  start(input: FamilyInput): FamilyRun;
}
