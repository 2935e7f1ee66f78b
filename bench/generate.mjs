#!/usr/bin/env node
// Seeded generator of realistic secure-monitors inputs: per namespace a Namespace, the metrics TLS
// Secret and the cert-manager Certificate that issues it (dnsNames of every Service there), a
// scrape-token Secret, then 3–6 apps of Service + Deployment + ServiceMonitor (1–4 endpoints).
// Documents carry Helm-style `# Source:` head comments, some inline comments, flow maps and quotes.
//
//   node bench/generate.mjs --items 1000 [--seed 42] [--resource-list] > resources.yaml
//   node bench/generate.mjs --items 1000 --kustomize DIR   # also writes DIR/kustomization.yaml
//   node bench/generate.mjs --items 1000 --profile dense   # ≥ 20 % monitors, 2–3 endpoints each,
//                                                          # 2 ConfigMaps per app, no Secrets/Certificates
//   node bench/generate.mjs --items 1000 --keda 0.3        # also a KEDA ScaledObject (prometheus
//                                                          # trigger) for ~30 % of the apps, and per
//                                                          # namespace its TriggerAuthentication + Secret
//
//   node bench/generate.mjs --items 1000 --rbac 0.5    # also, for ~50 % of the namespaces, the
//                                                          # scraper's RBAC as Kubebuilder scaffolds it
//                                                          # (see rbacDocs): ServiceAccounts, the
//                                                          # metrics-reader ClusterRole, its binding
//                                                          # to the scraper for ~75 % of them, and a
//                                                          # scrape-token that is the scraper's token
//
// --keda and --rbac draw from random streams of their own: without them (or with 0) the output is
// the same bytes as before the options existed, so earlier runs stay comparable.
//
// The same (items, seed) always gives the same bytes.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

/** mulberry32: small, fast, good enough for test data. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const TEAMS = ['payments', 'search', 'identity', 'billing', 'platform', 'ingest', 'ledger', 'catalog', 'checkout', 'observability', 'storage', 'mesh'];
const APPS = [
  'api',
  'worker',
  'gateway',
  'controller',
  'scheduler',
  'indexer',
  'exporter',
  'webhook',
  'proxy',
  'cache',
  'broker',
  'syncer',
  'auth',
  'reporter',
];
const METRIC_PORTS = [
  { name: 'https', port: 8443 },
  { name: 'metrics', port: 9090 },
  { name: 'admin-metrics', port: 9443 },
  { name: 'runtime-metrics', port: 9464 },
];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(r, length) {
  let s = '';
  for (let i = 0; i < length; i++) s += B64[Math.floor(r.next() * 64)];
  return s + '==';
}

function namespaceDocs(r, ns, services, rbac = false) {
  const dnsNames = services.flatMap((svc) => [`${svc}.${ns}.svc`, `${svc}.${ns}.svc.cluster.local`]);
  return [
    `# Source: ${ns}/namespace.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    kubernetes.io/metadata.name: ${ns}
    team: ${ns.split('-')[0]}
`,
    `# Source: ${ns}/certificate.yaml
# Serving certificate for every metrics endpoint in the namespace.
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: metrics-server-cert
  namespace: ${ns}
spec:
  secretName: metrics-server-cert
  duration: 2160h # 90 days
  renewBefore: 360h
  privateKey:
    algorithm: ECDSA
    size: 256
  issuerRef:
    name: cluster-ca
    kind: ClusterIssuer
  dnsNames:
${dnsNames.map((d) => `  - ${d}`).join('\n')}
`,
    `# Source: ${ns}/metrics-server-cert.yaml
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata:
  name: metrics-server-cert
  namespace: ${ns}
  annotations:
    cert-manager.io/certificate-name: metrics-server-cert
data:
  ca.crt: ${base64(r, 1460)}
  tls.crt: ${base64(r, 1460)}
  tls.key: ${base64(r, 320)}
`,
    rbac
      ? `# Source: ${ns}/scrape-token.yaml
# The token of the scraper's ServiceAccount: what the target's SubjectAccessReview is asked about.
apiVersion: v1
kind: Secret
metadata:
  name: scrape-token
  namespace: ${ns}
  annotations:
    kubernetes.io/service-account.name: prometheus-scraper
type: kubernetes.io/service-account-token
data:
  token: ${base64(r, 1100)}
`
      : `# Source: ${ns}/scrape-token.yaml
apiVersion: v1
kind: Secret
metadata:
  name: scrape-token
  namespace: ${ns}
type: Opaque
data:
  token: ${base64(r, 1100)}
`,
  ];
}

/**
 * The scraper's RBAC in a namespace whose apps serve controller-runtime secure metrics (every
 * generated Deployment runs `--metrics-bind-address=:8443`): the ServiceAccounts (the scraper's and
 * each app's), Kubebuilder's `metrics-reader` ClusterRole (get on /metrics) and `metrics-auth-role`
 * (TokenReviews, SubjectAccessReviews) bound to the apps, and for ~75 % of the namespaces the
 * binding of metrics-reader to the scraper; the rest ship the role bound to nobody (kubebuilder#4805),
 * which the scraper-rbac check reports.
 */
function rbacDocs(b, ns, apps) {
  const account = (name) => `# Source: ${ns}/rbac/service_account.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${ns}
`;
  const docs = [
    account('prometheus-scraper'),
    ...apps.map(account),
    `# Source: ${ns}/rbac/metrics_reader_role.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${ns}-metrics-reader
rules:
- nonResourceURLs:
  - "/metrics"
  verbs:
  - get
`,
    `# Source: ${ns}/rbac/metrics_auth_role.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${ns}-metrics-auth-role
rules:
- apiGroups: [authentication.k8s.io]
  resources: [tokenreviews]
  verbs: [create]
- apiGroups: [authorization.k8s.io]
  resources: [subjectaccessreviews]
  verbs: [create]
`,
    `# Source: ${ns}/rbac/metrics_auth_role_binding.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${ns}-metrics-auth-rolebinding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${ns}-metrics-auth-role
subjects:
${apps
  .map(
    (app) => `- kind: ServiceAccount
  name: ${app}
  namespace: ${ns}`,
  )
  .join('\n')}
`,
  ];
  if (b.chance(0.75))
    docs.push(`# Source: ${ns}/rbac/metrics_reader_binding.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${ns}-metrics-reader-scraper
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${ns}-metrics-reader
subjects:
- kind: ServiceAccount
  name: prometheus-scraper
  namespace: ${ns}
`);
  return docs;
}

function appDocs(r, ns, app, dense = false) {
  // dense: 2–3 metrics ports, each scraped (the monitor-dense profile of bench/README.md).
  const portCount = dense ? r.int(2, 3) : r.int(1, 4);
  const ports = METRIC_PORTS.slice(0, portCount);
  const image = `registry.example.com/${ns.split('-')[0]}/${app}:v${r.int(1, 3)}.${r.int(0, 20)}.${r.int(0, 9)}`;
  const replicas = r.int(1, 5);
  const env = Array.from(
    { length: r.int(2, 6) },
    (_, i) => `        - name: ${['LOG_LEVEL', 'GOMAXPROCS', 'OTEL_SERVICE_NAME', 'DB_POOL_SIZE', 'FEATURE_FLAGS', 'CACHE_TTL'][i]}
          value: "${['info', '2', app, String(r.int(4, 64)), 'a,b,c', `${r.int(10, 300)}s`][i]}"`,
  ).join('\n');
  const service = `# Source: ${app}/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
    app.kubernetes.io/part-of: ${ns}
    app.kubernetes.io/managed-by: Helm
spec:
  type: ClusterIP
  selector: {app.kubernetes.io/name: ${app}, app.kubernetes.io/part-of: ${ns}}
  ports:
  - name: http
    port: 80
    targetPort: 8080
    protocol: TCP
${ports.map((p) => `  - name: ${p.name}\n    port: ${p.port}\n    targetPort: ${p.name}\n    protocol: TCP`).join('\n')}
`;
  const deployment = `# Source: ${app}/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
    app.kubernetes.io/part-of: ${ns}
    app.kubernetes.io/version: "${image.split(':v')[1]}"
spec:
  replicas: ${replicas}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
      app.kubernetes.io/part-of: ${ns}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app}
        app.kubernetes.io/part-of: ${ns}
      annotations:
        kubectl.kubernetes.io/default-container: ${app}
    spec:
      serviceAccountName: ${app}
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
      - name: ${app}
        image: ${image}
        args:
        - --metrics-bind-address=:8443
        - --health-probe-bind-address=:8081
        - --leader-elect
        env:
${env}
        ports:
        - name: http
          containerPort: 8080
${ports.map((p) => `        - name: ${p.name}\n          containerPort: ${p.port}`).join('\n')}
        resources:
          limits: {cpu: 500m, memory: ${r.pick(['128Mi', '256Mi', '512Mi'])}}
          requests: {cpu: 10m, memory: 64Mi}
        livenessProbe:
          httpGet: {path: /healthz, port: 8081}
          initialDelaySeconds: 15
          periodSeconds: 20
        readinessProbe:
          httpGet: {path: /readyz, port: 8081}
          initialDelaySeconds: 5
          periodSeconds: 10
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop: ["ALL"]
        volumeMounts:
        - name: metrics-certs
          mountPath: /tmp/k8s-metrics-server/metrics-certs
          readOnly: true
      volumes:
      - name: metrics-certs
        secret:
          secretName: metrics-server-cert
          optional: false
`;
  const endpointCount = dense ? portCount : r.int(1, portCount);
  const endpoints = ports.slice(0, endpointCount).map((p, i) => {
    const lines = [
      `  - port: ${p.name}`,
      `    path: ${i === 0 ? '/metrics' : `/${p.name.replace('-', '/')}`}`,
      `    interval: ${r.pick(['15s', '30s', '1m'])}${r.chance(0.3) ? ' # matches the dashboard resolution' : ''}`,
    ];
    if (r.chance(0.25)) lines.push('    bearerTokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token');
    if (r.chance(0.2)) lines.push("    scheme: 'http'");
    if (r.chance(0.15)) lines.push('    tlsConfig:', '      minVersion: TLS12');
    if (r.chance(0.3))
      lines.push('    relabelings:', '    - sourceLabels: [__meta_kubernetes_pod_node_name]', '      targetLabel: node', '      action: replace');
    if (r.chance(0.2)) lines.push('    metricRelabelings:', '    - sourceLabels: [__name__]', "      regex: 'go_gc_.*'", '      action: drop');
    return lines.join('\n');
  });
  const monitor = `# Source: ${app}/templates/servicemonitor.yaml
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: ${app}-metrics-monitor
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
    release: prometheus
spec:
  jobLabel: app.kubernetes.io/name
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
      app.kubernetes.io/part-of: ${ns}
  endpoints:
${endpoints.join('\n')}
`;
  const docs = [service, deployment, monitor];
  if (dense) docs.push(...configMapDocs(r, ns, app));
  return { docs, monitorEndpoints: endpointCount };
}

/** Two ConfigMaps per app (application settings, a dashboard): the bulk of a dense input that is not monitors. */
function configMapDocs(r, ns, app) {
  const settings = Array.from(
    { length: r.int(4, 10) },
    (_, i) =>
      `  ${['log.level', 'log.format', 'http.timeout', 'db.pool', 'cache.ttl', 'feature.flags', 'tracing.rate', 'retry.max', 'queue.depth', 'batch.size'][i]}: "${r.int(1, 500)}"`,
  ).join('\n');
  return [
    `# Source: ${app}/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-settings
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${app}
data:
${settings}
`,
    `# Source: ${app}/templates/dashboard.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-dashboard
  namespace: ${ns}
  labels:
    grafana_dashboard: "1"
data:
  ${app}.json: |
    {"title": "${app}", "uid": "${base64(r, 12).slice(0, 12)}", "panels": [
      {"type": "timeseries", "title": "requests", "targets": [{"expr": "sum(rate(http_requests_total{job=\\"${app}\\"}[5m]))"}]},
      {"type": "timeseries", "title": "errors", "targets": [{"expr": "sum(rate(http_requests_total{job=\\"${app}\\",code=~\\"5..\\"}[5m]))"}]}
    ]}
`,
  ];
}

/**
 * A ScaledObject scaling the app on a prometheus query (README "KEDA"). Most are set up right
 * (bearer token from the namespace's TriggerAuthentication, authModes bearer); some lack authModes
 * (KEDA then sends no token: keda-auth-modes) or query Azure's managed Prometheus without an
 * identity (keda-managed-auth), as real inputs do.
 */
function scaledObjectDoc(k, ns, app) {
  const azure = k.chance(0.15);
  const server = azure ? `https://${ns}-amw.eastus.prometheus.monitor.azure.com` : 'https://prometheus.monitoring.svc:9090';
  const modes = !azure && k.chance(0.8) ? '\n      authModes: bearer' : '';
  const ref = azure ? '' : '\n    authenticationRef:\n      name: prom-auth';
  return `# Source: ${app}/templates/scaledobject.yaml
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: ${app}
  namespace: ${ns}
spec:
  scaleTargetRef: {name: ${app}}
  minReplicaCount: 1
  maxReplicaCount: ${k.int(3, 20)}
  triggers:
  - type: prometheus
    metadata:
      serverAddress: ${server}
      query: 'sum(rate(http_requests_total{job="${app}"}[2m]))'
      threshold: "${k.int(10, 500)}"${modes}${ref}
`;
}

/** The namespace's TriggerAuthentication and the Secret it reads (the token's value is generated noise). */
function kedaAuthDocs(k, ns) {
  return [
    `# Source: ${ns}/keda-auth.yaml
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: prom-auth
  namespace: ${ns}
spec:
  secretTargetRef:
  - parameter: bearerToken
    name: prom-creds
    key: token
`,
    `# Source: ${ns}/prom-creds.yaml
apiVersion: v1
kind: Secret
metadata:
  name: prom-creds
  namespace: ${ns}
type: Opaque
data:
  token: ${base64(k, 40)}
`,
  ];
}

/**
 * Returns { text, docs, monitors: [{ns, app, service, monitor}], stats }.
 * `items` is exact: the last namespace is cut short when the count runs out.
 * `keda` (0..1): the share of apps that also get a ScaledObject (see the header).
 */
export function generate({ items, seed = 42, resourceList = false, profile = 'default', keda = 0, rbac = 0 }) {
  const dense = profile === 'dense';
  if (!dense && profile !== 'default') throw new Error(`unknown profile ${profile}: default | dense`);
  if (!(keda >= 0 && keda <= 1)) throw new Error(`--keda is a share between 0 and 1, got ${keda}`);
  if (!(rbac >= 0 && rbac <= 1)) throw new Error(`--rbac is a share between 0 and 1, got ${rbac}`);
  const r = rng(seed);
  // Its own stream too (--rbac).
  const b = rng(seed ^ 0x72626163);
  let rbacNamespaces = 0;
  // Its own stream: the base items draw exactly what they drew before --keda existed.
  const k = rng(seed ^ 0x6b656461);
  const docs = [];
  const monitors = [];
  let endpoints = 0;
  let scaledObjects = 0;
  let nsIndex = 0;
  while (docs.length < items) {
    const ns = `${r.pick(TEAMS)}-${String(nsIndex++).padStart(4, '0')}`;
    const apps = [...APPS].sort(() => r.next() - 0.5).slice(0, r.int(3, 6));
    // dense: the Namespaces, Secrets and Certificates live outside the input (a package of app manifests).
    const withRbac = rbac > 0 && b.chance(rbac);
    if (!dense) docs.push(...namespaceDocs(r, ns, apps, withRbac));
    if (withRbac) {
      docs.push(...rbacDocs(b, ns, apps));
      rbacNamespaces++;
    }
    const scaled = keda > 0 ? apps.filter(() => k.chance(keda)) : [];
    if (scaled.length > 0) docs.push(...kedaAuthDocs(k, ns));
    for (const app of apps) {
      const out = appDocs(r, ns, app, dense);
      if (scaled.includes(app)) out.docs.push(scaledObjectDoc(k, ns, app));
      for (const [i, doc] of out.docs.entries()) {
        if (docs.length >= items) break;
        docs.push(doc);
        if (i === 2) {
          monitors.push({ ns, app });
          endpoints += out.monitorEndpoints;
        }
        if (i === out.docs.length - 1 && scaled.includes(app)) scaledObjects++;
      }
    }
  }
  docs.length = items;
  const text = resourceList ? toResourceList(docs) : docs.join('---\n');
  const stats = {
    items,
    monitors: monitors.length,
    endpoints,
    ...(keda > 0 ? { scaledObjects } : {}),
    ...(rbac > 0 ? { rbacNamespaces } : {}),
    bytes: Buffer.byteLength(text),
  };
  return { text, monitors, stats };
}

/** kpt's shape: items indented under a ResourceList, head comments kept. */
function toResourceList(docs) {
  const body = docs
    .map((d) => {
      const lines = d.replace(/\n$/, '').split('\n');
      const first = lines.findIndex((l) => !l.startsWith('#'));
      return lines.map((l, i) => (i < first ? `  ${l}` : i === first ? `- ${l}` : `  ${l}`)).join('\n');
    })
    .join('\n');
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${body}\n`;
}

/** The dense profile's config, as kpt passes `-- k=v` (a ConfigMap); the Secrets are not in the input. */
export const DENSE_ARGS = ['-d', 'server-name=auto', '-d', 'tls-secret=metrics-server-cert', '-d', 'bearer-token-secret=scrape-token'];

export const SECURE_MONITORS_CONFIG = `apiVersion: fn.secure-monitors.dev/v1alpha1
kind: SecureMonitors
metadata:
  name: bench
spec:
  mode: apply
  tls:
    serverName: auto
    ca: {secret: {name: metrics-server-cert, key: ca.crt}}
    cert: {secret: {name: metrics-server-cert, key: tls.crt}}
    keySecret: {name: metrics-server-cert, key: tls.key}
  auth:
    authorization: {type: Bearer, credentials: {name: scrape-token, key: token}}
`;

/**
 * What a kustomize user writes today for the same job (Kubebuilder >= 4.5.1 style): one JSON 6902
 * patch on endpoint 0 of every ServiceMonitor (scheme, tlsConfig with a placeholder serverName,
 * authorization), then two `replacements` per monitor that copy its Service's name and namespace
 * into the placeholder.
 */
export function kustomization(monitors) {
  const replacements = monitors.flatMap(({ ns, app }) =>
    [
      ['metadata.name', 0],
      ['metadata.namespace', 1],
    ].map(
      ([fieldPath, index]) => `- source:
    kind: Service
    version: v1
    name: ${app}
    namespace: ${ns}
    fieldPath: ${fieldPath}
  targets:
  - select:
      kind: ServiceMonitor
      name: ${app}-metrics-monitor
      namespace: ${ns}
    fieldPaths:
    - spec.endpoints.0.tlsConfig.serverName
    options:
      delimiter: '.'
      index: ${index}`,
    ),
  );
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- resources.yaml
patches:
- target:
    group: monitoring.coreos.com
    version: v1
    kind: ServiceMonitor
  patch: |-
    - op: add
      path: /spec/endpoints/0/scheme
      value: https
    - op: add
      path: /spec/endpoints/0/tlsConfig
      value:
        serverName: SERVICE_NAME.SERVICE_NAMESPACE.svc
        ca: {secret: {name: metrics-server-cert, key: ca.crt}}
        cert: {secret: {name: metrics-server-cert, key: tls.crt}}
        keySecret: {name: metrics-server-cert, key: tls.key}
    - op: add
      path: /spec/endpoints/0/authorization
      value: {type: Bearer, credentials: {name: scrape-token, key: token}}
${replacements.length > 0 ? `replacements:\n${replacements.join('\n')}\n` : ''}`;
}

/** Writes DIR/resources.yaml and DIR/kustomization.yaml. */
export function writeKustomizeDir(dir, text, monitors) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'resources.yaml'), text);
  writeFileSync(join(dir, 'kustomization.yaml'), kustomization(monitors));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      items: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '42' },
      'resource-list': { type: 'boolean', default: false },
      kustomize: { type: 'string' },
      config: { type: 'string' },
      profile: { type: 'string', default: 'default' },
      keda: { type: 'string', default: '0' },
      rbac: { type: 'string', default: '0' },
    },
  });
  const out = generate({
    items: Number(values.items),
    seed: Number(values.seed),
    resourceList: values['resource-list'],
    profile: values.profile,
    keda: Number(values.keda),
    rbac: Number(values.rbac),
  });
  if (values.kustomize !== undefined) {
    const plain = values['resource-list'] ? generate({ items: Number(values.items), seed: Number(values.seed) }).text : out.text;
    writeKustomizeDir(values.kustomize, plain, out.monitors);
  }
  if (values.config !== undefined) writeFileSync(values.config, SECURE_MONITORS_CONFIG);
  process.stdout.write(out.text);
  process.stderr.write(`${JSON.stringify(out.stats)}\n`);
}
