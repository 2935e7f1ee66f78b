#!/usr/bin/env node
// Runs two builds of the CLI on the same inputs and configs and reports any difference in stdout,
// stderr or exit code. For changes that must not change outputs (speed and memory work on
// src/io/, src/process.ts, src/results.ts):
//
//   git worktree add /tmp/before HEAD~1 && (cd /tmp/before && npm ci && npm run build)
//   npm run build && node scripts/compare-builds.mjs /tmp/before/dist/secure-monitors.cjs dist/secure-monitors.cjs
//
// Inputs: ../shared/krm-inputs and ../shared/corpus (when present), test/golden/*, examples/*,
// test/corpus, test/fuzz/corpus, and generated bench inputs (profiles default, dense and default with
// KEDA, default with RBAC; stream and ResourceList, 10 to 1000 items); each with six configs, apply
// and check. Inputs with KEDA objects also run with six KEDA configs (authenticationRef and authModes
// as the bench sets them, a ClusterTriggerAuthentication, a pod identity, generate, each conflict
// policy), inputs with RBAC objects with three scraper configs (policy.scraper, rbac.bind), each
// also with --diff, and each example with its own fn-config.yaml.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DENSE_ARGS, generate, SECURE_MONITORS_CONFIG } from '../bench/generate.mjs';

const [before, after] = process.argv.slice(2);
if (before === undefined || after === undefined) {
  console.error('usage: node scripts/compare-builds.mjs BEFORE_BIN AFTER_BIN');
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'secure-monitors-compare-'));
try {
  const inputs = [];
  const shared = join(root, '..', 'shared', 'krm-inputs');
  if (existsSync(shared)) for (const f of readdirSync(shared)) if (f.endsWith('.yaml')) inputs.push(join(shared, f));
  for (const dir of [join(root, '..', 'shared', 'corpus'), join(root, 'test', 'corpus'), join(root, 'test', 'fuzz', 'corpus')]) {
    if (existsSync(dir)) for (const f of readdirSync(dir)) if (/\.(ya?ml|json)$/.test(f)) inputs.push(join(dir, f));
  }
  for (const dir of readdirSync(join(root, 'test', 'golden'))) inputs.push(join(root, 'test', 'golden', dir, 'resources.yaml'));
  for (const dir of readdirSync(join(root, 'examples'))) {
    for (const f of ['resources.yaml', 'rendered.yaml']) if (existsSync(join(root, 'examples', dir, f))) inputs.push(join(root, 'examples', dir, f));
  }
  for (const items of [10, 100, 1000]) {
    for (const resourceList of [false, true]) {
      /** @type {Array<{ name: string, options: { profile?: string, keda?: number, rbac?: number } }>} */
      const profiles = [
        { name: 'default', options: {} },
        { name: 'dense', options: { profile: 'dense' } },
        { name: 'keda', options: { keda: 0.3 } },
        { name: 'rbac', options: { rbac: 0.5 } },
      ];
      for (const { name, options } of profiles) {
        const file = join(work, `bench-${name}-${items}${resourceList ? '-rl' : ''}.yaml`);
        writeFileSync(file, generate({ items, seed: 7, resourceList, ...options }).text);
        inputs.push(file);
      }
    }
  }
  const config = join(work, 'config.yaml');
  writeFileSync(config, SECURE_MONITORS_CONFIG);
  const configs = [
    [],
    ['-d', 'server-name=auto', '-d', 'tls-secret=metrics-server-cert'],
    ['-d', 'server-name=auto', '-d', 'tls-secret=metrics-server-cert', '-d', 'bearer-token-secret=tok'],
    ['-f', config],
    ['-f', config, '--mode', 'check'],
    DENSE_ARGS,
  ];
  // With errors a stream prints nothing: these also run with --diff, which shows every changed item.
  const kedaConfigs = [
    ['-f', config, '-d', 'keda-auth=prom-auth', '-d', 'keda-auth-modes=bearer'],
    ['-f', config, '-d', 'keda-auth=prom-auth', '-d', 'keda-auth-modes=bearer', '--mode', 'check'],
    [
      '-f',
      config,
      '-d',
      'keda-auth=other-auth',
      '-d',
      'keda-auth-kind=ClusterTriggerAuthentication',
      '-d',
      'keda-auth-modes=basic,tls',
      '-d',
      'on-conflict=keep',
    ],
    ['-f', config, '-d', 'keda-auth=other-auth', '-d', 'keda-auth-modes=basic', '-d', 'on-conflict=error'],
    ['-f', config, '-d', 'keda-auth=prom-auth', '-d', 'keda-pod-identity=azure-workload', '-d', 'keda-generate=true'],
    ['-f', config, '-d', 'keda-auth=prom-auth', '-d', 'keda-pod-identity=azure-workload', '-d', 'on-conflict=keep', '--mode', 'check'],
  ].flatMap((args) => [args, [...args, '--diff']]);

  // The scraper's RBAC (generate --rbac): its identity named, the missing bindings added.
  const rbacConfigs = [
    ['-f', config, '-d', 'scraper=monitoring/prometheus-k8s'],
    ['-f', config, '-d', 'bind-scraper=true'],
    ['-f', config, '-d', 'bind-scraper=true', '--mode', 'check'],
  ].flatMap((args) => [args, [...args, '--diff']]);

  /** @type {Array<[string, string[]]>} */
  const cases = [];
  for (const input of inputs) {
    for (const args of configs) cases.push([input, args]);
    if (readFileSync(input, 'utf8').includes('keda.sh/')) for (const args of kedaConfigs) cases.push([input, args]);
    if (readFileSync(input, 'utf8').includes('rbac.authorization.k8s.io/')) for (const args of rbacConfigs) cases.push([input, args]);
  }
  for (const dir of readdirSync(join(root, 'examples'))) {
    const fnConfig = join(root, 'examples', dir, 'fn-config.yaml');
    if (!existsSync(fnConfig)) continue;
    for (const f of readdirSync(join(root, 'examples', dir))) {
      if (/\.ya?ml$/.test(f) && f !== 'fn-config.yaml') cases.push([join(root, 'examples', dir, f), ['-f', fnConfig]]);
    }
  }
  let runs = 0;
  let differ = 0;
  for (const [input, args] of cases) {
    runs++;
    const a = spawnSync(process.execPath, [before, '-i', input, ...args], { maxBuffer: 1 << 30 });
    const b = spawnSync(process.execPath, [after, '-i', input, ...args], { maxBuffer: 1 << 30 });
    const what = [
      a.status !== b.status && `exit ${a.status} → ${b.status}`,
      !a.stdout.equals(b.stdout) && 'stdout',
      !a.stderr.equals(b.stderr) && 'stderr',
    ].filter(Boolean);
    if (what.length > 0) {
      differ++;
      console.log(`DIFFERENT (${what.join(', ')}): ${input} ${args.join(' ')}`);
    }
  }
  console.log(`compare-builds: ${runs} runs on ${inputs.length} inputs (and the examples' own configs), ${differ} different`);
  process.exitCode = differ > 0 ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
