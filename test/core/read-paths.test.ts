/**
 * A YAML ResourceList is read one entry at a time when it is plain (readListByItem), and whole
 * otherwise. The two ways must give the same items and the same errors: the fast way may only
 * decline (and leave the input to the whole read), never read differently.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { InputError } from '../../src/errors.js';
import { readInput } from '../../src/io/read.js';

const ROOT = process.cwd();

function files(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (dir: string, name: string): void => {
    const file = join(dir, name);
    if (existsSync(file)) out.push([file.slice(ROOT.length + 1), readFileSync(file, 'utf8')]);
  };
  for (const dir of ['test/fuzz/corpus', 'test/corpus']) for (const name of readdirSync(join(ROOT, dir))) add(join(ROOT, dir), name);
  for (const dir of readdirSync(join(ROOT, 'test', 'golden'))) add(join(ROOT, 'test', 'golden', dir), 'resources.yaml');
  for (const dir of readdirSync(join(ROOT, 'examples'))) add(join(ROOT, 'examples', dir), 'resources.yaml');
  return out;
}

/** A stream's documents as one ResourceList (its entries printed by yaml, then indented as `- ` entries). */
function asResourceList(text: string): string | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length < 2 || docs.some((d) => d.errors.length > 0 || d.contents === null)) return undefined;
  const entries = docs.map((d) => {
    const printed = d
      .toString({ lineWidth: 0 })
      .replace(/^---\n/, '')
      .trimEnd();
    return `${printed.replace(/^/gm, '  ').replace(/^ {2}/, '- ')}\n`;
  });
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${entries.join('')}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data: {a: b}\n`;
}

function outcome(text: string, byItem: boolean): unknown {
  try {
    const input = readInput(text, 'in.yaml', { byItem });
    return {
      shape: input.shape,
      format: input.format,
      functionConfig: input.functionConfig,
      items: input.items.map((item) => ({ object: item.object, full: item.full, range: item.node.range })),
    };
  } catch (error) {
    if (error instanceof InputError) return { error: error.message, location: error.location };
    throw error;
  }
}

const inputs: Array<[string, string]> = [];
for (const [name, text] of files()) {
  inputs.push([name, text]);
  const list = asResourceList(text);
  if (list !== undefined) {
    inputs.push([`${name} as a ResourceList`, list]);
    // Errors the entry-by-entry read must report as the whole read does (or leave to it).
    const lines = list.split('\n');
    const at = Math.floor(lines.length / 2);
    inputs.push([
      `${name} as a ResourceList, a duplicate key`,
      [...lines.slice(0, at), `${/^ */.exec(lines[at] ?? '')?.[0] ?? ''}kind: X`, ...lines.slice(at)].join('\n'),
    ]);
    inputs.push([`${name} as a ResourceList, an unclosed flow map`, [...lines.slice(0, at), '  - {a: [', ...lines.slice(at)].join('\n')]);
    inputs.push([`${name} as a ResourceList, an entry without kind`, list.replace(/\n {2}kind: [^\n]*/, '')]);
  }
}

test('there are ResourceLists the fast way reads (its items drop their trees: `release`)', () => {
  const fast = inputs.filter(([, text]) => {
    try {
      return readInput(text, 'in.yaml').items.some((item) => item.release !== undefined && readInput(text, 'in.yaml').shape === 'resourceList');
    } catch {
      return false;
    }
  });
  expect(fast.length).toBeGreaterThan(20);
});

test.each(inputs)('%s: the same items and errors read entry by entry and whole', (_, text) => {
  expect(outcome(text, true)).toEqual(outcome(text, false));
});
