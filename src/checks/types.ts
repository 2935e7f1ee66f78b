import type { Cluster } from '../cluster.js';
import type { Config } from '../config/types.js';
import type { Endpoint, MonitorKind } from '../kinds/index.js';
import type { Reporter } from '../results.js';
import type { KubeObject } from '../types.js';
import type { CertificateUsage } from './usage.js';

/** What a rule sees: one monitor as it will be written (apply) or as it is (check). */
export interface CheckContext {
  readonly obj: KubeObject;
  readonly kind: MonitorKind;
  readonly endpoints: readonly Endpoint[];
  readonly cluster: Cluster;
  readonly config: Config;
  readonly report: Reporter;
  /**
   * In check mode, the object apply would write with the same config, when it differs from `obj`:
   * a rule about a failure apply would fix (target-auth's missing credentials) stays quiet where
   * apply would be, since apply's would-be change is reported already.
   */
  readonly applied?: KubeObject;
}

/** One small named rule of the monitors family; `code` is stable and becomes the result's `tags.code`. */
export interface CheckRule {
  readonly code: string;
  /** One line for the README table and `--help`. */
  readonly description: string;
  /**
   * Whether the rule already judges `CheckContext.applied` (what apply would write) in check mode:
   * then check mode does not run it a second time on that object (see runChecksOnApplied).
   */
  readonly judgesApplied?: boolean;
  check(ctx: CheckContext): void;
}

/** What an input rule sees: one item of the input that is not a monitor (a Certificate, …). */
export interface InputCheckContext {
  readonly obj: KubeObject;
  readonly cluster: Cluster;
  readonly config: Config;
  readonly report: Reporter;
  /** Who in the input trusts or serves a Certificate's Secret (built on the first question). */
  readonly usage: CertificateUsage;
}

/**
 * A rule about an object that is not a monitor but breaks monitoring when wrong (a
 * placeholder is an error "wherever it appears", e.g. in a cert-manager Certificate's dnsNames).
 * Such objects pass through unchanged and unselected; the rule only reads them.
 */
export interface InputRule {
  readonly code: string;
  readonly description: string;
  /** Whether the rule looks at this item at all (cheap: it is asked for every item of the input). */
  appliesTo(obj: KubeObject): boolean;
  check(ctx: InputCheckContext): void;
}
