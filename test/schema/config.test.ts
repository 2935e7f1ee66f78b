import { validateConfigSchema } from '../../src/schema/config.js';

type Obj = Record<string, unknown>;

/** The full typed config of README "Configuration". */
function specExample(): Obj {
  return {
    apiVersion: 'fn.secure-monitors.dev/v1alpha1',
    kind: 'SecureMonitors',
    metadata: { name: 'metrics-tls' },
    spec: {
      mode: 'apply',
      select: {
        kinds: ['ServiceMonitor'],
        names: ['*-metrics-monitor'],
        namespaces: ['project-system'],
        labelSelector: { matchLabels: { 'control-plane': 'controller-manager' } },
      },
      endpoints: { ports: ['https'] },
      tls: {
        serverName: 'auto',
        ca: { secret: { name: 'metrics-server-cert', key: 'ca.crt' } },
        cert: { secret: { name: 'metrics-server-cert', key: 'tls.crt' } },
        keySecret: { name: 'metrics-server-cert', key: 'tls.key' },
        insecureSkipVerify: false,
        minVersion: 'TLS12',
      },
      scheme: 'https',
      auth: {
        basicAuth: { username: { name: 'pgw-auth', key: 'username' }, password: { name: 'pgw-auth', key: 'password' } },
      },
      endpointPatches: [{ op: 'add', path: '/interval', value: '30s' }],
      policy: {
        onConflict: 'override',
        replaceAuth: true,
        clusterDomain: '',
        insecureSkipVerify: 'warn',
        fileCredentials: 'warn',
      },
    },
  };
}

function withSpec(changes: Obj): Obj {
  const config = specExample();
  return { ...config, spec: { ...(config['spec'] as Obj), ...changes } };
}

const secret = (name: string, key: string): Obj => ({ name, key });

describe('validateConfigSchema', () => {
  test('GIVEN the full example of README "Configuration" THEN it is valid', () => {
    expect(validateConfigSchema(specExample())).toEqual([]);
  });

  test('GIVEN each of the other auth methods of README "Configuration" THEN they are valid', () => {
    const methods: Obj[] = [
      { authorization: { type: 'Bearer', credentials: secret('scrape-token', 'token') } },
      {
        oauth2: {
          clientId: { secret: secret('oauth', 'client_id') },
          clientSecret: secret('oauth', 'client_secret'),
          tokenUrl: 'https://idp.example.com/token',
          scopes: ['metrics.read'],
          endpointParams: { audience: 'x' },
        },
      },
      { bearerTokenSecret: secret('scrape-token', 'token') },
    ];
    for (const auth of methods) expect(validateConfigSchema(withSpec({ auth }))).toEqual([]);
  });

  test('GIVEN a minimal config THEN it is valid', () => {
    expect(validateConfigSchema({ apiVersion: 'fn.secure-monitors.dev/v1alpha1', kind: 'SecureMonitors' })).toEqual([]);
  });

  test('GIVEN tls.serverNme THEN the closest key is suggested', () => {
    expect(validateConfigSchema(withSpec({ tls: { serverNme: 'auto' } }))).toEqual([
      {
        path: 'spec.tls.serverNme',
        message: 'unknown key "serverNme" (did you mean "serverName"?)',
        suggestion: 'serverName',
      },
    ]);
  });

  test('GIVEN typos at several depths THEN each names the known key at its own location', () => {
    const config = withSpec({
      selector: { kinds: ['ServiceMonitor'] },
      policy: { onconflict: 'keep' },
      tls: { ca: { secrets: secret('ca', 'ca.crt') } },
    });
    expect(validateConfigSchema(config)).toEqual([
      { path: 'spec.selector', message: 'unknown key "selector" (did you mean "select"?)', suggestion: 'select' },
      { path: 'spec.tls.ca.secrets', message: 'unknown key "secrets" (did you mean "secret"?)', suggestion: 'secret' },
      { path: 'spec.policy.onconflict', message: 'unknown key "onconflict" (did you mean "onConflict"?)', suggestion: 'onConflict' },
    ]);
  });

  test('GIVEN an unknown key with no close match THEN no suggestion is made', () => {
    expect(validateConfigSchema(withSpec({ retries: 3 }))).toEqual([{ path: 'spec.retries', message: 'unknown key "retries"' }]);
  });

  test('GIVEN two auth methods THEN both are named and only one is allowed', () => {
    const auth = {
      basicAuth: { username: secret('pgw-auth', 'username'), password: secret('pgw-auth', 'password') },
      authorization: { credentials: secret('scrape-token', 'token') },
    };
    expect(validateConfigSchema(withSpec({ auth }))).toEqual([
      { path: 'spec.auth', message: 'only one auth method is allowed, but "basicAuth" and "authorization" are set' },
    ]);
  });

  test('GIVEN a CA selector with both secret and configMap, or neither THEN the message says so', () => {
    const tls = {
      ca: { secret: secret('ca', 'ca.crt'), configMap: secret('ca', 'ca.crt') },
      cert: {},
    };
    expect(validateConfigSchema(withSpec({ tls }))).toEqual([
      { path: 'spec.tls.ca', message: 'only one of "secret" or "configMap" is allowed, but both are set' },
      { path: 'spec.tls.cert', message: 'needs one of "secret" or "configMap", but neither is set' },
    ]);
  });

  test('GIVEN an inline password THEN it is rejected without repeating the value', () => {
    const auth = { basicAuth: { username: secret('pgw-auth', 'username'), password: 'hunter2' } };
    const findings = validateConfigSchema(withSpec({ auth }));
    expect(findings).toEqual([
      {
        path: 'spec.auth.basicAuth.password',
        message: 'must be a Secret reference {name, key}, not an inline value: put the value in a Secret and reference it',
      },
    ]);
    expect(JSON.stringify(findings)).not.toContain('hunter2');
  });

  test('GIVEN an inline CA THEN the two reference forms are named', () => {
    expect(validateConfigSchema(withSpec({ tls: { ca: '-----BEGIN CERTIFICATE-----' } }))).toEqual([
      { path: 'spec.tls.ca', message: 'must be {secret: {name, key}} or {configMap: {name, key}}, not an inline value' },
    ]);
  });

  test('GIVEN mode Apply or enforce THEN the allowed modes are listed', () => {
    expect(validateConfigSchema(withSpec({ mode: 'Apply' }))).toEqual([
      { path: 'spec.mode', message: 'must be one of "apply", "check", not "Apply"', suggestion: 'apply' },
    ]);
    expect(validateConfigSchema(withSpec({ mode: 'enforce' }))).toEqual([{ path: 'spec.mode', message: 'must be one of "apply", "check", not "enforce"' }]);
  });

  test('GIVEN a wrong kind, an oauth2 block missing fields and a bad patch THEN each is reported', () => {
    const config = {
      ...withSpec({
        auth: { oauth2: { clientId: { secret: secret('oauth', 'client_id') }, tokenUrl: 'idp/token' } },
        endpointPatches: [{ op: 'merge', path: 'interval' }],
      }),
      kind: 'SecureMonitor',
    };
    expect(validateConfigSchema(config)).toEqual([
      { path: 'kind', message: 'must be "SecureMonitors", not "SecureMonitor"' },
      { path: 'spec.auth.oauth2.clientSecret', message: 'required key "clientSecret" is missing' },
      { path: 'spec.auth.oauth2.tokenUrl', message: 'must match the pattern ^(http|https)://.+$, not "idp/token"' },
      { path: 'spec.endpointPatches[0].op', message: 'must be one of "add", "remove", "replace", "move", "copy", "test", not "merge"' },
      { path: 'spec.endpointPatches[0].path', message: 'must match the pattern ^(/.*)?$, not "interval"' },
    ]);
  });

  test('GIVEN something that is not an object THEN the root is reported', () => {
    expect(validateConfigSchema('mode=apply')).toEqual([{ path: '', message: 'must be an object, not a string' }]);
  });
});
