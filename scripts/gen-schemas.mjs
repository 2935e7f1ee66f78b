#!/usr/bin/env node
// Generates precompiled ajv validators for the pinned CRDs of every family (Prometheus Operator
// monitors, KEDA) and for the function's own config schema, so the runtime never compiles a
// schema (compiling the ScrapeConfig schema alone takes ~0.6 s).
//
//   node scripts/gen-schemas.mjs [--crds DIR] [--keda-crds DIR] [--out DIR]
//
// Writes <out>/crd-schemas/<kind>.json, <out>/validators/<kind>.cjs, <out>/validators/config.cjs
// and <out>/README.md. Output is deterministic: re-running over the same inputs is byte-identical
// (test/schema/gen-fresh.test.ts holds the committed gen/ to that).
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
// ajv is CommonJS: its module object is the class, with the class also at `.default` (what TypeScript sees).
import AjvModule from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';

const Ajv = AjvModule.default;
const standaloneCode = standaloneModule.default;
import { parse as parseYaml } from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PINNED_OPERATOR_VERSION = '0.93.0';
const PINNED_KEDA_VERSION = '2.20.2';

/**
 * The kinds of each family (src/families.ts registers the same kinds; test/schema/crd.test.ts
 * holds the two lists together); `file` is the CRD file name controller-gen writes.
 */
const CRD_KINDS = [
  { kind: 'ServiceMonitor', file: 'monitoring.coreos.com_servicemonitors.yaml' },
  { kind: 'PodMonitor', file: 'monitoring.coreos.com_podmonitors.yaml' },
  { kind: 'Probe', file: 'monitoring.coreos.com_probes.yaml' },
  { kind: 'ScrapeConfig', file: 'monitoring.coreos.com_scrapeconfigs.yaml' },
];
const KEDA_CRD_KINDS = [
  { kind: 'ScaledObject', file: 'keda.sh_scaledobjects.yaml' },
  { kind: 'ScaledJob', file: 'keda.sh_scaledjobs.yaml' },
  { kind: 'TriggerAuthentication', file: 'keda.sh_triggerauthentications.yaml' },
  { kind: 'ClusterTriggerAuthentication', file: 'keda.sh_clustertriggerauthentications.yaml' },
];

const CONFIG_SCHEMA = 'schema/secure-monitors.schema.json';

/** Keys that document a schema but never constrain a value. */
const DOC_ONLY_KEYS = new Set(['description', 'default', 'example', 'examples', 'title', '$schema']);

const { values: args } = parseArgs({
  options: {
    crds: { type: 'string', default: join(repoRoot, '..', 'shared', 'crds', `prometheus-operator-v${PINNED_OPERATOR_VERSION}`) },
    'keda-crds': { type: 'string', default: join(repoRoot, '..', 'shared', 'crds', `keda-v${PINNED_KEDA_VERSION}`) },
    out: { type: 'string', default: join(repoRoot, 'gen') },
  },
});
const crdDir = resolve(args.crds);
const kedaCrdDir = resolve(args['keda-crds']);
const outDir = resolve(args.out);

/**
 * The pinned CRDs are not in the repository: they live in the project's shared folder beside it
 * (../shared/crds). Without them, say what is missing and where to put it, instead of a stack trace.
 */
function missingCrd(dir, path) {
  const option = dir === kedaCrdDir ? '--keda-crds' : '--crds';
  process.stderr.write(
    `gen: ${existsSync(dir) ? `${path} is missing` : `the directory ${dir} does not exist`}.\n` +
      `gen: it holds the pinned CRDs the validators in gen/ are generated from (Prometheus Operator v${PINNED_OPERATOR_VERSION}, KEDA v${PINNED_KEDA_VERSION}); ` +
      `they are not part of the repository but of the project's shared folder, expected beside it at ${join(repoRoot, '..', 'shared', 'crds')}.\n` +
      `gen: put that folder there, or pass ${option} DIR pointing at a copy of those CRD files. gen/ is committed: building and testing do not need this step.\n`,
  );
  process.exit(1);
}

/**
 * Turns a CRD's openAPIV3Schema into a JSON Schema that rejects what the API server prunes or
 * rejects: structural schemas prune unknown fields (kubectl's strict field validation rejects
 * them), so `servername` never reaches Prometheus; here it becomes an error
 * (additionalProperties: false on every object that lists properties).
 */
function toStructuralJsonSchema(node, path) {
  if (Array.isArray(node)) return node.map((item, i) => toStructuralJsonSchema(item, `${path}/${i}`));
  if (node === null || typeof node !== 'object') return node;

  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (DOC_ONLY_KEYS.has(key) || key.startsWith('x-kubernetes-')) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toStructuralJsonSchema(sub, `${path}/properties/${name}`)]));
    } else {
      out[key] = toStructuralJsonSchema(value, `${path}/${key}`);
    }
  }

  // controller-gen writes int-or-string as `anyOf: [{type: integer}, {type: string}]`; a type
  // union validates the same and yields one error ("must be integer or string") instead of three.
  if (node['x-kubernetes-int-or-string'] === true) {
    const branchTypes = (out.anyOf ?? []).map((branch) => JSON.stringify(branch));
    if (out.anyOf !== undefined && branchTypes.join() !== '{"type":"integer"},{"type":"string"}') {
      throw new Error(`${path}: unexpected int-or-string shape ${JSON.stringify(out.anyOf)}`);
    }
    delete out.anyOf;
    out.type = ['integer', 'string'];
  }

  const preservesUnknown = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.properties !== undefined && out.additionalProperties === undefined && !preservesUnknown) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * Every place in a kind's schema that holds a Secret or ConfigMap key selector (an object of exactly
 * `key`, `name`, `optional`): the paths the operator resolves against the cluster. `*` stands for
 * any list item, `{}` for any map value (proxyConnectHeader). A selector under a `configMap` key is
 * a ConfigMapKeySelector, every other one a SecretKeySelector (true of every site in v0.93.0).
 */
function findSelectorSites(schema) {
  const sites = [];
  const walk = (node, path) => {
    if (node === null || typeof node !== 'object') return;
    const properties = node.properties;
    if (properties && properties.key && properties.name && Object.keys(properties).every((k) => ['key', 'name', 'optional'].includes(k))) {
      sites.push(path);
      return;
    }
    if (properties) for (const [key, child] of Object.entries(properties)) walk(child, [...path, key]);
    if (node.items) walk(node.items, [...path, '*']);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') walk(node.additionalProperties, [...path, '{}']);
  };
  walk(schema, []);
  return sites;
}

/**
 * `checkVersion` is the family's pin: the operator's CRDs carry their release in an annotation;
 * KEDA's do not (controller-gen's only), so they are pinned by the directory they are read from.
 */
function readCrd(dir, file, kind, checkVersion) {
  const path = join(dir, file);
  if (!existsSync(path)) missingCrd(dir, path);
  const crd = parseYaml(readFileSync(path, 'utf8'));
  if (crd?.spec?.names?.kind !== kind) throw new Error(`${file}: expected kind ${kind}, got ${crd?.spec?.names?.kind}`);
  checkVersion(crd, file);
  const served = crd.spec.versions.filter((v) => v.served === true && v.storage === true);
  if (served.length !== 1) throw new Error(`${file}: expected exactly one served+storage version`);
  const [{ name: apiVersionName, schema }] = served;
  const structural = toStructuralJsonSchema(schema.openAPIV3Schema, '#');
  // ObjectMeta is validated by the API server, not by the CRD schema: keep it free-form.
  structural.properties.metadata = { type: 'object' };
  return { apiVersion: `${crd.spec.group}/${apiVersionName}`, schema: structural };
}

function newAjv() {
  return new Ajv({
    allErrors: true,
    allowUnionTypes: true,
    // The API server checks formats on strings only (kube-openapi formatValidator); int32/int64
    // on integers are annotations, and date-time appears only in `status`. Registering them as
    // `true` keeps ajv strict mode on without ajv-formats and without runtime requires.
    formats: { int32: true, int64: true, 'date-time': true },
    // One statement per line keeps diffs of the committed output reviewable.
    code: { source: true, esm: false, lines: true, optimize: 1 },
  });
}

function jsHeader(source) {
  return `// Generated by scripts/gen-schemas.mjs from ${source}. Do not edit; regenerate with \`node scripts/gen-schemas.mjs\`.\n`;
}

/** Standalone code may only require ajv's runtime helpers: ajv is a runtime dependency, nothing else is. */
function assertOnlyAjvRuntimeRequires(code, name) {
  for (const [, target] of code.matchAll(/require\(("[^"]*"|'[^']*')\)/g)) {
    if (!/^["']ajv\/dist\/runtime\/[a-z0-9]+["']$/.test(target)) throw new Error(`${name}: unexpected require(${target})`);
  }
}

function compileStandalone(ajv, schema, name) {
  const started = performance.now();
  const validate = ajv.compile(schema);
  const code = standaloneCode(ajv, validate);
  const ms = performance.now() - started;
  assertOnlyAjvRuntimeRequires(code, name);
  return { code, ms };
}

function write(relativePath, text, report) {
  const target = join(outDir, relativePath);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  report.push({ file: relativePath, bytes: statSync(target).size });
}

const report = [];
const timings = [];
const crdSource = `prometheus-operator v${PINNED_OPERATOR_VERSION} CRDs`;
const kedaCrdSource = `KEDA v${PINNED_KEDA_VERSION} CRDs`;

const operatorVersion = (crd, file) => {
  const version = crd?.metadata?.annotations?.['operator.prometheus.io/version'];
  if (version !== PINNED_OPERATOR_VERSION) throw new Error(`${file}: expected operator version ${PINNED_OPERATOR_VERSION}, got ${version}`);
};
const kedaGroup = (crd, file) => {
  if (crd?.spec?.group !== 'keda.sh') throw new Error(`${file}: expected group keda.sh, got ${crd?.spec?.group}`);
};

/** One CRD → crd-schemas/<kind>.json and validators/<kind>.cjs; returns its schema. */
function generateKind(dir, sourceName, { kind, file }, checkVersion) {
  const name = kind.toLowerCase();
  const { apiVersion, schema } = readCrd(dir, file, kind, checkVersion);
  const source = `${sourceName} (${file}, ${apiVersion} ${kind})`;
  const withComment = { $comment: `Generated by scripts/gen-schemas.mjs from ${source}. Do not edit.`, ...schema };
  write(`crd-schemas/${name}.json`, `${JSON.stringify(withComment, null, 2)}\n`, report);
  const { code, ms } = compileStandalone(newAjv(), withComment, name);
  timings.push({ name, ms });
  write(`validators/${name}.cjs`, jsHeader(source) + code, report);
  return schema;
}

const selectorSites = { $comment: `Generated by scripts/gen-schemas.mjs from ${crdSource}. Do not edit.` };
for (const entry of CRD_KINDS) {
  selectorSites[entry.kind] = findSelectorSites(generateKind(crdDir, crdSource, entry, operatorVersion));
}
// KEDA's references (secretTargetRef: {parameter, name, key}) are not key selectors; its rules
// read them from the TriggerAuthentication itself, so KEDA kinds have no selector sites.
for (const entry of KEDA_CRD_KINDS) generateKind(kedaCrdDir, kedaCrdSource, entry, kedaGroup);

write(
  'selector-sites.json',
  `{\n${Object.entries(selectorSites)
    .map(
      ([key, value]) =>
        `  ${JSON.stringify(key)}: ${Array.isArray(value) ? `[\n${value.map((site) => `    ${JSON.stringify(site)}`).join(',\n')}\n  ]` : JSON.stringify(value)}`,
    )
    .join(',\n')}\n}\n`,
  report,
);

{
  const configSchema = JSON.parse(readFileSync(join(repoRoot, CONFIG_SCHEMA), 'utf8'));
  // Not `verbose`: src/schema/config.ts reads the known key names for typo suggestions from the
  // schema file itself, which ships in the package anyway.
  const { code, ms } = compileStandalone(newAjv(), configSchema, 'config');
  timings.push({ name: 'config', ms });
  write('validators/config.cjs', jsHeader(CONFIG_SCHEMA) + code, report);
}

write(
  'README.md',
  `# gen/ — generated, do not edit

Everything here is written by \`scripts/gen-schemas.mjs\`; regenerate with

    node scripts/gen-schemas.mjs [--crds DIR] [--keda-crds DIR] [--out DIR]

(default \`--crds ../shared/crds/prometheus-operator-v${PINNED_OPERATOR_VERSION}\`,
\`--keda-crds ../shared/crds/keda-v${PINNED_KEDA_VERSION}\`, \`--out gen\`).
\`test/schema/gen-fresh.test.ts\` fails when these files differ from a fresh run.

| path | what |
|---|---|
| \`crd-schemas/<kind>.json\` | the served+storage \`openAPIV3Schema\` of each Prometheus Operator v${PINNED_OPERATOR_VERSION} and KEDA v${PINNED_KEDA_VERSION} CRD as a JSON Schema: descriptions, defaults and \`x-kubernetes-*\` keys removed, int-or-string as \`type: [integer, string]\`, \`additionalProperties: false\` on every object that lists \`properties\` (unknown fields are errors, not silently pruned), \`metadata\` free-form |
| \`validators/<kind>.cjs\` | ajv standalone validators (\`allErrors\`) of those schemas, CommonJS so \`src/schema/crd.ts\` can load each lazily with \`createRequire\`; on an error it also reads \`crd-schemas/<kind>.json\` for the known field names |
| \`selector-sites.json\` | per kind, every path of a Secret / ConfigMap key selector in its schema (\`*\` = any list item, \`{}\` = any map value; under \`configMap\` a ConfigMap, else a Secret), read by the \`secret-reference\` check for the fields it does not walk itself (ScrapeConfig service discovery) |
| \`validators/config.cjs\` | ajv standalone validator (\`allErrors\`) of \`${CONFIG_SCHEMA}\`, used by \`src/schema/config.ts\` |

Kinds: ${CRD_KINDS.map(({ kind }) => `\`${kind.toLowerCase()}\` (${kind})`).join(', ')}; KEDA:
${KEDA_CRD_KINDS.map(({ kind }) => `\`${kind.toLowerCase()}\` (${kind})`).join(', ')}.

Not expressible here and checked by the function's own rules instead: CEL \`x-kubernetes-validations\`
(ScrapeConfig: at most one of basicAuth / authorization / oauth2; ScaledObject: minReplicaCount ≤
maxReplicaCount), the operator's reconcile-time checks (auth exclusivity, TLS pairs, Secret
references) and KEDA's (authModes and their parameters, pod identity).
`,
  report,
);

for (const { name, ms } of timings) console.error(`compiled ${name.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms`);
for (const { file, bytes } of report) console.error(`wrote ${file.padEnd(44)} ${String(bytes).padStart(9)} bytes`);
