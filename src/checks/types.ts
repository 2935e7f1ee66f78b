import type { Cluster } from '../cluster.js';
import type { Config } from '../config/types.js';
import type { Endpoint, MonitorKind } from '../kinds/index.js';
import type { Reporter } from '../results.js';
import type { KubeObject } from '../types.js';

/** What a rule sees: one monitor as it will be written (apply) or as it is (check). */
export interface CheckContext {
  readonly obj: KubeObject;
  readonly kind: MonitorKind;
  readonly endpoints: readonly Endpoint[];
  readonly cluster: Cluster;
  readonly config: Config;
  readonly report: Reporter;
}

/** One small named rule of SPEC §4; `code` is stable and becomes the result's `tags.code`. */
export interface CheckRule {
  readonly code: string;
  /** One line for the README table and `--help`. */
  readonly description: string;
  check(ctx: CheckContext): void;
}
