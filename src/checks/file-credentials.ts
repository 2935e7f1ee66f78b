import type { Cluster } from '../cluster.js';
import type { Collector } from '../config/types.js';
import type { DenyingPrometheus } from '../index/prometheus.js';
import { labelsOf, namespaceOf } from '../select.js';
import type { Json, KubeObject, Path } from '../types.js';
import type { CheckRule } from './types.js';
import { TLS_FILE_TWINS } from '../kinds/tls-files.js';
import type { TlsSecretField } from '../kinds/tls-files.js';
import { isFileSet, reportByPolicy, tlsConfigsOf } from './fields.js';

/** What to use instead of each file field. */
const INSTEAD: Record<TlsSecretField | 'bearerTokenFile', string> = {
  ca: 'tlsConfig.ca from a Secret or ConfigMap',
  cert: 'tlsConfig.cert from a Secret',
  keySecret: 'tlsConfig.keySecret',
  bearerTokenFile: 'authorization with credentials from a Secret',
};

/** Collectors that drop a whole monitor with file credentials (https://github.com/prometheus-community/helm-charts/issues/7230,
 * https://github.com/open-telemetry/opentelemetry-helm-charts/issues/2408), and how they say it. */
const DROPPING: Partial<Record<Collector, string>> = {
  'prometheus-deny-fs': 'a Prometheus with arbitraryFSAccessThroughSMs.deny: true (policy.collector: prometheus-deny-fs) rejects the whole',
  alloy: 'Grafana Alloy (1.19+, allow_arbitrary_file_access false by default; policy.collector: alloy) drops the whole',
  'otel-target-allocator': 'the OpenTelemetry Target Allocator (policy.collector: otel-target-allocator) drops the whole',
};

/** What the operator says when it rejects the monitor (testForArbitraryFSAccess, prometheus-operator v0.93.0). */
function operatorWords(field: string): string {
  return `operator: it accesses file system via ${field === 'bearerTokenFile' ? 'bearer token file' : 'tls config'} which Prometheus specification prohibits`;
}

/**
 * File-based credentials where the kind allows them (a ServiceMonitor's tlsConfig and
 * bearerTokenFile). They read files of the Prometheus container, which some collectors refuse: they
 * drop the whole ServiceMonitor (prometheus-community/helm-charts#7230, opentelemetry-helm-charts#2408).
 * Severity: error where the input makes the drop certain — `policy.collector` is one that refuses
 * file access, or a Prometheus in the input with `arbitraryFSAccessThroughSMs.deny: true` selects the
 * monitor (OpenShift's user-workload Prometheus, not its platform one); warning where such a
 * Prometheus may select it (its namespace's labels are not in the input); otherwise
 * policy.fileCredentials (warn | error | allow; migrate: what apply left warns), since it depends on
 * the cluster's Prometheus.
 */
export const fileCredentials: CheckRule = {
  code: 'file-credentials',
  description:
    'file-based credentials on a ServiceMonitor: an error where the collector (policy.collector, or a Prometheus with arbitraryFSAccessThroughSMs.deny in the input) drops it; else policy.fileCredentials',
  check({ obj, kind, endpoints, cluster, config, report }) {
    const files: Array<{ label: string; field: TlsSecretField | 'bearerTokenFile'; file: string; path: Path; value: Json }> = [];
    for (const endpoint of endpoints) {
      for (const tls of tlsConfigsOf(endpoint, kind)) {
        if (!tls.fileFields) continue;
        for (const { field, file } of TLS_FILE_TWINS) {
          if (isFileSet(tls.value[file])) files.push({ label: `${tls.label}.${file}`, field, file, path: [...tls.path, file], value: tls.value[file] as Json });
        }
      }
      if (kind.bearerTokenFile && isFileSet(endpoint.value.bearerTokenFile)) {
        files.push({
          label: 'bearerTokenFile',
          field: 'bearerTokenFile',
          file: 'bearerTokenFile',
          path: [...endpoint.path, 'bearerTokenFile'],
          value: endpoint.value.bearerTokenFile as Json,
        });
      }
    }
    if (files.length === 0) return;

    const dropping = DROPPING[config.policy.collector];
    const verdict = dropping === undefined ? denyingPrometheus(obj, cluster) : undefined;
    for (const { label, field, file, path, value } of files) {
      const fix = `use ${INSTEAD[field]}`;
      const reads = `${label} reads a file of the Prometheus container`;
      if (dropping !== undefined) {
        report.error('file-credentials', `${reads}, and ${dropping} ${kind.kind}: none of its endpoints is scraped; ${fix}`, path, { currentValue: value });
      } else if (verdict?.selection === 'selected') {
        report.error(
          'file-credentials',
          `${reads}, and Prometheus ${where(verdict.prometheus)} in the input sets arbitraryFSAccessThroughSMs.deny: true and selects this ${kind.kind}, so it rejects the whole ${kind.kind} (${operatorWords(file)}); ${fix}`,
          path,
          { currentValue: value },
        );
      } else if (verdict?.selection === 'unknown') {
        report.warning(
          'file-credentials',
          `${reads}, and Prometheus ${where(verdict.prometheus)} in the input sets arbitraryFSAccessThroughSMs.deny: true and may select this ${kind.kind} (the labels of its namespace are not in the input): if it does, it rejects the whole ${kind.kind} (${operatorWords(file)}); ${fix}`,
          path,
          { currentValue: value },
        );
      } else {
        reportByPolicy(
          report,
          // With migrate, apply has moved what it can (src/migrate.ts); what is left warns.
          config.policy.fileCredentials === 'migrate' ? 'warn' : config.policy.fileCredentials,
          'file-credentials',
          `${reads}, and a Prometheus with arbitraryFSAccessThroughSMs.deny: true (as OpenShift user workload monitoring runs), Grafana Alloy 1.19+ or the OpenTelemetry Target Allocator rejects the whole ${kind.kind} (${operatorWords(file)}); ${fix}, or set policy.collector to what reads your monitors (policy.fileCredentials: allow if it permits file access)`,
          path,
          { currentValue: value },
        );
      }
    }
  },
};

/** The first Prometheus of the input that denies file access and selects the monitor (or may: unknown). */
function denyingPrometheus(monitor: KubeObject, cluster: Cluster): { prometheus: DenyingPrometheus; selection: 'selected' | 'unknown' } | undefined {
  const denying = cluster.prometheus.denying;
  if (denying.length === 0) return undefined;
  const namespace = namespaceOf(monitor);
  const labels = labelsOf(monitor);
  let uncertain: DenyingPrometheus | undefined;
  for (const prometheus of denying) {
    const selection = cluster.prometheus.selects(prometheus, namespace, labels);
    if (selection === 'selected') return { prometheus, selection };
    if (selection === 'unknown') uncertain ??= prometheus;
  }
  return uncertain === undefined ? undefined : { prometheus: uncertain, selection: 'unknown' };
}

function where(prometheus: DenyingPrometheus): string {
  return prometheus.namespace === undefined ? prometheus.name : `${prometheus.namespace}/${prometheus.name}`;
}
