import type { ChangeContext } from './change.js';
import type { Cluster } from './cluster.js';
import type { Config } from './config/types.js';
import type { Generator } from './generate.js';
import type { Endpoint, MonitorKind } from './kinds/index.js';
import type { Reporter } from './results.js';
import type { JsonObject, KubeObject } from './types.js';

/** Everything a step needs to change one endpoint (or Probe/ScrapeConfig spec) of one monitor. */
export interface StepContext {
  /** The monitor as it came in; read-only. */
  readonly monitor: KubeObject;
  readonly kind: MonitorKind;
  /** The endpoint as it came in (path, value, port). */
  readonly endpoint: Endpoint;
  /** The endpoint inside the draft monitor: steps change this object. */
  readonly target: JsonObject;
  readonly config: Config;
  readonly cluster: Cluster;
  readonly report: Reporter;
  readonly change: ChangeContext;
  /** Adds new items to the output (the only way to; see src/generate.ts). */
  readonly generate: Generator;
}

/** One stage of what `apply` does to an endpoint; stages run in the order of STEPS. */
export type EndpointStep = (ctx: StepContext) => void;
