/**
 * Review finding F14 (docs/guarantees.md): no result, message or log line carries a credential-shaped value. Inline
 * credentials already in a monitor (basicAuth strings, oauth2.endpointParams.client_secret, a
 * token in authorization.type, user:password in a URL) are reported by path, never by value.
 */
import { processText } from '../../src/process.js';
import { formatResultLine } from '../../src/results.js';
import { isCredentialAt, REDACTED, redactValue } from '../../src/redact.js';
import { stringifyResults } from '../../src/io/results-file.js';

const SECRETS = ['admin-USER9', 'hunter2-XYZZY', 'bob', 'pw-SECRET7', 's3cr3t-PARAM', 'abc-TOKEN-123', 'tok-QUERY-1'];

const MONITOR = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: m, namespace: ns}
spec:
  selector: {}
  endpoints:
  - port: https
    basicAuth: {username: admin-USER9, password: hunter2-XYZZY}
  - port: web
    oauth2: {clientId: {secret: {name: o, key: id}}, clientSecret: {name: o, key: s}, tokenUrl: "https://bob:pw-SECRET7@idp.example/token", endpointParams: {client_secret: s3cr3t-PARAM, audience: api}}
  - port: x
    authorization: {type: Bearer abc-TOKEN-123, credentials: {name: t, key: token}}
    params: {token: [tok-QUERY-1], module: [http_2xx]}
`;

function everything(mode: string): string {
  const outcome = processText(MONITOR, { set: { 'bearer-token-secret': 't' }, mode });
  return [stringifyResults(outcome.results), ...outcome.results.map(formatResultLine), JSON.stringify(outcome.results)].join('\n');
}

describe('inline credentials in a monitor never reach a result', () => {
  test.each(['apply', 'check'])('%s: switching auth reports the old blocks with their credentials redacted', (mode) => {
    const outcome = processText(
      MONITOR.replace('basicAuth: {username: admin-USER9, password: hunter2-XYZZY}', 'authorization: {credentials: {name: t, key: token}}'),
      {
        set: { 'basic-auth-secret': 'b', 'on-conflict': 'override' },
        mode,
      },
    );
    const removed = outcome.results.filter((r) => r.tags?.code === 'auth-removed').map((r) => [r.field?.path, r.field?.currentValue]);
    expect(removed).toContainEqual([
      'spec.endpoints[1].oauth2',
      {
        clientId: { secret: { name: 'o', key: 'id' } },
        clientSecret: { name: 'o', key: 's' },
        tokenUrl: `https://${REDACTED}@idp.example/token`,
        endpointParams: { client_secret: REDACTED, audience: 'api' },
      },
    ]);
    expect(removed).toContainEqual(['spec.endpoints[2].authorization', { type: REDACTED, credentials: { name: 't', key: 'token' } }]);
    const text = JSON.stringify(outcome.results);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  test.each(['apply', 'check'])('%s: no secret in the results file, the stderr lines or the result objects', (mode) => {
    const text = everything(mode);
    expect(text).toContain('spec.endpoints[0].basicAuth');
    for (const secret of SECRETS.filter((s) => s !== 'bob')) expect(text).not.toContain(secret);
    expect(text).not.toContain('bob:');
  });
});

describe('isCredentialAt / redactValue', () => {
  test.each([
    [['spec', 'endpoints', 0, 'basicAuth', 'password'], 'x', true],
    [['basicAuth', 'username', 'name'], 'secret-name', false],
    [['basicAuth', 'username', 'key'], 'username', false],
    [['oauth2', 'clientId', 'secret', 'name'], 'o', false],
    [['oauth2', 'clientId'], 'inline-id', true],
    [['oauth2', 'endpointParams', 'client_secret'], 'x', true],
    [['oauth2', 'endpointParams', 'audience'], 'api', false],
    [['params', 'api_key', 0], 'x', true],
    [['params', 'module', 0], 'http_2xx', false],
    [['authorization', 'type'], 'Bearer', false],
    [['authorization', 'type'], 'Bearer eyJhbGciOi', true],
    [['tlsConfig', 'serverName'], 'web.ns.svc', false],
  ] as const)('%j = %s → %s', (path, value, expected) => {
    expect(isCredentialAt(path, value)).toBe(expected);
  });

  test('copies only what it redacts, and keeps keys like __proto__ as data', () => {
    const untouched = { tlsConfig: { serverName: 'a' } };
    expect(redactValue(untouched, [])).toBe(untouched);
    const value = JSON.parse('{"__proto__": {"x": 1}, "password": "p"}') as Record<string, unknown>;
    const redacted = redactValue(value as never, ['basicAuth']) as Record<string, unknown>;
    expect(Object.keys(redacted)).toEqual(['__proto__', 'password']);
    expect(redacted.password).toBe(REDACTED);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
  });
});
