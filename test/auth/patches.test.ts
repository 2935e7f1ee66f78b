import { parsePointer } from '../../src/patches.js';
import type { JsonObject } from '../../src/types.js';
import { ConfigError } from '../../src/errors.js';
import { at, errors, monitor, multiEndpointMonitor, run, runUnchecked, withCode } from './fixtures.js';

const two = (): ReturnType<typeof multiEndpointMonitor> =>
  multiEndpointMonitor([
    { port: 'https', path: '/metrics', interval: '15s' },
    { port: 'http', path: '/metrics' },
  ]);

describe('endpointPatches: success', () => {
  test('GIVEN two endpoints WHEN /interval is added THEN both are patched and each change is one info result', () => {
    const { items, results } = run([two()], { endpointPatches: [{ op: 'add', path: '/interval', value: '30s' }] });
    expect(at(items[0], ['spec', 'endpoints'])).toEqual([
      { port: 'https', path: '/metrics', interval: '30s' },
      { port: 'http', path: '/metrics', interval: '30s' },
    ]);
    expect(withCode(results, 'endpoint-patch')).toEqual([
      expect.objectContaining({
        severity: 'info',
        message: 'replace spec.endpoints[0].interval: "15s" → "30s": endpointPatches',
        field: { path: 'spec.endpoints[0].interval', currentValue: '15s', proposedValue: '30s' },
      }),
      expect.objectContaining({
        severity: 'info',
        message: 'set spec.endpoints[1].interval to "30s": endpointPatches',
        field: { path: 'spec.endpoints[1].interval', proposedValue: '30s' },
      }),
    ]);
  });

  test('GIVEN nested paths THEN a field inside an existing map is added, and only that field is reported', () => {
    const input = monitor('ServiceMonitor', { tlsConfig: { insecureSkipVerify: false } });
    const { items, results } = run([input], { endpointPatches: [{ op: 'add', path: '/tlsConfig/minVersion', value: 'TLS12' }] });
    expect(at(items[0], ['spec', 'endpoints', 0, 'tlsConfig'])).toEqual({ insecureSkipVerify: false, minVersion: 'TLS12' });
    expect(withCode(results, 'endpoint-patch').map((r) => r.field)).toEqual([{ path: 'spec.endpoints[0].tlsConfig.minVersion', proposedValue: 'TLS12' }]);
  });

  test('GIVEN an insertion into a list THEN the list is reported once, before and after', () => {
    const input = monitor('ServiceMonitor', { relabelings: [{ action: 'keep', sourceLabels: ['a'] }] });
    const { items, results } = run([input], { endpointPatches: [{ op: 'add', path: '/relabelings/0', value: { action: 'drop', sourceLabels: ['b'] } }] });
    const after = [
      { action: 'drop', sourceLabels: ['b'] },
      { action: 'keep', sourceLabels: ['a'] },
    ];
    expect(at(items[0], ['spec', 'endpoints', 0, 'relabelings'])).toEqual(after);
    expect(withCode(results, 'endpoint-patch').map((r) => r.field)).toEqual([
      { path: 'spec.endpoints[0].relabelings', currentValue: [{ action: 'keep', sourceLabels: ['a'] }], proposedValue: after },
    ]);
  });

  test('GIVEN remove, move, copy and a passing test THEN all apply in order', () => {
    const input = monitor('ServiceMonitor', { scrapeTimeout: '10s', bearerTokenFile: '/token', honorLabels: true });
    const { items, results } = run([input], {
      endpointPatches: [
        { op: 'test', path: '/honorLabels', value: true },
        { op: 'remove', path: '/bearerTokenFile' },
        { op: 'copy', from: '/scrapeTimeout', path: '/interval' },
        { op: 'move', from: '/honorLabels', path: '/honorTimestamps' },
      ],
    });
    expect(at(items[0], ['spec', 'endpoints', 0])).toEqual({ port: 'http', path: '/metrics', scrapeTimeout: '10s', interval: '10s', honorTimestamps: true });
    expect(errors(results)).toEqual([]);
    expect(
      withCode(results, 'endpoint-patch')
        .map((r) => r.field?.path)
        .sort(),
    ).toEqual(['spec.endpoints[0].bearerTokenFile', 'spec.endpoints[0].honorLabels', 'spec.endpoints[0].honorTimestamps', 'spec.endpoints[0].interval'].sort());
  });

  test.each(['Probe', 'ScrapeConfig'] as const)('GIVEN a %s THEN paths are relative to spec', (kind) => {
    const { items } = run([monitor(kind)], { endpointPatches: [{ op: 'add', path: '/scrapeTimeout', value: '5s' }] });
    expect(at(items[0], ['spec', 'scrapeTimeout'])).toBe('5s');
  });

  test('GIVEN a ports filter THEN only the selected endpoints are patched', () => {
    const { items } = run([two()], { endpoints: { ports: ['http'] }, endpointPatches: [{ op: 'add', path: '/interval', value: '30s' }] });
    expect(at(items[0], ['spec', 'endpoints', 0, 'interval'])).toBe('15s');
    expect(at(items[0], ['spec', 'endpoints', 1, 'interval'])).toBe('30s');
  });

  test('GIVEN an object value THEN each endpoint gets its own copy', () => {
    const { items } = run([two()], { endpointPatches: [{ op: 'add', path: '/params', value: { format: ['prometheus'] } }] });
    expect(at(items[0], ['spec', 'endpoints', 0, 'params'])).toEqual({ format: ['prometheus'] });
    expect(at(items[0], ['spec', 'endpoints', 0, 'params'])).not.toBe(at(items[0], ['spec', 'endpoints', 1, 'params']));
  });

  test('GIVEN mode check THEN nothing changes and the changes are reported with "would"', () => {
    const input = two();
    const { items, results } = run([input], { mode: 'check', endpointPatches: [{ op: 'add', path: '/interval', value: '30s' }] });
    expect(items[0]).toBe(input);
    expect(withCode(results, 'endpoint-patch').map((r) => r.message)).toEqual([
      'would replace spec.endpoints[0].interval: "15s" → "30s": endpointPatches',
      'would set spec.endpoints[1].interval to "30s": endpointPatches',
    ]);
  });

  test('GIVEN patches run after auth THEN a patch sees (and may adjust) what auth wrote', () => {
    const { items } = run([monitor('ServiceMonitor')], {
      auth: { authorization: { credentials: { name: 'tok', key: 'token' } } },
      endpointPatches: [{ op: 'add', path: '/authorization/credentials/optional', value: false }],
    });
    expect(at(items[0], ['spec', 'endpoints', 0, 'authorization'])).toEqual({ type: 'Bearer', credentials: { name: 'tok', key: 'token', optional: false } });
  });
});

describe('endpointPatches: a second run changes nothing and fails nothing (kpt re-runs mutators)', () => {
  test.each<[string, JsonObject[]]>([
    ['add', [{ op: 'add', path: '/interval', value: '30s' }]],
    ['remove', [{ op: 'remove', path: '/bearerTokenFile' }]],
    ['move', [{ op: 'move', from: '/honorLabels', path: '/honorTimestamps' }]],
    ['replace', [{ op: 'replace', path: '/path', value: '/metrics/v2' }]],
  ])('%s', (_name, endpointPatches) => {
    const spec = { endpointPatches };
    const first = run([monitor('ServiceMonitor', { honorLabels: true, bearerTokenFile: '/token' })], spec);
    expect(errors(first.results)).toEqual([]);
    expect(withCode(first.results, 'endpoint-patch').length).toBeGreaterThan(0);
    const second = run(first.items, spec);
    expect(second.items[0]).toBe(first.items[0]);
    expect(withCode(second.results, 'endpoint-patch')).toEqual([]);
    expect(errors(second.results)).toEqual([]);
  });
});

describe('endpointPatches: failure on one endpoint', () => {
  test('GIVEN replace /interval and one endpoint without interval THEN that endpoint gets an error, the other is patched', () => {
    const { items, results } = run([two()], { endpointPatches: [{ op: 'replace', path: '/interval', value: '1m' }] });
    expect(at(items[0], ['spec', 'endpoints'])).toEqual([
      { port: 'https', path: '/metrics', interval: '1m' },
      { port: 'http', path: '/metrics' },
    ]);
    expect(errors(results)).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'endpointPatches[0] (replace /interval): the path does not exist in this endpoint; no operation of endpointPatches was applied to this endpoint',
        field: { path: 'spec.endpoints[1].interval' },
        tags: { code: 'endpoint-patch' },
      }),
    ]);
  });

  test('GIVEN two operations and the second fails on one endpoint THEN the first is not applied there either (a patch is atomic)', () => {
    const { items, results } = run([two()], {
      endpointPatches: [
        { op: 'add', path: '/scrapeTimeout', value: '5s' },
        { op: 'test', path: '/interval', value: '15s' },
      ],
    });
    expect(at(items[0], ['spec', 'endpoints', 0, 'scrapeTimeout'])).toBe('5s');
    expect(at(items[0], ['spec', 'endpoints', 1])).toEqual({ port: 'http', path: '/metrics' });
    expect(errors(results).map((r) => [r.field?.path, r.message])).toEqual([
      [
        'spec.endpoints[1].interval',
        'endpointPatches[1] (test /interval): the test failed: the endpoint has (unset), the patch expects "15s"; no operation of endpointPatches was applied to this endpoint',
      ],
    ]);
    expect(
      withCode(results, 'endpoint-patch')
        .filter((r) => r.severity === 'info')
        .map((r) => r.field?.path),
    ).toEqual(['spec.endpoints[0].scrapeTimeout']);
  });

  test.each<[string, JsonObject, string, string]>([
    [
      'add under a missing parent',
      { op: 'add', path: '/tlsConfig/serverName', value: 'x' },
      'spec.endpoints[0].tlsConfig.serverName',
      'the parent of the path does not exist in this endpoint',
    ],
    [
      'add past the end of a list',
      { op: 'add', path: '/relabelings/5', value: { action: 'drop' } },
      'spec.endpoints[0].relabelings[5]',
      'the list index is past the end of the list',
    ],
    [
      'a list index that is not a number',
      { op: 'add', path: '/relabelings/first', value: {} },
      'spec.endpoints[0].relabelings.first',
      'a list index in the path is not a number',
    ],
    [
      'copy from a missing field',
      { op: 'copy', from: '/interval', path: '/scrapeTimeout' },
      'spec.endpoints[0]',
      'the `from` path does not exist in this endpoint',
    ],
  ])('%s', (_name, operation, path, reason) => {
    const input = monitor('ServiceMonitor', { relabelings: [{ action: 'keep' }] });
    const { items, results } = run([input], { endpointPatches: [operation] });
    expect(items[0]).toBe(input);
    expect(errors(results)).toHaveLength(1);
    expect(errors(results)[0]?.field?.path).toBe(path);
    expect(errors(results)[0]?.message).toContain(`: ${reason}; no operation of endpointPatches was applied to this endpoint`);
  });
});

describe('endpointPatches: never outside the endpoint', () => {
  const escapes: Array<[string, JsonObject]> = [
    ['an absolute path written against the object', { op: 'add', path: '/spec/endpoints/1/interval', value: '1s' }],
    ['metadata', { op: 'add', path: '/metadata/labels/owned', value: 'yes' }],
    ['a parent step', { op: 'replace', path: '/../1/port', value: 'x' }],
    ['a parent step in from', { op: 'copy', from: '/../1/bearerTokenFile', path: '/bearerTokenFile' }],
    ['an absolute from', { op: 'move', from: '/spec/selector', path: '/selector' }],
    ['the endpoint itself (replace)', { op: 'replace', path: '', value: { port: 'x' } }],
    ['the endpoint itself (remove)', { op: 'remove', path: '' }],
    ['the endpoint itself as from', { op: 'copy', from: '', path: '/copy' }],
    ['the prototype', { op: 'add', path: '/__proto__/polluted', value: 'yes' }],
    ['constructor.prototype', { op: 'add', path: '/constructor/prototype/polluted', value: 'yes' }],
    ['a bad escape', { op: 'add', path: '/a~2b', value: 'x' }],
  ];

  test.each(escapes.filter(([, op]) => op.path !== '' && op.from !== ''))(
    'GIVEN %s THEN the config is refused (exit 3) naming the operation',
    (_name, operation) => {
      expect(() => run([two()], { endpointPatches: [operation] })).toThrow(ConfigError);
      try {
        run([two()], { endpointPatches: [operation] });
      } catch (error) {
        expect((error as ConfigError).problems[0]).toMatch(/^spec\.endpointPatches\[0\]\.(path|from): "/);
      }
    },
  );

  test.each(escapes)('GIVEN %s in a hand-built Config THEN every endpoint gets an error and nothing changes', (_name, operation) => {
    const input = two();
    const { items, results } = runUnchecked([input], { endpointPatches: [operation] });
    expect(items[0]).toBe(input);
    expect(errors(results).map((r) => [r.tags.code, r.field?.path])).toEqual([
      ['endpoint-patch', 'spec.endpoints[0]'],
      ['endpoint-patch', 'spec.endpoints[1]'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('GIVEN a path written against the whole object THEN the message says paths are relative', () => {
    const { results } = runUnchecked([two()], { endpointPatches: [{ op: 'add', path: '/spec/endpoints/0/interval', value: '1s' }] });
    expect(errors(results)[0]?.message).toBe(
      'endpointPatches[0] (add /spec/endpoints/0/interval): path "/spec/endpoints/0/interval" starts at the object\'s spec, but endpointPatches paths are relative to each endpoint (e.g. /interval, not /spec/endpoints/0/interval) and cannot reach outside it; no operation of endpointPatches was applied to this endpoint',
    );
  });

  test('GIVEN test on the empty path THEN it compares the whole endpoint (reading is allowed)', () => {
    const { results } = run([monitor('ServiceMonitor')], { endpointPatches: [{ op: 'test', path: '', value: { port: 'http', path: '/metrics' } }] });
    expect(errors(results)).toEqual([]);
  });

  test('parsePointer unescapes ~1 and ~0', () => {
    expect(parsePointer('/params/a~1b/c~0d')).toEqual(['params', 'a/b', 'c~d']);
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('interval')).toMatch(/must be a JSON pointer starting with "\/"/);
  });
});
