import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { processText } from '../../src/process.js';
import { applyKeda } from '../../src/keda/apply.js';
import { prometheusTriggers } from '../../src/keda/triggers.js';
import { Reporter } from '../../src/results.js';
import { transform } from '../../src/transform.js';
import type { JsonObject, KubeObject } from '../../src/types.js';
import { finding } from '../checks/fixtures.js';
import { SO_REF, fromSecret, prometheusTrigger, scaledObject, secret, triggerAuth } from './fixtures.js';

const set = (data: Record<string, string>): ReturnType<typeof loadConfig> => loadConfig({ set: data });
const typed = (keda: JsonObject, policy: JsonObject = {}): ReturnType<typeof loadConfig> =>
  loadConfig({ functionConfig: { apiVersion: 'fn.secure-monitors.dev/v1alpha1', kind: 'SecureMonitors', metadata: { name: 'x' }, spec: { keda, policy } } });
const triggerOf = (obj: KubeObject | undefined, index = 0): JsonObject => ((obj?.spec as JsonObject).triggers as JsonObject[])[index] as JsonObject;
const withAuthOnly = (): KubeObject => scaledObject([prometheusTrigger({}, { authenticationRef: { name: 'prom-auth' } })]);
const changes = (results: ReturnType<typeof transform>['results']): ReturnType<typeof transform>['results'] =>
  results.filter((r) => r.tags.code === 'keda-auth' || r.tags.code === 'conflict');

describe('apply: keda-auth / keda-auth-modes set authenticationRef and authModes on every prometheus trigger', () => {
  const mimir = (): KubeObject[] => [
    scaledObject([
      { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
      prometheusTrigger({ serverAddress: 'https://mimir.example.com/prometheus', customHeaders: 'X-Scope-OrgID=orders' }),
    ]),
    triggerAuth(fromSecret({ bearerToken: 'token' })),
    secret('prom-creds', ['token']),
  ];

  test('GIVEN a trigger without them THEN both are set, each an info result; other triggers and fields stay; the fix leaves no finding', () => {
    const input = mimir();
    const { items, results } = transform(input, set({ 'keda-auth': 'prom-auth', 'keda-auth-modes': 'bearer' }));
    expect(triggerOf(items[0], 1)).toEqual({
      type: 'prometheus',
      metadata: {
        serverAddress: 'https://mimir.example.com/prometheus',
        query: 'sum(rate(http_requests_total{app="orders"}[2m]))',
        threshold: '100',
        customHeaders: 'X-Scope-OrgID=orders',
        authModes: 'bearer',
      },
      authenticationRef: { name: 'prom-auth' },
    });
    expect(triggerOf(items[0], 0)).toBe(triggerOf(input[0], 0));
    expect(input[0]).toEqual(mimir()[0]);
    expect(results).toEqual([
      finding(
        SO_REF,
        'info',
        'keda-auth',
        'spec.triggers[1].authenticationRef',
        'set authenticationRef to {name: prom-auth}: the TriggerAuthentication that gives the query its credentials',
        {
          proposedValue: { name: 'prom-auth' },
        },
      ),
      finding(
        SO_REF,
        'info',
        'keda-auth',
        'spec.triggers[1].metadata.authModes',
        "set authModes to bearer: KEDA sends the TriggerAuthentication's credentials only for the modes listed here",
        { proposedValue: 'bearer' },
      ),
    ]);
  });

  test('GIVEN the output THEN a second run changes nothing and reports nothing', () => {
    const config = set({ 'keda-auth': 'prom-auth', 'keda-auth-modes': 'bearer' });
    const first = transform(mimir(), config);
    const second = transform(first.items, config);
    expect(second.items).toEqual(first.items);
    second.items.forEach((item, index) => expect(item).toBe(first.items[index]));
    expect(second.results).toEqual([]);
  });

  test('GIVEN check mode THEN "would" results and nothing changes; the missing authModes is still reported', () => {
    const input = mimir();
    const { items, results } = transform(input, loadConfig({ set: { 'keda-auth': 'prom-auth', 'keda-auth-modes': 'bearer', mode: 'check' } }));
    items.forEach((item, index) => expect(item).toBe(input[index]));
    expect(results.map((r) => r.message)).toEqual([
      'would set authenticationRef to {name: prom-auth}: the TriggerAuthentication that gives the query its credentials',
      "would set authModes to bearer: KEDA sends the TriggerAuthentication's credentials only for the modes listed here",
    ]);
  });

  test('GIVEN check mode and a config whose output KEDA would reject THEN check reports what apply would write too (check ≥ apply)', () => {
    const items = [withAuthOnly(), triggerAuth(fromSecret({ username: 'user', password: 'pass' }))];
    const config = { 'keda-auth': 'prom-auth', 'keda-auth-modes': 'bearer' };
    const applied = transform(items, set(config));
    expect(applied.results.filter((r) => r.severity === 'error').map((r) => r.message)).toEqual([
      'KEDA rejects the trigger: "bearer token=<empty> is required when bearer auth is enabled"; add {parameter: bearerToken, name: <secret>, key: <key>} to the secretTargetRef of TriggerAuthentication "prom-auth"',
    ]);
    const checked = transform(items, loadConfig({ set: { ...config, mode: 'check' } }));
    expect(checked.results.filter((r) => r.severity === 'error')).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-auth-modes',
        'spec.triggers[0].metadata.authModes',
        'TriggerAuthentication "prom-auth" provides username, password, but the trigger has no authModes: KEDA sends no credentials at all and the query gets 401 Unauthorized (mimir PR #11709); add metadata.authModes: "basic"',
        {
          proposedValue: 'basic',
        },
      ),
      finding(
        SO_REF,
        'error',
        'keda-auth-modes',
        'spec.triggers[0].metadata.authModes',
        'as apply would write it with this config: KEDA rejects the trigger: "bearer token=<empty> is required when bearer auth is enabled"; add {parameter: bearerToken, name: <secret>, key: <key>} to the secretTargetRef of TriggerAuthentication "prom-auth"',
      ),
    ]);
  });

  test('GIVEN a different value THEN override replaces it (current → proposed), keep keeps it, error is an error', () => {
    const so = scaledObject([prometheusTrigger({ authModes: 'basic' }, { authenticationRef: { name: 'old-auth' } })]);
    const { results } = transform([so], typed({ authenticationRef: { name: 'prom-auth' }, authModes: 'bearer' }));
    expect(changes(results)).toEqual([
      finding(
        SO_REF,
        'info',
        'keda-auth',
        'spec.triggers[0].authenticationRef',
        'replace authenticationRef: {name: old-auth} → {name: prom-auth}: the TriggerAuthentication that gives the query its credentials',
        {
          currentValue: { name: 'old-auth' },
          proposedValue: { name: 'prom-auth' },
        },
      ),
      finding(
        SO_REF,
        'info',
        'keda-auth',
        'spec.triggers[0].metadata.authModes',
        "replace authModes: basic → bearer: KEDA sends the TriggerAuthentication's credentials only for the modes listed here",
        {
          currentValue: 'basic',
          proposedValue: 'bearer',
        },
      ),
    ]);
    const kept = transform([so], typed({ authModes: 'bearer' }, { onConflict: 'keep' }));
    expect(kept.items[0]).toBe(so);
    expect(changes(kept.results)).toEqual([
      finding(
        SO_REF,
        'info',
        'conflict',
        'spec.triggers[0].metadata.authModes',
        'kept authModes: basic (the config asks for bearer; policy.onConflict is keep)',
        { currentValue: 'basic', proposedValue: 'bearer' },
      ),
    ]);
    const refused = transform([so], typed({ authModes: 'bearer' }, { onConflict: 'error' }));
    expect(changes(refused.results).map((r) => [r.severity, r.tags.code])).toEqual([['error', 'conflict']]);
  });

  test('GIVEN the same reference written differently (explicit kind, the authMode alias, spaces) THEN nothing changes', () => {
    const so = scaledObject([prometheusTrigger({ authMode: 'basic, tls' }, { authenticationRef: { name: 'prom-auth', kind: 'TriggerAuthentication' } })]);
    const { items, results } = transform([so], set({ 'keda-auth': 'prom-auth', 'keda-auth-modes': 'basic,tls' }));
    expect(items[0]).toBe(so);
    expect(changes(results)).toEqual([]);
  });

  test('GIVEN keda-auth-kind ClusterTriggerAuthentication THEN the kind is written', () => {
    const { items } = transform([scaledObject()], set({ 'keda-auth': 'prom-auth', 'keda-auth-kind': 'ClusterTriggerAuthentication' }));
    expect(triggerOf(items[0]).authenticationRef).toEqual({ name: 'prom-auth', kind: 'ClusterTriggerAuthentication' });
  });

  test('GIVEN keda-pod-identity and a trigger with authModes THEN authModes is removed (KEDA rejects both together)', () => {
    const so = scaledObject([prometheusTrigger({ authModes: 'bearer' }, { authenticationRef: { name: 'azure-prom' } })]);
    const { items, results } = transform([so], set({ 'keda-auth': 'azure-prom', 'keda-pod-identity': 'azure-workload' }));
    expect((triggerOf(items[0]).metadata as JsonObject).authModes).toBeUndefined();
    expect(changes(results)).toEqual([
      finding(
        SO_REF,
        'info',
        'keda-auth',
        'spec.triggers[0].metadata.authModes',
        'remove authModes: KEDA rejects authModes together with the azure-workload pod identity ("pod identity cannot be enabled with other auth types")',
        { currentValue: 'bearer' },
      ),
    ]);
  });

  test('GIVEN select.names THEN only those scalers change; ScaledJobs too when selected', () => {
    const other = scaledObject(undefined, { name: 'billing-worker' });
    const { items } = transform([scaledObject(), other], loadConfig({ set: { 'keda-auth': 'prom-auth', names: 'orders-*' } }));
    expect(triggerOf(items[0]).authenticationRef).toEqual({ name: 'prom-auth' });
    expect(items[1]).toBe(other);
  });

  test('GIVEN scalers that already have what the config asks for THEN applyKeda returns them as they are, copying nothing', () => {
    const done = scaledObject([prometheusTrigger({ authModes: 'bearer' }, { authenticationRef: { name: 'prom-auth' } })]);
    const keda = { authenticationRef: { name: 'prom-auth' }, authModes: 'bearer' };
    const report = new Reporter(done);
    expect(applyKeda(done, prometheusTriggers(done), keda, { report, mode: 'apply', onConflict: 'override' })).toBe(done);
    const azure = scaledObject([prometheusTrigger({}, { authenticationRef: { name: 'azure-prom' } })]);
    const identity = { authenticationRef: { name: 'azure-prom' }, podIdentity: { provider: 'azure-workload' as const } };
    expect(applyKeda(azure, prometheusTriggers(azure), identity, { report, mode: 'apply', onConflict: 'override' })).toBe(azure);
    expect(report.results).toEqual([]);
  });

  test('GIVEN two triggers and one to change THEN only that one is copied; a missing or null metadata gets authModes', () => {
    const done = prometheusTrigger({ authModes: 'bearer' }, { authenticationRef: { name: 'prom-auth' } });
    const bare = { type: 'prometheus', authenticationRef: { name: 'prom-auth' } };
    const so = scaledObject([done, bare, { type: 'prometheus', metadata: null, authenticationRef: { name: 'prom-auth' } }]);
    const { items, results } = transform([so], set({ 'keda-auth': 'prom-auth', 'keda-auth-modes': 'bearer' }));
    expect(triggerOf(items[0], 0)).toBe(done);
    expect(triggerOf(items[0], 1)).toEqual({ ...bare, metadata: { authModes: 'bearer' } });
    expect(triggerOf(items[0], 2)).toEqual({ type: 'prometheus', metadata: { authModes: 'bearer' }, authenticationRef: { name: 'prom-auth' } });
    expect(bare).toEqual({ type: 'prometheus', authenticationRef: { name: 'prom-auth' } });
    expect(changes(results).map((r) => r.field?.path)).toEqual(['spec.triggers[1].metadata.authModes', 'spec.triggers[2].metadata.authModes']);
  });

  test('GIVEN metadata that is not a map THEN it is not merged into: keda-schema reports it, nothing crashes', () => {
    const so = scaledObject([{ type: 'prometheus', metadata: 'serverAddress=x' }]);
    const { items, results } = transform([so], set({ 'keda-auth-modes': 'bearer' }));
    expect(items[0]).toBe(so);
    expect(results.map((r) => r.tags.code)).toEqual(['keda-schema']);
  });
});

describe('the keda config', () => {
  const problems = (load: () => unknown): string[] => {
    try {
      load();
    } catch (error) {
      if (error instanceof ConfigError) return [...error.problems];
      throw error;
    }
    return [];
  };

  test('GIVEN authModes KEDA does not accept THEN config errors naming the key', () => {
    expect(problems(() => set({ 'keda-auth-modes': 'bearer,basic' }))).toEqual([
      'spec.keda.authModes: KEDA accepts only one of bearer, basic, oauth, but bearer and basic are set',
    ]);
    expect(problems(() => set({ 'keda-auth-modes': 'token' }))).toEqual([
      'spec.keda.authModes: "token" is not a KEDA auth mode; use a comma list of apiKey, basic, tls, bearer, custom, oauth',
    ]);
    expect(problems(() => set({ 'keda-auth-modes': 'bearer', 'keda-pod-identity': 'gcp' }))).toEqual([
      'spec.keda.podIdentity: KEDA rejects authModes together with a pod identity ("pod identity cannot be enabled with other auth types"); use one or the other',
    ]);
  });

  test('GIVEN a pod-identity provider KEDA removed, or an unknown auth kind THEN a config error', () => {
    expect(problems(() => set({ 'keda-pod-identity': 'azure' }))[0]).toMatch(
      /^spec\.keda\.podIdentity\.provider: must be one of "azure-workload", "gcp", "aws", "none", not "azure"/,
    );
    expect(problems(() => set({ 'keda-auth': 'x', 'keda-auth-kind': 'Cluster' }))).toEqual([
      '--set keda-auth-kind: expected TriggerAuthentication or ClusterTriggerAuthentication, got "Cluster"',
    ]);
  });

  test('GIVEN generate without what to generate THEN config errors', () => {
    expect(problems(() => set({ 'keda-generate': 'true' }))).toEqual([
      'spec.keda.generate: needs keda.authenticationRef, the name of the TriggerAuthentication to add',
      'spec.keda.generate: needs keda.authModes (with keda.secret) or keda.podIdentity, what the generated TriggerAuthentication provides',
    ]);
    expect(problems(() => set({ 'keda-generate': 'true', 'keda-auth': 'prom-auth', 'keda-auth-modes': 'bearer' }))).toEqual([
      'spec.keda.generate: with authModes, needs keda.secret, the Secret the generated TriggerAuthentication takes the credentials from',
    ]);
  });

  test('GIVEN the shorthands THEN the typed form they stand for', () => {
    const config = set({
      'keda-auth': 'prom-auth',
      'keda-auth-modes': 'bearer',
      'keda-secret': 'prom-creds',
      'keda-generate': 'true',
      'keda-namespace': 'autoscaling',
    });
    expect(config.keda).toEqual({ authenticationRef: { name: 'prom-auth' }, authModes: 'bearer', secret: { name: 'prom-creds' }, generate: true });
    expect(config.policy.kedaNamespace).toBe('autoscaling');
  });
});

describe('apply keeps the text: comments, quoting and untouched items byte-identical', () => {
  const text = `# orders autoscaling
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: orders-worker
  namespace: orders
spec:
  scaleTargetRef: {name: orders-worker}
  triggers:
  - type: cpu # scale on CPU too
    metricType: Utilization
    metadata: {value: "60"}
  - type: prometheus
    metadata:
      # the Mimir query frontend
      serverAddress: "https://mimir.example.com/prometheus"
      query: 'sum(rate(http_requests_total{app="orders"}[2m]))'
      threshold: "100"
---
apiVersion: v1
kind: ConfigMap
metadata: {name: untouched, namespace: orders}
data: {a: "1"}   # stays
`;

  test('GIVEN a stream THEN only the trigger gains its fields, everything else is the same text', () => {
    const { output } = processText(text, { set: { 'keda-auth': 'prom-auth', 'keda-auth-modes': 'bearer' } });
    expect(output).toBe(`# orders autoscaling
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: orders-worker
  namespace: orders
spec:
  scaleTargetRef: {name: orders-worker}
  triggers:
  - type: cpu # scale on CPU too
    metricType: Utilization
    metadata: {value: "60"}
  - type: prometheus
    metadata:
      # the Mimir query frontend
      serverAddress: "https://mimir.example.com/prometheus"
      query: 'sum(rate(http_requests_total{app="orders"}[2m]))'
      threshold: "100"
      authModes: bearer
    authenticationRef:
      name: prom-auth
---
apiVersion: v1
kind: ConfigMap
metadata: {name: untouched, namespace: orders}
data: {a: "1"}   # stays
`);
    expect(processText(output, { set: { 'keda-auth': 'prom-auth', 'keda-auth-modes': 'bearer' } }).output).toBe(output);
  });

  test("GIVEN --diff, in check mode too THEN the trigger's change is shown", () => {
    for (const mode of ['apply', 'check']) {
      const { diff } = processText(text, { set: { 'keda-auth': 'prom-auth', 'keda-auth-modes': 'bearer' }, mode, diff: true });
      expect(diff).toContain('+      authModes: bearer\n+    authenticationRef:\n+      name: prom-auth\n');
    }
  });
});

describe('apply with generate: the TriggerAuthentication the config names is added where the input lacks it', () => {
  const AZURE = 'https://payments-amw.westeurope.prometheus.monitor.azure.com';
  const azure = (): KubeObject[] => [
    scaledObject([prometheusTrigger({ serverAddress: AZURE })]),
    scaledObject([prometheusTrigger({ serverAddress: AZURE })], { name: 'orders-api' }),
  ];
  const podIdentity = { 'keda-auth': 'azure-prometheus', 'keda-pod-identity': 'azure-workload', 'keda-generate': 'true' };

  test('GIVEN the 401 of keda#5203 and a pod-identity config THEN one TriggerAuthentication per namespace is added, reported, and the 401 is gone', () => {
    const { items, results } = transform(azure(), set(podIdentity));
    expect(items).toHaveLength(3);
    expect(items[2]).toEqual({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication',
      metadata: { name: 'azure-prometheus', namespace: 'orders' },
      spec: { podIdentity: { provider: 'azure-workload' } },
    });
    expect(results.filter((r) => r.tags.code === 'keda-generated')).toEqual([
      {
        message:
          "added TriggerAuthentication orders/azure-prometheus: ScaledObject orders/orders-worker's prometheus trigger references it and the input does not have it (spec.keda.generate); it provides podIdentity azure-workload",
        severity: 'info',
        resourceRef: { apiVersion: 'keda.sh/v1alpha1', kind: 'TriggerAuthentication', name: 'azure-prometheus', namespace: 'orders' },
        tags: { code: 'keda-generated' },
      },
    ]);
    expect(results.filter((r) => r.severity !== 'info')).toEqual([]);
    const second = transform(items, set(podIdentity));
    expect(second.items).toHaveLength(3);
    second.items.forEach((item, index) => expect(item).toBe(items[index]));
    expect(second.results.filter((r) => r.tags.code === 'keda-generated' || r.tags.code === 'keda-auth')).toEqual([]);
  });

  test('GIVEN check mode THEN "would add", nothing is added, and the 401 is still reported', () => {
    const { items, results } = transform(azure(), loadConfig({ set: { ...podIdentity, mode: 'check' } }));
    expect(items).toHaveLength(2);
    expect(results.filter((r) => r.tags.code === 'keda-generated').map((r) => r.message)).toEqual([
      "would add TriggerAuthentication orders/azure-prometheus: ScaledObject orders/orders-worker's prometheus trigger references it and the input does not have it (spec.keda.generate); it provides podIdentity azure-workload",
    ]);
    expect(results.filter((r) => r.tags.code === 'keda-managed-auth')).toHaveLength(2);
  });

  test('GIVEN a generated TriggerAuthentication that is itself wrong THEN apply checks it, and check reports what apply would report', () => {
    // The Secret has no key "token": the added TriggerAuthentication would resolve bearerToken to nothing.
    const items = [scaledObject(), secret('prom-creds', ['bearer'])];
    const config = { 'keda-auth': 'prom-auth', 'keda-auth-modes': 'bearer', 'keda-secret': 'prom-creds', 'keda-generate': 'true' };
    const applied = transform(items, set(config));
    expect(applied.results.filter((r) => r.severity === 'error').map((r) => [r.resourceRef?.kind, r.tags.code, r.field?.path])).toEqual([
      ['TriggerAuthentication', 'keda-secret-reference', 'spec.secretTargetRef[0].key'],
    ]);
    const checked = transform(items, loadConfig({ set: { ...config, mode: 'check' } }));
    expect(checked.results.filter((r) => r.severity === 'error').map((r) => r.message)).toEqual([
      'as apply would write it with this config: Secret "prom-creds" has no key "token" (it has "bearer"): KEDA resolves parameter "bearerToken" to an empty value and the trigger goes out without it; add the key to the Secret or fix key',
    ]);
  });

  test('GIVEN check mode and a generated identity that does not fit the endpoint THEN check fails where apply fails', () => {
    // The trigger already names prom-auth; apply adds it with gcp, which Azure's endpoint does not accept.
    const items = [scaledObject([prometheusTrigger({ serverAddress: AZURE }, { authenticationRef: { name: 'prom-auth' } })])];
    const config = { 'keda-auth': 'prom-auth', 'keda-pod-identity': 'gcp', 'keda-generate': 'true' };
    expect(
      transform(items, set(config))
        .results.filter((r) => r.severity === 'error')
        .map((r) => r.tags.code),
    ).toEqual(['keda-managed-auth']);
    const checked = transform(items, loadConfig({ set: { ...config, mode: 'check' } })).results.filter((r) => r.severity === 'error');
    expect(
      checked.map((r) => [r.tags.code, r.message.startsWith('as apply would write it with this config: serverAddress is Azure Monitor managed Prometheus')]),
    ).toEqual([['keda-managed-auth', true]]);
  });

  test('GIVEN the TriggerAuthentication in the input THEN nothing is added', () => {
    const { items, results } = transform([...azure(), triggerAuth({ podIdentity: { provider: 'azure-workload' } }, 'azure-prometheus')], set(podIdentity));
    expect(items).toHaveLength(3);
    expect(results.filter((r) => r.tags.code === 'keda-generated')).toEqual([]);
  });

  test('GIVEN authModes and a Secret THEN secretTargetRef entries with the default keys; ca only when the Secret has ca.crt; keys override', () => {
    const bearer = transform(
      [scaledObject()],
      typed({ authenticationRef: { name: 'prom-auth' }, authModes: 'bearer', generate: true, secret: { name: 'prom-creds' } }),
    );
    expect((bearer.items[1] as KubeObject).spec).toEqual({ secretTargetRef: [{ parameter: 'bearerToken', name: 'prom-creds', key: 'token' }] });
    const config = typed({ authenticationRef: { name: 'prom-auth' }, authModes: 'tls', generate: true, secret: { name: 'prom-client' } });
    expect((transform([scaledObject()], config).items[1] as KubeObject).spec).toEqual({
      secretTargetRef: [
        { parameter: 'cert', name: 'prom-client', key: 'tls.crt' },
        { parameter: 'key', name: 'prom-client', key: 'tls.key' },
      ],
    });
    expect((transform([scaledObject(), secret('prom-client', ['tls.crt', 'tls.key', 'ca.crt'])], config).items[2] as KubeObject).spec).toEqual({
      secretTargetRef: [
        { parameter: 'cert', name: 'prom-client', key: 'tls.crt' },
        { parameter: 'key', name: 'prom-client', key: 'tls.key' },
        { parameter: 'ca', name: 'prom-client', key: 'ca.crt' },
      ],
    });
    const basic = typed({
      authenticationRef: { name: 'prom-auth' },
      authModes: 'basic',
      generate: true,
      secret: { name: 'prom-creds', keys: { username: 'user', password: 'pass' } },
    });
    expect((transform([scaledObject()], basic).items[1] as KubeObject).spec).toEqual({
      secretTargetRef: [
        { parameter: 'username', name: 'prom-creds', key: 'user' },
        { parameter: 'password', name: 'prom-creds', key: 'pass' },
      ],
    });
  });

  test("GIVEN a kpt package THEN the TriggerAuthentication is written beside the scaler's file, and the output keeps the input's shape", () => {
    const list = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: keda.sh/v1alpha1
  kind: ScaledObject
  metadata:
    name: payments-api
    namespace: payments
    annotations:
      config.kubernetes.io/path: payments/scaledobject.yaml
      internal.config.kubernetes.io/path: payments/scaledobject.yaml
  spec:
    scaleTargetRef: {name: payments-api}
    triggers:
    - type: prometheus
      metadata: {serverAddress: "${AZURE}", query: sum(up), threshold: "1"}
`;
    const { output, exitCode } = processText(list, { set: podIdentity });
    expect(exitCode).toBe(0);
    const added = output.slice(output.indexOf('- apiVersion: keda.sh/v1alpha1\n  kind: TriggerAuthentication'));
    expect(added.slice(0, added.indexOf('results:'))).toBe(`- apiVersion: keda.sh/v1alpha1
  kind: TriggerAuthentication
  metadata:
    name: azure-prometheus
    namespace: payments
    annotations:
      config.kubernetes.io/path: payments/triggerauthentication_azure-prometheus.yaml
      config.kubernetes.io/index: "0"
      internal.config.kubernetes.io/path: payments/triggerauthentication_azure-prometheus.yaml
      internal.config.kubernetes.io/index: "0"
  spec:
    podIdentity:
      provider: azure-workload
`);
    expect(processText(output, { set: podIdentity }).output.split('results:')[0]).toBe(output.split('results:')[0]);
  });
});
