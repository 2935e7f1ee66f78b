/**
 * The structure drawn from imports is one descent: every module of src/ sits in a layer, and a module
 * imports only from its own layer or the layers below (type-only imports count too: they are
 * dependencies of the design). The graph is derived from the sources on every run, so an upward
 * edge fails here: move the code it needs down (as hasChanges moved from config/load.ts into
 * monitors.ts), or the importer up. A new module needs a line in LAYERS.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const SRC = join(process.cwd(), 'src');

/** Lowest first. A path is matched by its longest prefix here (a folder ends with `/`). */
const LAYERS: ReadonlyArray<readonly string[]> = [
  // Plain data and text: no domain, no I/O; the config's types (every family's section).
  [
    'types.ts',
    'errors.ts',
    'path.ts',
    'format.ts',
    'suggest.ts',
    'placeholders.ts',
    'redact.ts',
    'draft.ts',
    'config/types.ts',
    'keda/config.ts',
    'keda/kinds.ts',
  ],
  // Results, the monitor kinds, the pinned schemas, the generic accessors and selection, one field change.
  ['results.ts', 'kinds/', 'schema/', 'select.ts', 'change.ts'],
  // The input index, built once per run.
  ['index/', 'cluster.ts'],
  // What a family does to one object: steps, target evidence, rules, generated items.
  ['servername.ts', 'steps.ts', 'patches.ts', 'tls.ts', 'auth.ts', 'target/', 'checks/', 'generate.ts', 'proposed.ts', 'keda/'],
  // The families and their registry; every code's help line.
  ['monitors.ts', 'keda/family.ts', 'family.ts', 'families.ts', 'codes.ts'],
  // Loading the config: it validates every family's section (kinds from the registry, patches' pointers).
  ['config/'],
  // The pure core over all items.
  ['transform.ts'],
  // Text in, text out.
  ['io/'],
  ['process.ts'],
  ['cli.ts', 'index.ts'],
];

function layerOf(file: string): number {
  let best = -1;
  let bestLength = -1;
  LAYERS.forEach((prefixes, layer) => {
    for (const prefix of prefixes) {
      const matches = prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix;
      if (matches && prefix.length > bestLength) [best, bestLength] = [layer, prefix.length];
    }
  });
  return best;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import and re-export of every module: `importer → imported`, paths relative to src/. */
function importEdges(): string[] {
  const edges = new Set<string>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms)) {
      const target = normalize(join(dirname(file), (match[1] as string).replace(/\.js$/, '.ts')));
      edges.add(`${relative(SRC, file)} → ${relative(SRC, target)}`);
    }
  }
  return [...edges].sort();
}

const edges = importEdges();

test('the graph is derived from the sources (a parser that finds nothing would pass vacuously)', () => {
  expect(edges.length).toBeGreaterThan(300);
  expect(edges).toContain('cli.ts → process.ts');
});

test('every module of src/ has a layer', () => {
  const files = sources(SRC).map((file) => relative(SRC, file));
  expect(files.filter((file) => layerOf(file) < 0)).toEqual([]);
});

test('no import goes to a higher layer', () => {
  const upward = edges.filter((edge) => {
    const [from, to] = edge.split(' → ') as [string, string];
    return layerOf(to) > layerOf(from);
  });
  expect(upward).toEqual([]);
  // The check can fail: the edges the issue found going the wrong way would, were they back.
  expect(layerOf('config/types.ts')).toBeLessThan(layerOf('patches.ts'));
  expect(layerOf('monitors.ts')).toBeLessThan(layerOf('config/load.ts'));
});

/**
 * io/ turns text into items and items into text, and knows no kinds: what it does with an item of a
 * kind (read it in full or in part, redact its values, check its shape) it asks the family registry
 * (families.ts: READ_IN_FULL, READ_IN_PART, SENSITIVE_KINDS, SHAPE_CHECKS). Beyond that it imports
 * only plain data and text, and results (a result's file and resource). A rule stricter than the
 * layers, which would let it reach kinds/, index/ or a family's rules directly.
 */
const IO_IMPORTS = ['io/', 'types.ts', 'errors.ts', 'path.ts', 'format.ts', 'results.ts', 'families.ts'];

function ioMayImport(file: string): boolean {
  return IO_IMPORTS.some((prefix) => (prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix));
}

test('io/ knows no kinds: it reaches the domain only through the family registry', () => {
  const io = edges.filter((edge) => edge.startsWith('io/'));
  expect(io.length).toBeGreaterThan(20);
  expect(io.filter((edge) => !ioMayImport(edge.split(' → ')[1] as string))).toEqual([]);
  // The check can fail: the imports io/read.ts had before the registry declared redaction and shape checks.
  expect(['kinds/index.ts', 'index/web-config.ts', 'monitors.ts', 'keda/kinds.ts'].filter(ioMayImport)).toEqual([]);
});
