import type { Projection } from '../types.js';
import { labelsOf, nameOf, namespaceOf } from '../select.js';
import type { Json, JsonObject, KubeObject } from '../types.js';
import { isObject } from '../types.js';

/** The object a pod template comes from (a Deployment, a Job, a bare Pod, …). */
export interface WorkloadRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
}

export interface ContainerPort {
  readonly name: string | undefined;
  readonly containerPort: number;
}

export interface VolumeMount {
  readonly volume: string;
  readonly mountPath: string;
  readonly subPath: string | undefined;
}

/** One Secret or ConfigMap a volume projects into the pod, and which of its keys land at which file. */
export interface VolumeSource {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: string;
  /** `items: [{key, path}]`; undefined = every key, each as a file named after it. */
  readonly items: ReadonlyArray<{ key: string; path: string }> | undefined;
}

export interface ContainerInfo {
  readonly name: string;
  readonly image: string | undefined;
  /** `command` then `args`, strings only (the API server rejects anything else). */
  readonly argv: readonly string[];
  readonly ports: readonly ContainerPort[];
  readonly mounts: readonly VolumeMount[];
}

/** A pod as its template describes it: what a Service in its namespace may select. */
export interface PodTemplateInfo {
  readonly workload: WorkloadRef;
  readonly namespace: string | undefined;
  /** The pods' labels (the template's, or a bare Pod's own). */
  readonly labels: Readonly<Record<string, string>>;
  readonly containers: readonly ContainerInfo[];
  /** Volume name → the Secrets / ConfigMaps it projects (empty for emptyDir, hostPath, …). */
  readonly volumes: ReadonlyMap<string, readonly VolumeSource[]>;
  readonly serviceAccountName: string | undefined;
}

/** Where each workload kind keeps its pod template (a bare Pod is its own template). */
const TEMPLATE_PATHS: Record<string, readonly string[]> = {
  'apps/Deployment': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
  '/Pod': [],
};

/** What WorkloadIndex.add reads of a pod spec (see containerOf, volumesOf). */
const POD_SPEC: Projection = {
  initContainers: { name: true, image: true, command: true, args: true, ports: true, volumeMounts: true },
  containers: { name: true, image: true, command: true, args: true, ports: true, volumeMounts: true },
  volumes: true,
  serviceAccountName: true,
};
const POD_TEMPLATE: Projection = { metadata: { labels: true }, spec: POD_SPEC };

/**
 * The fields of each workload kind WorkloadIndex.add reads (with apiVersion, kind and metadata,
 * which every item has): reading the rest cost ~15 % of a run whose input is a third Deployments.
 */
export const WORKLOAD_PROJECTIONS: Readonly<Record<string, Projection>> = {
  'apps/v1/Deployment': { spec: { template: POD_TEMPLATE } },
  'apps/v1/StatefulSet': { spec: { template: POD_TEMPLATE } },
  'apps/v1/DaemonSet': { spec: { template: POD_TEMPLATE } },
  'apps/v1/ReplicaSet': { spec: { template: POD_TEMPLATE } },
  'batch/v1/Job': { spec: { template: POD_TEMPLATE } },
  'batch/v1/CronJob': { spec: { jobTemplate: { spec: { template: POD_TEMPLATE } } } },
  'v1/Pod': { spec: POD_SPEC },
};

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The pod templates of the input, indexed by namespace and label so that the pods a Service selects
 * are a lookup, not a scan (inputs reach 50k items). Odd shapes (no containers, args that are not
 * strings, volumes without a source) are read as far as they make sense and never throw.
 */
export class WorkloadIndex {
  readonly templates: PodTemplateInfo[] = [];
  private readonly byLabel = new Map<string, PodTemplateInfo[]>();
  private readonly byNamespace = new Map<string, PodTemplateInfo[]>();

  /** Whether `obj` is a workload kind (cheap: asked for every item). */
  static accepts(obj: KubeObject): boolean {
    return TEMPLATE_PATHS[`${groupOf(obj.apiVersion)}/${obj.kind}`] !== undefined;
  }

  add(obj: KubeObject): void {
    const path = TEMPLATE_PATHS[`${groupOf(obj.apiVersion)}/${obj.kind}`];
    if (path === undefined) return;
    let template: Json | undefined = obj as unknown as JsonObject;
    for (const key of path) template = isObject(template) ? template[key] : undefined;
    if (!isObject(template)) return;
    const namespace = namespaceOf(obj);
    const labels = path.length === 0 ? labelsOf(obj) : labelsOf(template as unknown as KubeObject);
    const spec = isObject(template.spec) ? template.spec : {};
    const info: PodTemplateInfo = {
      workload: { apiVersion: obj.apiVersion, kind: obj.kind, name: nameOf(obj), namespace },
      namespace,
      labels,
      containers: [...list(spec.initContainers), ...list(spec.containers)].filter(isObject).map(containerOf),
      volumes: volumesOf(spec.volumes),
      serviceAccountName: typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : undefined,
    };
    this.templates.push(info);
    push(this.byNamespace, namespace ?? '', info);
    for (const [key, value] of Object.entries(labels)) push(this.byLabel, labelKey(namespace ?? '', key, value), info);
  }

  /**
   * The pod templates a Service's `spec.selector` selects in its namespace. A Service without a
   * selector (or with an empty one) selects no pods: its endpoints are managed by hand.
   */
  selectedBy(namespace: string | undefined, selector: Readonly<Record<string, string>>): readonly PodTemplateInfo[] {
    const entries = Object.entries(selector);
    const first = entries[0];
    if (first === undefined) return [];
    const candidates = this.byLabel.get(labelKey(namespace ?? '', first[0], first[1])) ?? [];
    return candidates.filter((t) => entries.every(([k, v]) => t.labels[k] === v));
  }

  /** Every pod template in a namespace (for PodMonitor selectors with expressions). */
  inNamespace(namespace: string | undefined): readonly PodTemplateInfo[] {
    return this.byNamespace.get(namespace ?? '') ?? [];
  }
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}=${value}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function list(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: Json | undefined): string[] {
  return list(value).filter((s): s is string => typeof s === 'string');
}

function containerOf(container: JsonObject): ContainerInfo {
  const ports: ContainerPort[] = [];
  for (const port of list(container.ports)) {
    if (!isObject(port)) continue;
    const number = typeof port.containerPort === 'number' ? port.containerPort : Number(port.containerPort);
    if (!Number.isInteger(number)) continue;
    ports.push({ name: typeof port.name === 'string' ? port.name : undefined, containerPort: number });
  }
  const mounts: VolumeMount[] = [];
  for (const mount of list(container.volumeMounts)) {
    if (!isObject(mount) || typeof mount.name !== 'string' || typeof mount.mountPath !== 'string') continue;
    mounts.push({
      volume: mount.name,
      mountPath: mount.mountPath,
      subPath: typeof mount.subPath === 'string' && mount.subPath !== '' ? mount.subPath : undefined,
    });
  }
  return {
    name: typeof container.name === 'string' ? container.name : '',
    image: typeof container.image === 'string' ? container.image : undefined,
    argv: [...strings(container.command), ...strings(container.args)],
    ports,
    mounts,
  };
}

function volumesOf(value: Json | undefined): Map<string, VolumeSource[]> {
  const volumes = new Map<string, VolumeSource[]>();
  for (const volume of list(value)) {
    if (!isObject(volume) || typeof volume.name !== 'string') continue;
    const sources: VolumeSource[] = [];
    const add = (kind: 'Secret' | 'ConfigMap', source: Json | undefined, nameField: string): void => {
      if (!isObject(source)) return;
      const name = source[nameField];
      if (typeof name !== 'string' || name === '') return;
      const items = Array.isArray(source.items)
        ? source.items.filter(isObject).flatMap((i) => (typeof i.key === 'string' && typeof i.path === 'string' ? [{ key: i.key, path: i.path }] : []))
        : undefined;
      sources.push({ kind, name, items });
    };
    add('Secret', volume.secret, 'secretName');
    add('ConfigMap', volume.configMap, 'name');
    if (isObject(volume.projected)) {
      for (const source of list(volume.projected.sources)) {
        if (!isObject(source)) continue;
        add('Secret', source.secret, 'name');
        add('ConfigMap', source.configMap, 'name');
      }
    }
    volumes.set(volume.name, sources);
  }
  return volumes;
}

/**
 * The value of a command-line flag, as Go's flag package and kingpin read it: `--name=value`,
 * `--name value`, `-name=value`, `-name value`; a flag given alone is `"true"`; the last one wins.
 * undefined when the flag is not given.
 */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    const bare = arg.startsWith('--') ? arg.slice(2) : arg.startsWith('-') ? arg.slice(1) : undefined;
    if (bare === undefined) continue;
    if (bare.startsWith(`${name}=`)) found = bare.slice(name.length + 1);
    else if (bare === name) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        found = next;
        i++;
      } else found = 'true';
    }
  }
  return found;
}

/**
 * The file a path inside the container reads, as the mounts place it: the Secret / ConfigMap and
 * key behind it, or undefined when no mount of a Secret or ConfigMap covers the path.
 */
export function fileSource(
  template: PodTemplateInfo,
  container: ContainerInfo,
  path: string,
): { kind: 'Secret' | 'ConfigMap'; name: string; key: string } | undefined {
  // The longest mount path that contains the file wins (a mount inside another shadows it).
  const mounts = [...container.mounts].sort((a, b) => b.mountPath.length - a.mountPath.length);
  for (const mount of mounts) {
    const base = mount.mountPath.replace(/\/+$/, '');
    let inside: string;
    if (mount.subPath !== undefined) {
      if (path !== base) continue;
      inside = mount.subPath;
    } else {
      if (!path.startsWith(`${base}/`)) continue;
      inside = path.slice(base.length + 1);
    }
    for (const source of template.volumes.get(mount.volume) ?? []) {
      if (source.items === undefined) {
        if (!inside.includes('/')) return { kind: source.kind, name: source.name, key: inside };
        continue;
      }
      const item = source.items.find((i) => i.path === inside);
      if (item !== undefined) return { kind: source.kind, name: source.name, key: item.key };
    }
    return undefined;
  }
  return undefined;
}
