/**
 * The container image's runtime contract, tested without a container engine (none runs here):
 *
 *  - the Dockerfile says what the contract needs (two stages, production deps only, numeric non-root
 *    USER, ENTRYPOINT only, OCI labels, no `latest`), and .dockerignore keeps the context small;
 *  - the packed package, installed the way the Dockerfile installs it (npm pack → unpack →
 *    `npm ci --omit=dev`), runs its ENTRYPOINT as nobody with no network, with only the image's
 *    env, and writes nothing: not to a writable $HOME, not to $TMPDIR, not to the app dir;
 *  - opt-in (SECURE_MONITORS_IMAGE_E2E=1, root, buildah): scripts/build-image.sh builds the real
 *    image with buildah and runs it, alone and as kustomize's transformer.
 */
import { chmodSync, chownSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { CLI, IN_CI, REPO_ROOT, describeIf, makeTempDir, removeTempDirs, requireBuild, requireCondition, requireTool, run } from './tools.js';
import { EXAMPLE_DIR, kubectlKustomize } from './docker-shim/index.js';

type Obj = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// The Dockerfile, read as instructions per stage.

interface Instruction {
  keyword: string;
  args: string;
}

function dockerfileStages(text: string): Instruction[][] {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const stages: Instruction[][] = [[]];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages[stages.length - 1]?.push(instruction);
  }
  return stages; // stages[0]: global ARGs before the first FROM
}

const DOCKERFILE = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
const STAGES = dockerfileStages(DOCKERFILE);
const RUNTIME = STAGES[STAGES.length - 1] ?? [];

function all(stage: Instruction[], keyword: string): string[] {
  return stage.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** `ENV A=1 B=2` lines of the runtime stage, as an object. */
function runtimeEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of all(RUNTIME, 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const eq = pair.indexOf('=');
      if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/^"(.*)"$/, '$1');
    }
  }
  return env;
}

function entrypoint(): string[] {
  const args = all(RUNTIME, 'ENTRYPOINT');
  expect(args).toHaveLength(1);
  return JSON.parse(args[0] ?? '[]') as string[];
}

/** The PATH of the node images (docker-library/node sets no PATH of its own; this is the default). */
const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

describe('Dockerfile and .dockerignore', () => {
  test('two stages on a current Node LTS alpine base: build (npm ci + build), runtime (production deps only)', () => {
    const globalArgs = all(STAGES[0] ?? [], 'ARG');
    const nodeVersion = /^NODE_VERSION=(\d+)$/.exec(globalArgs.find((a) => a.startsWith('NODE_VERSION=')) ?? '')?.[1];
    expect(Number(nodeVersion) % 2).toBe(0); // even majors are the LTS lines
    expect(Number(nodeVersion)).toBeGreaterThanOrEqual(24);
    expect(globalArgs).toContain('BASE_IMAGE=node:${NODE_VERSION}-alpine');
    expect(STAGES.slice(1).map((s) => s[0]?.args)).toEqual(['${BASE_IMAGE} AS build', '${BASE_IMAGE}']);
    const build = STAGES[1] ?? [];
    expect(all(build, 'RUN').join('\n')).toMatch(/npm ci\b/);
    expect(all(build, 'RUN').join('\n')).toMatch(/npm run build/);
    expect(all(RUNTIME, 'RUN').join('\n')).toMatch(/npm ci --omit=dev\b/);
    expect(all(RUNTIME, 'RUN').join('\n')).not.toMatch(/npm (install|i)\b/);
  });

  test('runtime: numeric non-root USER, ENTRYPOINT only (exec form, no CMD), HOME not writable, OCI labels', () => {
    expect(all(RUNTIME, 'USER')).toEqual(['65534:65534']);
    // the package's bin, so `npx secure-monitors` and the image run the same file
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(entrypoint()).toEqual(['node', `/app/${(pkg.bin['secure-monitors'] ?? '').replace(/^\.\//, '')}`]);
    expect(all(RUNTIME, 'CMD')).toEqual([]);
    expect(runtimeEnv()).toEqual({ NODE_ENV: 'production', HOME: '/nonexistent' });
    const labels = all(RUNTIME, 'LABEL').join(' ');
    for (const key of ['title', 'description', 'version', 'revision', 'created', 'licenses', 'source', 'documentation', 'base.name']) {
      expect(labels).toContain(`org.opencontainers.image.${key}=`);
    }
    expect(DOCKERFILE).not.toMatch(/:latest\b/);
    expect(all(RUNTIME, 'EXPOSE')).toEqual([]);
    expect(all(RUNTIME, 'VOLUME')).toEqual([]);
  });

  test('.dockerignore is an allow-list that admits every COPY source and nothing else', () => {
    const lines = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines[0]).toBe('*');
    const allowed = lines.slice(1).map((l) => l.replace(/^!/, '').replace(/\/$/, ''));
    const copied = STAGES.flat()
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1))
      .map((p) => p.replace(/\/$/, ''));
    for (const source of copied) expect(allowed).toContain(source);
    for (const never of ['node_modules', 'dist', 'test', 'examples', '.git']) expect(allowed).not.toContain(never);
  });
});

// ---------------------------------------------------------------------------------------------
// The runtime contract on the packed package.

const isRoot = process.getuid?.() === 0;
const ready =
  requireBuild() &&
  requireTool('npm') &&
  requireTool('tar') &&
  requireCondition(isRoot || !IN_CI, 'root (to run as nobody with setpriv and without network with unshare -n)') &&
  (!isRoot || (requireTool('setpriv') && requireTool('unshare')));

/** Every file under `dir` (relative paths), for "nothing was written" assertions. */
function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      out.push(relative(dir, path));
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** What kustomize sends for examples/kubebuilder: rendered.yaml's objects + the transformer object. */
function kustomizeResourceList(functionConfig: Obj): string {
  const items = parseAllDocuments(readFileSync(join(EXAMPLE_DIR, 'rendered.yaml'), 'utf8')).map((d) => d.toJS() as Obj);
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig });
}

function transformerObject(): Obj {
  const transformer = parse(readFileSync(join(EXAMPLE_DIR, 'config', 'default', 'secure-monitors.yaml'), 'utf8')) as Obj;
  const metadata = transformer['metadata'] as Obj;
  metadata['annotations'] = { ...(metadata['annotations'] as Obj), 'config.kubernetes.io/local-config': 'true' };
  return transformer;
}

function repairedObjects(): Obj[] {
  return parseAllDocuments(readFileSync(join(EXAMPLE_DIR, 'repaired.yaml'), 'utf8')).map((d) => d.toJS() as Obj);
}

describeIf(ready, 'the packed package, installed and run as the image runs it', () => {
  let root = '';
  let app = '';
  let home = '';
  let tmp = '';

  beforeAll(() => {
    root = makeTempDir('secure-monitors-image-');
    chmodSync(root, 0o755);
    const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', root, '--json'], { cwd: REPO_ROOT });
    if (pack.status !== 0) throw new Error(pack.transcript);
    const [{ filename }] = JSON.parse(pack.stdout) as [{ filename: string }];
    // Dockerfile: COPY --from=build /tmp/pkg/package/ ./  (the unpacked tarball) + package-lock.json
    app = join(root, 'app');
    mkdirSync(app);
    const untar = run('tar', ['-xzf', join(root, filename.replace(/^.*\//, '')), '-C', app, '--strip-components=1']);
    if (untar.status !== 0) throw new Error(untar.transcript);
    writeFileSync(join(app, 'package-lock.json'), readFileSync(join(REPO_ROOT, 'package-lock.json')));
    // Dockerfile: RUN npm ci --omit=dev … (here from the local cache when it has the packages)
    const install = run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], { cwd: app, timeout: 300_000 });
    if (install.status !== 0) throw new Error(`npm ci --omit=dev failed in the unpacked package\n${install.transcript}`);
    chmodSync(app, 0o755);

    // A HOME and a TMPDIR that nobody CAN write to, so that a write would succeed and be seen.
    home = join(root, 'home');
    tmp = join(root, 'tmp');
    for (const dir of [home, tmp]) {
      mkdirSync(dir, { mode: 0o700 });
      if (isRoot) chownSync(dir, 65534, 65534);
    }
  }, 360_000);

  afterAll(removeTempDirs);

  /** The ENTRYPOINT, with /app mapped to the unpacked package, as nobody without network when root. */
  function runEntrypoint(input: string, env: Record<string, string>): ReturnType<typeof run> {
    const [command = '', ...args] = entrypoint().map((part) => part.replace(/^\/app\//, `${app}/`));
    const node = command === 'node' ? process.execPath : command;
    const isolation = isRoot ? ['unshare', '-n', 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--no-new-privs'] : [];
    const childEnv = { PATH: IMAGE_PATH, ...env };
    return run('env', ['-i', ...Object.entries(childEnv).map(([k, v]) => `${k}=${v}`), ...isolation, node, ...args], { cwd: app, input });
  }

  test('only production dependencies are installed', () => {
    const modules = readdirSync(join(app, 'node_modules'));
    for (const dep of ['ajv', 'yaml', 'fast-json-patch']) expect(modules).toContain(dep);
    for (const dev of ['typescript', 'jest', 'ts-jest', 'esbuild', 'fast-check', '@types']) expect(modules).not.toContain(dev);
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['ajv', 'fast-json-patch', 'yaml']);
  });

  test('GIVEN what kustomize sends WHEN the ENTRYPOINT runs as nobody, offline, HOME writable THEN the output is right and nothing is written anywhere', () => {
    const appBefore = listTree(app);
    const result = runEntrypoint(kustomizeResourceList(transformerObject()), {
      ...runtimeEnv(),
      HOME: home,
      TMPDIR: tmp,
      LOG_TO_STDERR: 'true',
      STRUCTURED_RESULTS: 'true',
    });
    if (result.status !== 0) throw new Error(result.transcript);
    const out = parse(result.stdout) as { kind: string; items: Obj[] };
    expect(out.kind).toBe('ResourceList');
    expect(out.items).toEqual(repairedObjects());
    expect(result.stderr).toContain('secure-monitors: 0 errors');
    expect(listTree(home)).toEqual([]);
    expect(listTree(tmp)).toEqual([]);
    expect(listTree(app)).toEqual(appBefore);
  });

  test('GIVEN HOME=/nonexistent as in the image WHEN it runs THEN it works', () => {
    const result = runEntrypoint(kustomizeResourceList(transformerObject()), { ...runtimeEnv(), LOG_TO_STDERR: 'true' });
    if (result.status !== 0) throw new Error(result.transcript);
    expect((parse(result.stdout) as { items: Obj[] }).items).toEqual(repairedObjects());
  });

  test('GIVEN an invalid transformer config WHEN it runs THEN exit 3, stdout empty, the reason on stderr', () => {
    const config = transformerObject();
    (config['spec'] as Obj)['tsl'] = {};
    const result = runEntrypoint(kustomizeResourceList(config), runtimeEnv());
    expect(result.status).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('secure-monitors: invalid function config:');
  });

  test('GIVEN an error result WHEN it runs THEN exit 1 with the full ResourceList and its results on stdout', () => {
    const config = transformerObject();
    // the scaffolded insecureSkipVerify: true conflicts with the config's false
    (config['spec'] as Obj)['policy'] = { onConflict: 'error' };
    const result = runEntrypoint(kustomizeResourceList(config), runtimeEnv());
    expect(result.status).toBe(1);
    const out = parse(result.stdout) as { results: { severity: string }[] };
    expect(out.results.some((r) => r.severity === 'error')).toBe(true);
  });

  (isRoot ? test : test.skip)('GIVEN no network namespace access WHEN it runs as nobody THEN it sees only loopback and cannot write its own files', () => {
    const probe = join(app, 'probe.cjs');
    writeFileSync(
      probe,
      `const fs = require('fs');
const ifaces = fs.readFileSync('/proc/net/dev', 'utf8').split('\\n').slice(2).map((l) => l.trim().split(':')[0]).filter(Boolean);
let write = 'ok'; try { fs.writeFileSync(__dirname + '/dist/x', ''); } catch (e) { write = e.code; }
process.stdout.write(JSON.stringify({ uid: process.getuid(), ifaces, write }));
`,
    );
    chmodSync(probe, 0o644);
    const result = run(
      'env',
      ['-i', `PATH=${IMAGE_PATH}`, 'unshare', '-n', 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, probe],
      { cwd: app },
    );
    if (result.status !== 0) throw new Error(result.transcript);
    expect(JSON.parse(result.stdout)).toEqual({ uid: 65534, ifaces: ['lo'], write: 'EACCES' });
  });
});

// ---------------------------------------------------------------------------------------------
// Opt-in: the real image, built with buildah from a locally assembled Debian base.

const imageWanted = process.env['SECURE_MONITORS_IMAGE_E2E'] === '1';
if (!imageWanted) {
  console.warn('test/e2e/container-contract.test.ts: the buildah image build is opt-in: SECURE_MONITORS_IMAGE_E2E=1 (root, buildah, debootstrap)');
}
const imageReady =
  imageWanted &&
  requireCondition(isRoot, 'root (buildah --isolation chroot)') &&
  requireTool('buildah') &&
  requireTool('debootstrap') &&
  requireTool('kubectl') &&
  requireBuild();

describeIf(imageReady, 'the image, built with buildah (SECURE_MONITORS_IMAGE_E2E=1)', () => {
  const script = join(REPO_ROOT, 'scripts', 'build-image.sh');
  const image = 'localhost/secure-monitors:e2e';
  const env = { ...process.env, IMAGE: image };

  beforeAll(() => {
    const build = run(script, ['build'], { env, timeout: 900_000 });
    if (build.status !== 0) throw new Error(build.transcript);
  }, 900_000);

  afterAll(removeTempDirs);

  test('its config: USER 65534, ENTRYPOINT only, the Dockerfile env, OCI labels', () => {
    const inspect = run(script, ['inspect'], { env });
    if (inspect.status !== 0) throw new Error(inspect.transcript);
    const config = JSON.parse(inspect.stdout) as {
      User: string;
      Entrypoint: string[];
      Cmd?: string[] | null;
      Env: string[];
      WorkingDir: string;
      Labels: Record<string, string>;
    };
    expect(config.User).toBe('65534:65534');
    expect(config.Entrypoint).toEqual(['node', '/app/dist/secure-monitors.cjs']);
    expect(config.Cmd ?? null).toBeNull();
    expect(config.Env).toEqual(expect.arrayContaining(['NODE_ENV=production', 'HOME=/nonexistent']));
    expect(config.Labels['org.opencontainers.image.title']).toBe('secure-monitors');
    expect(config.Labels['org.opencontainers.image.version']).toBe(
      (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });

  test('GIVEN what kustomize sends WHEN the image runs THEN the same output as the local build', () => {
    const input = kustomizeResourceList(transformerObject());
    const result = run(script, ['run'], { env, input });
    if (result.status !== 0) throw new Error(result.transcript);
    const local = run(process.execPath, [CLI], { input });
    expect(result.stdout).toBe(local.stdout);
  });

  test('inside: nobody, only loopback, HOME and /app not writable', () => {
    const probe = `const fs=require('fs');
const ifaces=fs.readFileSync('/proc/net/dev','utf8').split('\\n').slice(2).map((l)=>l.trim().split(':')[0]).filter(Boolean);
const tryWrite=(f)=>{try{fs.mkdirSync(f,{recursive:true});return 'ok'}catch(e){return e.code}};
process.stdout.write(JSON.stringify({uid:process.getuid(),gid:process.getgid(),ifaces,home:tryWrite(process.env.HOME),app:tryWrite('/app/x')}));`;
    const result = run(script, ['run', '--', 'node', '-e', probe], { env, input: '' });
    if (result.status !== 0) throw new Error(result.transcript);
    expect(JSON.parse(result.stdout)).toEqual({ uid: 65534, gid: 65534, ifaces: ['lo'], home: 'EACCES', app: 'EACCES' });
  });

  test('GIVEN kubectl kustomize and the docker shim in buildah mode WHEN the example builds THEN the image repairs the ServiceMonitor', () => {
    const viaImage = kubectlKustomize(join(EXAMPLE_DIR, 'config', 'default'), {
      alphaPlugins: true,
      env: { DOCKER_SHIM_ENGINE: 'buildah', DOCKER_SHIM_BUILDAH_IMAGE: image },
    });
    if (viaImage.status !== 0) throw new Error(viaImage.transcript);
    const viaNode = kubectlKustomize(join(EXAMPLE_DIR, 'config', 'default'), { alphaPlugins: true });
    expect(viaImage.stdout).toBe(viaNode.stdout);
  });
});
