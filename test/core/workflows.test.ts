/**
 * The release automation in .github/workflows runs on the hosting side (GitHub Actions), never here;
 * this checks what can be checked without running it: each file parses, has the shape Actions needs,
 * names npm scripts and repository files that exist, pins every action to a version, asks for no
 * more permissions than its job needs, and keeps the release's promises (docs/release.md):
 * `.ci/run` on pull requests, npm publish with provenance on a version tag, a multi-arch image with
 * an SBOM and a cosign signature.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = process.cwd();
const DIR = join(ROOT, '.github', 'workflows');
const SCRIPTS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  'working-directory'?: string;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)) : [];
const workflows = new Map(files.map((f) => [f, parse(readFileSync(join(DIR, f), 'utf8'), { uniqueKeys: true }) as Workflow]));
const steps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps);

describe('.github/workflows', () => {
  test('ci.yml and release.yml exist and parse as workflows: name, triggers, jobs with runs-on and steps', () => {
    expect(files.sort()).toEqual(['ci.yml', 'release.yml']);
    for (const [file, w] of workflows) {
      expect({ file, name: typeof w.name }).toEqual({ file, name: 'string' });
      expect(Object.keys(w.on).length).toBeGreaterThan(0);
      for (const [id, job] of Object.entries(w.jobs)) {
        expect({ file, id, runsOn: typeof job['runs-on'] }).toEqual({ file, id, runsOn: 'string' });
        expect(job.steps.length).toBeGreaterThan(0);
        for (const step of job.steps) expect({ file, id, step: (step.uses === undefined) !== (step.run === undefined) }).toEqual({ file, id, step: true });
        const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
        for (const need of needs) expect(Object.keys(w.jobs)).toContain(need);
      }
    }
  });

  test('every npm script, bash script and node script a step runs exists in the repository', () => {
    for (const [file, w] of workflows) {
      for (const step of steps(w)) {
        for (const line of (step.run ?? '').split('\n')) {
          for (const m of line.matchAll(/\bnpm run(?: -s)? ([\w:-]+)/g))
            expect({ file, script: m[1], exists: (m[1] as string) in SCRIPTS }).toEqual({ file, script: m[1], exists: true });
          if (/\bnpm test\b/.test(line)) expect('test' in SCRIPTS).toBe(true);
          for (const m of line.matchAll(/\b(?:bash|node) ((?:\.\/)?[\w./-]+\.(?:sh|mjs|js)|\.ci\/run)\b/g))
            expect({ file, path: m[1], exists: existsSync(join(ROOT, m[1] as string)) }).toEqual({ file, path: m[1], exists: true });
        }
      }
    }
  });

  test('every action is pinned to a major version or a commit, never a branch', () => {
    for (const [file, w] of workflows) {
      for (const step of steps(w)) {
        if (step.uses === undefined) continue;
        expect({ file, uses: step.uses, pinned: /^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/.test(step.uses) }).toEqual({
          file,
          uses: step.uses,
          pinned: true,
        });
      }
    }
  });

  test('least privilege: read-only by default; write scopes only on the jobs that publish', () => {
    for (const [file, w] of workflows) {
      expect({ file, permissions: w.permissions }).toEqual({ file, permissions: { contents: 'read' } });
      for (const step of steps(w)) if (step.uses?.startsWith('actions/checkout@')) expect(step.with?.['persist-credentials']).toBe(false);
    }
    const release = workflows.get('release.yml') as Workflow;
    expect(release.jobs['npm']?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(release.jobs['image']?.permissions).toEqual({ contents: 'read', packages: 'write', 'id-token': 'write' });
    expect(release.jobs['test']?.permissions).toBeUndefined();
  });

  test('ci.yml runs .ci/run on pull requests, with ../shared beside the checkout and kpt/kubectl pinned and checksummed', () => {
    const ci = workflows.get('ci.yml') as Workflow;
    expect(Object.keys(ci.on)).toContain('pull_request');
    const all = steps(ci);
    expect(all.some((s) => s.run === 'bash .ci/run' && s['working-directory'] === 'repo')).toBe(true);
    const checkouts = all.filter((s) => s.uses?.startsWith('actions/checkout@')).map((s) => s.with?.['path']);
    expect(checkouts).toEqual(['repo', 'shared']);
    const tools = all.map((s) => s.run ?? '').join('\n');
    expect(tools).toContain('sha256sum -c');
    expect((ci as unknown as { env: Record<string, string> }).env).toEqual({ KPT_VERSION: 'v1.0.0-beta.56', KUBECTL_VERSION: 'v1.32.4' });
  });

  test('release.yml: on vX.Y.Z tags, npm publish --provenance after the tests and a tag/version check; a linux/amd64+arm64 image with SBOM, provenance and a cosign signature by digest', () => {
    const release = workflows.get('release.yml') as Workflow;
    const push = release.on['push'] as { tags: string[]; branches: string[] };
    expect(push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    const npm = release.jobs['npm'] as Job;
    expect(npm.needs).toBe('test');
    expect(npm.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(npm.steps.some((s) => /^npm publish --provenance\b/.test(s.run ?? ''))).toBe(true);
    expect((release.jobs['test'] as Job).steps.some((s) => (s.run ?? '').includes('"v" + v !== process.env.GITHUB_REF_NAME'))).toBe(true);
    const image = release.jobs['image'] as Job;
    const build = image.steps.find((s) => s.uses?.startsWith('docker/build-push-action@'));
    expect(build?.with).toMatchObject({ platforms: 'linux/amd64,linux/arm64', push: true, sbom: true, provenance: 'mode=max' });
    expect(String(build?.with?.['build-args'])).toMatch(/VERSION=.*\nREVISION=.*\nCREATED=/);
    expect(image.steps.some((s) => /cosign sign --yes "\$IMAGE@\$\{\{ steps\.build\.outputs\.digest \}\}"/.test(s.run ?? ''))).toBe(true);
    // No `latest`, ever (docs/container.md).
    expect(readFileSync(join(DIR, 'release.yml'), 'utf8')).not.toMatch(/:latest\b/);
  });
});
