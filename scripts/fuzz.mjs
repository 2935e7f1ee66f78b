#!/usr/bin/env node
/**
 * Time-boxed fuzzing of secure-monitors. Not part of `npm test`.
 *
 *   npm run build && node scripts/fuzz.mjs [--seconds 600] [--workers 2] [--seed N]
 *                                          [--spawn-every 40] [--out test/fuzz/findings] [--no-snapshot]
 *
 * Takes real inputs (../shared/krm-inputs, test/golden, examples, test/fuzz/corpus), mutates them
 * (byte flips, line deletions and duplications, indentation changes, token and line swaps,
 * truncation, splices from other inputs, YAML snippets, CRLF/BOM) and runs them with a random
 * config (none, `-d` shorthands, typed configs from the goldens and examples, occasionally with a
 * typo). Most runs call dist/process.js in-process (fast); every `--spawn-every`th run spawns
 * the package's bin (dist/cli.js if only tsc has run) to check real exit codes and stdout. The
 * build under test is a snapshot of dist/ (plus gen/, schema/, package.json) taken at start, so a
 * rebuild during a long run does not show up as findings; `--no-snapshot` runs dist/ in place.
 *
 * A finding is: an internal error (exit 2 / an exception other than InputError or ConfigError), a
 * hang (no progress for 30 s, or a spawned run over 20 s), a process death (out of memory), or
 * partial output: stdout that does not parse, an exit 1 stream run or an exit 3 run that wrote
 * anything, an exit 1 ResourceList run whose stdout is neither empty nor a full ResourceList with
 * results, an output with a different number of items, an output our own reader rejects, or an
 * output that a second run changes again. Each new finding is saved as `<kind>-<hash>.yaml`
 * (the input, byte for byte) plus `.json` (config, message, stack) in --out.
 *
 * Exit code: 0 no findings, 1 findings.
 */
import { fork, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function parseFlags(argv) {
  const flags = { seconds: 600, workers: 2, seed: Date.now() % 1_000_000, spawnEvery: 40, out: join(ROOT, 'test', 'fuzz', 'findings'), snapshot: true };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (name === '--seconds') flags.seconds = Number(value());
    else if (name === '--workers') flags.workers = Number(value());
    else if (name === '--seed') flags.seed = Number(value());
    else if (name === '--spawn-every') flags.spawnEvery = Number(value());
    else if (name === '--out') flags.out = value();
    else if (name === '--no-snapshot') flags.snapshot = false;
    else if (name === '--help' || name === '-h') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown flag ${name}`);
  }
  return flags;
}

// ---------------------------------------------------------------------------------------------
// Corpus and configs

function filesUnder(dir, test) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, test));
    else if (test(path)) out.push(path);
  }
  return out;
}

function loadCorpus() {
  const yamlish = (p) => /\.(ya?ml|json)$/.test(p) || p.endsWith('Kptfile');
  const inputs = [
    ...filesUnder(join(ROOT, '..', 'shared', 'krm-inputs'), yamlish),
    ...filesUnder(join(ROOT, 'test', 'golden'), (p) => /(resources|expected)\.yaml$/.test(p)),
    ...filesUnder(join(ROOT, 'examples'), (p) => yamlish(p) && !/fn-config\.yaml$/.test(p)),
    ...filesUnder(join(ROOT, 'test', 'fuzz', 'corpus'), yamlish),
  ];
  const configFiles = [
    ...filesUnder(join(ROOT, 'test', 'golden'), (p) => p.endsWith('config.yaml')),
    ...filesUnder(join(ROOT, 'examples'), (p) => p.endsWith('fn-config.yaml')),
  ];
  return {
    inputs: inputs.map((path) => ({ path: relative(ROOT, path), bytes: readFileSync(path) })),
    configs: configFiles.map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') })),
  };
}

const SET_CONFIGS = [
  [],
  ['tls-secret=metrics-server-cert', 'server-name=auto'],
  ['server-name=web.default.svc', 'ca-secret=ca:ca.crt'],
  ['tls-secret=metrics-server-cert', 'server-name={service}.{namespace}.svc.{clusterDomain}', 'cluster-domain=cluster.local'],
  ['basic-auth-secret=creds', 'replace-auth=false'],
  ['bearer-token-secret=scrape-token:token', 'on-conflict=error'],
  ['oauth2-secret=oauth', 'oauth2-token-url=https://idp.example.com/token', 'oauth2-scopes=a,b'],
  ['mode=check', 'tls-secret=metrics-server-cert', 'server-name=auto'],
  ['ports=https,metrics', 'kinds=ServiceMonitor,PodMonitor', 'insecure-skip-verify=true', 'on-conflict=keep'],
  ['label-selector=app in (web,api),tier!=db', 'namespaces=default', 'names=*-metrics*', 'tls-secret=x'],
  // The adversarial review (docs/guarantees.md): backtracking globs, prototype keys, credential-shaped values.
  ['names=*a*a*a*a*a*a*a*a*a*a*a*a*b', 'namespaces=*?*?*?*?*?*?*?*x', 'server-name=auto'],
  ['__proto__=x', 'toString=y', 'constructor=z'],
  ['oauth2-secret=oauth', 'oauth2-token-url=https://user:pass@idp.example.com/token'],
];

// ---------------------------------------------------------------------------------------------
// Mutations

function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)] };
}

const SPECIAL = [
  ':',
  '-',
  '[',
  ']',
  '{',
  '}',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  '"',
  "'",
  ' ',
  '\n',
  '\t',
  '\r',
  '%',
  '@',
  '`',
  ',',
  '?',
  '~',
  '\\',
  '\u0000',
  '\u00e9',
  '\ufeff',
];
const SNIPPETS = [
  '---\n',
  '...\n',
  '&a ',
  '*a',
  '<<: *a\n',
  '!!binary ',
  '!!str ',
  '!custom ',
  '? ',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '|\n',
  '>-\n',
  '# comment\n',
  ': ',
  '\t',
  '\r\n',
  '\ufeff',
  '%YAML 1.2\n---\n',
  '~',
  'null',
  '0x1F',
  '1e309',
  '-.inf',
  'kind: ServiceMonitor\n',
  'apiVersion: monitoring.coreos.com/v1\n',
  'endpoints: x\n',
  'spec: []\n',
  'tlsConfig: {}\n',
  'tlsConfig: {serverName: auto}\n',
  'items: {}\n',
  'results: []\n',
  'results:\n- {message: m, severity: info}\n',
  'metadata: {annotations: {config.kubernetes.io/path: x.yaml, config.kubernetes.io/index: "1"}}\n',
  'namespace: ""\n',
  'name: 12\n',
  'port: https\n',
  'scheme: HTTP\n',
  'bearerTokenFile: /t\n',
  'basicAuth: {username: {name: a, key: b}}\n',
  'serverName: SERVICE_NAME.SERVICE_NAMESPACE.svc\n',
  'kind: ResourceList\n',
  'kind: List\n',
  'functionConfig: {apiVersion: v1, kind: ConfigMap, data: {tls-secret: x}}\n',
  '\u00e9\u4e2d\ud83d\ude00',
  // The adversarial review (docs/guarantees.md): YAML 1.1 tags, prototype keys, numbers that do not fit a double, key-line comments, keep chomping, inline credentials.
  '!!set ',
  '!!omap ',
  '!!pairs ',
  '!!timestamp ',
  '!!float ',
  '!!int ',
  '__proto__: {port: x}\n',
  'constructor: {a: 1}\n',
  'toString: x\n',
  '12345678901234567891',
  '1e400',
  'x: # c\n  - a\n',
  'jobLabel: |+\n  x\n\n',
  'basicAuth: {username: admin, password: hunter2}\n',
  'oauth2: {clientId: {secret: {name: o, key: i}}, clientSecret: {name: o, key: s}, tokenUrl: "https://u:p@x/t", endpointParams: {client_secret: s3cr3t}}\n',
  'authorization: {type: Bearer abc, credentials: {name: t, key: token}}\n',
  'keystores: {constructor: {create: true}}\n',
];

const FIELDS = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'namespace',
  'labels',
  'annotations',
  'spec',
  'items',
  'functionConfig',
  'results',
  'data',
  'stringData',
  'endpoints',
  'podMetricsEndpoints',
  'selector',
  'matchLabels',
  'namespaceSelector',
  'matchNames',
  'any',
  'port',
  'targetPort',
  'portNumber',
  'path',
  'scheme',
  'prober',
  'tlsConfig',
  'ca',
  'cert',
  'keySecret',
  'caFile',
  'certFile',
  'keyFile',
  'serverName',
  'insecureSkipVerify',
  'secret',
  'configMap',
  'key',
  'basicAuth',
  'authorization',
  'credentials',
  'oauth2',
  'clientId',
  'clientSecret',
  'tokenUrl',
  'bearerTokenSecret',
  'bearerTokenFile',
  'secretName',
  'dnsNames',
  'ipAddresses',
  'ports',
  'mode',
  'tls',
  'auth',
  'policy',
  'endpointPatches',
  'select',
  'kinds',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'endpointParams',
  'params',
  'relabelings',
  'keystores',
];
const VALUES = [
  null,
  42,
  -1,
  1e21,
  true,
  '',
  'x',
  'auto',
  'https',
  'HTTP',
  'SERVICE_NAME.SERVICE_NAMESPACE.svc',
  [],
  {},
  [{}],
  ['a', 1],
  { a: { b: 1 } },
  { name: 'n', key: 'k' },
  { secret: { name: 'n', key: 'k' } },
  'Bearer hunter2',
  'https://u:p@h/',
];

/**
 * Review finding F1 (docs/guarantees.md): inputs whose findings multiply (a selector × its candidates × endpoints). A run
 * over them must stay fast and its output bounded (see the `blowup` finding).
 */
function productCase(r) {
  const n = 20 + r.int(180);
  const docs = [];
  if (r.int(2) === 0) {
    const names = Array.from({ length: n }, (_, i) => `ns${i}`);
    docs.push('apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: other, labels: {app: a}}\nspec: {ports: [{name: https, port: 443}]}');
    docs.push(
      `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: ns0}\nspec:\n  selector: {matchLabels: {app: a}}\n  namespaceSelector: {matchNames: [${names.join(', ')}]}\n  endpoints:\n${'  - port: https\n'.repeat(n * 4)}`,
    );
  } else {
    const k = 10 + r.int(40);
    const labels = Array.from({ length: k }, (_, i) => `k${i}: v`).join(', ');
    for (let i = 0; i < n; i++)
      docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: ns, labels: {${labels}}}\nspec: {ports: [{name: https, port: 443}]}`);
    const expressions = Array.from({ length: k }, (_, i) => `{key: k${i}, operator: Exists}`).join(', ');
    docs.push(
      `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: ns}\nspec:\n  selector: {matchExpressions: [${expressions}]}\n  endpoints:\n${'  - port: https\n'.repeat(n * 5)}`,
    );
  }
  return docs.join('\n---\n') + '\n';
}

/** Mutates the parsed YAML (keeps it valid YAML, changes types, fields and structure). */
function mutateTree(text, r, yaml) {
  const docs = yaml.parseAllDocuments(text, { uniqueKeys: false });
  if (docs.length === 0 || docs.some((d) => d.errors.length > 0)) return text;
  const targets = [];
  for (const doc of docs) {
    yaml.visit(doc, {
      Pair(_, pair, path) {
        targets.push({ doc, pair, parent: path[path.length - 1] });
      },
      Seq(_, seq) {
        if (seq.items.length > 0) targets.push({ doc, seq });
      },
    });
  }
  if (targets.length === 0) return text;
  const t = r.pick(targets);
  const value = () => t.doc.createNode(structuredClone(r.pick(VALUES)));
  if (t.seq) {
    const i = r.int(t.seq.items.length);
    if (r.int(2) === 0) t.seq.items.splice(i, 1);
    else t.seq.items.splice(i, 0, r.int(2) === 0 ? value() : (t.seq.items[i].clone?.() ?? value()));
  } else {
    switch (r.int(4)) {
      case 0:
        t.pair.value = value();
        break;
      case 1:
        if (t.parent && Array.isArray(t.parent.items)) t.parent.items.splice(t.parent.items.indexOf(t.pair), 1);
        break;
      case 2:
        t.pair.key = t.doc.createNode(r.pick(FIELDS));
        break;
      default:
        if (t.parent && Array.isArray(t.parent.items)) t.parent.items.push(new yaml.Pair(t.doc.createNode(r.pick(FIELDS)), value()));
    }
  }
  return docs.map((d) => d.toString({ lineWidth: 0 })).join('');
}

function mutateText(text, r, corpus, yaml) {
  let lines = text.split('\n');
  const line = () => r.int(Math.max(lines.length, 1));
  const choice = r.int(20);
  if (choice >= 13) {
    try {
      return mutateTree(text, r, yaml);
    } catch {
      return text; // the yaml package cannot print what the mutation made: not the function's problem
    }
  }
  switch (choice) {
    case 0: {
      // flip a character to a YAML-significant one
      const i = r.int(text.length + 1);
      return text.slice(0, i) + r.pick(SPECIAL) + text.slice(i + 1);
    }
    case 1:
      lines.splice(line(), 1 + r.int(3));
      return lines.join('\n');
    case 2: {
      const i = line();
      lines.splice(r.int(lines.length + 1), 0, ...lines.slice(i, i + 1 + r.int(4)));
      return lines.join('\n');
    }
    case 3: {
      // indentation change on one line or a block of lines
      const i = line();
      const n = 1 + r.int(6);
      const delta = r.int(2) === 0 ? -(1 + r.int(4)) : 1 + r.int(4);
      for (let k = i; k < Math.min(lines.length, i + n); k++) {
        lines[k] = delta > 0 ? ' '.repeat(delta) + lines[k] : lines[k].replace(new RegExp(`^ {0,${-delta}}`), '');
      }
      return lines.join('\n');
    }
    case 4: {
      const a = line();
      const b = line();
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 5: {
      // swap two tokens
      const tokens = text.split(/(\s+|[:,[\]{}])/);
      const a = r.int(tokens.length);
      const b = r.int(tokens.length);
      [tokens[a], tokens[b]] = [tokens[b], tokens[a]];
      return tokens.join('');
    }
    case 6:
      return text.slice(0, r.int(text.length + 1));
    case 7: {
      const i = r.int(text.length + 1);
      return text.slice(0, i) + r.pick(SNIPPETS) + text.slice(i);
    }
    case 8: {
      // splice lines of another input
      const other = r.pick(corpus.inputs).bytes.toString('utf8').split('\n');
      const from = r.int(other.length);
      lines.splice(line(), r.int(3), ...other.slice(from, from + 1 + r.int(12)));
      return lines.join('\n');
    }
    case 9:
      return r.int(2) === 0 ? text.replace(/\r?\n/g, '\r\n') : '\ufeff' + text;
    case 10: {
      // replace a scalar value after `key: `
      const values = ['auto', 'https', 'http', '""', 'null', '[]', '{}', '*a', '&a x', '0', 'true', "'quoted'", 'x'.repeat(1 + r.int(5000)), '|\n  block\n'];
      const i = line();
      lines[i] = (lines[i] ?? '').replace(/(:\s+).*$/, `$1${r.pick(values)}`);
      return lines.join('\n');
    }
    case 11: {
      // repeat a chunk (grows the input: many items, long lists)
      const i = line();
      const chunk = lines.slice(i, i + 1 + r.int(20));
      const times = 1 + r.int(20);
      for (let k = 0; k < times; k++) lines.splice(i, 0, ...chunk);
      return lines.join('\n');
    }
    default: {
      // anchor a value and alias it elsewhere
      const a = line();
      const b = line();
      lines[a] = (lines[a] ?? '').replace(/:\s*$/, ': &fz').replace(/:\s+(\S)/, ': &fz $1');
      lines[b] = (lines[b] ?? '').replace(/(:\s+).*$/, '$1*fz');
      return lines.join('\n');
    }
  }
}

function mutateBytes(bytes, r) {
  const out = Buffer.from(bytes);
  for (let k = 0, n = 1 + r.int(4); k < n && out.length > 0; k++) out[r.int(out.length)] = r.int(256);
  return out;
}

function makeCase(r, corpus, yaml) {
  if (r.int(60) === 0)
    return { seed: 'generated:product', bytes: Buffer.from(productCase(r), 'utf8'), config: { set: ['server-name=auto', 'tls-secret=x'], file: undefined } };
  const seed = r.pick(corpus.inputs);
  let text = seed.bytes.toString('utf8');
  let bytes;
  // Mostly one mutation: most inputs should get past the parser into the core.
  const mutations = [1, 1, 1, 1, 2, 2, 3, 4][r.int(8)] ?? 1;
  for (let k = 0; k < mutations; k++) text = mutateText(text, r, corpus, yaml);
  bytes = Buffer.from(text, 'utf8');
  if (r.int(12) === 0) bytes = mutateBytes(bytes, r);
  /** @type {{ set: string[], file: string | undefined }} */
  const config = { set: [], file: undefined };
  const choice = r.int(10);
  if (choice < 6) config.set = [...r.pick(SET_CONFIGS)];
  else if (choice < 9 && corpus.configs.length > 0) config.file = r.pick(corpus.configs).text;
  if (r.int(15) === 0) {
    // a config typo or a bad value: must be exit 3, never a crash
    if (config.file !== undefined) config.file = mutateText(config.file, r, corpus, yaml);
    else
      config.set.push(
        r.pick(['server-nme=auto', 'tls-secret=', 'bearer-token-secret=a:b:c', 'mode=chek', 'label-selector=a in (', 'password=hunter2', 'kinds=Service']),
      );
  }
  return { seed: seed.path, bytes, config };
}

// ---------------------------------------------------------------------------------------------
// Worker: in-process runs plus periodic spawned runs

async function worker() {
  const index = Number(process.env.SM_FUZZ_WORKER);
  const flags = JSON.parse(process.env.SM_FUZZ_FLAGS ?? '{}');
  // What ships: the package's bin (dist/cli.js if only tsc has run).
  const bin = JSON.parse(readFileSync(join(flags.app, 'package.json'), 'utf8')).bin?.['secure-monitors'] ?? 'dist/cli.js';
  const CLI = existsSync(join(flags.app, bin)) ? join(flags.app, bin) : join(flags.app, 'dist', 'cli.js');
  const { processText } = await import(join(flags.app, 'dist', 'process.js'));
  const { decodeInput, readInput } = await import(join(flags.app, 'dist', 'io', 'read.js'));
  const { InputError, ConfigError } = await import(join(flags.app, 'dist', 'errors.js'));
  const yaml = await import('yaml');
  const { parseAllDocuments, parse } = yaml;
  const corpus = loadCorpus();
  const r = rng(flags.seed * 31 + index);
  const current = join(flags.tmp, `current-${index}.json`);
  const deadline = Date.now() + flags.seconds * 1000;
  let runs = 0;
  let spawned = 0;
  const outcomes = {};
  const count = (key) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
  const send = (/** @type {object} */ message) => {
    if (process.send === undefined) throw new Error('fuzz worker: not started by the fuzz driver (no IPC channel)');
    process.send(message);
  };
  const finding = (kind, c, detail) => send({ type: 'finding', kind, seed: c.seed, input: c.bytes.toString('base64'), config: c.config, detail });

  const isChange = (result) => result.severity === 'info' && /^(set|replace|remove)\b/.test(result.message);
  const itemCount = (text) => readInput(text).items.length;
  const yamlErrors = (text) => parseAllDocuments(text, { uniqueKeys: false }).flatMap((d) => d.errors.map((e) => e.message.split('\n')[0]));

  const inProcess = (c) => {
    let configObject;
    if (c.config.file !== undefined) {
      try {
        configObject = parse(c.config.file, { maxAliasCount: 100 });
      } catch {
        return count('config-unparseable');
      }
      if (configObject === null || configObject === undefined) return count('config-empty');
    }
    const set = {};
    for (const pair of c.config.set) {
      const eq = pair.indexOf('=');
      if (eq > 0) set[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const options = { set, ...(configObject !== undefined ? { configObject } : {}) };
    let text;
    let out;
    try {
      text = decodeInput(c.bytes);
      out = processText(text, options);
    } catch (error) {
      if (error instanceof InputError) return count('exit 1 input');
      if (error instanceof ConfigError) return count('exit 3');
      return finding('crash', c, { message: String(/** @type {any} */ (error)?.message ?? error), stack: String(/** @type {any} */ (error)?.stack ?? '') });
    }
    count(`exit ${out.exitCode} ${out.shape}`);
    // Review finding F1: a message lists at most 10 entries; nothing may grow as findings × candidates.
    const longest = out.results.reduce((max, result) => Math.max(max, result.message.length), 0);
    if (longest > 20_000) return finding('blowup', c, { message: `a result message of ${longest} characters` });
    if (out.output.length > 20 * text.length + 1_000_000) return finding('blowup', c, { message: `${text.length} characters in, ${out.output.length} out` });
    if (out.shape !== 'resourceList' && out.exitCode === 1 && out.output !== '')
      return finding('partial-output', c, { message: `${out.shape} run with error results wrote output` });
    if (out.output === '') {
      if (out.exitCode === 0) finding('partial-output', c, { message: 'exit 0 with empty output' });
      return;
    }
    const errors = yamlErrors(out.output);
    if (errors.length > 0) return finding('unparseable-output', c, { message: errors[0], output: out.output.slice(0, 4000) });
    let before;
    let after;
    try {
      before = itemCount(text);
      after = itemCount(out.output);
    } catch (error) {
      return finding('output-unreadable', c, { message: String(/** @type {any} */ (error)?.message ?? error), output: out.output.slice(0, 4000) });
    }
    // Items are added only through src/generate.ts, each reported as `added <Kind> …`.
    const added = out.results.filter((r) => r.severity === 'info' && r.message.startsWith('added ')).length;
    if (before + added !== after) return finding('items-lost', c, { message: `${before} items in, ${added} added, ${after} out` });
    let again;
    try {
      again = processText(out.output, options);
    } catch (error) {
      return finding('output-unreadable', c, { message: String(/** @type {any} */ (error)?.message ?? error), output: out.output.slice(0, 4000) });
    }
    const changes = again.results.filter(isChange);
    if (changes.length > 0)
      return finding('not-idempotent', c, { message: changes[0].message, field: changes[0].field?.path, output: out.output.slice(0, 4000) });
  };

  const viaCli = (c) => {
    spawned++;
    const args = [];
    for (const pair of c.config.set) args.push('-d', pair);
    if (c.config.file !== undefined) {
      const path = join(flags.tmp, `cfg-${index}.yaml`);
      writeFileSync(path, c.config.file);
      args.push('-f', path);
    }
    // Review findings F3–F8: -o to what a path can be. The directory must hold nothing else afterwards.
    const outKind = r.int(3) === 0 ? r.pick(['file', 'file0600', 'dir', 'missing', 'link', 'devnull', 'link-devnull']) : undefined;
    const outDir = join(flags.tmp, `out-${index}-${spawned}`);
    let outPath = '';
    if (outKind !== undefined) {
      mkdirSync(outDir, { recursive: true });
      outPath = join(outDir, 'out.yaml');
      if (outKind === 'file' || outKind === 'file0600') writeFileSync(outPath, 'old\n', { mode: outKind === 'file0600' ? 0o600 : 0o644 });
      if (outKind === 'dir') outPath = outDir;
      if (outKind === 'missing') outPath = join(outDir, 'nope', 'out.yaml');
      if (outKind === 'link') {
        writeFileSync(join(outDir, 'target.yaml'), 'old\n');
        symlinkSync('target.yaml', outPath);
      }
      if (outKind === 'devnull') outPath = '/dev/null';
      if (outKind === 'link-devnull') symlinkSync('/dev/null', outPath);
      args.push('-o', outPath);
    }
    const child = spawnSync(process.execPath, ['--max-old-space-size=512', CLI, ...args], {
      input: c.bytes,
      timeout: 20_000,
      maxBuffer: 512 * 1024 * 1024,
      env: { PATH: process.env.PATH },
    });
    if (outKind !== undefined) {
      const left = readdirSync(outDir).filter((name) => name.endsWith('.tmp'));
      if (left.length > 0) return finding('stray-file', c, { message: `-o ${outKind}: left ${left.join(', ')}` });
      if ((outKind === 'link' || outKind === 'link-devnull') && !lstatSync(outPath).isSymbolicLink())
        return finding('replaced-link', c, { message: `-o ${outKind}: the link was replaced` });
      if (outKind === 'file0600' && (statSync(outPath).mode & 0o777) !== 0o600) return finding('mode-changed', c, { message: '-o kept no 0600 mode' });
      if (!lstatSync('/dev/null').isCharacterDevice()) return finding('replaced-device', c, { message: '/dev/null is no longer a device' });
      // Exit 0 means the output was written; into a directory or a missing one it cannot have been.
      if (['dir', 'missing'].includes(outKind) && child.status === 0) return finding('silent-write-failure', c, { message: `-o ${outKind} exited 0` });
    }
    const stdout = child.stdout?.toString('utf8') ?? '';
    const stderr = child.stderr?.toString('utf8') ?? '';
    count(`cli exit ${child.status ?? child.signal}`);
    if (/** @type {NodeJS.ErrnoException | undefined} */ (child.error)?.code === 'ETIMEDOUT' || child.signal !== null)
      return finding(/** @type {NodeJS.ErrnoException | undefined} */ (child.error)?.code === 'ETIMEDOUT' ? 'hang' : 'killed', c, {
        message: `signal ${child.signal}`,
        stderr: stderr.slice(0, 2000),
      });
    if (child.status === null || ![0, 1, 3].includes(child.status) || /internal error/.test(stderr))
      return finding('crash', c, { message: `exit ${child.status}`, stderr: stderr.slice(0, 4000) });
    if (/\n\s+at .+\(.+:\d+:\d+\)/.test(stderr)) return finding('stack-trace', c, { message: 'stack trace on stderr', stderr: stderr.slice(0, 4000) });
    if (child.status === 3 && stdout !== '') return finding('partial-output', c, { message: 'exit 3 with stdout' });
    if (stdout === '') return undefined;
    const errors = yamlErrors(stdout);
    if (errors.length > 0) return finding('unparseable-output', c, { message: errors[0], output: stdout.slice(0, 4000) });
    if (child.status === 1) {
      // Exit 1 with stdout: only a ResourceList with its results, written whole.
      const doc = parseAllDocuments(stdout)[0]?.toJS({ maxAliasCount: -1 });
      const list = doc && typeof doc === 'object' && doc.kind === 'ResourceList' && Array.isArray(doc.items);
      const hasError = Array.isArray(doc?.results) && doc.results.some((x) => x?.severity === 'error');
      if (!list || !hasError)
        return finding('partial-output', c, { message: 'exit 1 with stdout that is not a ResourceList carrying error results', output: stdout.slice(0, 4000) });
    }
    return undefined;
  };

  while (Date.now() < deadline) {
    const c = makeCase(r, corpus, yaml);
    writeFileSync(current, JSON.stringify({ seed: c.seed, input: c.bytes.toString('base64'), config: c.config }));
    runs++;
    if (flags.spawnEvery > 0 && runs % flags.spawnEvery === 0) viaCli(c);
    else inProcess(c);
    send({ type: 'tick', runs, spawned, outcomes: runs % 200 === 0 ? outcomes : undefined });
  }
  send({ type: 'done', runs, spawned, outcomes });
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Parent: workers, watchdog, findings

async function parent() {
  const flags = parseFlags(process.argv.slice(2));
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
    console.error('fuzz: dist/cli.js is missing; run npm run build first');
    process.exit(2);
  }
  const corpus = loadCorpus();
  flags.tmp = join(tmpdir(), `sm-fuzz-${process.pid}`);
  mkdirSync(flags.tmp, { recursive: true });
  flags.app = ROOT;
  if (flags.snapshot) {
    flags.app = join(flags.tmp, 'app');
    for (const dir of ['dist', 'gen', 'schema']) cpSync(join(ROOT, dir), join(flags.app, dir), { recursive: true });
    copyFileSync(join(ROOT, 'package.json'), join(flags.app, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(flags.app, 'node_modules'), 'dir');
  }
  mkdirSync(flags.out, { recursive: true });
  console.log(
    `fuzz: ${corpus.inputs.length} inputs, ${corpus.configs.length} config files, ${flags.workers} workers, ${flags.seconds} s, seed ${flags.seed}; findings → ${relative(process.cwd(), flags.out) || '.'}`,
  );

  const started = Date.now();
  const seen = new Map();
  const totals = { runs: 0, spawned: 0, outcomes: {} };
  const state = [];

  const save = (kind, seedPath, input, config, detail) => {
    const signature = `${kind}: ${String(detail.message ?? '')
      .replace(/\d+/g, 'N')
      .slice(0, 160)} ${String(detail.stack ?? '').split('\n')[1] ?? ''}`;
    const hits = (seen.get(signature)?.hits ?? 0) + 1;
    if (hits > 1) {
      seen.get(signature).hits = hits;
      return;
    }
    const hash = createHash('sha256').update(input).digest('hex').slice(0, 12);
    const base = join(flags.out, `${kind}-${hash}`);
    writeFileSync(`${base}.yaml`, input);
    writeFileSync(`${base}.json`, JSON.stringify({ kind, seed: seedPath, config, ...detail }, null, 2));
    seen.set(signature, { hits, file: relative(process.cwd(), base) });
    console.log(`fuzz: NEW ${signature.trim()} → ${relative(process.cwd(), base)}.yaml`);
  };

  let launches = 0;
  const start = (index) => {
    launches++;
    const remaining = Math.max(1, flags.seconds - (Date.now() - started) / 1000);
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: {
        ...process.env,
        SM_FUZZ_WORKER: String(index),
        SM_FUZZ_FLAGS: JSON.stringify({ ...flags, seconds: remaining, seed: flags.seed + launches * 7919 }),
      },
      execArgv: ['--max-old-space-size=1024'],
    });
    const s = { child, lastTick: Date.now(), runs: 0, spawned: 0, outcomes: {}, done: false };
    state[index] = s;
    child.on('message', (/** @type {any} */ m) => {
      s.lastTick = Date.now();
      if (m.type === 'tick') {
        s.runs = m.runs;
        s.spawned = m.spawned;
        if (m.outcomes) s.outcomes = m.outcomes;
      } else if (m.type === 'finding') save(m.kind, m.seed, Buffer.from(m.input, 'base64'), m.config, m.detail);
      else if (m.type === 'done') {
        Object.assign(s, { runs: m.runs, spawned: m.spawned, outcomes: m.outcomes, done: true });
      }
    });
    child.on('exit', (code, signal) => {
      if (s.done) return;
      // Died mid-run (out of memory, a native crash) or killed by the watchdog: the current input is the culprit.
      const path = join(flags.tmp, `current-${index}.json`);
      if (existsSync(path)) {
        const c = JSON.parse(readFileSync(path, 'utf8'));
        save(s.killed ? 'hang' : 'died', c.seed, Buffer.from(c.input, 'base64'), c.config, {
          message: s.killed ? 'no progress for 30 s' : `worker exited ${code ?? signal}`,
        });
      }
      totals.runs += s.runs;
      totals.spawned += s.spawned;
      for (const [k, v] of Object.entries(s.outcomes)) totals.outcomes[k] = (totals.outcomes[k] ?? 0) + v;
      if (Date.now() - started < flags.seconds * 1000 - 2000) start(index);
    });
  };
  for (let i = 0; i < flags.workers; i++) start(i);

  const watchdog = setInterval(() => {
    for (const s of state) {
      if (!s.done && !s.killed && Date.now() - s.lastTick > 30_000) {
        s.killed = true;
        s.child.kill('SIGKILL');
      }
    }
    const running = state.reduce((n, s) => n + (s.done ? 0 : s.runs), 0);
    process.stdout.write(`fuzz: ${Math.round((Date.now() - started) / 1000)} s, ${totals.runs + running} inputs, ${seen.size} distinct findings\n`);
  }, 15_000);

  await new Promise((/** @type {(value?: unknown) => void} */ resolve) => {
    const check = setInterval(() => {
      if (state.every((s) => s.done || s.child.exitCode !== null || s.child.signalCode !== null)) {
        clearInterval(check);
        resolve();
      }
    }, 500);
  });
  clearInterval(watchdog);
  for (const s of state) {
    if (!s.done) continue;
    totals.runs += s.runs;
    totals.spawned += s.spawned;
    for (const [k, v] of Object.entries(s.outcomes)) totals.outcomes[k] = (totals.outcomes[k] ?? 0) + v;
  }
  console.log(`\nfuzz: ${totals.runs} inputs in ${Math.round((Date.now() - started) / 1000)} s (${totals.spawned} through the spawned CLI)`);
  console.log('fuzz: outcomes', JSON.stringify(totals.outcomes, Object.keys(totals.outcomes).sort(), 0));
  if (seen.size === 0) {
    console.log('fuzz: no findings');
    process.exit(0);
  }
  console.log(`fuzz: ${seen.size} distinct findings:`);
  for (const [signature, { hits, file }] of seen) console.log(`  ${hits}× ${signature.trim()}  (${file}.yaml)`);
  process.exit(1);
}

if (process.env.SM_FUZZ_WORKER !== undefined) await worker();
else await parent();
