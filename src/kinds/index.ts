import { InputError } from '../errors.js';
import { fileOf } from '../results.js';
import type { JsonObject, KubeObject } from '../types.js';
import { displayText, isObject } from '../types.js';
import { azPodMonitor, azServiceMonitor } from './azmonitoring.js';
import { podMonitor } from './podmonitor.js';
import { probe } from './probe.js';
import { scrapeConfig } from './scrapeconfig.js';
import { serviceMonitor } from './servicemonitor.js';
import type { Endpoint, MonitorKind } from './types.js';

export type { AuthMethod, Endpoint, MonitorKind } from './types.js';

export const MONITOR_KINDS: readonly MonitorKind[] = [serviceMonitor, podMonitor, probe, scrapeConfig, azServiceMonitor, azPodMonitor];
/** The kind names, once each (azmonitoring.coreos.com's kinds share monitoring.coreos.com's names). */
export const MONITOR_KIND_NAMES = [...new Set(MONITOR_KINDS.map((k) => k.kind))];

const byKey = new Map(MONITOR_KINDS.map((k) => [`${k.apiVersion}/${k.kind}`, k]));

/** The kind description for a Prometheus Operator scrape object, or undefined for anything else. */
export function monitorKindOf(obj: KubeObject): MonitorKind | undefined {
  return byKey.get(`${obj.apiVersion}/${obj.kind}`);
}

/**
 * The endpoint-like objects of a monitor. A structure the operator could never accept
 * (spec not a map, endpoints not a list, an endpoint not a map) is unusable input, not a finding:
 * nothing sensible can be merged into it.
 */
export function endpointsOf(obj: KubeObject, kind: MonitorKind): Endpoint[] {
  const spec = obj.spec;
  if (spec === undefined || spec === null) return [];
  if (!isObject(spec)) throw structureError(obj, 'spec', 'a map');
  if (kind.endpointsField === undefined) return [{ path: ['spec'], value: spec, port: undefined }];
  const list = spec[kind.endpointsField];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw structureError(obj, `spec.${kind.endpointsField}`, 'a list');
  return list.map((value, index) => {
    if (!isObject(value)) throw structureError(obj, `spec.${kind.endpointsField}[${index}]`, 'a map');
    return { path: ['spec', kind.endpointsField as string, index], value, port: kind.portOf(value) };
  });
}

function structureError(obj: KubeObject, field: string, expected: string): InputError {
  const meta: JsonObject = isObject(obj.metadata) ? obj.metadata : {};
  const where = fileOf(obj);
  const name = `${obj.kind} ${typeof meta.namespace === 'string' ? meta.namespace + '/' : ''}${displayText(meta.name)}`;
  return new InputError(
    `${name}: ${field} must be ${expected}`,
    where ? { file: where.path, ...(where.index !== undefined ? { document: where.index } : {}) } : {},
  );
}
