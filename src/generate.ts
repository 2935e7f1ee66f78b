import type { Cluster } from './cluster.js';
import { fileOf, Reporter } from './results.js';
import { nameOf, namespaceOf } from './select.js';
import type { JsonObject, KubeObject, Result } from './types.js';
import { isObject } from './types.js';

/**
 * The one place that adds items to the output (items are added only where a step says
 * so). A rule or step asks for an object; this module decides whether it is new, where kpt writes
 * it, and reports it:
 *
 * - **Once.** An object whose API group, kind, namespace and name are already in the input (or
 *   were asked for earlier in the run) is not added again: a second run over the output adds nothing.
 * - **Beside its reason.** Given the input item it belongs with (`besides`), the new item gets kpt's
 *   `config.kubernetes.io/path` / `index` and `internal.config.kubernetes.io/path` / `index`
 *   annotations naming a file `<kind>_<name>.yaml` in that item's directory, so `kpt fn render`
 *   writes it next to it. Without kpt annotations (a plain stream) the item has none and is
 *   appended after the input's items.
 * - **Reported.** Each added item is an `info` result about the new item (`would add …` in check
 *   mode, which adds nothing).
 */
export interface GenerateRequest {
  /** The new object: apiVersion, kind, metadata.name (and namespace for a namespaced kind), content. */
  readonly object: KubeObject;
  /** The input item the new one belongs beside (e.g. the ClusterRole a binding refers to). */
  readonly besides?: KubeObject;
  /** `tags.code` of the info result. */
  readonly code: string;
  /** Why it is added, for the message: `added <Kind> <ns/name>: <why>`. */
  readonly why: string;
}

export type GenerateOutcome = 'added' | 'proposed' | 'exists';

export class Generator {
  /** The added items, in the order they were asked for (apply mode only). */
  readonly items: KubeObject[] = [];
  /** One info result per added (or, in check mode, proposed) item. */
  readonly results: Result[] = [];
  private readonly proposed = new Set<string>();
  /** Documents already placed in each file by this run (the next one gets the next index). */
  private readonly placed = new Map<string, number>();

  constructor(
    private readonly cluster: Cluster,
    private readonly mode: 'apply' | 'check',
  ) {}

  /** Whether an object of this kind and name is in the input or already generated. */
  exists(apiVersion: string, kind: string, namespace: string | undefined, name: string): boolean {
    return this.cluster.has(apiVersion, kind, namespace, name);
  }

  /**
   * Adds `request.object` unless it exists (`exists`). In apply mode the object joins the input
   * index at once, so later lookups (and a rule checking the same monitor) see it.
   */
  add(request: GenerateRequest): GenerateOutcome {
    const { object } = request;
    const name = nameOf(object);
    const namespace = namespaceOf(object);
    const id = `${object.apiVersion}/${object.kind}/${namespace ?? ''}/${name}`;
    if (this.cluster.has(object.apiVersion, object.kind, namespace, name)) return 'exists';
    const where = `${object.kind} ${namespace !== undefined ? `${namespace}/` : ''}${name}`;
    if (this.mode === 'check') {
      if (this.proposed.has(id)) return 'exists';
      this.proposed.add(id);
      this.report(object, `would add ${where}: ${request.why}`, request.code);
      return 'proposed';
    }
    const placed = this.place(object, request.besides);
    this.cluster.add(placed);
    this.items.push(placed);
    this.report(placed, `added ${where}: ${request.why}`, request.code);
    return 'added';
  }

  private report(object: KubeObject, message: string, code: string): void {
    const report = new Reporter(object);
    report.info(code, message);
    this.results.push(...report.results);
  }

  /** The object with kpt's file annotations beside `besides`' file (none when it has no kpt path). */
  private place(object: KubeObject, besides: KubeObject | undefined): KubeObject {
    const file = besides !== undefined ? fileOf(besides) : undefined;
    if (file === undefined) return object;
    const slash = file.path.lastIndexOf('/');
    const path = `${slash >= 0 ? file.path.slice(0, slash + 1) : ''}${object.kind.toLowerCase()}_${nameOf(object)}.yaml`;
    const index = this.placed.get(path) ?? this.cluster.nextFileIndex(path);
    this.placed.set(path, index + 1);
    const metadata: JsonObject = isObject(object.metadata) ? { ...object.metadata } : {};
    const annotations: JsonObject = isObject(metadata.annotations) ? { ...metadata.annotations } : {};
    annotations['config.kubernetes.io/path'] = path;
    annotations['config.kubernetes.io/index'] = String(index);
    annotations['internal.config.kubernetes.io/path'] = path;
    annotations['internal.config.kubernetes.io/index'] = String(index);
    metadata.annotations = annotations;
    return { ...object, metadata };
  }
}
