import { podMonitor } from './podmonitor.js';
import { serviceMonitor } from './servicemonitor.js';
import type { MonitorKind } from './types.js';

/**
 * Azure Monitor managed Prometheus reads ServiceMonitor / PodMonitor in API group
 * `azmonitoring.coreos.com/v1`, with the same schema as `monitoring.coreos.com/v1` (https://learn.microsoft.com/en-us/azure/azure-monitor/containers/prometheus-metrics-scrape-crd): the
 * same kinds under another apiVersion, handled exactly alike (select, merge, checks, schema).
 */
export const AZMONITORING_API_VERSION = 'azmonitoring.coreos.com/v1';

export const azServiceMonitor: MonitorKind = { ...serviceMonitor, apiVersion: AZMONITORING_API_VERSION };
export const azPodMonitor: MonitorKind = { ...podMonitor, apiVersion: AZMONITORING_API_VERSION };
