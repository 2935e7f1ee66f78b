import { finding } from '../checks/fixtures.js';
import { SO_REF, fromSecret, prometheusTrigger, resultsOf, scaledObject, triggerAuth, withAuth } from './fixtures.js';

const MODES = 'spec.triggers[0].metadata.authModes';

describe('keda-auth-modes: credentials without authModes', () => {
  test('GIVEN a bearer token from a Secret and no authModes (mimir PR #11709) THEN an error: the 401, and the authModes to add', () => {
    expect(resultsOf('keda-auth-modes', [withAuth(), triggerAuth(fromSecret({ bearerToken: 'token' }))])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-auth-modes',
        MODES,
        'TriggerAuthentication "prom-auth" provides bearerToken, but the trigger has no authModes: KEDA sends no credentials at all and the query gets 401 Unauthorized (mimir PR #11709); add metadata.authModes: "bearer"',
        { proposedValue: 'bearer' },
      ),
    ]);
  });

  test("GIVEN KEDA's aliases (token) and several sources (basic auth from a Secret, a client certificate from a ConfigMap and env) THEN one error listing them", () => {
    const auth = triggerAuth({
      secretTargetRef: [
        { parameter: 'username', name: 'prom-creds', key: 'user' },
        { parameter: 'password', name: 'prom-creds', key: 'pass' },
      ],
      configMapTargetRef: [{ parameter: 'cert', name: 'prom-client', key: 'tls.crt' }],
      env: [{ parameter: 'key', name: 'CLIENT_KEY' }],
    });
    expect(resultsOf('keda-auth-modes', [withAuth(), auth])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-auth-modes',
        MODES,
        'TriggerAuthentication "prom-auth" provides username, password, cert, key, but the trigger has no authModes: KEDA sends no credentials at all and the query gets 401 Unauthorized (mimir PR #11709); add metadata.authModes: "basic,tls"',
        { proposedValue: 'basic,tls' },
      ),
    ]);
    expect(resultsOf('keda-auth-modes', [withAuth(), triggerAuth(fromSecret({ token: 'token' }))])[0]?.field?.proposedValue).toBe('bearer');
  });

  test('GIVEN an empty authModes THEN the same error, at it', () => {
    expect(resultsOf('keda-auth-modes', [withAuth({ authModes: '' }), triggerAuth(fromSecret({ bearerToken: 'token' }))]).map((r) => r.field?.path)).toEqual([
      MODES,
    ]);
  });

  test('GIVEN only a CA, or a pod identity, or authModes as a TriggerAuthentication parameter THEN nothing', () => {
    expect(resultsOf('keda-auth-modes', [withAuth(), triggerAuth(fromSecret({ ca: 'ca.crt' }))])).toEqual([]);
    expect(resultsOf('keda-auth-modes', [withAuth(), triggerAuth({ podIdentity: { provider: 'azure-workload' } })])).toEqual([]);
    expect(resultsOf('keda-auth-modes', [withAuth(), triggerAuth(fromSecret({ authModes: 'modes', bearerToken: 'token' }))])).toEqual([]);
  });
});

describe("keda-auth-modes: a mode without its parameters (KEDA's own errors)", () => {
  const cases: Array<[string, Record<string, string>, string, string]> = [
    ['bearer', {}, 'bearer token=<empty> is required when bearer auth is enabled', '{parameter: bearerToken, name: <secret>, key: <key>}'],
    ['basic', { password: 'pass' }, 'username=<empty> is required when basic auth is enabled', '{parameter: username, name: <secret>, key: <key>}'],
    ['tls', { cert: 'tls.crt' }, 'cert=<present> and key=<empty> are required when tls auth is enabled', '{parameter: key, name: <secret>, key: <key>}'],
    [
      'oauth',
      { clientID: 'id' },
      'oauthTokenURI=<empty> and clientID=<present> are required when oauth is enabled',
      '{parameter: oauthTokenURI, name: <secret>, key: <key>}',
    ],
    [
      'custom',
      {},
      'customAuthHeader=<empty> and customAuthValue=<empty> are required when custom auth is enabled',
      '{parameter: customAuthHeader, name: <secret>, key: <key>} and {parameter: customAuthValue, name: <secret>, key: <key>}',
    ],
    ['apiKey', {}, 'apiKey is required when apiKey auth is enabled', '{parameter: apiKey, name: <secret>, key: <key>}'],
  ];
  test.each(cases)("GIVEN authModes %s and parameters %j THEN KEDA's error and what to add", (mode, params, keda, add) => {
    expect(resultsOf('keda-auth-modes', [withAuth({ authModes: mode }), triggerAuth(fromSecret(params))])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-auth-modes',
        MODES,
        `KEDA rejects the trigger: "${keda}"; add ${add} to the secretTargetRef of TriggerAuthentication "prom-auth"`,
      ),
    ]);
  });

  test('GIVEN authModes and no authenticationRef at all THEN the error says to add one', () => {
    expect(resultsOf('keda-auth-modes', [scaledObject([prometheusTrigger({ authModes: 'bearer' })])])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-auth-modes',
        MODES,
        'KEDA rejects the trigger: "bearer token=<empty> is required when bearer auth is enabled"; add an authenticationRef to a TriggerAuthentication whose secretTargetRef provides bearerToken',
      ),
    ]);
  });

  test('GIVEN every parameter the modes need (the alias authMode, the token alias, apiKey in metadata) THEN nothing', () => {
    expect(
      resultsOf('keda-auth-modes', [withAuth({ authModes: 'bearer,tls' }), triggerAuth(fromSecret({ bearerToken: 'token', cert: 'tls.crt', key: 'tls.key' }))]),
    ).toEqual([]);
    expect(resultsOf('keda-auth-modes', [withAuth({ authMode: 'bearer' }), triggerAuth(fromSecret({ token: 'token' }))])).toEqual([]);
    expect(resultsOf('keda-auth-modes', [withAuth({ authModes: 'apiKey', apiKey: 'not-a-secret-in-this-test' }), triggerAuth({})])).toEqual([]);
  });

  test('GIVEN a TriggerAuthentication reading a file (filePath) THEN missing parameters are not certain: nothing', () => {
    expect(resultsOf('keda-auth-modes', [withAuth({ authModes: 'bearer' }), triggerAuth({ filePath: '/var/run/keda/prom.json' })])).toEqual([]);
  });

  test('GIVEN a TriggerAuthentication that is not in the input THEN no missing parameter (keda-auth-ref reports it), but values KEDA rejects still are', () => {
    expect(resultsOf('keda-auth-modes', [withAuth({ authModes: 'bearer' })])).toEqual([]);
    expect(resultsOf('keda-auth-modes', [withAuth({ authModes: 'basic,oauth' })]).map((r) => r.message)).toEqual([
      'KEDA rejects the trigger: parameter "authModes" value "basic,oauth" must contain only one of [bearer basic oauth]; keep the one the server expects',
    ]);
  });
});

describe('keda-auth-modes: values KEDA rejects', () => {
  test("GIVEN two of bearer / basic / oauth THEN KEDA's error", () => {
    expect(
      resultsOf('keda-auth-modes', [withAuth({ authModes: 'bearer,basic' }), triggerAuth(fromSecret({ bearerToken: 'token', username: 'user' }))]),
    ).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-auth-modes',
        MODES,
        'KEDA rejects the trigger: parameter "authModes" value "bearer,basic" must contain only one of [bearer basic oauth]; keep the one the server expects',
      ),
    ]);
  });

  test('GIVEN an authModes of thousands of entries, or one very long entry THEN the message quotes at most 10 entries, each cut at 60 characters', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `mode${i}`).join(',');
    const [manyMessage] = resultsOf('keda-auth-modes', [withAuth({ authModes: many }), triggerAuth(fromSecret({ bearerToken: 'token' }))]).map(
      (r) => r.message,
    );
    expect(manyMessage).toBe(
      'KEDA rejects the trigger: parameter "authModes" value "mode0,mode1,mode2,mode3,mode4,mode5,mode6,mode7,mode8,mode9" and 4990 more must be one of [apiKey basic tls bearer custom oauth]; write the modes as KEDA spells them, comma-separated',
    );
    const long = `bearer,${'x'.repeat(100_000)}`;
    const [longMessage] = resultsOf('keda-auth-modes', [withAuth({ authModes: long }), triggerAuth(fromSecret({ bearerToken: 'token' }))]).map(
      (r) => r.message,
    );
    expect(longMessage).toBe(
      `KEDA rejects the trigger: parameter "authModes" value "bearer,${'x'.repeat(57)}..." must be one of [apiKey basic tls bearer custom oauth]; write the modes as KEDA spells them, comma-separated`,
    );
    const exclusive = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 'bearer' : 'basic')).join(',');
    expect(
      resultsOf('keda-auth-modes', [withAuth({ authModes: exclusive }), triggerAuth(fromSecret({ bearerToken: 'token', username: 'u' }))]).map(
        (r) => r.message,
      ),
    ).toEqual([
      'KEDA rejects the trigger: parameter "authModes" value "bearer,basic,bearer,basic,bearer,basic,bearer,basic,bearer,basic" and 2 more must contain only one of [bearer basic oauth]; keep the one the server expects',
    ]);
  });

  test("GIVEN a mode KEDA does not know THEN KEDA's error", () => {
    expect(resultsOf('keda-auth-modes', [withAuth({ authModes: 'Bearer' }), triggerAuth(fromSecret({ bearerToken: 'token' }))])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-auth-modes',
        MODES,
        'KEDA rejects the trigger: parameter "authModes" value "Bearer" must be one of [apiKey basic tls bearer custom oauth]; write the modes as KEDA spells them, comma-separated',
      ),
    ]);
  });

  test("GIVEN authModes and a pod identity THEN KEDA's error", () => {
    expect(
      resultsOf('keda-auth-modes', [
        withAuth({ authModes: 'bearer' }),
        triggerAuth({ podIdentity: { provider: 'azure-workload' }, ...fromSecret({ bearerToken: 'token' }) }),
      ]),
    ).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-auth-modes',
        MODES,
        'KEDA rejects the trigger: "pod identity cannot be enabled with other auth types" (authModes "bearer" with podIdentity provider azure-workload in TriggerAuthentication "prom-auth"); remove authModes to use the pod identity, or set the provider to none',
      ),
    ]);
    expect(
      resultsOf('keda-auth-modes', [
        withAuth({ authModes: 'bearer' }),
        triggerAuth({ podIdentity: { provider: 'none' }, ...fromSecret({ bearerToken: 'token' }) }),
      ]),
    ).toEqual([]);
  });
});
