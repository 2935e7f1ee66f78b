import { Cluster } from './cluster.js';
import type { Config } from './config/types.js';
import { FAMILIES, familyOf } from './families.js';
import { Generator } from './generate.js';
import type { Family, FamilyRun } from './families.js';
import type { KubeObject, Result } from './types.js';

export { STEPS } from './monitors.js';

export interface TransformOutput {
  /**
   * The input's items in order (unchanged objects are the very same references), then the items
   * the run adds (src/generate.ts: a ClusterRoleBinding, a TriggerAuthentication, …).
   */
  items: KubeObject[];
  results: Result[];
}

/**
 * The pure core: no I/O, no process state. Each family's selected items get the config applied
 * (apply) or the would-be changes reported (check); then they are checked as they will be
 * written. Everything else passes through untouched and is only read for cross-checks.
 */
export function transform(items: readonly KubeObject[], config: Config): TransformOutput {
  const transformation = new Transformation(items, config);
  const results: Result[] = [];
  const output = items.map((obj) => transformation.apply(obj, results));
  output.push(...transformation.added);
  results.push(...transformation.inputResults);
  return { items: output, results };
}

/**
 * `transform`, one item at a time, for a caller that wants to be done with each item before the
 * next (processText prints every changed monitor and lets it go: holding all of them, changed
 * and unchanged, was ~60 MB at 50k items). `transform` is exactly: construct, `apply` every item
 * in order, then append `added` to the items and `inputResults` to the results.
 */
export class Transformation {
  private readonly runs: Map<Family, FamilyRun>;
  private readonly generator: Generator;
  /** Findings about items of no family (e.g. placeholders left in Certificate dnsNames); they follow the items' own. */
  readonly inputResults: Result[];

  /** Indexes what every family may refer to (Services, Secrets, Certificates, KEDA references) from all items. */
  constructor(items: readonly KubeObject[], config: Config) {
    const cluster = Cluster.from(items);
    this.generator = new Generator(cluster, config.mode);
    const generate = this.generator;
    this.runs = new Map(FAMILIES.map((family) => [family, family.start({ items, cluster, config, generate })]));
    this.inputResults = [...this.runs.values()].flatMap((run) => run.inputResults);
  }

  /** Items the families' steps added (src/generate.ts), in the order they were added; none in check mode. */
  get added(): readonly KubeObject[] {
    return this.generator.items;
  }

  /**
   * One item as the output has it (the same reference when unchanged); its findings are appended to
   * `results`. `proposed` receives the changed item apply makes, in check mode too (`--diff`).
   */
  apply(obj: KubeObject, results: Result[], proposed?: (draft: KubeObject) => void): KubeObject {
    const family = familyOf(obj);
    if (family === undefined) return obj;
    const output = (this.runs.get(family) as FamilyRun).apply(obj, results, proposed);
    // What the item's steps added is reported right after the item's own findings.
    for (const found of this.generator.results.splice(0)) results.push(found);
    return output;
  }
}
