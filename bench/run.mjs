#!/usr/bin/env node
// The benchmark: one run, the same generated input for every tool.
//
//   node bench/run.mjs [--sizes 10,100,1000,10000,50000] [--kustomize-timeout 60] [--reps-scale 1]
//                      [--dense-sizes 1000,10000,50000] [--chain-sizes 1000,10000,50000]
//                      [--no-readme] [--keep] [--keda SHARE] [--rbac SHARE]
//
// Tools, per size: the floor (bench/floor.mjs: parseAllDocuments + toString, nothing else),
// secure-monitors apply (TLS + serverName auto + auth), secure-monitors check, and
// `kubectl kustomize` with the built-in way of doing the same (JSON 6902 on endpoint 0 +
// replacements). Start-up: `node -e 0` against secure-monitors on a 1-item input.
// Wall time is measured around the child process (spawn to exit); peak RSS with GNU time
// (`/usr/bin/time -f %M`) when present, else by polling /proc/PID/status VmHWM.
// Writes bench/out/latest.{json,md} (+ a timestamped JSON) and the table into bench/README.md.

import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DENSE_ARGS, generate, SECURE_MONITORS_CONFIG, writeKustomizeDir } from './generate.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,100,1000,10000,50000' },
    // The monitor-dense profile (bench/generate.mjs --profile dense): 20 % ServiceMonitors with 2–3
    // endpoints each, config as kpt's `-- k=v`, stream and ResourceList. '' skips it.
    'dense-sizes': { type: 'string', default: '1000,10000,50000' },
    // The whole-chain profile: the default profile with a KEDA share of 0.3 and an RBAC share of
    // 0.5 (CHAIN below), config plus KEDA_ARGS; check runs on apply's output. '' skips it.
    'chain-sizes': { type: 'string', default: '1000,10000,50000' },
    'kustomize-timeout': { type: 'string', default: '60' },
    'reps-scale': { type: 'string', default: '1' },
    budget: { type: 'string', default: '1600' },
    seed: { type: 'string', default: '42' },
    readme: { type: 'boolean', default: true },
    'no-readme': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    entry: { type: 'string' },
    render: { type: 'string' },
    // Also run apply with Node's heap capped (--max-old-space-size=N MB) at 10k items and more: what
    // memory costs in time when it matters more (README: NODE_OPTIONS). Too small a cap runs out
    // of memory, which shows as a failed sanity check.
    'heap-cap': { type: 'string' },
    // A KEDA share in the generated input (generate.mjs --keda): ScaledObjects with prometheus
    // triggers for that share of the apps. 0 (the default) keeps the inputs of earlier runs.
    keda: { type: 'string', default: '0' },
    // An RBAC share (generate.mjs --rbac): for that share of the namespaces, the scraper's RBAC as
    // Kubebuilder scaffolds it and a scrape token that is the scraper's (the target side and the
    // scraper-rbac check then have an identity to follow). 0 (the default) keeps earlier inputs.
    rbac: { type: 'string', default: '0' },
  },
});
/** The whole-chain profile's shares (generate.mjs --keda, --rbac). */
const CHAIN = { keda: 0.3, rbac: 0.5 };
if (opts.render !== undefined) {
  // Re-renders the Markdown of an earlier run's JSON (no measuring).
  const saved = JSON.parse(readFileSync(opts.render, 'utf8'));
  process.stdout.write(`${markdown(saved)}\nREADME summary:\n\n${summary(saved)}`);
  process.exit(0);
}
const sizes = opts.sizes.split(',').map(Number);
const denseSizes = opts['dense-sizes'] === '' ? [] : opts['dense-sizes'].split(',').map(Number);
const chainSizes = opts['chain-sizes'] === '' ? [] : opts['chain-sizes'].split(',').map(Number);
const kustomizeTimeout = Number(opts['kustomize-timeout']);
const repsScale = Number(opts['reps-scale']);
const seed = Number(opts.seed);
const keda = Number(opts.keda);
const rbac = Number(opts.rbac);
const KEDA_ARGS = ['-d', 'keda-auth=prom-auth', '-d', 'keda-auth-modes=bearer'];
// Seconds for the whole run: repetitions at a size shrink (never below 1) when the estimate from
// the previous size says they would not fit (npm run bench must stay under 10 minutes with the build).
const budgetS = Number(opts.budget);
const heapCapMB = opts['heap-cap'] !== undefined ? Number(opts['heap-cap']) : undefined;
const CAPPED = heapCapMB !== undefined ? `apply (heap cap ${heapCapMB} MB)` : undefined;

const bundle = join(root, 'dist/secure-monitors.cjs');
const tsc = join(root, 'dist/cli.js');
const entry = opts.entry ? resolve(opts.entry) : existsSync(bundle) ? bundle : tsc;
if (!existsSync(entry)) {
  console.error(`bench: ${entry} is missing; build first (npm run build && node scripts/bundle.mjs)`);
  process.exit(2);
}
const kubectl = which('kubectl');
const gnuTime =
  existsSync('/usr/bin/time') &&
  (() => {
    try {
      execFileSync('/usr/bin/time', ['-f', '%M', 'true'], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  })();

const work = mkdtempSync(join(tmpdir(), 'secure-monitors-bench-'));
const log = (s) => process.stderr.write(s + '\n');
const started = Date.now();
const loadAtStart = loadavg().map((x) => Number(x.toFixed(2)));

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  return undefined;
}

/**
 * Runs one command with stdin/stdout on files; returns wall ms, peak RSS KB, exit code.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ stdin: string, stdout: string, stderr: string, timeoutS?: number }} io
 */
function measure(cmd, args, { stdin, stdout, stderr, timeoutS }) {
  return new Promise((done) => {
    const rssFile = join(work, `rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const argv = gnuTime ? ['/usr/bin/time', '-f', '%M', '-o', rssFile, cmd, ...args] : [cmd, ...args];
    const fds = [openSync(stdin, 'r'), openSync(stdout, 'w'), openSync(stderr, 'w')];
    const t0 = process.hrtime.bigint();
    const child = spawn(/** @type {string} */ (argv[0]), argv.slice(1), { stdio: fds, detached: true });
    let hwm = 0;
    let timedOut = false;
    const poll = gnuTime
      ? undefined
      : setInterval(() => {
          try {
            // The child of /usr/bin/time is not in play here: child.pid is the tool itself.
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) hwm = Math.max(hwm, Number(m[1]));
          } catch {
            /* exited */
          }
        }, 5);
    const timer =
      timeoutS === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            try {
              if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
            } catch {
              /* gone */
            }
          }, timeoutS * 1000);
    child.on('exit', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (poll) clearInterval(poll);
      if (timer) clearTimeout(timer);
      for (const fd of fds) closeSync(fd);
      let rssKB = hwm || undefined;
      if (gnuTime && existsSync(rssFile)) {
        const n = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(n) && n > 0) rssKB = n;
        rmSync(rssFile, { force: true });
      }
      done({ ms, rssKB, code: code ?? (signal ? 128 : -1), timedOut });
    });
  });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const repsFor = (n) => Math.max(1, Math.round((n <= 100 ? 15 : n <= 1000 ? 7 : n <= 10000 ? 5 : 3) * repsScale));

/** Runs tools round-robin (so drift hits all alike); a tool that times out is not repeated. */
async function runTools(tools, reps) {
  const samples = new Map(tools.map((t) => [t.name, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const tool of tools) {
      const list = samples.get(tool.name);
      if (list.some((s) => s.timedOut)) continue;
      if (tool.reps !== undefined && list.length >= tool.reps) continue;
      list.push(await measure(tool.cmd, tool.args, tool.io));
    }
  }
  return samples;
}

function summarize(list) {
  if (list.length === 0) return undefined;
  const timedOut = list.some((s) => s.timedOut);
  const ok = list.filter((s) => !s.timedOut);
  const rss = list.map((s) => s.rssKB).filter((x) => x !== undefined);
  return {
    runs: list.length,
    timedOut,
    medianMs: ok.length ? median(ok.map((s) => s.ms)) : undefined,
    minMs: ok.length ? Math.min(...ok.map((s) => s.ms)) : undefined,
    peakRssMB: rss.length ? Math.max(...rss) / 1024 : undefined,
    exitCodes: [...new Set(list.map((s) => s.code))],
  };
}

// ---------------------------------------------------------------------------------------------

const cfgFile = join(work, 'config.yaml');
writeFileSync(cfgFile, SECURE_MONITORS_CONFIG);
const node = process.execPath;
const floor = join(root, 'bench/floor.mjs');

// Start-up: one ServiceMonitor, a config that needs no Service (literal serverName) + auth.
const oneItem = join(work, 'one.yaml');
writeFileSync(
  oneItem,
  `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: app-metrics-monitor
  namespace: app-system
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: app}
  endpoints:
  - port: https
    path: /metrics
`,
);
const startupCfg = join(work, 'startup-config.yaml');
writeFileSync(startupCfg, SECURE_MONITORS_CONFIG.replace('serverName: auto', 'serverName: app.app-system.svc'));
const devnull = '/dev/null';
const io = (stdin, out) => ({ stdin, stdout: out, stderr: out === devnull ? devnull : `${out}.stderr` });

log(`bench: entry ${entry.replace(root + '/', '')}, peak RSS via ${gnuTime ? 'GNU time' : '/proc VmHWM polling'}, work dir ${work}`);
const startupTools = [
  { name: 'node -e 0', cmd: node, args: ['-e', '0'], io: io(devnull, devnull) },
  { name: 'floor', cmd: node, args: [floor], io: io(oneItem, devnull) },
  { name: 'secure-monitors', cmd: node, args: [entry, '-f', startupCfg], io: io(oneItem, devnull) },
];
if (entry !== tsc && existsSync(tsc))
  startupTools.push({ name: 'secure-monitors (tsc output, unbundled)', cmd: node, args: [tsc, '-f', startupCfg], io: io(oneItem, devnull) });
for (const t of startupTools) await measure(t.cmd, t.args, t.io); // warm the page cache
const startupSamples = await runTools(startupTools, Math.max(5, Math.round(20 * repsScale)));
const startup = Object.fromEntries([...startupSamples].map(([k, v]) => [k, summarize(v)]));
log(
  `start-up: ${Object.entries(startup)
    .map(([k, v]) => `${k} ${v.medianMs.toFixed(1)} ms`)
    .join(', ')}`,
);

const rows = [];
const denseRows = [];
const chainRows = [];
let kustomizeOverAt;
for (const items of sizes) await runSize(items, 'default', rows);
for (const items of denseSizes) await runSize(items, 'dense', denseRows);
for (const items of chainSizes) await runSize(items, 'chain', chainRows);

async function runSize(items, profile, rows) {
  const dense = profile === 'dense';
  const chain = profile === 'chain';
  // The chain profile is the default one with its own shares; the others take --keda / --rbac.
  const shares = chain ? CHAIN : { keda, rbac };
  const gen = generate({ items, seed, profile: dense ? 'dense' : 'default', ...shares });
  const dir = join(work, `${profile}-n${items}`);
  mkdirSync(dir, { recursive: true });
  const input = join(dir, 'input.yaml');
  writeFileSync(input, gen.text);
  const out = (name) => join(dir, `${name}.out`);
  const withList = dense || items <= 10000;
  const listInput = join(dir, 'input.resourcelist.yaml');
  if (withList) writeFileSync(listInput, generate({ items, seed, resourceList: true, profile: dense ? 'dense' : 'default', ...shares }).text);
  // The KEDA share breaks some scalers on purpose (no authModes, Azure without an identity): the
  // config then also fixes every prometheus trigger (the generated TriggerAuthentication is
  // prom-auth), so apply exits 0, and check runs on what apply writes — on the input itself it
  // exits 1 (certain failures) and a stream prints nothing, which would not compare with the floor.
  const cfg = [...(dense ? DENSE_ARGS : ['-f', cfgFile]), ...(shares.keda > 0 ? KEDA_ARGS : [])];
  const applied = (file) => {
    const fixed = join(dir, `fixed-${basename(file)}`);
    writeFileSync(fixed, execFileSync(node, [entry, ...cfg], { input: readFileSync(file), maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'ignore'] }));
    return fixed;
  };
  const checkInput = shares.keda > 0 ? applied(input) : input;
  const checkListInput = shares.keda > 0 && dense ? applied(listInput) : listInput;
  const tools = [
    { name: 'floor', cmd: node, args: [floor], io: io(input, out('floor')) },
    { name: 'apply', cmd: node, args: [entry, ...cfg], io: io(input, out('apply')) },
    { name: 'check', cmd: node, args: [entry, ...cfg, '--mode', 'check'], io: io(checkInput, out('check')) },
  ];
  if (CAPPED !== undefined && items >= 10000 && !dense)
    tools.push({ name: CAPPED, cmd: node, args: [`--max-old-space-size=${heapCapMB}`, entry, ...cfg], io: io(input, out('apply-capped')) });
  // kpt's shape (one ResourceList document): the same items, fewer repetitions. The dense profile
  // is a kpt package first: its ResourceList runs get their own floor and check.
  if (withList) tools.push({ name: 'apply (ResourceList)', cmd: node, args: [entry, ...cfg], io: io(listInput, out('apply-rl')), reps: 3 });
  if (dense) {
    tools.push({ name: 'floor (ResourceList)', cmd: node, args: [floor], io: io(listInput, out('floor-rl')), reps: 3 });
    tools.push({ name: 'check (ResourceList)', cmd: node, args: [entry, ...cfg, '--mode', 'check'], io: io(checkListInput, out('check-rl')), reps: 3 });
  }
  let kustomizeSkipped;
  if (dense || chain) kustomizeSkipped = `not run on the ${profile} profile`;
  else writeKustomizeDir(join(dir, 'kustomize'), gen.text, gen.monitors);
  if (dense || chain) {
    /* kustomize's equivalent is measured on the default profile only */
  } else if (!kubectl) kustomizeSkipped = 'kubectl not found';
  else if (kustomizeOverAt !== undefined) kustomizeSkipped = `not run: already over ${kustomizeTimeout} s at ${kustomizeOverAt} items`;
  else
    tools.push({
      name: 'kustomize',
      cmd: kubectl,
      args: ['kustomize', join(dir, 'kustomize')],
      io: io(devnull, out('kustomize')),
      reps: items >= 1000 ? 3 : undefined,
      timeoutS: kustomizeTimeout,
    });
  for (const t of tools) t.io.timeoutS = t.timeoutS;
  let reps = dense || chain ? Math.max(1, Math.round((items <= 1000 ? 5 : items <= 10000 ? 3 : 2) * repsScale)) : repsFor(items);
  const previous = rows.at(-1);
  if (previous !== undefined) {
    const estimate = (t) => {
      const p = previous.results[t.name];
      return p?.medianMs === undefined ? undefined : (p.medianMs / previous.items) * items;
    };
    // Time-boxed tools run once when they time out, else up to 3 times (superlinear: ×4 per ×10 is optimistic).
    const fixed = tools
      .filter((t) => t.timeoutS !== undefined)
      .reduce((sum, t) => {
        const e = estimate(t);
        return sum + (e === undefined || e * 4 >= t.timeoutS * 1000 ? t.timeoutS * 1000 : e * 4 * 3);
      }, 0);
    const perRep = tools.filter((t) => t.timeoutS === undefined).reduce((sum, t) => sum + (estimate(t) ?? 0), 0);
    const left = budgetS * 1000 - (Date.now() - started) - fixed;
    const fit = Math.max(1, Math.floor((left * 0.9) / Math.max(perRep, 1)));
    if (fit < reps) {
      log(`  (time budget: ${reps} → ${fit} repetition(s))`);
      reps = fit;
    }
  }
  log(
    `${profile}: ${items} items (${(gen.stats.bytes / 1e6).toFixed(1)} MB, ${gen.stats.monitors} ServiceMonitors, ${gen.stats.endpoints} endpoints): ${reps} repetition(s)…`,
  );
  const samples = await runTools(tools, reps);
  const res = Object.fromEntries([...samples].map(([k, v]) => [k, summarize(v)]));
  if (res.kustomize?.timedOut) kustomizeOverAt = items;

  // Sanity: every tool did the job, so the times compare like with like.
  const count = (file, re) => (existsSync(file) ? (readFileSync(file, 'utf8').match(re) ?? []).length : -1);
  /** @type {Record<string, boolean>} */
  const checks = {
    floorSameSize: Math.abs(statSync(out('floor')).size - gen.stats.bytes) / gen.stats.bytes < 0.05,
    applyServerNames: count(out('apply'), /^\s+serverName: /gm) === gen.stats.endpoints,
    applyExit0: res.apply.exitCodes.every((c) => c === 0),
    checkUnchanged: readFileSync(out('check'), 'utf8') === readFileSync(checkInput, 'utf8'),
    ...(dense ? { checkListExit0: res['check (ResourceList)'].exitCodes.every((c) => c === 0) } : {}),
    checkExit0: res.check.exitCodes.every((c) => c === 0),
  };
  if (CAPPED !== undefined && res[CAPPED]) {
    checks.cappedExit0 = res[CAPPED].exitCodes.every((c) => c === 0);
    checks.cappedServerNames = count(out('apply-capped'), /^\s+serverName: /gm) === gen.stats.endpoints;
  }
  if (withList) {
    checks.listExit0 = res['apply (ResourceList)'].exitCodes.every((c) => c === 0);
    checks.listServerNames = count(out('apply-rl'), /^\s+serverName: /gm) === gen.stats.endpoints;
  }
  if (res.kustomize && !res.kustomize.timedOut) checks.kustomizeServerNames = count(out('kustomize'), /^\s+serverName: [a-z]/gm) === gen.stats.monitors;
  for (const [k, v] of Object.entries(checks)) if (!v) log(`  WARNING: sanity check ${k} failed (see ${dir})`);

  rows.push({ items, bytes: gen.stats.bytes, monitors: gen.stats.monitors, endpoints: gen.stats.endpoints, reps, results: res, kustomizeSkipped, checks });
  log(
    `  ${Object.entries(res)
      .map(([k, v]) => `${k} ${v.timedOut ? `>${kustomizeTimeout} s` : `${v.medianMs.toFixed(0)} ms`} ${v.peakRssMB?.toFixed(0)} MB`)
      .join(', ')}`,
  );
}

// ---------------------------------------------------------------------------------------------

const gitRev = (() => {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'src', 'bench', 'scripts', 'package.json'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return rev + (dirty ? '+dirty' : '');
  } catch {
    return 'unknown';
  }
})();
const kubectlVersion = (() => {
  try {
    if (kubectl === undefined) return 'n/a';
    return execFileSync(kubectl, ['version', '--client'], { encoding: 'utf8' }).trim().replace(/\n/g, ', ');
  } catch {
    return 'n/a';
  }
})();
const report = {
  date: new Date().toISOString(),
  git: gitRev,
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, memGB: Math.round(totalmem() / 2 ** 30), node: process.version, kubectl: kubectlVersion },
  loadAverage: { start: loadAtStart, end: loadavg().map((x) => Number(x.toFixed(2))) },
  entry: entry.replace(root + '/', ''),
  rssMethod: gnuTime ? 'GNU time %M' : '/proc/PID/status VmHWM polled every 5 ms',
  kustomizeTimeoutS: kustomizeTimeout,
  seed,
  ...(keda > 0 ? { keda } : {}),
  ...(rbac > 0 ? { rbac } : {}),
  startup,
  sizes: rows,
  dense: denseRows,
  chain: chainRows,
  totalSeconds: (Date.now() - started) / 1000,
};

const md = markdown(report);
const outDir = join(root, 'bench/out');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
writeFileSync(join(outDir, `bench-${report.date.replace(/[:.]/g, '-')}.json`), JSON.stringify(report, null, 2) + '\n');
writeFileSync(join(outDir, 'latest.md'), md);
if (opts.readme && !opts['no-readme']) {
  const readme = join(root, 'bench/README.md');
  const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const block = `${start}\n${md}${end}`;
  const next = text.includes(start) && text.includes(end) ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), () => block) : `${text}\n${block}\n`;
  writeFileSync(readme, next);
  // The project README quotes the same run in short (its "Performance" section).
  const top = join(root, 'README.md');
  const topText = readFileSync(top, 'utf8');
  const [topStart, topEnd] = ['<!-- bench-summary:start -->', '<!-- bench-summary:end -->'];
  if (topText.includes(topStart) && topText.includes(topEnd))
    writeFileSync(
      top,
      topText.replace(new RegExp(`${topStart}[\\s\\S]*?${topEnd}`), () => `${topStart}\n${summary(report)}${topEnd}`),
    );
}
process.stdout.write(md);
if (!opts.keep) rmSync(work, { recursive: true, force: true });
else log(`bench: kept ${work}`);

/** The short form of a run for the project README: the ratios per profile and size, start-up, peak RSS. */
function summary(r) {
  const f = (ms) => (ms === undefined ? '–' : ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
  const mb = (x) => (x === undefined ? '–' : `${x.toFixed(0)} MiB`);
  const ratio = (a, b) => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`);
  const base = r.startup['node -e 0'];
  const sm = r.startup['secure-monitors'];
  const lines = [
    `Run ${r.date.slice(0, 10)}, commit ${r.git}, ${r.machine.cores} cores, Node ${r.machine.node}${r.keda ? `, KEDA share ${r.keda}` : ''}${r.rbac ? `, RBAC share ${r.rbac}` : ''}; start-up ${f(sm?.medianMs)}, ${ratio(sm?.medianMs, base?.medianMs)} a bare \`node -e 0\`.`,
    '',
    '| profile | items | floor | apply | check | apply / floor | check / floor | apply / kustomize | peak RSS apply | apply, ResourceList in |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of r.sizes) {
    const x = row.results;
    const k = x.kustomize;
    const kRatio =
      !k && !row.kustomizeSkipped
        ? '–'
        : !k || k.timedOut
          ? `< ${(x.apply.medianMs / (r.kustomizeTimeoutS * 1000)).toFixed(2)}×`
          : ratio(x.apply.medianMs, k.medianMs);
    const rl = x['apply (ResourceList)'];
    lines.push(
      `| default | ${row.items} | ${f(x.floor.medianMs)} | ${f(x.apply.medianMs)} | ${f(x.check.medianMs)} | ${ratio(x.apply.medianMs, x.floor.medianMs)} | ${ratio(x.check.medianMs, x.floor.medianMs)} | ${kRatio} | ${mb(x.apply.peakRssMB)} | ${rl ? `${f(rl.medianMs)}, ${mb(rl.peakRssMB)}` : '–'} |`,
    );
  }
  for (const row of r.dense ?? []) {
    const x = row.results;
    const fl = x['floor (ResourceList)'];
    const al = x['apply (ResourceList)'];
    lines.push(
      `| monitor-dense | ${row.items} | ${f(x.floor.medianMs)} | ${f(x.apply.medianMs)} | ${f(x.check.medianMs)} | ${ratio(x.apply.medianMs, x.floor.medianMs)} | ${ratio(x.check.medianMs, x.floor.medianMs)} | – | ${mb(x.apply.peakRssMB)} | ${al ? `${f(al.medianMs)} (${ratio(al.medianMs, fl?.medianMs)} its floor), ${mb(al.peakRssMB)}` : '–'} |`,
    );
  }
  for (const row of r.chain ?? []) {
    const x = row.results;
    const rl = x['apply (ResourceList)'];
    lines.push(
      `| whole chain | ${row.items} | ${f(x.floor.medianMs)} | ${f(x.apply.medianMs)} | ${f(x.check.medianMs)} | ${ratio(x.apply.medianMs, x.floor.medianMs)} | ${ratio(x.check.medianMs, x.floor.medianMs)} | – | ${mb(x.apply.peakRssMB)} | ${rl ? `${f(rl.medianMs)}, ${mb(rl.peakRssMB)}` : '–'} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

function markdown(r) {
  const f = (ms) => (ms === undefined ? '–' : ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 100 ? 1 : 0)} ms`);
  const mb = (x) => (x === undefined ? '–' : `${x.toFixed(x < 10 ? 1 : 0)} MiB`);
  const ratio = (a, b) => (a === undefined || b === undefined ? '–' : `${(a / b).toFixed(2)}×`);
  const kTime = (row) => {
    const k = row.results.kustomize;
    if (!k)
      return row.kustomizeSkipped ? `over ${r.kustomizeTimeoutS} s (${row.kustomizeSkipped.startsWith('not run') ? 'not run' : row.kustomizeSkipped})` : '–';
    return k.timedOut ? `over ${r.kustomizeTimeoutS} s` : f(k.medianMs);
  };
  const kRatio = (row, tool) => {
    const k = row.results.kustomize;
    const t = row.results[tool].medianMs;
    if (!k || k.timedOut) return `< ${(t / (r.kustomizeTimeoutS * 1000)).toFixed(3)}×`;
    return ratio(t, k.medianMs);
  };
  const us = (ms, n) => (ms === undefined ? '–' : `${((ms * 1000) / n).toFixed(0)} µs`);
  const s = r.startup;
  const base = s['node -e 0'];
  const lines = [];
  lines.push(
    `Run ${r.date.slice(0, 16).replace('T', ' ')} UTC, commit ${r.git}, ${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memGB} GB, Node ${r.machine.node}, ${r.machine.kubectl}.`,
  );
  lines.push(
    `Entry \`${r.entry}\`; peak RSS via ${r.rssMethod}; seed ${r.seed}${r.keda ? `; KEDA share ${r.keda} (generate.mjs --keda)` : ''}${r.rbac ? `; RBAC share ${r.rbac} (generate.mjs --rbac)` : ''}; whole run ${r.totalSeconds.toFixed(0)} s; load average ${r.loadAverage.start[0]} at start, ${r.loadAverage.end[0]} at end.`,
    '',
  );
  lines.push('**Start-up** (1-item input, median of ' + base.runs + ' runs):', '');
  lines.push('| command | median | vs `node -e 0` | peak RSS |', '|---|---:|---:|---:|');
  for (const [name, v] of Object.entries(s)) lines.push(`| ${name} | ${f(v.medianMs)} | ${ratio(v.medianMs, base.medianMs)} | ${mb(v.peakRssMB)} |`);
  lines.push('', '**Throughput** (median wall time; kustomize is time-boxed):', '');
  const rl = (row) => row.results['apply (ResourceList)'];
  lines.push(
    '| items | input | runs | floor | apply | check | kustomize | apply / floor | check / floor | apply / kustomize | check / kustomize | apply, ResourceList input |',
  );
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of r.sizes) {
    const x = row.results;
    lines.push(
      `| ${row.items} | ${mb(row.bytes / 2 ** 20)} | ${row.reps} | ${f(x.floor.medianMs)} | ${f(x.apply.medianMs)} | ${f(x.check.medianMs)} | ${kTime(row)} | ${ratio(x.apply.medianMs, x.floor.medianMs)} | ${ratio(x.check.medianMs, x.floor.medianMs)} | ${kRatio(row, 'apply')} | ${kRatio(row, 'check')} | ${rl(row) ? `${f(rl(row).medianMs)} (${rl(row).runs} runs)` : '–'} |`,
    );
  }
  lines.push('', '**Cost per item** (median wall time / items; the marginal column is (t − t at the previous size) / added items):', '');
  lines.push('| items | floor | apply | apply, marginal | check | kustomize |', '|---:|---:|---:|---:|---:|---:|');
  r.sizes.forEach((row, i) => {
    const x = row.results;
    const prev = r.sizes[i - 1];
    const marginal = prev ? us(x.apply.medianMs - prev.results.apply.medianMs, row.items - prev.items) : '–';
    const k =
      x.kustomize && !x.kustomize.timedOut
        ? us(x.kustomize.medianMs, row.items)
        : x.kustomize || row.kustomizeSkipped
          ? `> ${us(r.kustomizeTimeoutS * 1000, row.items)}`
          : '–';
    lines.push(
      `| ${row.items} | ${us(x.floor.medianMs, row.items)} | ${us(x.apply.medianMs, row.items)} | ${marginal} | ${us(x.check.medianMs, row.items)} | ${k} |`,
    );
  });
  lines.push('', `**Peak RSS** (the issue's limit, for 10k items and more: 4 × input + the \`node -e 0\` baseline of ${mb(base.peakRssMB)}; ⚠ = over it):`, '');
  lines.push('| items | input | limit | floor | apply | check | kustomize | apply, ResourceList input |', '|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of r.sizes) {
    const x = row.results;
    const limit = (4 * row.bytes) / 2 ** 20 + (base.peakRssMB ?? 0);
    const mark = (v) => (v === undefined ? '–' : `${mb(v)}${row.items >= 10000 && v > limit ? ' ⚠' : ''}`);
    lines.push(
      `| ${row.items} | ${mb(row.bytes / 2 ** 20)} | ${mb(limit)} | ${mb(x.floor.peakRssMB)} | ${mark(x.apply.peakRssMB)} | ${mark(x.check.peakRssMB)} | ${x.kustomize ? `${mb(x.kustomize.peakRssMB)}${x.kustomize.timedOut ? ' (killed)' : ''}` : '–'} | ${rl(row) ? mb(rl(row).peakRssMB) : '–'} |`,
    );
  }
  const cappedRows = r.sizes.map((row) => [row, Object.keys(row.results).find((k) => k.startsWith('apply (heap cap '))]).filter(([, k]) => k !== undefined);
  if (cappedRows.length > 0) {
    lines.push('', '**Heap capped** (`--heap-cap`: apply with `node --max-old-space-size=N`, as `NODE_OPTIONS` would set it):', '');
    lines.push('| items | run | median | peak RSS | time vs apply |', '|---:|---|---:|---:|---:|');
    for (const [row, key] of cappedRows) {
      const x = row.results;
      lines.push(`| ${row.items} | ${key} | ${f(x[key].medianMs)} | ${mb(x[key].peakRssMB)} | ${ratio(x[key].medianMs, x.apply.medianMs)} |`);
    }
  }
  if (r.dense?.length) {
    lines.push(
      '',
      '**Monitor-dense profile** (`generate.mjs --profile dense`: 20 % ServiceMonitors with 2–3 endpoints each, Services, Deployments, 2 ConfigMaps per app, the Secrets not in the input; config `-d server-name=auto -d tls-secret=… -d bearer-token-secret=…`; stream, and the same items as one kpt ResourceList):',
      '',
    );
    lines.push(
      '| items | input | monitors / endpoints | runs | floor | apply | check | apply / floor | check / floor | floor, RL | apply, RL | check, RL | apply / floor, RL | check / floor, RL | apply µs / item | peak RSS apply | peak RSS apply, RL |',
    );
    lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of r.dense) {
      const x = row.results;
      const fl = x['floor (ResourceList)'];
      const al = x['apply (ResourceList)'];
      const cl = x['check (ResourceList)'];
      lines.push(
        `| ${row.items} | ${mb(row.bytes / 2 ** 20)} | ${row.monitors} / ${row.endpoints} | ${row.reps} | ${f(x.floor.medianMs)} | ${f(x.apply.medianMs)} | ${f(x.check.medianMs)} | ${ratio(x.apply.medianMs, x.floor.medianMs)} | ${ratio(x.check.medianMs, x.floor.medianMs)} | ${f(fl?.medianMs)} | ${f(al?.medianMs)} | ${f(cl?.medianMs)} | ${ratio(al?.medianMs, fl?.medianMs)} | ${ratio(cl?.medianMs, fl?.medianMs)} | ${us(x.apply.medianMs, row.items)} | ${mb(x.apply.peakRssMB)} | ${mb(al?.peakRssMB)} |`,
      );
    }
  }
  if (r.chain?.length) {
    lines.push(
      '',
      `**Whole-chain profile** (the default profile with \`generate.mjs --keda ${CHAIN.keda} --rbac ${CHAIN.rbac}\`: ScaledObjects for 30 % of the apps with their TriggerAuthentications, the scraper's RBAC in half the namespaces; config plus \`-d keda-auth=prom-auth -d keda-auth-modes=bearer\`; check runs on apply's output):`,
      '',
      '| items | input | monitors / endpoints | runs | floor | apply | check | apply / floor | check / floor | apply µs / item | peak RSS apply | peak RSS check | apply, ResourceList in |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const row of r.chain) {
      const x = row.results;
      const rl = x['apply (ResourceList)'];
      lines.push(
        `| ${row.items} | ${mb(row.bytes / 2 ** 20)} | ${row.monitors} / ${row.endpoints} | ${row.reps} | ${f(x.floor.medianMs)} | ${f(x.apply.medianMs)} | ${f(x.check.medianMs)} | ${ratio(x.apply.medianMs, x.floor.medianMs)} | ${ratio(x.check.medianMs, x.floor.medianMs)} | ${us(x.apply.medianMs, row.items)} | ${mb(x.apply.peakRssMB)} | ${mb(x.check.peakRssMB)} | ${rl ? `${f(rl.medianMs)}, ${mb(rl.peakRssMB)}` : '–'} |`,
      );
    }
  }
  const failed = [
    ...r.sizes,
    ...(r.dense ?? []).map((row) => ({ ...row, items: `dense ${row.items}` })),
    ...(r.chain ?? []).map((row) => ({ ...row, items: `whole chain ${row.items}` })),
  ].flatMap((row) =>
    Object.entries(row.checks)
      .filter(([, v]) => !v)
      .map(([k]) => `${row.items}: ${k}`),
  );
  lines.push(
    '',
    failed.length
      ? `Sanity checks FAILED: ${failed.join(', ')}.`
      : 'Sanity checks passed: apply sets serverName on every endpoint and exits 0, check leaves the input byte-identical, kustomize fills every placeholder.',
    '',
  );
  return lines.join('\n');
}
