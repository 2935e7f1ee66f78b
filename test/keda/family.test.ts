import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyConfig } from '../../src/config/load.js';
import { FAMILIES, READ_IN_FULL, READ_IN_PART, familyOf } from '../../src/families.js';
import { KEDA_RULES } from '../../src/keda/rules/index.js';
import { transform } from '../../src/transform.js';
import type { KubeObject } from '../../src/types.js';
import { clusterTriggerAuth, prometheusTrigger, scaledObject, secret, triggerAuth, withAuth } from './fixtures.js';

const AZURE = 'https://orders-amw-a1b2.eastus.prometheus.monitor.azure.com';
const codes = (items: KubeObject[], config = emptyConfig()): string[] => transform(items, config).results.map((r) => `${r.resourceRef?.kind}:${r.tags.code}`);

describe('the family registry', () => {
  test('GIVEN the registry THEN the monitors are the first family, KEDA the second, and every kind belongs to one family', () => {
    expect(FAMILIES.map((f) => f.name)).toEqual(['monitors', 'keda']);
    expect(FAMILIES[1]?.kinds.map((k) => `${k.apiVersion}/${k.kind}`)).toEqual([
      'keda.sh/v1alpha1/ScaledObject',
      'keda.sh/v1alpha1/ScaledJob',
      'keda.sh/v1alpha1/TriggerAuthentication',
      'keda.sh/v1alpha1/ClusterTriggerAuthentication',
    ]);
    const all = FAMILIES.flatMap((f) => f.kinds.map((k) => `${k.apiVersion}/${k.kind}`));
    expect(new Set(all).size).toBe(all.length);
    expect(familyOf(scaledObject())?.name).toBe('keda');
    expect(familyOf({ apiVersion: 'keda.sh/v1alpha2', kind: 'ScaledObject' })).toBeUndefined();
  });

  test('THEN the reader reads every family kind and what it reads in full, and nothing else', () => {
    expect([...READ_IN_FULL].sort()).toEqual(
      [
        'monitoring.coreos.com/v1/ServiceMonitor',
        'monitoring.coreos.com/v1/PodMonitor',
        'monitoring.coreos.com/v1/Probe',
        'monitoring.coreos.com/v1alpha1/ScrapeConfig',
        'azmonitoring.coreos.com/v1/ServiceMonitor',
        'azmonitoring.coreos.com/v1/PodMonitor',
        // Whether a Prometheus that denies file access selects a monitor (file-credentials, README "Checks").
        'monitoring.coreos.com/v1/Prometheus',
        'v1/Service',
        'v1/Secret',
        'v1/ConfigMap',
        'cert-manager.io/v1/Certificate',
        // The target side (README "Who may scrape"): who may scrape the pods a Service selects (the workloads are read in part, below).
        'rbac.authorization.k8s.io/v1/ClusterRole',
        'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
        'rbac.authorization.k8s.io/v1/RoleBinding',
        'keda.sh/v1alpha1/ScaledObject',
        'keda.sh/v1alpha1/ScaledJob',
        'keda.sh/v1alpha1/TriggerAuthentication',
        'keda.sh/v1alpha1/ClusterTriggerAuthentication',
      ].sort(),
    );
    // The target side (README "Who may scrape"): the pods a Service selects, from their workloads' pod templates.
    expect([...READ_IN_PART.keys()].sort()).toEqual(
      ['apps/v1/Deployment', 'apps/v1/StatefulSet', 'apps/v1/DaemonSet', 'apps/v1/ReplicaSet', 'batch/v1/Job', 'batch/v1/CronJob', 'v1/Pod'].sort(),
    );
  });
});

describe('the KEDA rules', () => {
  test('every rule has a code of its own and its own test file', () => {
    expect(new Set(KEDA_RULES.map((r) => r.code)).size).toBe(KEDA_RULES.length);
    for (const rule of KEDA_RULES) {
      expect(rule.code).toMatch(/^keda(-[a-z0-9]+)+$/);
      expect(existsSync(join(process.cwd(), 'test', 'keda', `${rule.code.replace(/^keda-/, '')}.test.ts`))).toBe(true);
    }
  });

  const spec = join(process.cwd(), '..', 'shared', 'SPEC.md');
  (existsSync(spec) ? test : process.env['CI'] === 'true' ? test : test.skip)('every code of SPEC §9 is a rule', () => {
    const section = readFileSync(spec, 'utf8').split('## 9.')[1]?.split('## 10.')[0] ?? '';
    const specCodes = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(specCodes).toHaveLength(8);
    for (const code of specCodes) expect(KEDA_RULES.map((r) => r.code)).toContain(code);
  });
});

describe('which KEDA objects are checked', () => {
  const items = [scaledObject([prometheusTrigger({ serverAddress: AZURE })]), triggerAuth({ podIdentity: { provider: 'azure' } })];

  test('GIVEN no config THEN every KEDA check runs on every KEDA object', () => {
    expect(codes(items)).toEqual(['ScaledObject:keda-managed-auth', 'TriggerAuthentication:keda-provider']);
  });

  test('GIVEN select.kinds without the KEDA kinds THEN no KEDA object is checked; with ScaledObject only, its TriggerAuthentications are', () => {
    const config = emptyConfig();
    expect(codes(items, { ...config, select: { ...config.select, kinds: ['ServiceMonitor'] } })).toEqual([]);
    expect(codes(items, { ...config, select: { ...config.select, kinds: ['ScaledObject'] } })).toEqual([
      'ScaledObject:keda-managed-auth',
      'TriggerAuthentication:keda-provider',
    ]);
  });

  test('GIVEN select.names THEN only the objects of those names', () => {
    const config = emptyConfig();
    expect(codes(items, { ...config, select: { ...config.select, names: ['orders-*'] } })).toEqual(['ScaledObject:keda-managed-auth']);
  });

  test('GIVEN other trigger types beside a prometheus one THEN only the prometheus trigger is checked', () => {
    const so = scaledObject([{ type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } }, prometheusTrigger({ serverAddress: AZURE })]);
    expect(transform([so], emptyConfig()).results.map((r) => r.field?.path)).toEqual(['spec.triggers[1].metadata.serverAddress']);
  });
});

describe('bad KEDA input is reported with a path, never a crash', () => {
  const shapes: Array<[string, KubeObject]> = [
    ['spec not a map', { ...scaledObject(), spec: 'triggers' }],
    ['triggers not a list', { ...scaledObject(), spec: { scaleTargetRef: { name: 'x' }, triggers: { type: 'prometheus' } } }],
    ['a trigger not a map', scaledObject(['prometheus' as never])],
    ['metadata a list', scaledObject([{ type: 'prometheus', metadata: ['serverAddress'] as never }])],
    ['authenticationRef a string', scaledObject([prometheusTrigger({}, { authenticationRef: 'prom-auth' })])],
    ['a TriggerAuthentication spec a list', triggerAuth([] as never)],
    ['podIdentity a string', clusterTriggerAuth({ podIdentity: 'azure-workload' })],
  ];
  test.each(shapes)('GIVEN %s THEN keda-schema errors with paths and the object passes through unchanged', (_, obj) => {
    const { items, results } = transform([obj], emptyConfig());
    expect(items[0]).toBe(obj);
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.tags.code).toBe('keda-schema');
      expect(result.severity).toBe('error');
      expect(result.field?.path).toMatch(/^spec/);
    }
  });

  test('GIVEN a Secret with values THEN no result carries them', () => {
    const items = [
      withAuth({ authModes: 'basic' }),
      triggerAuth({ secretTargetRef: [{ parameter: 'password', name: 'prom-creds', key: 'password' }] }),
      { ...secret('prom-creds', []), stringData: { password: 'hunter2-very-secret' } },
    ];
    const text = JSON.stringify(transform(items, emptyConfig()).results);
    expect(text).toContain('username=<empty> is required when basic auth is enabled');
    expect(text).not.toContain('hunter2');
  });
});
