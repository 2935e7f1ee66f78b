import { runChecks, runChecksOnApplied, runInputChecks } from './checks/index.js';
import type { Cluster } from './cluster.js';
import type { Config } from './config/types.js';
import { ownAt } from './draft.js';
import { RBAC_KINDS } from './index/rbac.js';
import { redactSecret, SECRET_VALUE_FIELDS } from './index/web-config.js';
import { WORKLOAD_PROJECTIONS } from './index/workloads.js';
import type { Family, FamilyInput, FamilyRun } from './family.js';
import type { Generator } from './generate.js';
import { jsonEqual } from './format.js';
import { endpointsOf, MONITOR_KIND_NAMES, MONITOR_KINDS, monitorKindOf } from './kinds/index.js';
import type { MonitorKind } from './kinds/index.js';
import { checkMonitorShape } from './kinds/shape.js';
import { Reporter } from './results.js';
import { ProposedReporter } from './proposed.js';
import { isEndpointSelected, isSelected } from './select.js';
import type { EndpointStep } from './steps.js';
import { authStep } from './auth.js';
import { patchesStep } from './patches.js';
import { bindStep } from './target/bind.js';
import { migrateStep } from './target/migrate.js';
import { tlsStep } from './tls.js';
import type { Json, KubeObject, Result } from './types.js';

/** What apply does to each selected endpoint, in order. */
/** Whether the config asks for any change to monitors (no config = checks only). */
export function hasChanges(config: Config): boolean {
  return (
    config.tls !== undefined ||
    config.auth !== undefined ||
    config.endpointPatches.length > 0 ||
    (config.scheme !== undefined && config.scheme !== '') ||
    config.rbac.bind ||
    config.policy.fileCredentials === 'migrate'
  );
}

export const STEPS: readonly EndpointStep[] = [tlsStep, authStep, migrateStep, patchesStep, bindStep];

/**
 * The Prometheus Operator monitors (ServiceMonitor, PodMonitor, Probe, ScrapeConfig): STEPS merge
 * the config into each selected endpoint, checks/ RULES check each selected monitor as it will be
 * written, checks/ INPUT_RULES the items that refer to monitors (Certificates).
 */
export const monitorsFamily: Family = {
  name: 'monitors',
  kinds: MONITOR_KINDS,
  // What serverName resolution, the Secret and certificate checks read; what a target demands (its
  // pods' args and mounts) and who may scrape it (RBAC).
  // The Prometheus objects: whether one that denies file access selects a monitor (file-credentials).
  readsInFull: ['v1/Service', 'v1/Secret', 'v1/ConfigMap', 'cert-manager.io/v1/Certificate', 'monitoring.coreos.com/v1/Prometheus', ...RBAC_KINDS],
  // Workloads are large (a Deployment is mostly env, probes and resources): only their pod templates'
  // labels, containers' argv / ports / mounts and volumes are read.
  readsInPart: WORKLOAD_PROJECTIONS,
  // Secrets are read for their key names and web config structure (index/web-config.ts); their
  // values are blanked as they are read, and no YAML alias may carry one out of the Secret.
  sensitive: { 'v1/Secret': { fields: SECRET_VALUE_FIELDS, redact: redactSecret } },
  // A monitor the operator could never accept is unusable input (kinds/shape.ts).
  checkShape: checkMonitorShape,
  selectKinds: MONITOR_KIND_NAMES,
  start: (input) => new MonitorsRun(input),
};

class MonitorsRun implements FamilyRun {
  private readonly cluster: Cluster;
  private readonly config: Config;
  private readonly changes: boolean;
  private readonly generate: Generator;
  readonly inputResults: Result[];

  constructor({ items, cluster, config, generate }: FamilyInput) {
    this.cluster = cluster;
    this.generate = generate;
    this.config = config;
    this.changes = hasChanges(config);
    this.inputResults = runInputChecks(items, cluster, config);
  }

  apply(obj: KubeObject, results: Result[], proposed?: (draft: KubeObject) => void): KubeObject {
    const { config, cluster } = this;
    const kind = monitorKindOf(obj);
    if (kind === undefined || !isSelected(obj, config.select)) return obj;
    const report = new Reporter(obj);
    let result = obj;
    let wouldWrite: KubeObject | undefined;
    if (this.changes) {
      const draft = applyTo(obj, kind, config, cluster, report, this.generate);
      const changed = !jsonEqual(draft as unknown as Json, obj as unknown as Json);
      if (changed && config.mode === 'apply') result = draft;
      if (changed && config.mode === 'check') wouldWrite = draft;
      if (changed) proposed?.(draft);
    }
    runChecks({
      obj: result,
      kind,
      endpoints: endpointsOf(result, kind),
      cluster,
      config,
      report,
      ...(wouldWrite !== undefined ? { applied: wouldWrite } : {}),
    });
    // Check mode: the object as it is, and also as apply would write it, so check never exits 0
    // where apply would exit 1 with the same config. Only what the object as it is does
    // not already say, and no info: those findings decide nothing.
    if (wouldWrite !== undefined) {
      const proposal = new ProposedReporter(obj, report.results);
      runChecksOnApplied({ obj: wouldWrite, kind, endpoints: endpointsOf(wouldWrite, kind), cluster, config, report: proposal });
      for (const found of proposal.results) report.results.push(found);
    }
    for (const found of report.results) results.push(found);
    return result;
  }
}

function applyTo(obj: KubeObject, kind: MonitorKind, config: Config, cluster: Cluster, report: Reporter, generate: Generator): KubeObject {
  const draft = { ...obj };
  const own = new Set<object>([draft]);
  const change = { report, mode: config.mode, onConflict: config.policy.onConflict };
  const specLevel = kind.endpointsField === undefined;
  for (const endpoint of endpointsOf(obj, kind)) {
    if (!isEndpointSelected(endpoint, config.endpoints.ports, specLevel)) continue;
    const target = ownAt(draft, endpoint.path, own);
    for (const step of STEPS) step({ monitor: obj, kind, endpoint, target, config, cluster, report, change, generate });
  }
  return draft;
}
