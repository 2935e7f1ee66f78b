import type { Cluster } from '../cluster.js';
import type { Config } from '../config/types.js';
import type { Family, FamilyInput, FamilyRun } from '../family.js';
import { ProposedReporter } from '../proposed.js';
import { Reporter } from '../results.js';
import type { Generator } from '../generate.js';
import { isSelected, nameOf, namespaceOf } from '../select.js';
import { jsonEqual } from '../format.js';
import type { Json, KubeObject, Result } from '../types.js';
import { applyKeda } from './apply.js';
import { kedaHasChanges } from './config.js';
import type { KedaConfig } from './config.js';
import { generatedWhy, triggerAuthenticationFor } from './generate.js';
import { DEFAULT_KEDA_NAMESPACE, KEDA_KINDS, kedaKindOf, triggerAuthentication } from './kinds.js';
import type { KedaKind } from './kinds.js';
import { resolveTriggers } from './resolve.js';
import { runKedaChecks } from './rules/index.js';
import { prometheusTriggers } from './triggers.js';
import type { PrometheusTrigger } from './triggers.js';

/** The kinds `select.kinds` names; TriggerAuthentications are checked along with them. */
const SCALER_KINDS = ['ScaledObject', 'ScaledJob'];

/**
 * KEDA's prometheus scaler: ScaledObject / ScaledJob triggers of `type: prometheus` and
 * the (Cluster)TriggerAuthentications that give them credentials. rules/ KEDA_RULES check each.
 */
export const kedaFamily: Family = {
  name: 'keda',
  kinds: KEDA_KINDS,
  // Secrets and ConfigMaps (key names) are read in full for the monitors already; ServiceAccounts
  // are indexed by name from their metadata.
  readsInFull: [],
  selectKinds: SCALER_KINDS,
  start: (input) => new KedaRun(input),
};

class KedaRun implements FamilyRun {
  private readonly cluster: Cluster;
  private readonly config: Config;
  private readonly generate: Generator;
  private readonly kedaNamespace: string;
  readonly inputResults: readonly Result[] = [];

  constructor({ cluster, config, generate }: FamilyInput) {
    this.cluster = cluster;
    this.config = config;
    this.generate = generate;
    this.kedaNamespace = config.policy.kedaNamespace ?? DEFAULT_KEDA_NAMESPACE;
  }

  apply(obj: KubeObject, results: Result[], proposed?: (draft: KubeObject) => void): KubeObject {
    const kind = kedaKindOf(obj);
    if (kind === undefined || !this.selects(obj, kind)) return obj;
    const { cluster, config, kedaNamespace } = this;
    const report = new Reporter(obj);
    let result = obj;
    let wouldWrite: KubeObject | undefined;
    let generated: readonly Result[] = [];
    let proposedAuth: KubeObject | undefined;
    // The input's prometheus triggers, when apply read them; the checks read them again only from a changed scaler.
    let inputTriggers: PrometheusTrigger[] | undefined;
    const keda = config.keda;
    if (kind.scales && keda !== undefined && kedaHasChanges(keda)) {
      const triggers = (inputTriggers = prometheusTriggers(obj));
      const change = { report, mode: config.mode, onConflict: config.policy.onConflict };
      const draft = applyKeda(obj, triggers, keda, change);
      const changed = !jsonEqual(draft as unknown as Json, obj as unknown as Json);
      if (changed && config.mode === 'apply') result = draft;
      if (changed && config.mode === 'check') wouldWrite = draft;
      if (changed) proposed?.(draft);
      // Before the checks: in apply mode the added TriggerAuthentication joins the index, so the
      // scaler is checked against it.
      if (keda.generate === true && triggers.length > 0) {
        const generation = this.addTriggerAuthentication(obj, kind, keda);
        generated = generation.results;
        // Check mode: apply would check the scaler against the TriggerAuthentication it adds.
        if (generation.proposed !== undefined) {
          proposedAuth = generation.proposed;
          wouldWrite ??= obj;
        }
      }
    }
    const triggers = kind.scales
      ? resolveTriggers(result, result === obj && inputTriggers !== undefined ? inputTriggers : prometheusTriggers(result), cluster)
      : [];
    runKedaChecks({ obj: result, kind, triggers, cluster, config, kedaNamespace, report });
    // Check mode: also the scaler as apply would write it, so check never exits 0 where apply
    // would exit 1 with the same config; only errors and warnings not already reported.
    if (wouldWrite !== undefined) {
      const proposal = new ProposedReporter(obj, report.results);
      const wouldTriggers = resolveTriggers(wouldWrite, prometheusTriggers(wouldWrite), cluster, proposedAuth);
      runKedaChecks({ obj: wouldWrite, kind, triggers: wouldTriggers, cluster, config, kedaNamespace, report: proposal });
      for (const found of proposal.results) report.results.push(found);
    }
    for (const found of report.results) results.push(found);
    for (const found of generated) results.push(found);
    return result;
  }

  /**
   * Adds (apply) or proposes (check) the TriggerAuthentication spec.keda names, and checks it like
   * any other: apply checks its own output, and check reports what apply would make of it.
   */
  private addTriggerAuthentication(scaler: KubeObject, kind: KedaKind, keda: KedaConfig): { results: readonly Result[]; proposed?: KubeObject } {
    const namespace = namespaceOf(scaler);
    const object = triggerAuthenticationFor(keda, namespace, this.cluster);
    const where = `${kind.kind} ${namespace !== undefined ? `${namespace}/` : ''}${nameOf(scaler)}`;
    const outcome = this.generate.add({ object, besides: scaler, code: 'keda-generated', why: generatedWhy(keda, where) });
    if (outcome === 'exists') return { results: [] };
    // The added item as the output has it (with kpt's annotations): the Generator's last.
    const added = outcome === 'added' ? (this.generate.items.at(-1) as KubeObject) : object;
    const report = outcome === 'added' ? new Reporter(added) : new ProposedReporter(added, []);
    const { cluster, config, kedaNamespace } = this;
    runKedaChecks({ obj: added, kind: triggerAuthentication, triggers: [], cluster, config, kedaNamespace, report });
    return outcome === 'added' ? { results: report.results } : { results: report.results, proposed: object };
  }

  /**
   * Scalers by `select` as it stands; a (Cluster)TriggerAuthentication when `select.kinds` names a
   * scaler kind and names / namespaces / labelSelector match it.
   */
  private selects(obj: KubeObject, kind: KedaKind): boolean {
    const { select } = this.config;
    if (kind.scales) return isSelected(obj, select);
    if (!select.kinds.some((k) => SCALER_KINDS.includes(k))) return false;
    return isSelected(obj, { ...select, kinds: [kind.kind] });
  }
}
