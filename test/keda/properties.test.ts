/**
 * The invariants of the monitors' property tests (test/reliability/properties.test.ts), over inputs
 * that mix monitors and KEDA objects, with KEDA configs (typed and shorthand, alone or beside a
 * monitor config): untouched items byte-identical, a second run changes nothing, check changes
 * nothing. Each property counts the cases that really exercised it and fails under a floor, so it
 * cannot pass because the generators stopped producing what it is about.
 */
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node } from 'yaml';
import { processText } from '../../src/process.js';
import type { Json, JsonObject, KubeObject, Result } from '../../src/types.js';
import { printInput, styledItem } from '../reliability/generators.js';
import type { InputCase, Styled } from '../reliability/generators.js';

const SEED = process.env['FC_SEED'] !== undefined ? Number(process.env['FC_SEED']) : 20_261_201;
const RUNS = Number(process.env['FC_RUNS'] ?? 120);

const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 2 });
const compact = (record: Record<string, Json | undefined>): JsonObject =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as JsonObject;

const NAMESPACES = ['orders', 'billing'];
const SERVERS = [
  'https://prometheus.monitoring.svc:9090',
  'http://mimir-query-frontend.mimir.svc:8080/prometheus',
  'https://orders-amw.eastus.prometheus.monitor.azure.com',
  'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1234',
  'https://monitoring.googleapis.com/v1/projects/p/location/global/prometheus',
];

const prometheusTrigger: fc.Arbitrary<JsonObject> = fc
  .record({
    serverAddress: fc.constantFrom(...SERVERS),
    authModes: opt(fc.constantFrom('bearer', 'basic', 'tls', 'bearer,tls')),
    authMode: opt(fc.constantFrom('basic')),
    unsafeSsl: opt(fc.constantFrom('true', 'false')),
    awsRegion: opt(fc.constantFrom('eu-west-1', 'us-east-1')),
    customHeaders: opt(fc.constantFrom('X-Scope-OrgID=orders', 'Authorization=Bearer sv-not-a-real-token')),
    ref: opt(
      fc.constantFrom<JsonObject>(
        { name: 'prom-auth' },
        { name: 'prom-auth', kind: 'TriggerAuthentication' },
        { name: 'shared', kind: 'ClusterTriggerAuthentication' },
      ),
    ),
    triggerName: opt(fc.constantFrom('queue-depth')),
  })
  .map(({ ref, triggerName, authMode, authModes, ...metadata }) =>
    compact({
      type: 'prometheus',
      name: triggerName,
      metadata: compact({
        ...metadata,
        query: 'sum(rate(http_requests_total[2m]))',
        threshold: '50',
        ...(authModes !== undefined ? { authModes } : authMode !== undefined ? { authMode } : {}),
      }),
      authenticationRef: ref,
    }),
  );

const otherTrigger = fc.constantFrom<JsonObject>(
  { type: 'cpu', metricType: 'Utilization', metadata: { value: '60' } },
  { type: 'cron', metadata: { timezone: 'UTC', start: '0 8 * * *', end: '0 18 * * *', desiredReplicas: '3' } },
);

const scaler: fc.Arbitrary<JsonObject> = fc
  .record({
    kind: fc.constantFrom('ScaledObject', 'ScaledJob'),
    name: fc.constantFrom('worker', 'api', 'batch'),
    namespace: fc.constantFrom(...NAMESPACES),
    triggers: fc.array(fc.oneof({ arbitrary: prometheusTrigger, weight: 3 }, { arbitrary: otherTrigger, weight: 1 }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ kind, name, namespace, triggers }): JsonObject => {
    const spec: JsonObject =
      kind === 'ScaledObject'
        ? { scaleTargetRef: { name }, triggers }
        : { jobTargetRef: { template: { spec: { containers: [{ name, image: `example/${name}:1` }] } } }, triggers };
    return { apiVersion: 'keda.sh/v1alpha1', kind, metadata: { name, namespace }, spec };
  });

const triggerAuthentication: fc.Arbitrary<JsonObject> = fc
  .record({
    cluster: fc.boolean(),
    name: fc.constantFrom('prom-auth', 'shared'),
    namespace: fc.constantFrom(...NAMESPACES),
    params: fc.subarray(['bearerToken', 'username', 'password', 'cert', 'key', 'ca'], { minLength: 0 }),
    provider: opt(fc.constantFrom('azure-workload', 'aws', 'gcp', 'aws-eks', 'none')),
  })
  .map(({ cluster, name, namespace, params, provider }): JsonObject => ({
    apiVersion: 'keda.sh/v1alpha1',
    kind: cluster ? 'ClusterTriggerAuthentication' : 'TriggerAuthentication',
    metadata: cluster ? { name } : { name, namespace },
    spec: compact({
      secretTargetRef: params.length > 0 ? params.map((parameter) => ({ parameter, name: 'prom-creds', key: parameter })) : undefined,
      podIdentity: provider !== undefined ? { provider } : undefined,
    }),
  }));

const promSecret = fc
  .record({ namespace: fc.constantFrom(...NAMESPACES, 'keda'), keys: fc.subarray(['bearerToken', 'username', 'password', 'cert', 'key'], { minLength: 1 }) })
  .map(({ namespace, keys }) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'prom-creds', namespace },
    data: Object.fromEntries(keys.map((k) => [k, 'c3YtYS1zZWNyZXQ='])),
  }));

const kedaItem: fc.Arbitrary<Styled> = fc.record({
  object: fc.oneof({ arbitrary: scaler, weight: 4 }, { arbitrary: triggerAuthentication, weight: 2 }, { arbitrary: promSecret, weight: 1 }),
  choices: fc.array(fc.nat(99), { minLength: 8, maxLength: 32 }),
  indentSeq: fc.boolean(),
});

const mixed: fc.Arbitrary<InputCase> = fc.record({
  shape: fc.constantFrom('resourceList' as const, 'stream' as const),
  items: fc.array(fc.oneof({ arbitrary: kedaItem, weight: 3 }, { arbitrary: styledItem, weight: 1 }), { minLength: 1, maxLength: 8 }),
  wideItems: fc.boolean(),
  leadingSeparator: fc.boolean(),
  sourceComments: fc.boolean(),
  crlf: fc.boolean(),
});

/** KEDA configs as `-d k=v` (sometimes beside a monitor key), all valid. */
const kedaSet: fc.Arbitrary<Record<string, string>> = fc
  .record({
    'keda-auth': opt(fc.constantFrom('prom-auth', 'shared')),
    'keda-auth-kind': opt(fc.constantFrom('TriggerAuthentication', 'ClusterTriggerAuthentication')),
    modes: opt(
      fc.constantFrom<Record<string, string>>(
        { 'keda-auth-modes': 'bearer' },
        { 'keda-auth-modes': 'basic,tls' },
        { 'keda-pod-identity': 'azure-workload' },
        // generate: the TriggerAuthentication is added where the input lacks it.
        { 'keda-pod-identity': 'gcp', 'keda-generate': 'true' },
        { 'keda-auth-modes': 'bearer', 'keda-secret': 'prom-creds', 'keda-generate': 'true' },
      ),
    ),
    'on-conflict': opt(fc.constantFrom('override', 'keep', 'error')),
    kinds: opt(fc.constantFrom('ScaledObject', 'ScaledJob', 'ScaledObject,ServiceMonitor')),
    'server-name': opt(fc.constant('auto')),
  })
  .map(({ modes, ...rest }) => {
    const data: Record<string, string> = { ...(modes ?? {}) };
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) data[key] = value;
    if (data['keda-auth-kind'] !== undefined && data['keda-auth'] === undefined) data['keda-auth'] = 'shared';
    // generate adds TriggerAuthentications only: it needs a name, and not a ClusterTriggerAuthentication.
    if (data['keda-generate'] !== undefined) {
      data['keda-auth'] ??= 'prom-auth';
      delete data['keda-auth-kind'];
    }
    if (Object.keys(data).every((k) => !k.startsWith('keda-'))) data['keda-auth'] = 'prom-auth';
    return data;
  });

interface OutputItem {
  object: KubeObject;
  text: string;
}

function itemsOf(text: string): OutputItem[] {
  const docs = parseAllDocuments(text, { merge: true });
  expect(docs.flatMap((d) => d.errors.map((e) => e.message))).toEqual([]);
  const slice = (node: Node, doc: (typeof docs)[number]): OutputItem => {
    const range = node.range as [number, number, number];
    return { object: node.toJS(doc) as KubeObject, text: text.slice(range[0], range[1]).trimEnd() };
  };
  const first = docs[0];
  if (first && isMap(first.contents) && (first.contents.get('kind') as unknown) === 'ResourceList') {
    const items = first.contents.get('items', true);
    if (!isSeq(items)) throw new Error('ResourceList without an items list');
    return items.items.map((node) => slice(node as Node, first));
  }
  return docs.filter((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null)).map((d) => slice(d.contents as Node, d));
}

const isChange = (r: Result): boolean => r.severity === 'info' && /^(would )?(set|replace|remove)\b/.test(r.message);
const isScaler = (o: KubeObject): boolean => o.apiVersion === 'keda.sh/v1alpha1' && (o.kind === 'ScaledObject' || o.kind === 'ScaledJob');
const isMonitor = (o: KubeObject): boolean => String(o.apiVersion).startsWith('monitoring.coreos.com/');

describe(`KEDA properties over inputs mixing monitors and KEDA objects (fast-check, seed ${SEED})`, () => {
  test('only selected scalers and monitors change; every other item, and every unchanged one, is byte-identical', () => {
    let changedScalers = 0;
    let generated = 0;
    fc.assert(
      fc.property(mixed, kedaSet, (input, set) => {
        const text = printInput(input);
        const out = processText(text, { set });
        // A stream with error results writes nothing (exit 1): nothing to compare.
        if (out.output === '') return;
        const before = itemsOf(text);
        const all = itemsOf(out.output);
        // Items added by generate come after the input's, one per `added …` result, all TriggerAuthentications.
        const added = out.results.filter((r) => r.tags.code === 'keda-generated');
        if (added.length > 0) generated++;
        const after = all.slice(0, before.length);
        expect(all.slice(before.length).map((i) => i.object.kind)).toEqual(added.map(() => 'TriggerAuthentication'));
        expect(after.map((i) => `${i.object.kind}/${JSON.stringify(i.object.metadata)}`)).toEqual(
          before.map((i) => `${i.object.kind}/${JSON.stringify(i.object.metadata)}`),
        );
        before.forEach((item, index) => {
          const output = after[index] as OutputItem;
          if (JSON.stringify(item.object) === JSON.stringify(output.object)) expect(output.text).toBe(item.text);
          else {
            expect(isScaler(item.object) || isMonitor(item.object)).toBe(true);
            if (isScaler(item.object)) changedScalers++;
          }
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(changedScalers).toBeGreaterThan(RUNS / 4);
    // Stream runs with error results write nothing: about one case in twenty generates and writes.
    expect(generated).toBeGreaterThan(RUNS / 40);
  });

  test('running on its own output changes nothing and reports no change', () => {
    let checked = 0;
    fc.assert(
      fc.property(mixed, kedaSet, (input, set) => {
        const first = processText(printInput(input), { set });
        if (first.output === '') return;
        if (first.results.some(isChange)) checked++;
        const second = processText(first.output, { set });
        expect(second.results.filter(isChange)).toEqual([]);
        expect(second.results.filter((r) => r.tags.code === 'keda-generated')).toEqual([]);
        // The items (a ResourceList's results differ: the first run's changes are not repeated).
        expect(itemsOf(second.output).map((i) => i.text)).toEqual(itemsOf(first.output).map((i) => i.text));
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(checked).toBeGreaterThan(RUNS / 4);
  });

  test('check mode changes nothing, and reports as "would" what apply changes', () => {
    let checked = 0;
    fc.assert(
      fc.property(mixed, kedaSet, (input, set) => {
        const text = printInput(input);
        const check = processText(text, { set, mode: 'check' });
        const apply = processText(text, { set });
        expect(check.results.filter((r) => isChange(r) && !r.message.startsWith('would '))).toEqual([]);
        // README "The gate": check never exits 0 where apply exits 1.
        expect(check.exitCode).toBeGreaterThanOrEqual(apply.exitCode);
        expect(check.results.filter(isChange).map((r) => r.field?.path)).toEqual(apply.results.filter(isChange).map((r) => r.field?.path));
        if (check.output === '') return;
        checked++;
        expect(itemsOf(check.output).map((i) => i.text)).toEqual(itemsOf(text).map((i) => i.text));
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(checked).toBeGreaterThan(RUNS / 4);
  });
});
