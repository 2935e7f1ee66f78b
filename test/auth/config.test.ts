import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import type { JsonObject } from '../../src/types.js';
import { cli, monitor, secret, typedConfig } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'secure-monitors-auth-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : stringify(content));
  return path;
}
const resources = file('resources.yaml', [monitor('ServiceMonitor'), monitor('ScrapeConfig', {}, 'sc')].map((o) => stringify(o)).join('---\n'));

/** What kpt sends for `kpt fn eval --exec … -- k=v`: a ResourceList with a ConfigMap function-input. */
function resourceList(items: unknown[], data: Record<string, string>): string {
  return stringify({
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items,
    functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data },
  });
}

describe('inline credentials are refused with exit 3, the Secret-reference form, and without the value', () => {
  test.each<[string, JsonObject, string]>([
    [
      'basicAuth.password',
      { basicAuth: { username: { name: 'pgw', key: 'username' }, password: 'hunter2-pw' } },
      "spec.auth.basicAuth.password: inline credentials are not accepted; store the value in a Secret in the monitor's namespace and reference it: password: {name: <secret>, key: password}",
    ],
    ['basicAuth.username', { basicAuth: { username: 'admin-user', password: { name: 'pgw', key: 'password' } } }, 'username: {name: <secret>, key: username}'],
    ['authorization.credentials', { authorization: { type: 'Bearer', credentials: 'eyJhbGciOi-token' } }, 'credentials: {name: <secret>, key: token}'],
    [
      'oauth2.clientSecret',
      { oauth2: { clientId: { secret: { name: 'o', key: 'client_id' } }, clientSecret: 'cl13nt-s3cret', tokenUrl: 'https://idp.example.com/token' } },
      'clientSecret: {name: <secret>, key: client_secret}',
    ],
    [
      'oauth2.clientId.secret',
      { oauth2: { clientId: { secret: 'my-client-id' }, clientSecret: { name: 'o', key: 'client_secret' }, tokenUrl: 'https://idp.example.com/token' } },
      'clientId: {secret: {name: <secret>, key: client_id}}',
    ],
    ['bearerTokenSecret', { bearerTokenSecret: 'raw-bearer-token' }, 'authorization: {type: Bearer, credentials: {name: <secret>, key: token}}'],
  ])('typed config: %s', async (_name, auth, expected) => {
    const inline = JSON.stringify(auth).match(/"(hunter2-pw|admin-user|eyJhbGciOi-token|cl13nt-s3cret|my-client-id|raw-bearer-token)"/)?.[1] as string;
    const config = file('inline.yaml', typedConfig({ auth }));
    const { code, stdout, stderr } = await cli(['-i', resources, '-f', config]);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toContain('secure-monitors: invalid function config:');
    expect(stderr).toContain(expected);
    expect(stderr).not.toContain(inline);
  });

  test.each<[string, string]>([
    ['password', 'basic-auth-secret=NAME (a Secret with keys "username" and "password")'],
    ['username', 'basic-auth-secret=NAME'],
    ['token', 'bearer-token-secret=NAME[:KEY]'],
    ['bearer-token', 'bearer-token-secret=NAME[:KEY]'],
    ['client-secret', 'oauth2-secret=NAME (a Secret with keys "client_id" and "client_secret")'],
  ])('--set %s=… is refused with the shorthand that references a Secret', async (key, hint) => {
    const { code, stdout, stderr } = await cli(['-i', resources, '-d', `${key}=v4lue-n0t-echoed`]);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toContain(`--set ${key}: inline credentials are not accepted; store the value in a Secret and use ${hint}`);
    expect(stderr).not.toContain('v4lue-n0t-echoed');
  });

  test('kpt ConfigMap form: data.password is refused the same way', async () => {
    const { code, stdout, stderr } = await cli([], resourceList([monitor('ServiceMonitor')], { password: 'hunter2-pw' }));
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toContain('data.password: inline credentials are not accepted; store the value in a Secret and use basic-auth-secret=NAME');
    expect(stderr).not.toContain('hunter2-pw');
  });

  // Bug in src/config/shorthand.ts: basic-auth-secret takes NAME only, but `user:password` is accepted
  // as a Secret name, so the credential lands in the manifest and in every result. Remove `.failing`
  // once the shorthand refuses a value that is not a Secret name.
  test.each([
    ['basic-auth-secret', 'admin:hunter2-pw'],
    ['tls-secret', 'Admin:hunter2-pw'],
    ['bearer-token-secret', 'Bearer hunter2-pw'],
    ['ca-secret', 'hunter2-pw:a:b'],
    ['oauth2-secret', 'client:hunter2-pw'],
  ])('--set %s=<a credential, not a Secret name> is refused and the value is not echoed', async (key, value) => {
    const extra = key === 'oauth2-secret' ? ['-d', 'oauth2-token-url=https://idp.example.com/token'] : [];
    const { code, stdout, stderr } = await cli(['-i', resources, '-d', `${key}=${value}`, ...extra]);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toContain(`--set ${key}: expected NAME`);
    expect(stdout + stderr).not.toContain('hunter2-pw');
  });
});

describe('ConfigMap shorthands (README "Configuration")', () => {
  const fromData = (data: Record<string, string>): ReturnType<typeof loadConfig> =>
    loadConfig({ functionConfig: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data } });

  test('basic-auth-secret=NAME → basicAuth with keys username / password', () => {
    expect(fromData({ 'basic-auth-secret': 'pushgateway-auth' }).auth).toEqual({
      basicAuth: { username: { name: 'pushgateway-auth', key: 'username' }, password: { name: 'pushgateway-auth', key: 'password' } },
    });
  });

  test.each([
    ['scrape-token', { name: 'scrape-token', key: 'token' }],
    ['scrape-token:bearer', { name: 'scrape-token', key: 'bearer' }],
  ])('bearer-token-secret=%s → authorization Bearer (not the deprecated bearerTokenSecret)', (value, credentials) => {
    expect(fromData({ 'bearer-token-secret': value }).auth).toEqual({ authorization: { type: 'Bearer', credentials } });
  });

  test('oauth2-secret + oauth2-token-url + oauth2-scopes → oauth2 with client_id / client_secret keys', () => {
    expect(
      fromData({ 'oauth2-secret': 'oauth', 'oauth2-token-url': 'https://idp.example.com/token', 'oauth2-scopes': 'metrics.read, metrics.write' }).auth,
    ).toEqual({
      oauth2: {
        clientId: { secret: { name: 'oauth', key: 'client_id' } },
        clientSecret: { name: 'oauth', key: 'client_secret' },
        tokenUrl: 'https://idp.example.com/token',
        scopes: ['metrics.read', 'metrics.write'],
      },
    });
  });

  test.each<[Record<string, string>, string]>([
    [{ 'oauth2-scopes': 'a' }, 'data.oauth2-secret: required with oauth2-token-url / oauth2-scopes'],
    [{ 'oauth2-secret': 'oauth' }, 'data.oauth2-token-url: required with oauth2-secret'],
    [{ 'oauth2-secret': 'oauth', 'oauth2-token-url': 'idp.example.com/token' }, 'tokenUrl'],
    [{ 'basic-auth-secret': '' }, 'data.basic-auth-secret: expected NAME: the name of a Secret'],
    [{ 'basic-auth-secret': 'a', 'bearer-token-secret': 'b' }, 'only one auth method is allowed'],
  ])('%j is a config error', (data, message) => {
    let error: unknown;
    try {
      fromData(data);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toContain(message);
  });

  test('kpt fn eval -- basic-auth-secret=NAME end to end: basicAuth written, exit 0', async () => {
    const { code, stdout } = await cli([], resourceList([monitor('ServiceMonitor')], { 'basic-auth-secret': 'pushgateway-auth' }));
    expect(code).toBe(0);
    const out = parse(stdout) as { items: JsonObject[]; results: JsonObject[] };
    expect((out.items[0] as { spec: { endpoints: JsonObject[] } }).spec.endpoints[0]?.basicAuth).toEqual({
      username: { name: 'pushgateway-auth', key: 'username' },
      password: { name: 'pushgateway-auth', key: 'password' },
    });
  });

  test('-d bearer-token-secret=NAME on a plain stream migrates bearerTokenFile', async () => {
    const input = file('kubebuilder.yaml', monitor('ServiceMonitor', { bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' }));
    const { code, stdout, stderr } = await cli(['-i', input, '-d', 'bearer-token-secret=metrics-reader-token', '--verbose']);
    expect(code).toBe(0);
    const endpoint = (parse(stdout) as { spec: { endpoints: JsonObject[] } }).spec.endpoints[0];
    expect(endpoint).toEqual({
      port: 'http',
      path: '/metrics',
      authorization: { type: 'Bearer', credentials: { name: 'metrics-reader-token', key: 'token' } },
    });
    expect(stderr).toContain('spec.endpoints[0].bearerTokenFile');
  });
});

describe('Secret values never reach results or logs', () => {
  test('GIVEN a ResourceList with Secrets holding values THEN results and the stderr summary carry none of them', async () => {
    const values = { username: 'YWRtaW4tdXNlcg==', password: 'aHVudGVyMi1wYXNzd29yZA==' };
    const items = [secret('pushgateway-auth', values), secret('pushgateway-auth', values, 'other'), monitor('ServiceMonitor')];
    const { code, stdout, stderr } = await cli(['--log-to-stderr'], resourceList(items, { 'basic-auth-secret': 'pushgateway-auth' }));
    expect(code).toBe(0);
    const results = JSON.stringify((parse(stdout) as { results: unknown }).results);
    for (const text of [results, stderr]) {
      for (const value of [...Object.values(values), 'admin-user', 'hunter2-password']) expect(text).not.toContain(value);
    }
  });
});
