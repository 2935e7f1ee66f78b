/** Builders for the auth and endpointPatches tests: one monitor of each kind, typed configs, result lookups. */
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { transform } from '../../src/transform.js';
import type { TransformOutput } from '../../src/transform.js';
import type { Json, JsonObject, KubeObject, Result } from '../../src/types.js';

export type KindName = 'ServiceMonitor' | 'PodMonitor' | 'Probe' | 'ScrapeConfig';
export const KINDS: readonly KindName[] = ['ServiceMonitor', 'PodMonitor', 'Probe', 'ScrapeConfig'];

export const NAMESPACE = 'monitoring';

/** Where each kind keeps auth for its first endpoint (README "What it does"). */
export const AUTH_PLACE: Record<KindName, Array<string | number>> = {
  ServiceMonitor: ['spec', 'endpoints', 0],
  PodMonitor: ['spec', 'podMetricsEndpoints', 0],
  Probe: ['spec'],
  ScrapeConfig: ['spec'],
};

/** A realistic monitor of `kind` whose (first) endpoint carries `fields`. */
export function monitor(kind: KindName, fields: JsonObject = {}, name = 'app'): KubeObject {
  const metadata: JsonObject = { name, namespace: NAMESPACE };
  switch (kind) {
    case 'ServiceMonitor':
      return {
        apiVersion: 'monitoring.coreos.com/v1',
        kind,
        metadata,
        spec: { selector: { matchLabels: { app: name } }, endpoints: [{ port: 'http', path: '/metrics', ...fields }] },
      };
    case 'PodMonitor':
      return {
        apiVersion: 'monitoring.coreos.com/v1',
        kind,
        metadata,
        spec: { selector: { matchLabels: { app: name } }, podMetricsEndpoints: [{ port: 'http', path: '/metrics', ...fields }] },
      };
    case 'Probe':
      return {
        apiVersion: 'monitoring.coreos.com/v1',
        kind,
        metadata,
        spec: {
          prober: { url: 'blackbox-exporter.monitoring.svc:19115' },
          module: 'http_2xx',
          targets: { staticConfig: { static: ['https://example.com'] } },
          ...fields,
        },
      };
    case 'ScrapeConfig':
      return {
        apiVersion: 'monitoring.coreos.com/v1alpha1',
        kind,
        metadata,
        spec: { staticConfigs: [{ targets: ['api.example.com:443'] }], metricsPath: '/metrics', ...fields },
      };
  }
}

/** A ServiceMonitor with several endpoints. */
export function multiEndpointMonitor(endpoints: JsonObject[], name = 'app'): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name, namespace: NAMESPACE },
    spec: { selector: { matchLabels: { app: name } }, endpoints },
  };
}

export function secret(name: string, data: Record<string, string>, namespace = NAMESPACE): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'Opaque', data };
}

export function typedConfig(spec: JsonObject): JsonObject {
  return { apiVersion: 'fn.secure-monitors.dev/v1alpha1', kind: 'SecureMonitors', metadata: { name: 'auth' }, spec };
}

export function configOf(spec: JsonObject): Config {
  return loadConfig({ functionConfig: typedConfig(spec) });
}

export function run(items: KubeObject[], spec: JsonObject): TransformOutput {
  return transform(items, configOf(spec));
}

/**
 * Like run, but with a Config built by hand the way a library caller of `transform` could,
 * bypassing loadConfig's refusals: the core's own second line of defence is what is tested.
 */
export function runUnchecked(items: KubeObject[], spec: JsonObject): TransformOutput {
  return transform(items, { ...configOf({}), ...(spec as Partial<Config>) });
}

export function at(obj: unknown, path: ReadonlyArray<string | number>): Json | undefined {
  let node: unknown = obj;
  for (const key of path) node = node === null || typeof node !== 'object' ? undefined : (node as Record<string, unknown>)[key as string];
  return node as Json | undefined;
}

export function withCode(results: readonly Result[], code: string): Result[] {
  return results.filter((r) => r.tags.code === code);
}

export function errors(results: readonly Result[]): Result[] {
  return results.filter((r) => r.severity === 'error');
}

/** `field.path` as kpt prints it, for a path of the builders above. */
export function fieldPath(path: ReadonlyArray<string | number>): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export const BASIC_AUTH: JsonObject = { username: { name: 'scrape-auth', key: 'username' }, password: { name: 'scrape-auth', key: 'password' } };
export const AUTHORIZATION: JsonObject = { type: 'Bearer', credentials: { name: 'scrape-token', key: 'token' } };
export const OAUTH2: JsonObject = {
  clientId: { secret: { name: 'oauth', key: 'client_id' } },
  clientSecret: { name: 'oauth', key: 'client_secret' },
  tokenUrl: 'https://idp.example.com/oauth2/token',
  scopes: ['metrics.read'],
  endpointParams: { audience: 'metrics' },
};
export const BEARER_TOKEN_SECRET: JsonObject = { name: 'scrape-token', key: 'token' };

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with fake streams (stdin is not a terminal and carries `stdin`). */
export async function cli(argv: string[], stdin = ''): Promise<CliRun> {
  const input = new PassThrough();
  input.end(stdin);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(argv, { stdin: input as unknown as NodeJS.ReadStream, stdout, stderr, env: {} });
  return { code, stdout: out, stderr: err };
}
