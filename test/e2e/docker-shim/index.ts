/**
 * The test-only `docker` beside this file, and helpers to build kustomize trees with it.
 *
 * kustomize's container mode runs `docker run … IMAGE`; with this folder first on PATH that command
 * runs the repository's dist/cli.js as the image would (see the comment at the top of `docker`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { REPO_ROOT, copyDir, makeTempDir, run } from '../tools.js';
import type { RunResult } from '../tools.js';

/** The folder holding the `docker` shim. */
export const SHIM_DIR: string = fileURLToPath(new URL('.', import.meta.url)).replace(/[\\/]$/, '');

/** The example project of examples/kubebuilder. */
export const EXAMPLE_DIR: string = join(REPO_ROOT, 'examples', 'kubebuilder');

/**
 * An environment whose PATH starts with the shim. When we are root the shim must really isolate
 * (setpriv to nobody, unshare -n): DOCKER_SHIM_STRICT makes a failure to do so an error.
 */
export function envWithDockerShim(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const strict = process.getuid?.() === 0 ? { DOCKER_SHIM_STRICT: '1' } : {};
  return { ...process.env, ...strict, ...extra, PATH: `${SHIM_DIR}${delimiter}${process.env['PATH'] ?? ''}` };
}

/** Copies examples/kubebuilder/config into a fresh temp dir and returns the copy's `config` path. */
export function copyExampleConfig(): string {
  const dir = join(makeTempDir('secure-monitors-kb-'), 'config');
  copyDir(join(EXAMPLE_DIR, 'config'), dir);
  return dir;
}

/** Removes `transformers:` from a kustomization.yaml (keeping everything else as written). */
export function dropTransformers(kustomizationFile: string): void {
  const doc = parseDocument(readFileSync(kustomizationFile, 'utf8'));
  doc.delete('transformers');
  writeFileSync(kustomizationFile, doc.toString({ lineWidth: 0 }));
}

/** `kubectl kustomize [--enable-alpha-plugins] DIR`, with the docker shim first on PATH. */
export function kubectlKustomize(dir: string, options: { alphaPlugins: boolean; env?: NodeJS.ProcessEnv }): RunResult {
  const args = ['kustomize', ...(options.alphaPlugins ? ['--enable-alpha-plugins'] : []), dir];
  return run('kubectl', args, { env: envWithDockerShim(options.env) });
}
