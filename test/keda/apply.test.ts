import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { processText } from '../../src/process.js';
import { transform } from '../../src/transform.js';
import type { JsonObject, KubeObject } from '../../src/types.js';
import { finding } from '../checks/fixtures.js';
import { SO_REF, fromSecret, prometheusTrigger, scaledObject, secret, triggerAuth } from './fixtures.js';

const set = (data: Record<string, string>): ReturnType<typeof loadConfig> => loadConfig({ set: data });
const typed = (keda: JsonObject, policy: JsonObject = {}): ReturnType<typeof loadConfig> =>
  loadConfig({ functionConfig: { apiVersion: 'fn.secure-monitors.dev/v1alpha1', kind: 'SecureMonitors', metadata: { name: 'x' }, spec: { keda, policy } } });
const triggerOf = (obj: KubeObject | undefined, index = 0): JsonObject => ((obj?.spec as JsonObject).triggers as JsonObject[])[index] as JsonObject;
const changes = (results: ReturnType<typeof transform>['results']): ReturnType<typeof transform>['results'] => results.filter((r) => r.tags.code === 'keda-auth' || r.tags.code === 'conflict');

describe('apply: keda-auth / keda-auth-modes set authenticationRef and authModes on every prometheus trigger', () => {
  const mimir = (): KubeObject[] => [
    scaledObject([{ type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } }, prometheusTrigger({ serverAddress: 'https://mimir.example.com/prometheus', customHeaders: 'X-Scope-OrgID=orders' })]),
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
      finding(SO_REF, 'info', 'keda-auth', 'spec.triggers[1].authenticationRef', 'set authenticationRef to {name: prom-auth}: the TriggerAuthentication that gives the query its credentials', {
        proposedValue: { name: 'prom-auth' },
      }),
      finding(SO_REF, 'info', 'keda-auth', 'spec.triggers[1].metadata.authModes', "set authModes to bearer: KEDA sends the TriggerAuthentication's credentials only for the modes listed here", { proposedValue: 'bearer' }),
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

  test('GIVEN a different value THEN override replaces it (current → proposed), keep keeps it, error is an error', () => {
    const so = scaledObject([prometheusTrigger({ authModes: 'basic' }, { authenticationRef: { name: 'old-auth' } })]);
    const { results } = transform([so], typed({ authenticationRef: { name: 'prom-auth' }, authModes: 'bearer' }));
    expect(changes(results)).toEqual([
      finding(SO_REF, 'info', 'keda-auth', 'spec.triggers[0].authenticationRef', 'replace authenticationRef: {name: old-auth} → {name: prom-auth}: the TriggerAuthentication that gives the query its credentials', {
        currentValue: { name: 'old-auth' },
        proposedValue: { name: 'prom-auth' },
      }),
      finding(SO_REF, 'info', 'keda-auth', 'spec.triggers[0].metadata.authModes', "replace authModes: basic → bearer: KEDA sends the TriggerAuthentication's credentials only for the modes listed here", {
        currentValue: 'basic',
        proposedValue: 'bearer',
      }),
    ]);
    const kept = transform([so], typed({ authModes: 'bearer' }, { onConflict: 'keep' }));
    expect(kept.items[0]).toBe(so);
    expect(changes(kept.results)).toEqual([
      finding(SO_REF, 'info', 'conflict', 'spec.triggers[0].metadata.authModes', 'kept authModes: basic (the config asks for bearer; policy.onConflict is keep)', { currentValue: 'basic', proposedValue: 'bearer' }),
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
    expect(problems(() => set({ 'keda-auth-modes': 'bearer,basic' }))).toEqual(['spec.keda.authModes: KEDA accepts only one of bearer, basic, oauth, but bearer and basic are set']);
    expect(problems(() => set({ 'keda-auth-modes': 'token' }))).toEqual(['spec.keda.authModes: "token" is not a KEDA auth mode; use a comma list of apiKey, basic, tls, bearer, custom, oauth']);
    expect(problems(() => set({ 'keda-auth-modes': 'bearer', 'keda-pod-identity': 'gcp' }))).toEqual([
      'spec.keda.podIdentity: KEDA rejects authModes together with a pod identity ("pod identity cannot be enabled with other auth types"); use one or the other',
    ]);
  });

  test('GIVEN a pod-identity provider KEDA removed, or an unknown auth kind THEN a config error', () => {
    expect(problems(() => set({ 'keda-pod-identity': 'azure' }))[0]).toMatch(/^spec\.keda\.podIdentity\.provider: must be one of "azure-workload", "gcp", "aws", "none", not "azure"/);
    expect(problems(() => set({ 'keda-auth': 'x', 'keda-auth-kind': 'Cluster' }))).toEqual(['--set keda-auth-kind: expected TriggerAuthentication or ClusterTriggerAuthentication, got "Cluster"']);
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
    const config = set({ 'keda-auth': 'prom-auth', 'keda-auth-modes': 'bearer', 'keda-secret': 'prom-creds', 'keda-generate': 'true', 'keda-namespace': 'autoscaling' });
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
});
