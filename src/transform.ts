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
  const cluster = Cluster.from(items);
  const results: Result[] = [];
  const changes = hasChanges(config);
  const output = items.map((obj) => {
    const kind = monitorKindOf(obj);
    if (kind === undefined || !isSelected(obj, config.select)) return obj;
    const report = new Reporter(obj);
    let result = obj;
    if (changes) {
      const draft = applyTo(obj, kind, config, cluster, report);
      if (config.mode === 'apply' && !jsonEqual(draft as unknown as Json, obj as unknown as Json)) result = draft;
    }
    runChecks({ obj: result, kind, endpoints: endpointsOf(result, kind), cluster, config, report });
    results.push(...report.results);
    return result;
  });
  // Findings about objects that are not monitors (e.g. placeholders left in Certificate dnsNames).
  results.push(...runInputChecks(items, cluster, config));
  return { items: output, results };
}

function applyTo(obj: KubeObject, kind: MonitorKind, config: Config, cluster: Cluster, report: Reporter): KubeObject {
  const draft = structuredClone(obj);
  const change = { report, mode: config.mode, onConflict: config.policy.onConflict };
  const specLevel = kind.endpointsField === undefined;
  for (const endpoint of endpointsOf(obj, kind)) {
    if (!isEndpointSelected(endpoint, config.endpoints.ports, specLevel)) continue;
    const target = getAt(draft, endpoint.path);
    for (const step of STEPS) step({ monitor: obj, kind, endpoint, target, config, cluster, report, change });
  }
  return draft;
}

function getAt(obj: KubeObject, path: Path): JsonObject {
  let node: Json | undefined = obj as unknown as Json;
  for (const key of path) node = Array.isArray(node) ? node[key as number] : isObject(node) ? node[key as string] : undefined;
  if (!isObject(node)) throw new Error(`internal: no object at ${path.join('.')}`);
  return node;
}
