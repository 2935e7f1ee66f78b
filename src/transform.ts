import { runChecks, runInputChecks } from './checks/index.js';
import { Cluster } from './cluster.js';
import { hasChanges } from './config/load.js';
import type { Config } from './config/types.js';
import { jsonEqual } from './format.js';
import { endpointsOf, monitorKindOf } from './kinds/index.js';
import type { MonitorKind } from './kinds/index.js';
import { Reporter } from './results.js';
import { isEndpointSelected, isSelected } from './select.js';
import type { EndpointStep } from './steps.js';
import { tlsStep } from './tls.js';
import { authStep } from './auth.js';
import { patchesStep } from './patches.js';
import type { Json, JsonObject, KubeObject, Path, Result } from './types.js';
import { isObject } from './types.js';

/** What apply does to each selected endpoint, in order. */
export const STEPS: readonly EndpointStep[] = [tlsStep, authStep, patchesStep];

export interface TransformOutput {
  /** Same length and order as the input; unchanged objects are the very same references. */
  items: KubeObject[];
  results: Result[];
}

/**
 * The pure core: no I/O, no process state. Selected monitors get the config applied (apply) or
 * the would-be changes reported (check); then every selected monitor is checked as it will be
 * written. Everything else passes through untouched and is only read for cross-checks.
 */
export function transform(items: readonly KubeObject[], config: Config): TransformOutput {
  const transformation = new Transformation(items, config);
  const results: Result[] = [];
  const output = items.map((obj) => transformation.apply(obj, results));
  results.push(...transformation.inputResults);
  return { items: output, results };
}

/**
 * `transform`, one item at a time, for a caller that wants to be done with each item before the
 * next (processText prints every changed monitor and lets it go: holding all of them, changed
 * and unchanged, was ~60 MB at 50k items). `transform` is exactly: construct, `apply` every item
 * in order, then append `inputResults`.
 */
export class Transformation {
  private readonly cluster: Cluster;
  private readonly changes: boolean;
  /** Findings about objects that are not monitors (e.g. placeholders left in Certificate dnsNames); they follow the monitors' own. */
  readonly inputResults: Result[];

  /** Reads what every monitor may refer to (Services, Secrets, Certificates) from all items. */
  constructor(
    items: readonly KubeObject[],
    private readonly config: Config,
  ) {
    this.cluster = Cluster.from(items);
    this.changes = hasChanges(config);
    this.inputResults = runInputChecks(items, this.cluster, config);
  }

  /** One item as the output has it (the same reference when unchanged); its findings are appended to `results`. */
  apply(obj: KubeObject, results: Result[]): KubeObject {
    const { config, cluster } = this;
    const kind = monitorKindOf(obj);
    if (kind === undefined || !isSelected(obj, config.select)) return obj;
    const report = new Reporter(obj);
    let result = obj;
    if (this.changes) {
      const draft = applyTo(obj, kind, config, cluster, report);
      if (config.mode === 'apply' && !jsonEqual(draft as unknown as Json, obj as unknown as Json)) result = draft;
    }
    runChecks({ obj: result, kind, endpoints: endpointsOf(result, kind), cluster, config, report });
    for (const found of report.results) results.push(found);
    return result;
  }
}

function applyTo(obj: KubeObject, kind: MonitorKind, config: Config, cluster: Cluster, report: Reporter): KubeObject {
  const draft = { ...obj };
  const own = new Set<object>([draft]);
  const change = { report, mode: config.mode, onConflict: config.policy.onConflict };
  const specLevel = kind.endpointsField === undefined;
  for (const endpoint of endpointsOf(obj, kind)) {
    if (!isEndpointSelected(endpoint, config.endpoints.ports, specLevel)) continue;
    const target = ownEndpoint(draft, endpoint.path, own);
    for (const step of STEPS) step({ monitor: obj, kind, endpoint, target, config, cluster, report, change });
  }
  return draft;
}

/**
 * The endpoint at `path` in `draft`, made the draft's own: a deep copy of the endpoint, shallow
 * copies of the maps and lists on the way to it (`own` remembers which are copies already).
 * Everything else (metadata, selectors, the endpoints not selected) stays shared with the input
 * object, which is never changed: a full copy of every monitor was ~36 MB at 50k items.
 */
function ownEndpoint(draft: KubeObject, path: Path, own: Set<object>): JsonObject {
  let node: JsonObject | Json[] = draft as unknown as JsonObject;
  path.forEach((key, index) => {
    const child: Json | undefined = Array.isArray(node) ? node[key as number] : node[key as string];
    if (!isObject(child) && !Array.isArray(child)) throw new Error(`internal: no object at ${path.join('.')}`);
    let copy: JsonObject | Json[] = child;
    if (index === path.length - 1) copy = structuredClone(child);
    else if (!own.has(child)) copy = Array.isArray(child) ? [...child] : { ...child };
    own.add(copy);
    if (Array.isArray(node)) node[key as number] = copy;
    else node[key as string] = copy;
    node = copy;
  });
  if (!isObject(node)) throw new Error(`internal: no object at ${path.join('.')}`);
  return node;
}
