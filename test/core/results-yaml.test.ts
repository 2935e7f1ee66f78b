import fc from 'fast-check';
import { Document } from 'yaml';
import { printResultsYaml, printResultsYamlPieces, RESULTS_YAML } from '../../src/io/results-yaml.js';
import { stringifyResults } from '../../src/io/results-file.js';
import type { Json, Result } from '../../src/types.js';

/** The reference: the yaml package printing the whole list. */
function byYaml(results: readonly Result[]): string {
  return new Document(results, { aliasDuplicateObjects: false }).toString(RESULTS_YAML).replace(/\n$/, '');
}

// Texts that make yaml quote, escape, fold into block scalars or read as other types.
const awkward = fc.constantFrom(
  '',
  ' ',
  'true',
  'False',
  'null',
  '~',
  'yes',
  'no',
  'on',
  '0',
  '1.5',
  '-1',
  '0x1F',
  '1e3',
  '.inf',
  '.nan',
  '2026-11-24',
  'a: b',
  'a #b',
  '#x',
  '- x',
  '-',
  '?',
  '? x',
  ':',
  'x:',
  '[a]',
  '{a}',
  '*ref',
  '&anchor',
  '!tag',
  '%YAML',
  '@at',
  '`tick',
  "it's",
  'say "hi"',
  `both ' and "`,
  'back\\slash',
  'tab\there',
  'line\nbreak',
  'two\n\nlines',
  'trailing ',
  ' leading',
  'unicode é 漢字 😀',
  '\u0007bell',
  '\u00a0nbsp',
  'https://example.com/a?b=c#d',
  'spec.endpoints[0].tlsConfig',
  '${VAR}',
  '|',
  '>',
);
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }), awkward);
const key = fc.oneof(fc.constantFrom('name', 'key', 'secret', 'type', 'credentials', 'a b', 'true', '1', '', 'x:y', 'null', 'long key with spaces'), text);
const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const result: fc.Arbitrary<Result> = fc.record(
  {
    message: text,
    severity: fc.constantFrom('error', 'warning', 'info'),
    resourceRef: fc.record({ apiVersion: text, kind: text, name: text, namespace: text }, { requiredKeys: ['apiVersion', 'kind', 'name'] }),
    field: fc.record({ path: text, currentValue: json, proposedValue: json }, { requiredKeys: ['path'] }),
    file: fc.record({ path: text, index: fc.integer({ min: 0, max: 99 }) }, { requiredKeys: ['path'] }),
    tags: fc.record({ code: text }),
  },
  { requiredKeys: ['message', 'severity', 'tags'] },
);

describe('printResultsYaml writes what the yaml package writes', () => {
  test('on generated results (awkward texts, nested values, optional fields)', () => {
    fc.assert(
      fc.property(fc.array(result, { minLength: 1, maxLength: 4 }), (results) => {
        expect(printResultsYaml(results)).toBe(byYaml(results));
      }),
      { seed: 20_261_124, numRuns: Number(process.env['FC_RUNS'] ?? 1500) },
    );
  });

  test('on the results a run really produces (shared values repeat, so the caches are hit)', () => {
    const ref = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', name: 'm', namespace: 'ns' };
    const results: Result[] = [];
    for (let i = 0; i < 3; i++) {
      results.push(
        {
          message: `set serverName to m.ns.svc: the DNS name of Service m`,
          severity: 'info',
          resourceRef: ref,
          field: { path: `spec.endpoints[${i}].tlsConfig.serverName`, proposedValue: 'm.ns.svc' },
          tags: { code: 'server-name' },
        },
        {
          message: 'set ca to {secret: {name: metrics-server-cert, key: ca.crt}}',
          severity: 'info',
          resourceRef: ref,
          field: { path: `spec.endpoints[${i}].tlsConfig.ca`, proposedValue: { secret: { name: 'metrics-server-cert', key: 'ca.crt' } } },
          tags: { code: 'tls' },
        },
        {
          message: 'replace insecureSkipVerify: true → false',
          severity: 'warning',
          resourceRef: ref,
          field: { path: `spec.endpoints[${i}].tlsConfig.insecureSkipVerify`, currentValue: true, proposedValue: false },
          file: { path: 'monitor.yaml', index: 0 },
          tags: { code: 'tls' },
        },
        {
          message: 'relabelings',
          severity: 'info',
          field: { path: 'x', proposedValue: [{ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' }, 'plain', [], {}] },
          tags: { code: 'endpoint-patch' },
        },
      );
    }
    expect(printResultsYaml(results)).toBe(byYaml(results));
  });

  test('in pieces (a ResourceList writes them one by one): joined with newlines, the same text', () => {
    fc.assert(
      fc.property(fc.array(result, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 13 }), (results, size) => {
        const pieces = printResultsYamlPieces(results, size);
        expect(pieces.length).toBe(Math.ceil(results.length / size));
        expect(pieces.join('\n')).toBe(byYaml(results));
      }),
      { seed: 20_261_202, numRuns: Number(process.env['FC_RUNS'] ?? 300) },
    );
  });

  test('--results FILE: the same text with a final newline; no results is `[]`', () => {
    const one: Result[] = [{ message: 'm', severity: 'error', tags: { code: 'c' } }];
    expect(stringifyResults(one)).toBe(new Document(one).toString(RESULTS_YAML));
    expect(stringifyResults([])).toBe('[]\n');
  });
});
