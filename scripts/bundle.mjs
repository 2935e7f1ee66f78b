#!/usr/bin/env node
// Builds the start-up-optimised CLI (run after `tsc -p tsconfig.build.json`):
//
//   dist/secure-monitors.cjs           the executable: a small loader (the package's bin)
//   dist/secure-monitors.bundle.cjs    the CLI bundled by esbuild, yaml and fast-json-patch inlined
//   dist/secure-monitors.bundle.cache.<build id>  V8's code cache for that bundle, from a training run here
//
//   node scripts/bundle.mjs [--no-cache] [--metafile]
//
// Why: a run on a 1-item input was ~2.5× a bare `node -e 0`, nearly all of it module loading and
// compiling. One CommonJS file avoids resolving and linking ~90 ES modules (yaml alone is ~70
// files); the code cache (what Node ≥ 22.1's module.enableCompileCache() does, done by hand since
// we support Node 20) skips parsing and compiling the functions a typical run uses. If the cache
// does not fit the running Node (another V8 version or flags), V8 rejects it and the loader
// compiles as usual: only slower, never different.
//
// - The config, ServiceMonitor, PodMonitor and Probe validators (gen/validators/*.cjs) are bundled
//   as modules evaluated on first use (see INLINE_CRD_VALIDATORS). The ScrapeConfig validator and
//   the JSON schemas stay separate files, loaded lazily with createRequire: every `import.meta.url`
//   in a source module is rewritten to the URL that module has in dist/ (`dist/schema/crd.js`), so
//   `../../gen/…` resolves from the bundle exactly as it does from the tsc output.
// - src/cli.ts runs main() itself only when argv[1] looks like the CLI; in the bundle the loader
//   calls main(), so that test is replaced by `false` (the build fails if the line is not found).
// - yaml reads `process.env.LOG_TOKENS` once per token and `LOG_STREAM` once per document (debug
//   output); a process.env read is a call into C++, ~25 % of parse time at 10k items. The bundle
//   replaces both reads with `false` (and warns, bundling yaml unchanged, if yaml's code moved).

import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import vm from 'node:vm';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { cache: { type: 'boolean', default: true }, 'no-cache': { type: 'boolean', default: false }, metafile: { type: 'boolean', default: false } },
});
const src = join(root, 'src');
const dist = join(root, 'dist');
const bundleFile = join(dist, 'secure-monitors.bundle.cjs');
const loaderFile = join(dist, 'secure-monitors.cjs');
const warnings = [];

/** @type {import('esbuild').Plugin} */
const sources = {
  name: 'secure-monitors-sources',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      const asInDist = './' + relative(src, args.path).split('\\').join('/').replace(/\.ts$/, '.js');
      // `module.require`, not `require`: a source module may declare its own `require` (cli.ts does).
      text = text.replaceAll('import.meta.url', `new URL(${JSON.stringify(asInDist)}, module.require('node:url').pathToFileURL(__filename)).href`);
      if (args.path === join(src, 'schema', 'crd.ts'))
        text = inlineValidators(text, '`../../gen/validators/${name}.cjs`', 'requireGenerated', INLINE_CRD_VALIDATORS);
      if (args.path === join(src, 'schema', 'config.ts')) text = inlineValidators(text, "'../../gen/validators/config.cjs'", 'requireSibling', ['config']);
      if (args.path === join(src, 'cli.ts')) {
        const line = /^const invokedDirectly = .*;$/m;
        if (!line.test(text)) throw new Error('bundle: src/cli.ts has no `const invokedDirectly = …;` line to replace');
        text = text.replace(line, 'const invokedDirectly = false; // bundled: dist/secure-monitors.cjs calls main()');
        // The loader has the #! line; the bundle is compiled as a function body, where it is a syntax error.
        text = text.replace(/^#!.*\n/, '');
      }
      return { contents: text, loader: 'ts' };
    });
  },
};

// The validators a typical run needs go into the bundle (still evaluated only on first use), so the
// code cache covers them too: compiling the ServiceMonitor validator is ~8 ms of a 1-item run.
// ScrapeConfig's (1.7 MB) stays a separate file: reading and pre-parsing it would cost every run.
const INLINE_CRD_VALIDATORS = ['servicemonitor', 'podmonitor', 'probe'];

/** `loader(PATH)` → the static require of each named validator, falling back to the lazy file load. */
function inlineValidators(text, pathExpression, loaderName, names) {
  const call = `${loaderName}(${pathExpression})`;
  if (!text.includes(call)) {
    warnings.push(`${call} not found: validators stay separate files (start-up is slower, behaviour the same)`);
    return text;
  }
  const table = names.map((n) => `${JSON.stringify(n)}: () => require(${JSON.stringify(`../../gen/validators/${n}.cjs`)})`).join(', ');
  const key = names.length === 1 ? JSON.stringify(names[0]) : 'name';
  return (
    text.replace(call, `(__smInlineValidators[${key}]?.() ?? ${call})`) +
    `\nconst __smInlineValidators: Record<string, (() => unknown) | undefined> = { ${table} };\n`
  );
}

/** @type {import('esbuild').Plugin} */
const yamlDebugReads = {
  name: 'yaml-debug-env-reads',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const replaced = text.replace(/\bnode_process\.env\.LOG_(TOKENS|STREAM)\b/g, 'false');
      if (replaced === text) warnings.push(`yaml's ${relative(root, args.path)} has no process.env.LOG_* read to remove (yaml changed?)`);
      return { contents: replaced, loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: [join(src, 'cli.ts')],
  outfile: bundleFile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: values.metafile,
  plugins: [sources, yamlDebugReads],
});
for (const w of warnings) console.warn(`bundle: warning: ${w}`);
if (values.metafile) writeFileSync(`${bundleFile}.meta.json`, JSON.stringify(result.metafile));

// The build id ties the cache to this very bundle: V8 itself only compares the source length.
const bundled = readFileSync(bundleFile, 'utf8');
const buildId = createHash('sha256').update(bundled).digest('hex').slice(0, 16);
const source = `${bundled}//# build ${buildId}\n`;
writeFileSync(bundleFile, source);
writeFileSync(loaderFile, loader(buildId));
chmodSync(loaderFile, 0o755);
const cacheFile = values.cache && !values['no-cache'] ? await train() : undefined;
removeOtherCaches(cacheFile);
console.error(`bundle: wrote ${[loaderFile, bundleFile, ...(cacheFile ? [cacheFile] : [])].map((f) => relative(root, f)).join(', ')}`);

/** The executable. Kept in sync with the bottom of src/cli.ts (how main() is called). */
function loader(id) {
  return `#!/usr/bin/env node
'use strict';
// Generated by scripts/bundle.mjs; runs secure-monitors.bundle.cjs with V8's code cache. See there.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');
const file = join(__dirname, 'secure-monitors.bundle.cjs');
const source = readFileSync(file, 'utf8');
let cachedData;
if (source.endsWith('//# build ${id}\\n')) {
  try {
    cachedData = readFileSync(join(__dirname, 'secure-monitors.bundle.cache.${id}'));
  } catch {
    cachedData = undefined;
  }
}
const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
const bundle = new Module(file, module);
bundle.filename = file;
bundle.paths = Module._nodeModulePaths(__dirname);
bundle.loaded = true;
script.runInThisContext().call(bundle.exports, bundle.exports, (id) => bundle.require(id), bundle, file, __dirname);
bundle.exports.main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write('secure-monitors: internal error: ' + String(error) + '\\n');
    process.exitCode = 2;
  },
);
`;
}

/**
 * Runs the bundle in this process on small inputs that take the usual paths (stream and
 * ResourceList, apply and check, TLS + serverName auto + auth, schema checks), then saves what V8
 * compiled. Output goes nowhere; only the compiled code is kept.
 */
async function train() {
  const work = mkdtempSync(join(tmpdir(), 'secure-monitors-bundle-'));
  try {
    const stream = join(work, 'stream.yaml');
    const list = join(work, 'list.yaml');
    const config = join(work, 'config.yaml');
    writeFileSync(stream, trainingStream());
    writeFileSync(list, asResourceList(trainingStream()));
    writeFileSync(config, trainingConfig());
    const script = new vm.Script(Module.wrap(source), { filename: bundleFile });
    const bundle = new Module(bundleFile);
    bundle.filename = bundleFile;
    // Node's own (undocumented, stable since 0.x) way to list a folder's node_modules search paths.
    bundle.paths = /** @type {any} */ (Module)._nodeModulePaths(dist);
    script.runInThisContext().call(bundle.exports, bundle.exports, createRequire(bundleFile), bundle, bundleFile, dist);
    const sink = { write: () => true };
    const io = { stdin: { isTTY: false }, stdout: sink, stderr: sink, env: {} };
    const out = join(work, 'out.yaml');
    const runs = [
      ['-i', stream, '-f', config, '-o', out],
      ['-i', stream, '-f', config, '--mode', 'check', '-o', out],
      ['-i', list, '-f', config, '-o', out],
      ['-i', stream, '-d', 'tls-secret=metrics-server-cert', '-d', 'server-name=auto', '-d', 'bearer-token-secret=scrape-token', '-o', out],
      ['--version'],
    ];
    for (const argv of runs) {
      const code = await bundle.exports.main(argv, io);
      if (code !== 0) throw new Error(`bundle: training run ${argv.join(' ')} exited ${code}`);
    }
    // One file per build id: a loader never picks up the cache of another bundle.
    const target = join(dist, `secure-monitors.bundle.cache.${buildId}`);
    writeFileSync(`${target}.tmp`, script.createCachedData());
    renameSync(`${target}.tmp`, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function removeOtherCaches(keep) {
  for (const name of readdirSync(dist)) {
    if (name.startsWith('secure-monitors.bundle.cache.') && join(dist, name) !== keep) rmSync(join(dist, name), { force: true });
  }
}

// A small input that takes the usual paths: comments, flow maps, quoting, a Service to follow, the
// Secrets and Certificate the checks cross-read, endpoints with and without existing TLS/auth.
function trainingStream() {
  return `# Source: app/templates/namespace.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: app-system
---
# Source: app/templates/certificate.yaml
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: metrics-server-cert
  namespace: app-system
spec:
  secretName: metrics-server-cert
  duration: 2160h # 90 days
  issuerRef: {name: cluster-ca, kind: ClusterIssuer}
  dnsNames:
  - app.app-system.svc
  - app.app-system.svc.cluster.local
---
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata:
  name: metrics-server-cert
  namespace: app-system
data:
  ca.crt: Y2E=
  tls.crt: Y3J0
  tls.key: a2V5
---
apiVersion: v1
kind: Secret
metadata: {name: scrape-token, namespace: app-system}
data:
  token: dG9rZW4=
---
# Source: app/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: app
  namespace: app-system
  labels:
    app.kubernetes.io/name: app
spec:
  selector: {app.kubernetes.io/name: app}
  ports:
  - name: https
    port: 8443
    targetPort: https
  - name: metrics
    port: 9090
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: app-system
  labels: {app.kubernetes.io/name: app}
spec:
  replicas: 2
  selector:
    matchLabels: {app.kubernetes.io/name: app}
  template:
    metadata:
      labels: {app.kubernetes.io/name: app}
    spec:
      containers:
      - name: app
        image: "registry.example.com/app:v1.2.3"
        args: [--metrics-bind-address=:8443]
---
# Source: app/templates/servicemonitor.yaml
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: app-metrics-monitor
  namespace: app-system
  labels:
    release: prometheus
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: app
  endpoints:
  - port: https
    path: /metrics
    interval: 30s # dashboard resolution
    bearerTokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
  - port: metrics
    scheme: 'http'
    tlsConfig:
      minVersion: TLS12
    relabelings:
    - sourceLabels: [__meta_kubernetes_pod_node_name]
      targetLabel: node
`;
}

function trainingConfig() {
  return `apiVersion: fn.secure-monitors.dev/v1alpha1
kind: SecureMonitors
metadata:
  name: training
spec:
  tls:
    serverName: auto
    ca: {secret: {name: metrics-server-cert, key: ca.crt}}
    cert: {secret: {name: metrics-server-cert, key: tls.crt}}
    keySecret: {name: metrics-server-cert, key: tls.key}
  auth:
    authorization: {type: Bearer, credentials: {name: scrape-token, key: token}}
`;
}

/** The same items as one kpt-style ResourceList. */
function asResourceList(stream) {
  const items = stream
    .split(/^---\n/m)
    .map((doc) => doc.replace(/\n$/, '').split('\n'))
    .map((lines) => {
      const first = lines.findIndex((l) => !l.startsWith('#'));
      return lines.map((l, i) => (i === first ? `- ${l}` : `  ${l}`)).join('\n');
    });
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('\n')}\n`;
}
