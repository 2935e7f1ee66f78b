/**
 * Golden cases: test/golden/<case>/{resources.yaml, config.yaml, expected.yaml, results.yaml}, and
 * `exit-code` where the case is about the gate (the exit code the CLI gives, under the config's failOn).
 * A reviewer reads the folder, not the code. Regenerate with UPDATE_GOLDEN=1 and review the diff.
 * Every case is also run a second time over its own output: nothing may change.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/load.js';
import { readInput } from '../src/io/read.js';
import { stringifyResults } from '../src/io/results-file.js';
import { writeOutput } from '../src/io/write.js';
import { failsGate } from '../src/results.js';
import { transform } from '../src/transform.js';

const root = join(process.cwd(), 'test', 'golden');
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const update = process.env.UPDATE_GOLDEN === '1';

function runCase(resources: string, configText: string | undefined): { output: string; results: string; changes: number; exitCode: string } {
  const input = readInput(resources, 'resources.yaml');
  const config = loadConfig({ functionConfig: input.functionConfig, file: configText === undefined ? undefined : parse(configText) });
  const { items, results } = transform(
    input.items.map((i) => i.object),
    config,
  );
  const changes = items.filter((item, i) => item !== input.items[i]?.object).length;
  return { output: writeOutput(input, items, []), results: stringifyResults(results), changes, exitCode: `${failsGate(results, config.failOn) ? 1 : 0}\n` };
}

test('there are golden cases', () => {
  expect(cases.length).toBeGreaterThan(0);
});

describe.each(cases)('golden case %s', (name) => {
  const dir = join(root, name);
  const read = (file: string): string | undefined => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined);
  const resources = read('resources.yaml') as string;
  const configText = read('config.yaml');

  test('output and results match expected.yaml and results.yaml', () => {
    const { output, results, exitCode } = runCase(resources, configText);
    const gate = read('exit-code') !== undefined;
    if (update) {
      writeFileSync(join(dir, 'expected.yaml'), output);
      writeFileSync(join(dir, 'results.yaml'), results);
      if (gate) writeFileSync(join(dir, 'exit-code'), exitCode);
    }
    expect(output).toBe(read('expected.yaml'));
    expect(results).toBe(read('results.yaml'));
    if (gate) expect(exitCode).toBe(read('exit-code'));
  });

  test('a second run over the output changes nothing', () => {
    const first = runCase(resources, configText);
    const second = runCase(first.output, configText);
    expect(second.output).toBe(first.output);
    expect(second.changes).toBe(0);
  });
});
