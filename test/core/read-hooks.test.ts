/**
 * The reader (src/io/) knows no kinds: which items it redacts and whose shape it checks as it reads
 * them come from the family registry (families.ts SENSITIVE_KINDS, SHAPE_CHECKS), declared by the
 * families (src/monitors.ts: Secrets, the monitor kinds).
 */
import { InputError } from '../../src/errors.js';
import { FAMILIES, READ_IN_FULL, SENSITIVE_KINDS, SHAPE_CHECKS } from '../../src/families.js';
import { readInput } from '../../src/io/read.js';
import { MONITOR_KINDS } from '../../src/kinds/index.js';

test('GIVEN the registry THEN Secrets are the one sensitive kind (data, stringData) and read in full, so the reader redacts them', () => {
  expect([...SENSITIVE_KINDS.keys()]).toEqual(['v1/Secret']);
  expect(SENSITIVE_KINDS.get('v1/Secret')?.fields).toEqual(['data', 'stringData']);
  for (const kind of SENSITIVE_KINDS.keys()) expect(READ_IN_FULL.has(kind)).toBe(true);
});

test("GIVEN the registry THEN every monitor kind, and nothing else, has its family's shape check", () => {
  expect([...SHAPE_CHECKS.keys()].sort()).toEqual(MONITOR_KINDS.map((k) => `${k.apiVersion}/${k.kind}`).sort());
  expect(FAMILIES.filter((family) => family.checkShape !== undefined).map((family) => family.name)).toEqual(['monitors']);
});

test('GIVEN a Secret and a monitor of the wrong shape THEN the reader redacts the one and refuses the other, through the hooks', () => {
  const secret = readInput('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {token: hunter2}\n');
  expect(secret.items[0]?.object.stringData).toEqual({ token: '' });
  const monitor = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: n}\nspec: {endpoints: {port: web}}\n';
  expect(() => readInput(monitor, 'in.yaml')).toThrow(new InputError('ServiceMonitor n/m: spec.endpoints must be a list'));
  // The same kind under another apiVersion is not a monitor: no family checks it.
  expect(readInput(monitor.replace('monitoring.coreos.com/v1', 'example.com/v1')).items).toHaveLength(1);
});
