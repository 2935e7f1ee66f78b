/**
 * The medium and low findings of the adversarial review (docs/guarantees.md), one describe each, against the
 * library (processText) or the built CLI. Each test failed before its fix.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../../src/errors.js';
import { processText } from '../../src/process.js';
import { assertBuilt, runCli } from './run-cli.js';

const MONITOR = (endpoints: string): string =>
  `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: ns}\nspec:\n  selector: {}\n  endpoints:\n${endpoints}`;

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function typed(spec: string): unknown {
  return parse(`apiVersion: fn.secure-monitors.dev/v1alpha1\nkind: SecureMonitors\nmetadata: {name: c}\nspec:\n${spec}`) as unknown;
}

describe('F11: values the config never touched stay as written inside a changed item', () => {
  const yamlInput = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: m
  namespace: ns
  annotations:
    big: 12345678901234567891
spec:
  selector: # which services
    matchLabels: {app: a}
  endpoints: # the list
  # and more about it
  - port: https
    relabelings: # rules
    - action: keep
  sampleLimit: 12345678901234567891
  jobLabel: |+
    keep

---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
`;
  test('YAML: big integers, `key: # comment` before a block, and a keep-chomped block at the end', () => {
    const out = processText(yamlInput, { set: { 'server-name': 'm.ns.svc' } });
    expect(out.output).toBe(yamlInput.replace('    - action: keep\n', '    - action: keep\n    tlsConfig:\n      serverName: m.ns.svc\n    scheme: https\n'));
    expect(processText(out.output, { set: { 'server-name': 'm.ns.svc' } }).output).toBe(out.output);
  });
  test('JSON: 1e400 and integers beyond 2^53 keep their digits (1e400 became null)', () => {
    const input =
      '{"apiVersion":"config.kubernetes.io/v1","kind":"ResourceList","items":[{"apiVersion":"monitoring.coreos.com/v1","kind":"ServiceMonitor","metadata":{"name":"m","namespace":"ns"},"spec":{"selector":{},"sampleLimit":1e400,"targetLimit":12345678901234567891,"endpoints":[{"port":"https"}]}}]}\n';
    const out = processText(input, { set: { 'server-name': 'm.ns.svc' } });
    expect(out.output.split('\n')[0]).toBe(
      '{"apiVersion":"config.kubernetes.io/v1","kind":"ResourceList","items":[{"apiVersion":"monitoring.coreos.com/v1","kind":"ServiceMonitor","metadata":{"name":"m","namespace":"ns"},"spec":{"selector":{},"sampleLimit":1e400,"targetLimit":12345678901234567891,"endpoints":[{"port":"https","tlsConfig":{"serverName":"m.ns.svc"},"scheme":"https"}]}}],',
    );
  });
});

describe('F12: a tlsConfig that is a string or a list is not replaced silently', () => {
  const input = MONITOR('  - port: a\n    tlsConfig: insecure\n  - port: b\n    tlsConfig: [x]\n');
  test('override: replaced, and each replacement reported with the old value', () => {
    const out = processText(input, { set: { 'server-name': 'm.ns.svc' } });
    const replaced = out.results
      .filter((r) => r.tags?.code === 'tls' && r.field?.path.endsWith('tlsConfig'))
      .map((r) => [r.field?.path, r.field?.currentValue, r.message]);
    expect(replaced).toEqual([
      [
        'spec.endpoints[0].tlsConfig',
        'insecure',
        "replaced tlsConfig: it was a string, not a map, which the operator rejects; the config's tls is written in its place",
      ],
      [
        'spec.endpoints[1].tlsConfig',
        ['x'],
        "replaced tlsConfig: it was a list, not a map, which the operator rejects; the config's tls is written in its place",
      ],
    ]);
  });
  test('error: left as it is, an error result', () => {
    const out = processText(input, { set: { 'server-name': 'm.ns.svc', 'on-conflict': 'error' } });
    expect(out.output).toBe('');
    expect(out.results.filter((r) => r.tags?.code === 'conflict').map((r) => [r.severity, r.field?.path])).toEqual([
      ['error', 'spec.endpoints[0].tlsConfig'],
      ['error', 'spec.endpoints[1].tlsConfig'],
    ]);
  });
});

describe('F13: an endpoint with its own __proto__ key keeps it through endpointPatches', () => {
  test('the key stays in the output, checks see it as the field it is, and no phantom field appears', () => {
    const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- ${MONITOR(
      '  - port: https\n    __proto__: {scheme: https, interval: 5s}\n',
    )
      .split('\n')
      .join('\n  ')
      .replace(/\n {2}$/, '\n')}`;
    const config = typed('  endpointPatches:\n  - {op: add, path: /path, value: /metrics}\n');
    const out = processText(input, { configObject: config });
    expect(out.output).toContain('      __proto__: {scheme: https, interval: 5s}\n      path: /metrics\n');
    // Before: the prototype was set, the key vanished and the CRD check never saw it.
    expect(out.results.filter((r) => r.tags?.code === 'schema').map((r) => r.field?.path)).toEqual(['spec.endpoints[0].__proto__']);
  });
});

describe('F18/F21: ConfigMap-form keys and values', () => {
  test('a map or list value is refused, not turned into "[object Object]"', () => {
    const error = configError(() =>
      processText(MONITOR('  - port: https\n'), { configObject: { apiVersion: 'v1', kind: 'ConfigMap', data: { 'tls-secret': { name: 'x' }, names: ['a'] } } }),
    );
    expect(error.problems).toEqual([
      'data.tls-secret: expected a string, got a map (ConfigMap data values are strings; write a comma-separated list as one string)',
      'data.names: expected a string, got a list (ConfigMap data values are strings; write a comma-separated list as one string)',
    ]);
  });
  test.each(['toString', 'constructor', 'hasOwnProperty', '__proto__'])('key %s is an unknown key, never "use function …"', (key) => {
    const error = configError(() => processText(MONITOR('  - port: https\n'), { set: { [key]: 'x' } }));
    expect(error.problems.join('\n')).toMatch(new RegExp(`^--set ${key.replace(/_/g, '_')}: unknown key`));
    expect(error.problems.join('\n')).not.toContain('function');
  });
});

describe('F20: Secret names in the typed config are Kubernetes names', () => {
  test('a newline (or anything else) in a name or key is refused without echoing it', () => {
    const error = configError(() =>
      processText(MONITOR('  - port: https\n'), {
        configObject: typed(
          '  tls:\n    ca: {secret: {name: "certs\\n[error] forged line", key: ca.crt}}\n    keySecret: {name: certs, key: "a b"}\n    cert: {secret: {name: certs, key: tls.crt}}\n',
        ),
      }),
    );
    expect(error.problems).toEqual([
      'spec.tls.ca.secret.name: not a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253 characters); the value is not shown',
      'spec.tls.keySecret.key: not a Secret or ConfigMap key (letters, digits, "-", "_" and "."); the value is not shown',
    ]);
  });
});

describe('F15: inline credentials in the config are refused without their value', () => {
  test.each<[string, string, string]>([
    [
      'endpointParams',
      '  auth:\n    oauth2: {clientId: {secret: {name: o, key: id}}, clientSecret: {name: o, key: s}, tokenUrl: "https://idp/token", endpointParams: {client_secret: hunter2-XYZZY, audience: api}}\n',
      'spec.auth.oauth2.endpointParams.client_secret: inline credentials are not accepted (the value is not shown); a client secret goes in clientSecret: {name: <secret>, key: client_secret}',
    ],
    [
      'tokenUrl with user:password@',
      '  auth:\n    oauth2: {clientId: {secret: {name: o, key: id}}, clientSecret: {name: o, key: s}, tokenUrl: "https://bob:hunter2-XYZZY@idp/token"}\n',
      'spec.auth.oauth2.tokenUrl: inline credentials are not accepted (the value is not shown); remove user:password@ from the URL',
    ],
    [
      'a token in authorization.type',
      '  auth:\n    authorization: {type: Bearer hunter2-XYZZY, credentials: {name: t, key: token}}\n',
      'spec.auth.authorization.type: inline credentials are not accepted (the value is not shown); type is the scheme alone (Bearer)',
    ],
    [
      'a patch value under basicAuth',
      '  endpointPatches:\n  - {op: add, path: /basicAuth, value: {username: {name: s, key: u}, password: hunter2-XYZZY}}\n',
      'spec.endpointPatches[0].value: inline credentials are not accepted (the value is not shown); a patch of /basicAuth would write a credential into every endpoint',
    ],
    [
      'a patch value under authorization',
      '  endpointPatches:\n  - {op: replace, path: /authorization/credentials, value: hunter2-XYZZY}\n',
      'spec.endpointPatches[0].value: inline credentials are not accepted (the value is not shown); a patch of /authorization/credentials would write',
    ],
    [
      'a patch value under params',
      '  endpointPatches:\n  - {op: add, path: /params, value: {token: [hunter2-XYZZY]}}\n',
      'spec.endpointPatches[0].value: inline credentials are not accepted (the value is not shown); a patch of /params would write',
    ],
  ])('%s', (_, spec, problem) => {
    const error = configError(() => processText(MONITOR('  - port: https\n'), { configObject: typed(spec) }));
    expect(error.problems.join('\n')).toContain(problem);
    expect(error.problems.join('\n')).not.toContain('hunter2');
  });

  test('through the ConfigMap form: oauth2-token-url with user:password@', () => {
    const error = configError(() =>
      processText(MONITOR('  - port: https\n'), { set: { 'oauth2-secret': 'o', 'oauth2-token-url': 'https://bob:hunter2-XYZZY@idp/token' } }),
    );
    expect(error.problems).toEqual([
      'spec.auth.oauth2.tokenUrl: inline credentials are not accepted (the value is not shown); remove user:password@ from the URL; the client credentials go in clientId and clientSecret as Secret references',
    ]);
  });

  test('ordinary values pass: endpointParams.audience, params.module, a patch of Secret references', () => {
    const spec =
      '  auth:\n    oauth2: {clientId: {secret: {name: o, key: id}}, clientSecret: {name: o, key: s}, tokenUrl: "https://idp/token", endpointParams: {audience: api}}\n  endpointPatches:\n  - {op: add, path: /params, value: {module: [http_2xx]}}\n';
    expect(processText(MONITOR('  - port: https\n'), { configObject: typed(spec) }).exitCode).toBe(0);
  });
});

describe('F17: endpointPatches list positions', () => {
  const input = MONITOR('  - port: https\n    relabelings: [{action: drop}, {action: labelmap}]\n');
  test('add /relabelings/- appends once: a second run adds nothing', () => {
    const config = typed('  endpointPatches:\n  - {op: add, path: /relabelings/-, value: {action: keep}}\n');
    const first = processText(input, { configObject: config });
    expect(first.output).toContain('relabelings: [{action: drop}, {action: labelmap}, {action: keep}]');
    const second = processText(first.output, { configObject: config });
    expect(second.output).toBe(first.output);
    expect(second.results.filter((r) => r.tags?.code === 'endpoint-patch')).toEqual([]);
  });
  test.each(['4294967295', '3', '01'])('an index %s past the list (or not a number) is an error, nothing inserted', (index) => {
    const out = processText(input, { configObject: typed(`  endpointPatches:\n  - {op: add, path: /relabelings/${index}, value: {action: keep}}\n`) });
    expect(out.exitCode).toBe(1);
    expect(out.results.filter((r) => r.tags?.code === 'endpoint-patch').map((r) => r.message)).toEqual([
      `endpointPatches[0] (add /relabelings/${index}): ${index === '01' ? 'a list index in the path is not a number' : 'the list index is past the end of the list'}; no operation of endpointPatches was applied to this endpoint`,
    ]);
  });
  test('index 2 (the end) still appends', () => {
    const out = processText(input, { configObject: typed('  endpointPatches:\n  - {op: add, path: /relabelings/2, value: {action: keep}}\n') });
    expect(out.output).toContain('{action: labelmap}, {action: keep}]');
  });
});

describe('F16/F19/F20 through the CLI', () => {
  beforeAll(assertBuilt);
  const dir = mkdtempSync(join(tmpdir(), 'sm-review-'));
  writeFileSync(join(dir, 'in.yaml'), MONITOR('  - port: https\n'));

  test.each([
    [
      ['-d', 'password:hunter2-XYZZY'],
      3,
      'secure-monitors: invalid function config:\n  - --set: expected KEY=VALUE, got an argument without "=" (not shown, in case it is a credential)\n',
    ],
    [
      ['token=hunter2-XYZZY'],
      3,
      'secure-monitors: unexpected argument (not shown, in case it is a credential): options start with "-"; pass ConfigMap-form keys as -d KEY=VALUE\nRun secure-monitors --help for usage.\n',
    ],
    [
      ['--token=hunter2-XYZZY'],
      3,
      "secure-monitors: Unknown option '--token'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--token\"\nRun secure-monitors --help for usage.\n",
    ],
  ])('F16: %j is refused without echoing the value', (args, code, stderr) => {
    const run = runCli({ args: ['-i', 'in.yaml', ...args], cwd: dir });
    expect(run.code).toBe(code);
    expect(run.stderr).not.toContain('hunter2');
    if (!stderr.includes('Unknown option')) expect(run.stderr).toBe(stderr);
  });

  test('F19: a config file that is not UTF-8 is refused (exit 3), not read with U+FFFD', () => {
    writeFileSync(
      join(dir, 'latin1.yaml'),
      Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  tls-secret: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    const run = runCli({ args: ['-i', 'in.yaml', '-f', 'latin1.yaml'], cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('secure-monitors: invalid function config:\n  - latin1.yaml: the config file is not UTF-8 text; save it as UTF-8\n');
  });

  test('F20: a line break in a message is written as \\n, never as a second line', () => {
    writeFileSync(
      join(dir, 'forged.yaml'),
      'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: "m\\n[error] forged", namespace: ns}\nspec:\n  selector: {}\n  endpoints:\n  - port: https\n    bogus: 1\n',
    );
    const run = runCli({ args: ['-i', 'forged.yaml', '-d', 'server-name=m.ns.svc'], cwd: dir });
    expect(run.stderr).toContain('ServiceMonitor/ns/m\\n[error] forged spec.endpoints[0].bogus: unknown field');
    expect(run.stderr.split('\n').filter((line) => line.startsWith('[error] forged'))).toEqual([]);
  });
});
