/**
 * kustomize container mode, for real: `kubectl kustomize --enable-alpha-plugins` (kustomize v5.5.0)
 * runs the transformer in examples/kubebuilder/config/default/secure-monitors.yaml through `docker
 * run`, which the test-only shim in ./docker-shim turns into `node <package bin>` as nobody with no
 * network. kustomize discards `results`: what its users see is the stream, stderr and the exit code.
 *
 * Also: the Kubebuilder guide's one-file replacement applied to Kubebuilder's own scaffolds
 * (../shared/kubebuilder), and the README's before/after blocks built from them.
 * UPDATE_EXPECTED=1 rewrites those README blocks (review the diff after).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import { REPO_ROOT, UPDATE_EXPECTED, copyDir, describeIf, makeTempDir, removeTempDirs, requireBuild, requireDir, requireTool, run } from './tools.js';
import { EXAMPLE_DIR, SHIM_DIR, copyExampleConfig, envWithDockerShim, kubectlKustomize } from './docker-shim/index.js';

type Obj = Record<string, unknown>;

const SERVICE_FQDN = 'shop-operator-controller-manager-metrics-service.shop-operator-system.svc';
const TRANSFORMER = join(EXAMPLE_DIR, 'config', 'default', 'secure-monitors.yaml');
const README = join(EXAMPLE_DIR, 'README.md');
const KUBEBUILDER = join(REPO_ROOT, '..', 'shared', 'kubebuilder', 'project-v4');
const IMAGE = 'ghcr.io/secure-monitors/secure-monitors:v0.1.0';

interface Doc {
  kind: string;
  name: string;
  source: string;
  value: Obj;
}

function docs(text: string): Doc[] {
  return parseAllDocuments(text).map((doc) => {
    const value = doc.toJS() as Obj;
    const [start, , end] = doc.range;
    return { kind: String(value['kind']), name: String((value['metadata'] as Obj | undefined)?.['name']), source: text.slice(start, end), value };
  });
}

function only(list: Doc[], kind: string): Doc {
  const found = list.filter((d) => d.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0] as Doc;
}

function endpoints(monitor: Doc): Obj[] {
  return (monitor.value['spec'] as Obj)['endpoints'] as Obj[];
}

function ok(result: { status: number; transcript: string }): void {
  if (result.status !== 0) throw new Error(result.transcript);
}

const ready = requireTool('kubectl') && requireBuild();

describeIf(ready, 'kubectl kustomize --enable-alpha-plugins with the secure-monitors container transformer', () => {
  afterAll(removeTempDirs);

  test('GIVEN the example WHEN built THEN kustomize runs `docker run` with the documented argv', () => {
    const log = join(makeTempDir(), 'argv.log');
    ok(kubectlKustomize(join(EXAMPLE_DIR, 'config', 'default'), { alphaPlugins: true, env: { DOCKER_SHIM_LOG: log } }));
    const argv = readFileSync(log, 'utf8').split('\n');
    expect(argv.slice(0, argv.indexOf('--'))).toEqual([
      'run',
      '--rm',
      '-i',
      '-a',
      'STDIN',
      '-a',
      'STDOUT',
      '-a',
      'STDERR',
      '--network',
      'none',
      '--user',
      'nobody',
      '--security-opt=no-new-privileges',
      '-e',
      'LOG_TO_STDERR=true',
      '-e',
      'STRUCTURED_RESULTS=true',
      IMAGE,
    ]);
  });

  test('GIVEN the example WHEN built THEN the ServiceMonitor is repaired, every field kept, serverName the prefixed Service FQDN', () => {
    const built = kubectlKustomize(join(EXAMPLE_DIR, 'config', 'default'), { alphaPlugins: true });
    ok(built);
    const out = docs(built.stdout);
    const monitor = only(out, 'ServiceMonitor');
    expect(monitor.name).toBe('shop-operator-controller-manager-metrics-monitor');
    expect(endpoints(monitor)).toEqual([
      {
        path: '/metrics',
        port: 'https',
        scheme: 'https',
        bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
        tlsConfig: {
          insecureSkipVerify: false,
          serverName: SERVICE_FQDN,
          ca: { secret: { name: 'metrics-server-cert', key: 'ca.crt' } },
          cert: { secret: { name: 'metrics-server-cert', key: 'tls.crt' } },
          keySecret: { name: 'metrics-server-cert', key: 'tls.key' },
        },
      },
    ]);
    // The Service the FQDN names is in the same build under exactly that name.
    const service = only(out, 'Service');
    expect(`${service.name}.${String((service.value['metadata'] as Obj)['namespace'])}.svc`).toBe(SERVICE_FQDN);
    // kustomize passes LOG_TO_STDERR=true: the summary is on stderr (results themselves are discarded):
    // warnings one per line, changes counted per code.
    expect(built.stderr).toContain(
      '[warning] monitoring.coreos.com/v1/ServiceMonitor/shop-operator-system/shop-operator-controller-manager-metrics-monitor spec.endpoints[0].bearerTokenFile: ',
    );
    expect(built.stderr).toContain('5 changes: tls 4, server-name 1\n1 note: scraper-rbac 1\nsecure-monitors: 0 errors, 1 warning, 5 changes, 1 note\n');
    // No internal annotation of the ResourceList round trip leaks into the output.
    expect(built.stdout).not.toMatch(/config\.kubernetes\.io|kustomize\.config\.k8s\.io\/id/);
  });

  test('GIVEN the example WHEN built with the transformer THEN the stream equals the pipeline form (rendered.yaml | secure-monitors)', () => {
    const built = kubectlKustomize(join(EXAMPLE_DIR, 'config', 'default'), { alphaPlugins: true });
    ok(built);
    const viaKustomize = docs(built.stdout);
    const viaPipeline = docs(readFileSync(join(EXAMPLE_DIR, 'repaired.yaml'), 'utf8'));
    expect(viaKustomize.map((d) => d.value)).toEqual(viaPipeline.map((d) => d.value));
    // and nothing but the ServiceMonitor differs from the build without the transformer
    const plain = docs(readFileSync(join(EXAMPLE_DIR, 'rendered.yaml'), 'utf8'));
    expect(viaKustomize.filter((d) => d.kind !== 'ServiceMonitor').map((d) => d.source)).toEqual(
      plain.filter((d) => d.kind !== 'ServiceMonitor').map((d) => d.source),
    );
  });

  test('GIVEN a build where the check fails (the monitor selects no Service) WHEN built THEN kustomize fails and shows our error on stderr', () => {
    const config = copyExampleConfig();
    const monitor = join(config, 'prometheus', 'monitor.yaml');
    const text = readFileSync(monitor, 'utf8');
    writeFileSync(monitor, text.replace(/(selector:\n {4}matchLabels:\n {6}control-plane: )controller-manager/, '$1no-such-service'));
    expect(readFileSync(monitor, 'utf8')).not.toBe(text);
    const built = kubectlKustomize(join(config, 'default'), { alphaPlugins: true });
    expect(built.status).not.toBe(0);
    expect(built.stdout).toBe('');
    expect(built.stderr).toContain(
      '[error] monitoring.coreos.com/v1/ServiceMonitor/shop-operator-system/shop-operator-controller-manager-metrics-monitor spec.endpoints[0].tlsConfig.serverName: serverName "auto" found no Service matching spec.selector',
    );
    expect(built.stderr).toContain("couldn't execute function: exit status 1");
  });

  test('GIVEN the Certificate replacements left out (kueue#9180) WHEN built THEN kustomize fails on the placeholder and the SAN mismatch', () => {
    const config = copyExampleConfig();
    const kustomization = join(config, 'default', 'kustomization.yaml');
    const doc = parseDocument(readFileSync(kustomization, 'utf8'));
    doc.delete('replacements');
    writeFileSync(kustomization, doc.toString());
    const built = kubectlKustomize(join(config, 'default'), { alphaPlugins: true });
    expect(built.status).not.toBe(0);
    expect(built.stdout).toBe('');
    expect(built.stderr).toContain(
      '[error] cert-manager.io/v1/Certificate/shop-operator-system/shop-operator-metrics-certs spec.dnsNames[0]: dnsNames[0] SERVICE_NAME.SERVICE_NAMESPACE.svc still holds the Kubebuilder placeholders',
    );
    expect(built.stderr).toContain(
      `spec.endpoints[0].tlsConfig.serverName: serverName ${SERVICE_FQDN} is not among the SANs of Certificate shop-operator-system/shop-operator-metrics-certs`,
    );
  });

  test('GIVEN a transformer config with a typo WHEN built THEN kustomize fails with exit status 3 and the nearest key', () => {
    const config = copyExampleConfig();
    const file = join(config, 'default', 'secure-monitors.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {4}serverName: auto$/m, '    servername: auto'));
    const built = kubectlKustomize(join(config, 'default'), { alphaPlugins: true });
    expect(built.status).not.toBe(0);
    expect(built.stderr).toContain('secure-monitors: invalid function config:');
    expect(built.stderr).toContain('spec.tls.servername: unknown key "servername" (did you mean "serverName"?)');
    expect(built.stderr).toContain("couldn't execute function: exit status 3");
  });

  test('GIVEN the transformer listed in config/prometheus instead WHEN built THEN serverName auto cannot see the Service (why it sits in config/default)', () => {
    const config = copyExampleConfig();
    const defaultK = join(config, 'default', 'kustomization.yaml');
    const doc = parseDocument(readFileSync(defaultK, 'utf8'));
    doc.delete('transformers');
    writeFileSync(defaultK, doc.toString());
    writeFileSync(join(config, 'prometheus', 'secure-monitors.yaml'), readFileSync(TRANSFORMER, 'utf8'));
    writeFileSync(join(config, 'prometheus', 'kustomization.yaml'), 'resources:\n- monitor.yaml\ntransformers:\n- secure-monitors.yaml\n');
    const built = kubectlKustomize(join(config, 'default'), { alphaPlugins: true });
    expect(built.status).not.toBe(0);
    // it sees the monitor before namespace and namePrefix: "system", unprefixed, and no Service
    expect(built.stderr).toContain(
      'ServiceMonitor/system/controller-manager-metrics-monitor spec.endpoints[0].tlsConfig.serverName: serverName "auto" found no Service',
    );
  });

  test('GIVEN an exec-form transformer WHEN built with kubectl kustomize THEN it is silently skipped (kubectl has no --enable-exec)', () => {
    const config = copyExampleConfig();
    const marker = join(makeTempDir(), 'ran');
    const fn = join(config, 'default', 'fn.sh');
    writeFileSync(fn, `#!/bin/sh\ntouch '${marker}'\nexec '${process.execPath}' '${join(REPO_ROOT, 'dist', 'cli.js')}'\n`);
    chmodSync(fn, 0o755);
    const file = join(config, 'default', 'secure-monitors.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/ {6}container:\n {8}image: .*\n/, '      exec:\n        path: ./fn.sh\n'));
    expect(readFileSync(file, 'utf8')).toContain('exec:');
    const built = kubectlKustomize(join(config, 'default'), { alphaPlugins: true });
    ok(built);
    expect(existsSync(marker)).toBe(false);
    const monitor = only(docs(built.stdout), 'ServiceMonitor');
    expect(endpoints(monitor)[0]?.['tlsConfig']).toEqual({ insecureSkipVerify: true });
    expect(run('kubectl', ['kustomize', '--enable-exec', join(config, 'default')]).stderr).toContain('unknown flag: --enable-exec');
  });
});

describeIf(ready, 'the test-only docker shim behaves like the engine', () => {
  afterAll(removeTempDirs);

  /** A fake image content: dist/cli.js reports what it sees, then exits with code 7. */
  function fakeApp(): string {
    const app = makeTempDir('secure-monitors-fake-app-');
    chmodSync(app, 0o755);
    mkdirSync(join(app, 'dist'));
    writeFileSync(
      join(app, 'dist', 'cli.js'),
      `const fs = require('fs');
const status = fs.readFileSync('/proc/self/status', 'utf8');
const ifaces = fs.readFileSync('/proc/net/dev', 'utf8').split('\\n').slice(2).map((l) => l.trim().split(':')[0]).filter(Boolean);
process.stdout.write(JSON.stringify({
  uid: process.getuid(), gid: process.getgid(), groups: process.getgroups(), env: process.env, cwd: process.cwd(),
  argv: process.argv.slice(2), ifaces, noNewPrivs: /NoNewPrivs:\\s*1/.test(status), stdin: fs.readFileSync(0, 'utf8'),
}));
process.exitCode = 7;
`,
    );
    writeFileSync(join(app, 'package.json'), '{"type":"commonjs","bin":{"secure-monitors":"dist/cli.js"}}\n');
    return app;
  }

  const shim = join(SHIM_DIR, 'docker');
  const kustomizeArgv = [
    'run',
    '--rm',
    '-i',
    '-a',
    'STDIN',
    '-a',
    'STDOUT',
    '-a',
    'STDERR',
    '--network',
    'none',
    '--user',
    'nobody',
    '--security-opt=no-new-privileges',
    '-e',
    'LOG_TO_STDERR=true',
    '-e',
    'STRUCTURED_RESULTS=true',
  ];

  test("GIVEN kustomize's argv WHEN run THEN stdin/stdout and the exit code go through, with only the image env and the -e pairs", () => {
    const result = run(shim, [...kustomizeArgv, IMAGE], { input: 'hello', env: envWithDockerShim({ DOCKER_SHIM_APP: fakeApp(), SECRET_OF_CALLER: 'x' }) });
    expect(result.status).toBe(7);
    const seen = JSON.parse(result.stdout) as { env: Obj; cwd: string; argv: string[]; stdin: string; uid: number; ifaces: string[]; noNewPrivs: boolean };
    expect(seen.stdin).toBe('hello');
    expect(seen.argv).toEqual([]);
    expect(seen.cwd).toBe('/');
    expect(seen.env).toEqual({
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: '/nonexistent',
      LOG_TO_STDERR: 'true',
      STRUCTURED_RESULTS: 'true',
    });
  });

  const root = process.getuid?.() === 0;
  (root ? test : test.skip)('GIVEN --user nobody --network none as root WHEN run THEN the entrypoint is nobody, with only loopback and no_new_privs', () => {
    const result = run(shim, [...kustomizeArgv, IMAGE], { input: '', env: envWithDockerShim({ DOCKER_SHIM_APP: fakeApp() }) });
    expect(result.status).toBe(7);
    const seen = JSON.parse(result.stdout) as { uid: number; gid: number; groups: number[]; ifaces: string[]; noNewPrivs: boolean };
    expect(seen.uid).toBe(65534);
    expect(seen.gid).toBe(65534);
    expect(seen.groups.filter((g) => g !== 65534)).toEqual([]);
    expect(seen.ifaces).toEqual(['lo']);
    expect(seen.noNewPrivs).toBe(true);
  });

  test.each([
    ['another image', 'nginx:1.27', 'pull access denied'],
    ['latest (never published)', 'ghcr.io/secure-monitors/secure-monitors:latest', 'there is no latest'],
    ['no tag (= latest)', 'ghcr.io/secure-monitors/secure-monitors', 'there is no latest'],
  ])('GIVEN %s WHEN run THEN it is refused with exit 125', (_what, image, message) => {
    const result = run(shim, [...kustomizeArgv, image], { input: '', env: envWithDockerShim() });
    expect(result.status).toBe(125);
    expect(result.stderr).toContain(message);
  });

  test.each([
    ['a storage mount', ['--mount', 'type=bind,src=/tmp,dst=/data']],
    ['host network', ['--network', 'host']],
    ['a copied caller variable', ['-e', 'HOME']],
  ])('GIVEN %s WHEN run THEN it is refused with exit 125', (_what, extra) => {
    const result = run(shim, ['run', '--rm', '-i', ...extra, IMAGE], { input: '', env: envWithDockerShim() });
    expect(result.status).toBe(125);
  });

  test.each(['v0.1.0', 'v0.1', 'v0', 'unstable'])('GIVEN the published tag %s WHEN run THEN it runs', (tag) => {
    const result = run(shim, [...kustomizeArgv, `ghcr.io/secure-monitors/secure-monitors:${tag}`], {
      input: '',
      env: envWithDockerShim({ DOCKER_SHIM_APP: fakeApp() }),
    });
    expect(result.status).toBe(7);
  });
});

// ---------------------------------------------------------------------------------------------
// The Kubebuilder guide on Kubebuilder's own scaffolds.

type Variant = 'v4.4.0' | 'master-5c40072';

/** Kubebuilder's tree with [PROMETHEUS] enabled the way its comments say, monitor_tls_patch.yaml included. */
function kubebuilderAsShipped(variant: Variant): string {
  const dir = join(makeTempDir('secure-monitors-kubebuilder-'), variant);
  copyDir(join(KUBEBUILDER, variant), dir);
  const defaultK = join(dir, 'config', 'default', 'kustomization.yaml');
  let text = readFileSync(defaultK, 'utf8').replace(/^#- \.\.\/prometheus$/m, '- ../prometheus');
  if (variant !== 'v4.4.0') text = uncommentMetricsReplacements(text);
  writeFileSync(defaultK, text);
  const promK = join(dir, 'config', 'prometheus', 'kustomization.yaml');
  writeFileSync(
    promK,
    readFileSync(promK, 'utf8').replace(
      /^#patches:\n# {2}- path: monitor_tls_patch.yaml\n# {4}target:\n# {6}kind: ServiceMonitor$/m,
      'patches:\n  - path: monitor_tls_patch.yaml\n    target:\n      kind: ServiceMonitor',
    ),
  );
  expect(readFileSync(promK, 'utf8')).toMatch(/^patches:/m);
  return dir;
}

/** In Kubebuilder ≥ 4.5.1 the metrics `replacements` (Certificate dnsNames + ServiceMonitor serverName) ship commented out. */
function uncommentMetricsReplacements(text: string): string {
  const start = text.indexOf('# - source: # Uncomment the following block to enable certificates for metrics');
  const end = text.indexOf(' - source: # Uncomment the following block if you have any webhook');
  if (start < 0 || end < 0) throw new Error('Kubebuilder metrics replacements not found');
  const block = text.slice(start, end).replace(/^#/gm, '');
  return text.slice(0, start) + block + text.slice(end);
}

/** The guide: delete monitor_tls_patch.yaml and the ServiceMonitor serverName replacements, add the transformer. */
function applyGuide(dir: string): void {
  const promK = join(dir, 'config', 'prometheus', 'kustomization.yaml');
  const prom = parseDocument(readFileSync(promK, 'utf8'));
  prom.delete('patches');
  writeFileSync(promK, prom.toString());
  rmSync(join(dir, 'config', 'prometheus', 'monitor_tls_patch.yaml'));

  const defaultK = join(dir, 'config', 'default', 'kustomization.yaml');
  const kustomization = parseDocument(readFileSync(defaultK, 'utf8'));
  const replacements = kustomization.get('replacements');
  if (isSeq(replacements)) {
    for (const replacement of replacements.items) {
      const targets = isMap(replacement) ? replacement.get('targets') : undefined;
      if (!isSeq(targets)) continue;
      targets.items = targets.items.filter((t) => !(isMap(t) && (t.toJSON() as { select?: { kind?: string } }).select?.kind === 'ServiceMonitor'));
    }
  }
  kustomization.set('transformers', ['secure-monitors.yaml']);
  writeFileSync(defaultK, kustomization.toString());
  writeFileSync(join(dir, 'config', 'default', 'secure-monitors.yaml'), readFileSync(TRANSFORMER, 'utf8'));
}

function monitorOf(dir: string, alphaPlugins: boolean): Doc {
  const built = kubectlKustomize(join(dir, 'config', 'default'), { alphaPlugins });
  ok(built);
  return only(docs(built.stdout), 'ServiceMonitor');
}

/** The ```yaml block after `<!-- name -->` in the README; UPDATE_EXPECTED=1 rewrites it. */
function readmeBlock(name: string, actual: string): void {
  const text = readFileSync(README, 'utf8');
  const pattern = new RegExp(`(<!-- ${name} -->\\n\`\`\`yaml\\n)([\\s\\S]*?)(\`\`\`)`);
  const match = pattern.exec(text);
  if (!match) throw new Error(`README.md has no <!-- ${name} --> yaml block`);
  if (UPDATE_EXPECTED)
    writeFileSync(
      README,
      text.replace(pattern, (_all, head: string, _body, tail: string) => head + actual + tail),
    );
  else expect(match[2]).toBe(actual);
}

const kbReady = ready && requireDir(KUBEBUILDER, 'the Kubebuilder scaffolds (../shared/kubebuilder)');
const KB_FQDN = 'project-v4-controller-manager-metrics-service.project-v4-system.svc';

describeIf(kbReady, "the Kubebuilder guide on Kubebuilder's own scaffolds", () => {
  afterAll(removeTempDirs);

  test('Kubebuilder 4.4: monitor_tls_patch.yaml replaces the endpoint list (path, port, scheme, bearerTokenFile lost)', () => {
    const monitor = monitorOf(kubebuilderAsShipped('v4.4.0'), false);
    expect(endpoints(monitor)).toHaveLength(1);
    expect(Object.keys(endpoints(monitor)[0] ?? {})).toEqual(['tlsConfig']);
    readmeBlock('before:kubebuilder-4.4', monitor.source);
  });

  test('Kubebuilder 4.5.1+: a JSON patch on endpoint 0 and serverName filled by replacements', () => {
    const monitor = monitorOf(kubebuilderAsShipped('master-5c40072'), false);
    expect((endpoints(monitor)[0]?.['tlsConfig'] as Obj)['serverName']).toBe(KB_FQDN);
    readmeBlock('before:kubebuilder-4.5', monitor.source);
  });

  test.each<Variant>(['v4.4.0', 'master-5c40072'])(
    'Kubebuilder %s with the guide applied: every field kept, TLS merged, serverName the Service FQDN',
    (variant) => {
      const dir = kubebuilderAsShipped(variant);
      applyGuide(dir);
      const monitor = monitorOf(dir, true);
      expect(endpoints(monitor)).toEqual([
        {
          path: '/metrics',
          port: 'https',
          scheme: 'https',
          bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
          tlsConfig: {
            insecureSkipVerify: false,
            serverName: KB_FQDN,
            ca: { secret: { name: 'metrics-server-cert', key: 'ca.crt' } },
            cert: { secret: { name: 'metrics-server-cert', key: 'tls.crt' } },
            keySecret: { name: 'metrics-server-cert', key: 'tls.key' },
          },
        },
      ]);
      readmeBlock('after:kubebuilder', monitor.source);
    },
  );
});
