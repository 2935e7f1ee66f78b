/**
 * Golden cases: test/golden/<case>/{resources.yaml, config.yaml, expected.yaml, results.yaml}, and
 * `exit-code` where the case is about the gate (the exit code the CLI gives, under the config's failOn).
 * A reviewer reads the folder, not the code. Regenerate with UPDATE_GOLDEN=1 and review the diff.
 *
 * Each case runs through processText, the path the CLI takes (read, config, transform item by item,
 * print): expected.yaml is what the CLI writes to stdout, which for a stream that fails the gate is
 * nothing at all (so `| kubectl apply` applies nothing). `expected.diff` is `--diff`'s output: what
 * apply changes, also where the gate keeps stdout empty; no such file means apply changes nothing.
 * Every case that writes output is run a second time over it: nothing may change.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { stringifyResults } from '../src/io/results-file.js';
import { processText } from '../src/process.js';

const root = join(process.cwd(), 'test', 'golden');
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const update = process.env.UPDATE_GOLDEN === '1';

interface Outcome {
  output: string;
  diff: string;
  results: string;
  exitCode: string;
}

function runCase(resources: string, configText: string | undefined): Outcome {
  const configObject: unknown = configText === undefined ? undefined : parse(configText);
  const options = { filename: 'resources.yaml', ...(configObject === undefined ? {} : { configObject }) };
  const run = processText(resources, options);
  const diff = processText(resources, { ...options, diff: true }).diff ?? '';
  return { output: run.output, diff, results: stringifyResults(run.results), exitCode: `${run.exitCode}\n` };
}

test('there are golden cases', () => {
  expect(cases.length).toBeGreaterThan(0);
});

let rerun = 0;

describe.each(cases)('golden case %s', (name) => {
  const dir = join(root, name);
  const read = (file: string): string | undefined => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined);
  const resources = read('resources.yaml') as string;
  const configText = read('config.yaml');

  test('stdout, --diff and results match expected.yaml, expected.diff and results.yaml', () => {
    const { output, diff, results, exitCode } = runCase(resources, configText);
    const gate = read('exit-code') !== undefined;
    if (update) {
      writeFileSync(join(dir, 'expected.yaml'), output);
      if (diff === '') rmSync(join(dir, 'expected.diff'), { force: true });
      else writeFileSync(join(dir, 'expected.diff'), diff);
      writeFileSync(join(dir, 'results.yaml'), results);
      if (gate) writeFileSync(join(dir, 'exit-code'), exitCode);
    }
    expect(output).toBe(read('expected.yaml'));
    expect(diff).toBe(read('expected.diff') ?? '');
    expect(results).toBe(read('results.yaml'));
    if (gate) expect(exitCode).toBe(read('exit-code'));
  });

  test('a second run over the output changes nothing', () => {
    const first = runCase(resources, configText);
    if (first.output === '') {
      // Only the gate writes nothing (expected.diff shows what apply would change).
      expect(first.exitCode).toBe('1\n');
      return;
    }
    rerun++;
    const second = runCase(first.output, configText);
    // No item changes and none is added (a ResourceList's output differs only in its results).
    expect(second.diff).toBe('');
    if (!/^results:/m.test(first.output)) expect(second.output).toBe(first.output);
  });
});

afterAll(() => {
  // Vacuity: the cases that pass the gate (11 when this was written) are all run twice.
  expect(rerun).toBeGreaterThanOrEqual(11);
});
