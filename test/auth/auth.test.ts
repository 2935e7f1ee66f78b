import type { Json, JsonObject } from '../../src/types.js';
import {
  AUTH_PLACE,
  AUTHORIZATION,
  BASIC_AUTH,
  BEARER_TOKEN_SECRET,
  KINDS,
  OAUTH2,
  at,
  errors,
  fieldPath,
  monitor,
  multiEndpointMonitor,
  run,
  runUnchecked,
  secret,
  withCode,
} from './fixtures.js';
import type { KindName } from './fixtures.js';

type Method = 'basicAuth' | 'authorization' | 'oauth2' | 'bearerTokenSecret';
const BLOCKS: Record<Method, JsonObject> = { basicAuth: BASIC_AUTH, authorization: AUTHORIZATION, oauth2: OAUTH2, bearerTokenSecret: BEARER_TOKEN_SECRET };
const METHODS = Object.keys(BLOCKS) as Method[];

const cases = KINDS.flatMap((kind) => METHODS.map((method) => [kind, method] as [KindName, Method]));

describe('each method × each kind placement', () => {
  test.each(cases.filter(([kind, method]) => !(kind === 'ScrapeConfig' && method === 'bearerTokenSecret')))(
    'GIVEN a %s without auth WHEN auth.%s is configured THEN the block is written where the kind keeps it, as one info result',
    (kind, method) => {
      const input = monitor(kind);
      const { items, results } = run([input], { auth: { [method]: BLOCKS[method] } });
      const place = AUTH_PLACE[kind];
      expect(at(items[0], [...place, method])).toEqual(BLOCKS[method]);
      // Nothing else of the endpoint changed.
      const { [method]: _written, ...rest } = at(items[0], place) as JsonObject;
      expect(rest).toEqual(at(input, place));
      const changes = withCode(results, 'auth');
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({
        severity: 'info',
        resourceRef: { apiVersion: input.apiVersion, kind, name: 'app', namespace: 'monitoring' },
        field: { path: fieldPath([...place, method]), proposedValue: BLOCKS[method] },
      });
      expect(changes[0]?.field?.currentValue).toBeUndefined();
      expect(errors(results)).toEqual([]);
    },
  );

  test('GIVEN a ScrapeConfig WHEN auth.bearerTokenSecret is configured THEN nothing is written and the error points to authorization', () => {
    const input = monitor('ScrapeConfig');
    const { items, results } = run([input], { auth: { bearerTokenSecret: BEARER_TOKEN_SECRET } });
    expect(items[0]).toBe(input);
    expect(errors(results)).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'ScrapeConfig has no bearerTokenSecret field, so no auth was injected; configure auth.authorization: {type: Bearer, credentials: {name: scrape-token, key: token}} instead, which sends the same token',
        resourceRef: { apiVersion: 'monitoring.coreos.com/v1alpha1', kind: 'ScrapeConfig', name: 'app', namespace: 'monitoring' },
        field: { path: 'spec.bearerTokenSecret' },
        tags: { code: 'auth-unsupported' },
      }),
    ]);
  });

  test('GIVEN a ServiceMonitor and a ScrapeConfig WHEN bearerTokenSecret is configured THEN only the ScrapeConfig gets the error', () => {
    const sm = monitor('ServiceMonitor');
    const sc = monitor('ScrapeConfig');
    const { items, results } = run([sm, sc], { auth: { bearerTokenSecret: BEARER_TOKEN_SECRET } });
    expect(at(items[0], ['spec', 'endpoints', 0, 'bearerTokenSecret'])).toEqual(BEARER_TOKEN_SECRET);
    expect(items[1]).toBe(sc);
    expect(errors(results).map((r) => r.resourceRef?.kind)).toEqual(['ScrapeConfig']);
  });

  test.each(KINDS.filter((k) => k !== 'ScrapeConfig'))('GIVEN a %s WHEN bearerTokenSecret is written THEN a warning says it is deprecated upstream', (kind) => {
    const { results } = run([monitor(kind)], { auth: { bearerTokenSecret: BEARER_TOKEN_SECRET } });
    expect(withCode(results, 'auth-deprecated')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'bearerTokenSecret is deprecated upstream in favour of authorization; configure auth.authorization: {type: Bearer, credentials: {name: scrape-token, key: token}} instead',
        field: { path: fieldPath([...AUTH_PLACE[kind], 'bearerTokenSecret']) },
      }),
    ]);
  });

  test('GIVEN a ServiceMonitor with three endpoints THEN every endpoint gets the block, and a ports filter narrows it', () => {
    const input = multiEndpointMonitor([{ port: 'https' }, { port: 'http' }, { targetPort: 8443 }]);
    const all = run([input], { auth: { basicAuth: BASIC_AUTH } });
    expect([0, 1, 2].map((i) => at(all.items[0], ['spec', 'endpoints', i, 'basicAuth']))).toEqual([BASIC_AUTH, BASIC_AUTH, BASIC_AUTH]);
    const some = run([input], { endpoints: { ports: ['https', 8443] }, auth: { basicAuth: BASIC_AUTH } });
    expect([0, 1, 2].map((i) => at(some.items[0], ['spec', 'endpoints', i, 'basicAuth']))).toEqual([BASIC_AUTH, undefined, BASIC_AUTH]);
  });

  test('GIVEN two endpoints THEN they do not share the written object (a later edit of one cannot leak into the other)', () => {
    const { items } = run([multiEndpointMonitor([{ port: 'a' }, { port: 'b' }])], { auth: { basicAuth: BASIC_AUTH } });
    expect(at(items[0], ['spec', 'endpoints', 0, 'basicAuth'])).not.toBe(at(items[0], ['spec', 'endpoints', 1, 'basicAuth']));
  });
});

describe('authorization', () => {
  test('GIVEN auth.authorization without type THEN type: Bearer is written explicitly, first', () => {
    const { items } = run([monitor('ServiceMonitor')], { auth: { authorization: { credentials: { name: 'scrape-token', key: 'token' } } } });
    const block = at(items[0], ['spec', 'endpoints', 0, 'authorization']) as JsonObject;
    expect(block).toEqual(AUTHORIZATION);
    expect(Object.keys(block)).toEqual(['type', 'credentials']);
  });

  test('GIVEN an endpoint with type: bearer (other case) THEN the type is left as it is (HTTP auth schemes are case-insensitive)', () => {
    const input = monitor('ServiceMonitor', { authorization: { type: 'bearer', credentials: { name: 'scrape-token', key: 'token' } } });
    const { items, results } = run([input], { auth: { authorization: AUTHORIZATION } });
    expect(items[0]).toBe(input);
    expect(withCode(results, 'auth')).toEqual([]);
  });

  test('GIVEN a custom type in the config THEN it is written', () => {
    const { items } = run([monitor('PodMonitor')], { auth: { authorization: { type: 'Token', credentials: { name: 't', key: 'k' } } } });
    expect(at(items[0], ['spec', 'podMetricsEndpoints', 0, 'authorization'])).toEqual({ type: 'Token', credentials: { name: 't', key: 'k' } });
  });
});

describe('merging into an existing block of the same method', () => {
  test('GIVEN basicAuth with another username Secret THEN the selector is replaced whole (atomic) and reported current → proposed', () => {
    const input = monitor('ServiceMonitor', { basicAuth: { username: { name: 'old', key: 'user', optional: true }, password: BASIC_AUTH.password as Json } });
    const { items, results } = run([input], { auth: { basicAuth: BASIC_AUTH } });
    expect(at(items[0], ['spec', 'endpoints', 0, 'basicAuth'])).toEqual(BASIC_AUTH);
    expect(withCode(results, 'auth')).toEqual([
      expect.objectContaining({
        severity: 'info',
        field: {
          path: 'spec.endpoints[0].basicAuth.username',
          currentValue: { name: 'old', key: 'user', optional: true },
          proposedValue: { name: 'scrape-auth', key: 'username' },
        },
      }),
    ]);
  });

  test('GIVEN an oauth2 block with proxyUrl, another clientId source and endpointParams THEN unnamed fields stay, clientId is replaced whole, endpointParams merged by key', () => {
    const input = monitor('ScrapeConfig', {
      oauth2: {
        clientId: { configMap: { name: 'oauth-public', key: 'id' } },
        clientSecret: OAUTH2.clientSecret as Json,
        tokenUrl: OAUTH2.tokenUrl as Json,
        endpointParams: { resource: 'api://metrics', audience: 'old' },
        proxyUrl: 'http://proxy.internal:3128',
      },
    });
    const { items } = run([input], { auth: { oauth2: OAUTH2 } });
    expect(at(items[0], ['spec', 'oauth2'])).toEqual({
      clientId: { secret: { name: 'oauth', key: 'client_id' } },
      clientSecret: OAUTH2.clientSecret,
      tokenUrl: OAUTH2.tokenUrl,
      endpointParams: { resource: 'api://metrics', audience: 'metrics' },
      proxyUrl: 'http://proxy.internal:3128',
      scopes: ['metrics.read'],
    });
  });

  test('GIVEN oauth2 with a nested tlsConfig THEN it is written (the token endpoint TLS) and merged into an existing one', () => {
    const oauth2 = { ...OAUTH2, tlsConfig: { ca: { configMap: { name: 'idp-ca', key: 'ca.crt' } }, serverName: 'idp.example.com' } };
    const fresh = run([monitor('ScrapeConfig')], { auth: { oauth2 } });
    expect(at(fresh.items[0], ['spec', 'oauth2', 'tlsConfig'])).toEqual(oauth2.tlsConfig);
    const existing = monitor('ScrapeConfig', { oauth2: { ...OAUTH2, tlsConfig: { insecureSkipVerify: false, ca: { secret: { name: 'x', key: 'y' } } } } });
    const merged = run([existing], { auth: { oauth2 } });
    expect(at(merged.items[0], ['spec', 'oauth2', 'tlsConfig'])).toEqual({
      insecureSkipVerify: false,
      ca: { configMap: { name: 'idp-ca', key: 'ca.crt' } },
      serverName: 'idp.example.com',
    });
    expect(withCode(merged.results, 'auth').map((r) => r.field?.path)).toEqual(['spec.oauth2.tlsConfig.ca', 'spec.oauth2.tlsConfig.serverName']);
  });

  test('GIVEN oauth2.tlsConfig.serverName auto THEN an error: there is no Service behind a token URL', () => {
    expect(() => run([monitor('ScrapeConfig')], { auth: { oauth2: { ...OAUTH2, tlsConfig: { serverName: 'auto' } } } })).toThrow(
      'spec.auth.oauth2.tlsConfig.serverName: the token URL is not a Service, so "auto" and templates cannot be resolved; use a literal host name',
    );
    const { items, results } = runUnchecked([monitor('ScrapeConfig')], { auth: { oauth2: { ...OAUTH2, tlsConfig: { serverName: 'auto' } } } });
    expect(at(items[0], ['spec', 'oauth2', 'tlsConfig'])).toBeUndefined();
    expect(errors(results)).toEqual([
      expect.objectContaining({ field: { path: 'spec.oauth2.tlsConfig.serverName' }, tags: { code: 'server-name-unresolved' } }),
    ]);
  });
});

describe('policy.replaceAuth', () => {
  const others: JsonObject = {
    basicAuth: { username: { name: 'old', key: 'u' }, password: { name: 'old', key: 'p' } },
    oauth2: OAUTH2,
    bearerTokenSecret: { name: 'old-token', key: 'token' },
    bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
  };

  test('GIVEN a ServiceMonitor endpoint with every other method and bearerTokenFile WHEN authorization is injected THEN each is removed, one info result each', () => {
    const input = monitor('ServiceMonitor', others);
    const { items, results } = run([input], { auth: { authorization: AUTHORIZATION } });
    expect(at(items[0], ['spec', 'endpoints', 0])).toEqual({ port: 'http', path: '/metrics', authorization: AUTHORIZATION });
    const removed = withCode(results, 'auth-removed');
    expect(removed.map((r) => [r.severity, r.field?.path, r.field?.currentValue])).toEqual([
      ['info', 'spec.endpoints[0].basicAuth', others.basicAuth],
      ['info', 'spec.endpoints[0].oauth2', others.oauth2],
      ['info', 'spec.endpoints[0].bearerTokenSecret', others.bearerTokenSecret],
      ['info', 'spec.endpoints[0].bearerTokenFile', others.bearerTokenFile],
    ]);
    expect(removed[0]?.message).toContain('replaced by authorization (policy.replaceAuth); a scrape uses only one auth method');
    expect(removed[3]?.message).toContain('makes Prometheus fail to reload its configuration');
    expect(errors(results)).toEqual([]);
  });

  test('GIVEN a PodMonitor with bearerTokenFile (a field it does not have) THEN auth leaves it to the checks', () => {
    const input = monitor('PodMonitor', { bearerTokenFile: '/token' });
    const { items, results } = run([input], { auth: { basicAuth: BASIC_AUTH } });
    expect(at(items[0], ['spec', 'podMetricsEndpoints', 0, 'bearerTokenFile'])).toBe('/token');
    expect(withCode(results, 'auth-removed')).toEqual([]);
  });

  test.each(['Probe', 'ScrapeConfig'] as KindName[])('GIVEN a %s spec with basicAuth WHEN oauth2 is injected THEN basicAuth is removed from spec', (kind) => {
    const { items, results } = run([monitor(kind, { basicAuth: BASIC_AUTH })], { auth: { oauth2: OAUTH2 } });
    expect(at(items[0], ['spec', 'basicAuth'])).toBeUndefined();
    expect(at(items[0], ['spec', 'oauth2'])).toEqual(OAUTH2);
    expect(withCode(results, 'auth-removed').map((r) => r.field?.path)).toEqual(['spec.basicAuth']);
  });

  test('GIVEN the method is already there beside a stale bearerTokenFile THEN only the stale one goes', () => {
    const input = monitor('ServiceMonitor', { authorization: AUTHORIZATION, bearerTokenFile: '/token' });
    const { items, results } = run([input], { auth: { authorization: AUTHORIZATION } });
    expect(at(items[0], ['spec', 'endpoints', 0])).toEqual({ port: 'http', path: '/metrics', authorization: AUTHORIZATION });
    expect([...withCode(results, 'auth'), ...withCode(results, 'auth-removed')].map((r) => r.field?.path)).toEqual(['spec.endpoints[0].bearerTokenFile']);
  });

  test('GIVEN replaceAuth false THEN the other methods stay beside the new one', () => {
    const input = monitor('ServiceMonitor', { bearerTokenFile: '/token' });
    const { items, results } = run([input], { auth: { authorization: AUTHORIZATION }, policy: { replaceAuth: false } });
    expect(at(items[0], ['spec', 'endpoints', 0])).toEqual({ port: 'http', path: '/metrics', bearerTokenFile: '/token', authorization: AUTHORIZATION });
    expect(withCode(results, 'auth-removed')).toEqual([]);
  });

  // The auth-exclusive rule lives in src/checks/; this asserts the contract end to end.
  test('GIVEN replaceAuth false and another method THEN transform reports auth-exclusive as an error', () => {
    const input = monitor('ServiceMonitor', { basicAuth: BASIC_AUTH });
    const { results } = run([input], { auth: { authorization: AUTHORIZATION }, policy: { replaceAuth: false } });
    expect(withCode(results, 'auth-exclusive')).toEqual([expect.objectContaining({ severity: 'error' })]);
    expect(withCode(results, 'auth-exclusive')[0]?.field?.path).toMatch(/^spec\.endpoints\[0\]/);
  });
  test('GIVEN replaceAuth true THEN auth-exclusive stays quiet', () => {
    const input = monitor('ServiceMonitor', { basicAuth: BASIC_AUTH, bearerTokenFile: '/token' });
    const { results } = run([input], { auth: { authorization: AUTHORIZATION } });
    expect(withCode(results, 'auth-exclusive')).toEqual([]);
  });
});

describe('bearerTokenFile → authorization migration (Kubebuilder metrics endpoint)', () => {
  const kubebuilder = (): ReturnType<typeof monitor> =>
    monitor('ServiceMonitor', {
      port: 'https',
      scheme: 'https',
      bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      tlsConfig: { insecureSkipVerify: true },
    });

  test('GIVEN bearerTokenFile WHEN authorization with a Secret is configured THEN it is replaced and everything else stays', () => {
    const { items, results } = run([kubebuilder()], { auth: { authorization: { credentials: { name: 'metrics-reader-token', key: 'token' } } } });
    expect(at(items[0], ['spec', 'endpoints', 0])).toEqual({
      port: 'https',
      path: '/metrics',
      scheme: 'https',
      tlsConfig: { insecureSkipVerify: true },
      authorization: { type: 'Bearer', credentials: { name: 'metrics-reader-token', key: 'token' } },
    });
    expect(withCode(results, 'auth-removed')).toEqual([
      expect.objectContaining({ field: { path: 'spec.endpoints[0].bearerTokenFile', currentValue: '/var/run/secrets/kubernetes.io/serviceaccount/token' } }),
    ]);
  });

  test('GIVEN the migrated output WHEN run again THEN nothing changes and no change is reported', () => {
    const spec = { auth: { authorization: { credentials: { name: 'metrics-reader-token', key: 'token' } } } };
    const first = run([kubebuilder()], spec);
    const second = run(first.items, spec);
    expect(second.items[0]).toBe(first.items[0]);
    expect([...withCode(second.results, 'auth'), ...withCode(second.results, 'auth-removed')]).toEqual([]);
  });

  test('GIVEN mode check THEN nothing changes and each change is reported with "would"', () => {
    const input = kubebuilder();
    const { items, results } = run([input], { mode: 'check', auth: { authorization: AUTHORIZATION } });
    expect(items[0]).toBe(input);
    const changes = [...withCode(results, 'auth'), ...withCode(results, 'auth-removed')];
    expect(changes).toHaveLength(2);
    for (const change of changes) expect(change.message).toMatch(/^would /);
  });
});

describe('policy.onConflict on auth', () => {
  const existing = (): ReturnType<typeof monitor> =>
    monitor('ServiceMonitor', { basicAuth: { username: { name: 'old', key: 'u' }, password: { name: 'old', key: 'p' } } });

  describe('same method, different Secret', () => {
    test('override replaces and reports current → proposed', () => {
      const { items, results } = run([existing()], { auth: { basicAuth: BASIC_AUTH }, policy: { onConflict: 'override' } });
      expect(at(items[0], ['spec', 'endpoints', 0, 'basicAuth'])).toEqual(BASIC_AUTH);
      expect(withCode(results, 'auth').map((r) => [r.field?.path, r.field?.currentValue, r.field?.proposedValue])).toEqual([
        ['spec.endpoints[0].basicAuth.username', { name: 'old', key: 'u' }, BASIC_AUTH.username],
        ['spec.endpoints[0].basicAuth.password', { name: 'old', key: 'p' }, BASIC_AUTH.password],
      ]);
    });

    test('keep leaves the object and reports each kept field as info', () => {
      const input = existing();
      const { items, results } = run([input], { auth: { basicAuth: BASIC_AUTH }, policy: { onConflict: 'keep' } });
      expect(items[0]).toBe(input);
      expect(withCode(results, 'conflict').map((r) => [r.severity, r.field?.path])).toEqual([
        ['info', 'spec.endpoints[0].basicAuth.username'],
        ['info', 'spec.endpoints[0].basicAuth.password'],
      ]);
      expect(errors(results)).toEqual([]);
    });

    test('error reports an error per field and leaves the object', () => {
      const input = existing();
      const { items, results } = run([input], { auth: { basicAuth: BASIC_AUTH }, policy: { onConflict: 'error' } });
      expect(items[0]).toBe(input);
      expect(errors(results).map((r) => [r.tags.code, r.field?.path])).toEqual([
        ['conflict', 'spec.endpoints[0].basicAuth.username'],
        ['conflict', 'spec.endpoints[0].basicAuth.password'],
      ]);
    });
  });

  describe('another method', () => {
    test('override switches the method (replaceAuth removes the old one)', () => {
      const { items } = run([existing()], { auth: { authorization: AUTHORIZATION }, policy: { onConflict: 'override' } });
      expect(at(items[0], ['spec', 'endpoints', 0])).toEqual({ port: 'http', path: '/metrics', authorization: AUTHORIZATION });
    });

    test('keep leaves the endpoint authenticating as it does and says so', () => {
      const input = existing();
      const { items, results } = run([input], { auth: { authorization: AUTHORIZATION }, policy: { onConflict: 'keep' } });
      expect(items[0]).toBe(input);
      expect(withCode(results, 'conflict')).toEqual([
        expect.objectContaining({
          severity: 'info',
          message: 'kept basicAuth: the config asks for authorization instead (policy.onConflict is keep)',
          field: {
            path: 'spec.endpoints[0].basicAuth',
            currentValue: at(input, ['spec', 'endpoints', 0, 'basicAuth']),
            proposedValue: { authorization: AUTHORIZATION },
          },
        }),
      ]);
    });

    test('error reports it and changes nothing', () => {
      const input = existing();
      const { items, results } = run([input], { auth: { authorization: AUTHORIZATION }, policy: { onConflict: 'error' } });
      expect(items[0]).toBe(input);
      expect(errors(results)).toEqual([
        expect.objectContaining({
          message:
            'the endpoint authenticates with basicAuth but the config asks for authorization; remove basicAuth, or set policy.onConflict to override (with policy.replaceAuth it then replaces basicAuth)',
          field: expect.objectContaining({ path: 'spec.endpoints[0].basicAuth' }),
          tags: { code: 'conflict' },
        }),
      ]);
    });

    test('keep still fills an endpoint that has no auth at all', () => {
      const input = multiEndpointMonitor([{ port: 'a', basicAuth: BASIC_AUTH }, { port: 'b' }]);
      const { items } = run([input], { auth: { authorization: AUTHORIZATION }, policy: { onConflict: 'keep' } });
      expect(at(items[0], ['spec', 'endpoints', 0, 'authorization'])).toBeUndefined();
      expect(at(items[0], ['spec', 'endpoints', 1, 'authorization'])).toEqual(AUTHORIZATION);
    });
  });
});

describe('Secret values', () => {
  test('GIVEN Secrets with values in the input THEN no result carries a value', () => {
    const items = [
      secret('scrape-auth', { username: Buffer.from('admin').toString('base64'), password: Buffer.from('hunter2-s3cret').toString('base64') }),
      monitor('ServiceMonitor', { bearerTokenFile: '/token' }),
    ];
    const { results } = run(items, { auth: { basicAuth: BASIC_AUTH } });
    const text = JSON.stringify(results);
    expect(results.length).toBeGreaterThan(0);
    for (const value of ['admin', 'hunter2-s3cret', Buffer.from('admin').toString('base64'), Buffer.from('hunter2-s3cret').toString('base64')]) {
      expect(text).not.toContain(value);
    }
  });
});

// The secret-reference rule lives in src/checks/; these assert the contract for injected auth (README "What it does") end to end.
describe('Secret references of the injected auth', () => {
  test('GIVEN the Secret in the monitor namespace with both keys THEN no secret-reference finding', () => {
    const { results } = run([secret('scrape-auth', { username: 'dQ==', password: 'cA==' }), monitor('ServiceMonitor')], { auth: { basicAuth: BASIC_AUTH } });
    expect(withCode(results, 'secret-reference')).toEqual([]);
  });

  test('GIVEN the Secret lacks the password key THEN an error at that key', () => {
    const { results } = run([secret('scrape-auth', { username: 'dQ==' }), monitor('ServiceMonitor')], { auth: { basicAuth: BASIC_AUTH } });
    expect(withCode(results, 'secret-reference').map((r) => [r.severity, r.field?.path])).toEqual([['error', 'spec.endpoints[0].basicAuth.password.key']]);
  });

  test('GIVEN the Secret only in another namespace THEN an error that says selectors have no namespace', () => {
    const { results } = run([secret('scrape-token', { token: 'dA==' }, 'default'), monitor('PodMonitor')], { auth: { authorization: AUTHORIZATION } });
    const found = withCode(results, 'secret-reference');
    expect(found.map((r) => [r.severity, r.field?.path])).toEqual([['error', 'spec.podMetricsEndpoints[0].authorization.credentials']]);
    expect(found[0]?.message).toContain('selectors have no namespace');
  });

  test('GIVEN no Secret in the input THEN an info result per Secret', () => {
    const { results } = run([monitor('ScrapeConfig')], { auth: { oauth2: OAUTH2 } });
    expect(withCode(results, 'secret-reference').map((r) => r.severity)).toEqual(['info']);
    expect(errors(results)).toEqual([]);
  });
});
