/**
 * fast-check generators for the property tests: inputs as kpt, kustomize and people write them
 * (ResourceLists and plain streams; every monitor kind with 0–4 endpoints; Services, Secrets with
 * values, Certificates, unrelated objects; comments, flow style, quoting, both list indentations)
 * and valid function configs in each of their forms.
 */
import fc from 'fast-check';
import { Document, isMap, isPair, isScalar, Pair, Scalar, visit } from 'yaml';
import type { YAMLMap, YAMLSeq } from 'yaml';
import type { Json, JsonObject } from '../../src/types.js';
import { displayText } from '../../src/types.js';

const NAMES = ['web', 'api', 'app-metrics', 'controller-manager-metrics-service', 'db'];
const NAMESPACES = ['default', 'monitoring', 'project-system'];
const PORTS = ['https', 'metrics', 'http-metrics', 'web'];
export const KINDS = ['ServiceMonitor', 'PodMonitor', 'Probe', 'ScrapeConfig'] as const;
const SECRETS = ['metrics-cert', 'creds', 'scrape-token', 'oauth'];

// ---------------------------------------------------------------------------------------------
// Objects

const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 2 });

/** Drops undefined fields, so records built with `opt` are plain JSON. */
function compact(record: Record<string, Json | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out;
}

const secretKeySelector = fc.record({
  name: fc.constantFrom(...SECRETS),
  key: fc.constantFrom('ca.crt', 'tls.crt', 'tls.key', 'token', 'username', 'password'),
});
const secretOrConfigMap = fc.oneof(
  secretKeySelector.map((s) => ({ secret: s })),
  fc.record({ name: fc.constant('ca-bundle'), key: fc.constant('ca.crt') }).map((c) => ({ configMap: c })),
);

function tlsConfig(fileFields: boolean): fc.Arbitrary<JsonObject> {
  return fc
    .record({
      serverName: opt(fc.constantFrom('web.default.svc', 'api.monitoring.svc.cluster.local', 'web.default.svc', 'SERVICE_NAME.SERVICE_NAMESPACE.svc')),
      ca: opt(secretOrConfigMap),
      cert: opt(secretOrConfigMap),
      keySecret: opt(secretKeySelector),
      insecureSkipVerify: opt(fc.boolean()),
      minVersion: opt(fc.constantFrom('TLS12', 'TLS13')),
      caFile: fileFields ? opt(fc.constant('/etc/prometheus/secrets/ca.crt')) : fc.constant(undefined),
      certFile: fileFields ? opt(fc.constant('/etc/prometheus/secrets/tls.crt')) : fc.constant(undefined),
    })
    .map(compact);
}

const authMethod = fc.oneof(
  fc.record({ basicAuth: fc.record({ username: secretKeySelector, password: secretKeySelector }) }),
  fc.record({ authorization: fc.record({ type: fc.constant('Bearer'), credentials: secretKeySelector }) }),
  fc.record({ bearerTokenSecret: secretKeySelector }),
) as fc.Arbitrary<JsonObject>;

/** Auth as found in the wild: usually none, sometimes one method, rarely two (an auth-exclusive finding). */
const auth: fc.Arbitrary<JsonObject> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 5 },
  { arbitrary: authMethod, weight: 4 },
  { arbitrary: fc.tuple(authMethod, authMethod).map(([a, b]) => ({ ...a, ...b })), weight: 1 },
);

const relabeling = fc.record({ sourceLabels: fc.constant(['__meta_kubernetes_pod_name']), targetLabel: fc.constantFrom('pod', 'instance') });

function endpoint(kind: 'ServiceMonitor' | 'PodMonitor'): fc.Arbitrary<JsonObject> {
  return fc
    .tuple(
      fc.record({
        port: opt(fc.constantFrom(...PORTS)),
        path: opt(fc.constantFrom('/metrics', '/probe')),
        scheme: opt(fc.constantFrom('http', 'https', 'HTTPS')),
        interval: opt(fc.constantFrom('30s', '1m')),
        honorLabels: opt(fc.boolean()),
        bearerTokenFile: kind === 'ServiceMonitor' ? opt(fc.constant('/var/run/secrets/kubernetes.io/serviceaccount/token')) : fc.constant(undefined),
        tlsConfig: opt(tlsConfig(kind === 'ServiceMonitor')),
        relabelings: opt(fc.array(relabeling, { minLength: 1, maxLength: 2 })),
      }),
      fc.option(auth, { nil: undefined, freq: 3 }),
      // Keys that name Object.prototype members (review findings F13, F21 in docs/guarantees.md), now and then.
      fc.option(fc.constantFrom('__proto__', 'constructor', 'toString'), { nil: undefined, freq: 8 }),
    )
    .map(([fields, authFields, oddKey]) => {
      const out: JsonObject = { ...compact(fields as Record<string, Json | undefined>), ...(authFields ?? {}) };
      // defineProperty: an assignment to `__proto__` would set the prototype instead of adding the key.
      if (oddKey !== undefined) Object.defineProperty(out, oddKey, { value: { port: 'web' }, enumerable: true, writable: true, configurable: true });
      return out;
    });
}

const name = fc.constantFrom(...NAMES);
const namespace = fc.constantFrom(...NAMESPACES);
const labels = fc.option(fc.record({ app: name }, { requiredKeys: ['app'] }), { nil: undefined });

const metadata = fc
  .record({
    name,
    namespace: opt(namespace),
    labels,
    annotations: opt(fc.constant({ 'config.kubernetes.io/path': 'monitoring.yaml', 'config.kubernetes.io/index': '0' })),
  })
  .map((m) => compact(m as Record<string, Json | undefined>));

const selector = fc.record({ matchLabels: fc.record({ app: name }) });

const serviceMonitor = fc
  .record({
    metadata,
    selector,
    namespaceSelector: opt(fc.oneof(fc.constant({ any: true }), fc.record({ matchNames: fc.subarray(NAMESPACES, { minLength: 1 }) }))),
    endpoints: fc.array(endpoint('ServiceMonitor'), { maxLength: 4 }),
  })
  .map(({ metadata: meta, ...spec }) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: meta,
    spec: compact(spec as Record<string, Json | undefined>),
  }));

const podMonitor = fc
  .record({ metadata, selector, podMetricsEndpoints: fc.array(endpoint('PodMonitor'), { maxLength: 4 }) })
  .map(({ metadata: meta, ...spec }) => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: meta, spec: spec }));

const probe = fc
  .tuple(
    metadata,
    fc.record({
      prober: fc.record({ url: fc.constant('blackbox-exporter:9115'), scheme: opt(fc.constantFrom('http', 'https')) }).map(compact),
      tlsConfig: opt(tlsConfig(false)),
      interval: opt(fc.constant('30s')),
    }),
    fc.option(auth, { nil: undefined }),
  )
  .map(([meta, spec, authFields]) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'Probe',
    metadata: meta,
    spec: {
      module: 'http_2xx',
      targets: { staticConfig: { static: ['https://example.com'] } },
      ...compact(spec as Record<string, Json | undefined>),
      ...(authFields ?? {}),
    },
  }));

const scrapeConfig = fc
  .tuple(
    metadata,
    fc.record({ scheme: opt(fc.constantFrom('HTTP', 'HTTPS', 'https')), tlsConfig: opt(tlsConfig(false)), metricsPath: opt(fc.constant('/metrics')) }),
    fc.option(auth, { nil: undefined }),
  )
  .map(([meta, spec, authFields]) => {
    const { bearerTokenSecret: _dropped, ...scrapeAuth } = authFields ?? {};
    return {
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      kind: 'ScrapeConfig',
      metadata: meta,
      spec: { staticConfigs: [{ targets: ['node-exporter:9100'] }], ...compact(spec), ...scrapeAuth },
    };
  });

const service = fc
  .record({
    metadata: fc.record({ name, namespace: opt(namespace), labels: fc.record({ app: name }) }).map((m) => compact(m as Record<string, Json | undefined>)),
    ports: fc.subarray(PORTS, { minLength: 1 }),
  })
  .map(({ metadata: meta, ports }) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta,
    spec: { selector: { app: displayText(meta.name) }, ports: ports.map((p, i) => ({ name: p, port: 8443 + i, targetPort: p })) },
  }));

/** A value that cannot occur anywhere by chance: if it shows up in results or stderr, it leaked. */
export const secretValue = fc
  .string({ unit: fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789'), minLength: 16, maxLength: 16 })
  .map((s) => `sv${s}`);

const secret = fc
  .record({
    name: fc.constantFrom(...SECRETS),
    namespace: opt(namespace),
    data: fc.dictionary(fc.constantFrom('ca.crt', 'tls.crt', 'tls.key', 'token', 'username', 'password'), secretValue, { minKeys: 1, maxKeys: 3 }),
    stringData: opt(fc.dictionary(fc.constantFrom('token', 'password', 'client_secret'), secretValue, { minKeys: 1, maxKeys: 2 })),
  })
  .map(({ name: n, namespace: ns, data, stringData }) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: compact({ name: n, namespace: ns }),
    type: 'kubernetes.io/tls',
    data,
    ...(stringData ? { stringData } : {}),
  }));

const certificate = fc
  .record({
    name,
    namespace: opt(namespace),
    secretName: fc.constantFrom(...SECRETS),
    dnsNames: fc.subarray(['web.default.svc', 'api.monitoring.svc', '*.monitoring.svc', 'SERVICE_NAME.SERVICE_NAMESPACE.svc'], { minLength: 1 }),
  })
  .map(({ name: n, namespace: ns, secretName, dnsNames }) => ({
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: compact({ name: n, namespace: ns }),
    spec: { secretName, dnsNames, issuerRef: { name: 'selfsigned', kind: 'Issuer' } },
  }));

const unrelated = fc.oneof(
  fc.record({ name, text: fc.constantFrom('a: 1\nb: [x, y]\n', '#!/bin/sh\necho "$HOME" # not a comment\n', 'plain') }).map(({ name: n, text }) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: n },
    data: { 'config.yaml': text, 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' },
  })),
  fc.record({ name, replicas: fc.nat(5) }).map(({ name: n, replicas }) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: n, labels: { app: n } },
    spec: {
      replicas,
      selector: { matchLabels: { app: n } },
      template: {
        metadata: { labels: { app: n } },
        spec: { containers: [{ name: n, image: `example/${n}:1.0`, args: ['--secure-port=8443', '--tls-cert-file=/certs/tls.crt'] }] },
      },
    },
  })),
  fc.constant({ apiVersion: 'kpt.dev/v1', kind: 'Kptfile', metadata: { name: 'pkg', annotations: { 'config.kubernetes.io/local-config': 'true' } } }),
  // A monitor kind of an API version we do not handle: must pass through like any other object.
  fc.constant({ apiVersion: 'monitoring.coreos.com/v2', kind: 'ServiceMonitor', metadata: { name: 'future' }, spec: { endpoints: [{ port: 'https' }] } }),
);

// The target side (README "Who may scrape"): a workload that serves metrics (controller-runtime secure metrics, an
// exporter-toolkit web config, a kube-rbac-proxy sidecar), its web config Secret (a secret value as
// the password hash), a ClusterRole granting /metrics (sometimes with a kpt path), a token Secret.
const workload = fc
  .record({
    name,
    namespace: opt(namespace),
    args: fc.subarray(['--metrics-bind-address=:8443', '--metrics-secure=false', '--web.config.file=/etc/web/web.yml', '--leader-elect'], { minLength: 0 }),
    proxy: fc.boolean(),
  })
  .map(({ name: n, namespace: ns, args, proxy }) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: compact({ name: n, namespace: ns }),
    spec: {
      selector: { matchLabels: { app: n } },
      template: {
        metadata: { labels: { app: n } },
        spec: {
          containers: [
            {
              name: 'manager',
              image: 'example/manager:1.0',
              args,
              ports: [{ name: 'metrics', containerPort: 8444 }],
              volumeMounts: [{ name: 'web', mountPath: '/etc/web' }],
            },
            ...(proxy
              ? [
                  {
                    name: 'kube-rbac-proxy',
                    image: 'quay.io/brancz/kube-rbac-proxy:v0.18.0',
                    args: ['--secure-listen-address=0.0.0.0:8443'],
                    ports: [{ name: 'https', containerPort: 8443 }],
                  },
                ]
              : []),
          ],
          volumes: [{ name: 'web', secret: { secretName: 'web-config' } }],
        },
      },
    },
  }));

const webConfigSecret = fc
  .record({ namespace: opt(namespace), hash: secretValue, tls: fc.boolean(), clientAuth: fc.boolean(), encoded: fc.boolean() })
  .map(({ namespace: ns, hash, tls, clientAuth, encoded }) => {
    const text = `basic_auth_users:\n  admin: ${hash}\n${tls ? `tls_server_config:\n  cert_file: /c/tls.crt\n  key_file: /c/tls.key\n${clientAuth ? '  client_auth_type: RequireAndVerifyClientCert\n' : ''}` : ''}`;
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: compact({ name: 'web-config', namespace: ns }),
      type: 'Opaque',
      ...(encoded ? { data: { 'web.yml': Buffer.from(text).toString('base64') } } : { stringData: { 'web.yml': text } }),
    };
  });

const metricsRole = fc.boolean().map((annotated) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: {
    name: 'metrics-reader',
    ...(annotated ? { annotations: { 'config.kubernetes.io/path': 'rbac/metrics_reader_role.yaml', 'config.kubernetes.io/index': '0' } } : {}),
  },
  rules: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }],
}));

const tokenSecret = opt(namespace).map((ns) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'kubernetes.io/service-account-token',
  metadata: compact({ name: 'scrape-token', namespace: ns, annotations: { 'kubernetes.io/service-account.name': 'metrics-scraper' } }),
}));

export const item: fc.Arbitrary<JsonObject> = fc.oneof(
  { arbitrary: workload as fc.Arbitrary<JsonObject>, weight: 2 },
  { arbitrary: webConfigSecret, weight: 1 },
  { arbitrary: metricsRole, weight: 1 },
  { arbitrary: tokenSecret, weight: 1 },
  { arbitrary: serviceMonitor, weight: 4 },
  { arbitrary: podMonitor, weight: 2 },
  { arbitrary: probe, weight: 2 },
  { arbitrary: scrapeConfig, weight: 2 },
  { arbitrary: service, weight: 3 },
  { arbitrary: secret, weight: 2 },
  { arbitrary: certificate, weight: 1 },
  { arbitrary: unrelated as fc.Arbitrary<JsonObject>, weight: 2 },
);

// ---------------------------------------------------------------------------------------------
// Text: how an object is written

export interface Styled {
  object: JsonObject;
  /** Random numbers that pick flow vs block, quoting and comments node by node. */
  choices: number[];
  /** Sequences indented under their key (kpt's `wide`) or not (`compact`). */
  indentSeq: boolean;
}

export const styledItem: fc.Arbitrary<Styled> = fc.record({
  object: item,
  choices: fc.array(fc.nat(99), { minLength: 8, maxLength: 32 }),
  indentSeq: fc.boolean(),
});

/** Prints an object with per-node styles: flow maps and lists, single/double quotes, comments, block scalars. */
export function printStyled({ object, choices, indentSeq }: Styled): string {
  let next = 0;
  const pick = (): number => choices[next++ % choices.length] as number;
  const doc = new Document(object, { aliasDuplicateObjects: false });
  let comments = 0;
  visit(doc, {
    Map(_, node) {
      if (node.items.length <= 3 && pick() < 25) node.flow = true;
    },
    Seq(_, node) {
      if (node.items.length <= 3 && pick() < 30) node.flow = true;
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && pick() < 12) pair.key.commentBefore = pick() < 50 ? ` comment ${++comments}` : ` comment ${++comments}\n  and its second line`;
    },
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      const choice = pick();
      if (node.value.includes('\n')) node.type = choice < 50 ? Scalar.BLOCK_LITERAL : Scalar.QUOTE_DOUBLE;
      else if (choice < 20) node.type = Scalar.QUOTE_SINGLE;
      else if (choice < 40) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  // Line comments after some values of block maps.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.value) && !pair.value.type?.startsWith('BLOCK') && pick() < 10) pair.value.comment = ` note ${++comments}`;
    },
  });
  // Sometimes an anchor and a later alias or `<<` merge key, as hand-written manifests use them.
  if (pick() < 15) {
    const found: Array<{ node: YAMLMap | YAMLSeq; holder: unknown; ancestors: readonly unknown[] }> = [];
    visit(doc, {
      Collection(_, node, path) {
        found.push({ node: node, holder: path[path.length - 1], ancestors: [...path] });
      },
    });
    const j = 1 + (pick() % Math.max(1, found.length - 1));
    const target = found[j];
    // Same kind of collection (a list stays a list), neither inside the other, and the text keeps
    // its meaning: an alias only stands for an equal collection; a `<<` merge only brings keys the
    // target has already (its own values win), so it adds nothing.
    const merge = target !== undefined && isMap(target.node) && pick() < 50;
    const source = found
      .slice(1, j)
      .find(
        (f) =>
          sameShape(f.node, target?.node) &&
          !target?.ancestors.includes(f.node) &&
          !f.ancestors.includes(target?.node) &&
          (merge ? isMap(f.node) && isMap(target?.node) && mergeAddsNothing(f.node, target.node) : sameContent(f.node, target?.node)),
      );
    if (target !== undefined && source !== undefined) {
      const alias = doc.createAlias(source.node, `a${j}`);
      if (merge && isMap(target.node)) target.node.items.unshift(new Pair(new Scalar('<<'), alias));
      else if (isPair(target.holder) && target.holder.value === target.node) target.holder.value = alias;
    }
  }
  return doc.toString({ indentSeq, lineWidth: 0 });
}

function sameContent(a: YAMLMap | YAMLSeq, b: YAMLMap | YAMLSeq | undefined): boolean {
  return b !== undefined && JSON.stringify(a.toJSON()) === JSON.stringify(b.toJSON());
}

/** Every key of `source` is in `target` already: `<<: *source` in `target` changes nothing. */
function mergeAddsNothing(source: YAMLMap, target: YAMLMap): boolean {
  const keys = new Set(target.items.map((pair) => (isScalar(pair.key) ? pair.key.value : pair.key)));
  return source.items.every((pair) => isScalar(pair.key) && keys.has(pair.key.value));
}

/** Maps alias maps; lists alias non-empty lists of the same item kind (an endpoints list stays a list of maps). */
function sameShape(a: YAMLMap | YAMLSeq, b: YAMLMap | YAMLSeq | undefined): boolean {
  if (b === undefined || isMap(a) !== isMap(b)) return false;
  if (isMap(a)) return a.items.length > 0;
  return a.items.length > 0 && b.items.length > 0 && isMap(a.items[0]) === isMap(b.items[0]);
}

export interface InputCase {
  shape: 'resourceList' | 'stream';
  items: Styled[];
  /** ResourceList: `items:` entries at column 0 (`compact`) or indented (`wide`). */
  wideItems: boolean;
  /** Stream: a leading `---`, and `# Source:` comments between documents (helm, kustomize). */
  leadingSeparator: boolean;
  sourceComments: boolean;
  /** Windows line endings throughout. */
  crlf: boolean;
}

export const inputCase: fc.Arbitrary<InputCase> = fc.oneof(
  fc.record({
    shape: fc.constant('resourceList' as const),
    items: fc.array(styledItem, { minLength: 0, maxLength: 8 }),
    wideItems: fc.boolean(),
    leadingSeparator: fc.constant(false),
    sourceComments: fc.boolean(),
    crlf: fc.boolean(),
  }),
  fc.record({
    shape: fc.constant('stream' as const),
    items: fc.array(styledItem, { minLength: 1, maxLength: 8 }),
    wideItems: fc.constant(false),
    leadingSeparator: fc.boolean(),
    sourceComments: fc.boolean(),
    crlf: fc.boolean(),
  }),
);

/** The whole input text; `functionConfig` (ResourceList only) is printed after the items. */
export function printInput(input: InputCase, functionConfig?: JsonObject): string {
  const text = printLf(input, functionConfig);
  return input.crlf ? text.replace(/\n/g, '\r\n') : text;
}

function printLf(input: InputCase, functionConfig?: JsonObject): string {
  const texts = input.items.map(printStyled);
  if (input.shape === 'stream') {
    const docs = texts.map((text, i) => (input.sourceComments ? `# Source: chart/templates/item-${i}.yaml\n` : '') + text);
    return (input.leadingSeparator ? '---\n' : '') + docs.join('---\n');
  }
  const [dash, rest] = input.wideItems ? ['  - ', '    '] : ['- ', '  '];
  const entries = texts.map((text) => {
    const lines = text.replace(/\n$/, '').split('\n');
    return lines.map((line, i) => (i === 0 ? dash + line : line === '' ? '' : rest + line)).join('\n') + '\n';
  });
  let out = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
  out += entries.length === 0 ? 'items: []\n' : `items:${input.sourceComments ? ' # the package' : ''}\n${entries.join('')}`;
  if (functionConfig !== undefined) out += new Document({ functionConfig }).toString({ lineWidth: 0 });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Configs (all valid)

const typedTls = fc
  .record({
    serverName: opt(fc.constantFrom('auto', 'web.default.svc', '{service}.{namespace}.svc.{clusterDomain}')),
    ca: opt(secretOrConfigMap),
    clientCert: opt(fc.constant(true)),
    insecureSkipVerify: opt(fc.boolean()),
    minVersion: opt(fc.constantFrom('TLS12', 'TLS13')),
  })
  .map(({ clientCert, ...rest }) => ({
    ...compact(rest as Record<string, Json | undefined>),
    ...(clientCert ? { cert: { secret: { name: 'metrics-cert', key: 'tls.crt' } }, keySecret: { name: 'metrics-cert', key: 'tls.key' } } : {}),
  }));

const typedAuth = fc.oneof(
  fc.constant({ basicAuth: { username: { name: 'creds', key: 'username' }, password: { name: 'creds', key: 'password' } } }),
  fc.constant({ authorization: { type: 'Bearer', credentials: { name: 'scrape-token', key: 'token' } } }),
  fc.constant({
    oauth2: {
      clientId: { secret: { name: 'oauth', key: 'client_id' } },
      clientSecret: { name: 'oauth', key: 'client_secret' },
      tokenUrl: 'https://idp.example.com/token',
      scopes: ['metrics.read'],
    },
  }),
  fc.constant({ bearerTokenSecret: { name: 'scrape-token', key: 'token' } }),
);

const typedSpec: fc.Arbitrary<JsonObject> = fc
  .record({
    select: opt(
      fc
        .record({
          kinds: opt(fc.subarray([...KINDS], { minLength: 1 })),
          names: opt(fc.subarray([...NAMES, '*-metrics*', 'a*'], { minLength: 1 })),
          namespaces: opt(fc.subarray(NAMESPACES, { minLength: 1 })),
          labelSelector: opt(fc.record({ matchLabels: fc.record({ app: name }) })),
        })
        .map((s) => compact(s as Record<string, Json | undefined>)),
    ),
    endpoints: opt(fc.record({ ports: fc.subarray(PORTS, { minLength: 1 }) })),
    tls: opt(typedTls),
    scheme: opt(fc.constantFrom('https', '', 'http')),
    auth: opt(typedAuth),
    rbac: opt(fc.record({ bind: fc.boolean() })),
    patches: opt(
      fc.subarray(
        [
          { op: 'add', path: '/interval', value: '30s' },
          { op: 'add', path: '/honorLabels', value: true },
        ],
        { minLength: 1 },
      ),
    ),
    policy: opt(
      fc
        .record({
          onConflict: opt(fc.constantFrom('override', 'keep', 'error')),
          replaceAuth: opt(fc.boolean()),
          clusterDomain: opt(fc.constantFrom('', 'cluster.local')),
          insecureSkipVerify: opt(fc.constantFrom('warn', 'error', 'allow')),
          fileCredentials: opt(fc.constantFrom('warn', 'error', 'allow', 'migrate')),
          scraper: opt(fc.constant('monitoring/prometheus-k8s')),
        })
        .map((p) => compact(p as Record<string, Json | undefined>)),
    ),
  })
  .map(({ patches, select, ...spec }) => {
    const out = compact({ ...spec, select } as Record<string, Json | undefined>);
    // interval / honorLabels exist on ServiceMonitor and PodMonitor endpoints only: patches are
    // given when the config selects just those kinds, as a user who knows the CRDs would.
    if (patches !== undefined) {
      out.select = { ...(select ?? {}), kinds: ['ServiceMonitor', 'PodMonitor'] };
      out.endpointPatches = patches;
    }
    return out;
  });

const shorthandData: fc.Arbitrary<Record<string, string>> = fc
  .record({
    tls: opt(
      fc.constantFrom<Record<string, string>>({ 'tls-secret': 'metrics-cert' }, { 'ca-secret': 'metrics-cert' }, { 'ca-configmap': 'ca-bundle:ca.crt' }),
    ),
    'server-name': opt(fc.constantFrom('auto', 'web.default.svc')),
    'insecure-skip-verify': opt(fc.constantFrom('true', 'false')),
    'min-version': opt(fc.constant('TLS12')),
    kinds: opt(fc.subarray([...KINDS], { minLength: 1 }).map((k) => k.join(','))),
    names: opt(fc.subarray(NAMES, { minLength: 1 }).map((n) => n.join(','))),
    'label-selector': opt(fc.constantFrom('app=web', 'app in (web,api)', 'app!=db')),
    ports: opt(fc.subarray(PORTS, { minLength: 1 }).map((p) => p.join(','))),
    auth: opt(
      fc.constantFrom<Record<string, string>>(
        { 'basic-auth-secret': 'creds' },
        { 'bearer-token-secret': 'scrape-token' },
        { 'oauth2-secret': 'oauth', 'oauth2-token-url': 'https://idp.example.com/token' },
      ),
    ),
    'on-conflict': opt(fc.constantFrom('override', 'keep', 'error')),
    'replace-auth': opt(fc.constantFrom('true', 'false')),
    'cluster-domain': opt(fc.constant('cluster.local')),
    'bind-scraper': opt(fc.constantFrom('true', 'false')),
    scraper: opt(fc.constant('monitoring/prometheus-k8s')),
    'file-credentials': opt(fc.constantFrom('migrate', 'warn')),
  })
  .map(({ tls, auth: authKeys, ...rest }) => {
    const data: Record<string, string> = { ...(tls ?? {}), ...(authKeys ?? {}) };
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) data[key] = value;
    return data;
  });

/** How the config reaches the function: `-f FILE`, the ResourceList's functionConfig, or `-d k=v`. */
export type ConfigCase = { form: 'file'; object: JsonObject } | { form: 'functionConfig'; object: JsonObject } | { form: 'set'; data: Record<string, string> };

export const configCase: fc.Arbitrary<ConfigCase> = fc.oneof(
  typedSpec.map((spec) => ({
    form: 'file' as const,
    object: { apiVersion: 'fn.secure-monitors.dev/v1alpha1', kind: 'SecureMonitors', metadata: { name: 'metrics-tls' }, spec },
  })),
  shorthandData.map((data) => ({
    form: 'functionConfig' as const,
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data },
  })),
  typedSpec.map((spec) => ({
    form: 'functionConfig' as const,
    object: { apiVersion: 'fn.secure-monitors.dev/v1alpha1', kind: 'SecureMonitors', metadata: { name: 'metrics-tls' }, spec },
  })),
  shorthandData.map((data) => ({ form: 'set' as const, data })),
);
