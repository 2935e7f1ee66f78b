/**
 * Static checks of examples/ and metadata.yaml (no external tools needed):
 * - every folder under examples/ is a kpt package: Kptfile (named like its folder) and README.md;
 * - Kptfile pipelines run `exec: secure-monitors` from PATH: kpt resolves a relative `exec:` against
 *   its own working directory, not the Kptfile's folder, so `./…` works only by accident;
 * - no folded block scalar (`>`, `>-`) in a file kpt reads: kpt rewrites them as one-line strings
 *   on every eval/render, even with a pass-through function, and the example's diff would show it;
 * - every function config (each fn-config.yaml, each SecureMonitors object) starts with the
 *   `# yaml-language-server: $schema=…` line, its path reaches schema/secure-monitors.schema.json,
 *   and the config loads;
 * - metadata.yaml lists exactly the example folders.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { isScalar, parse, parseAllDocuments, visit } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { REPO_ROOT } from './tools.js';

const EXAMPLES = join(REPO_ROOT, 'examples');
const SCHEMA = join(REPO_ROOT, 'schema', 'secure-monitors.schema.json');
const SCHEMA_LINE = /^# yaml-language-server: \$schema=(\S+)$/;

const examples = existsSync(EXAMPLES)
  ? readdirSync(EXAMPLES, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
  : [];

function walk(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '.expected' ? [] : walk(path, root);
    return [relative(root, path)];
  });
}

const isYaml = (file: string): boolean => /\.ya?ml$/.test(file) || file.endsWith('Kptfile');

/**
 * The files kpt reads in a package: YAML files minus `.krmignore` matches. Supports the patterns the
 * examples use (`dir/`, `file`, `/file`); a richer .krmignore needs a richer matcher here.
 */
function kptFiles(pkg: string): string[] {
  const ignoreFile = join(pkg, '.krmignore');
  const patterns = existsSync(ignoreFile)
    ? readFileSync(ignoreFile, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => l.replace(/^\//, ''))
    : [];
  const ignored = (file: string): boolean =>
    patterns.some((p) => (p.endsWith('/') ? file.startsWith(p) || file.includes(`/${p}`) : file === p || file.endsWith(`/${p}`)));
  return walk(pkg).filter((f) => isYaml(f) && !ignored(f));
}

function foldedScalars(text: string): string[] {
  const found: string[] = [];
  for (const doc of parseAllDocuments(text)) {
    visit(doc, {
      Pair(_, pair) {
        if (isScalar(pair.value) && pair.value.type === 'BLOCK_FOLDED') found.push(String(isScalar(pair.key) ? pair.key.value : pair.key));
      },
    });
  }
  return found;
}

/** Function config files: every fn-config.yaml and any YAML file holding a SecureMonitors object. */
function configFiles(): string[] {
  return walk(EXAMPLES)
    .filter((f) => /\.ya?ml$/.test(f))
    .filter((f) => {
      if (f.endsWith('fn-config.yaml')) return true;
      const docs = parseAllDocuments(readFileSync(join(EXAMPLES, f), 'utf8'));
      return docs.some((d) => (d.toJS() as { kind?: unknown } | null)?.kind === 'SecureMonitors');
    })
    .sort();
}

describe('examples/', () => {
  test('there are examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  // describe.each refuses an empty table; 'there are examples' reports that case.
  (examples.length > 0 ? describe.each(examples) : describe.skip.each(['(none)']))('examples/%s', (name) => {
    const pkg = join(EXAMPLES, name);

    test('is a kpt package: a Kptfile named like its folder, and a README.md', () => {
      expect(existsSync(join(pkg, 'README.md'))).toBe(true);
      expect(existsSync(join(pkg, 'Kptfile'))).toBe(true);
      const kptfile = parse(readFileSync(join(pkg, 'Kptfile'), 'utf8')) as { apiVersion: string; kind: string; metadata: { name: string } };
      expect({ apiVersion: kptfile.apiVersion, kind: kptfile.kind, name: kptfile.metadata.name }).toEqual({ apiVersion: 'kpt.dev/v1', kind: 'Kptfile', name });
    });

    test('Kptfile pipeline functions run secure-monitors from PATH (no relative exec path)', () => {
      if (!existsSync(join(pkg, 'Kptfile'))) return; // reported above
      const kptfile = parse(readFileSync(join(pkg, 'Kptfile'), 'utf8')) as { pipeline?: Record<string, Array<{ exec?: string; image?: string }>> };
      for (const fn of [...(kptfile.pipeline?.['mutators'] ?? []), ...(kptfile.pipeline?.['validators'] ?? [])]) {
        if (fn.exec !== undefined) expect(fn.exec).toBe('secure-monitors');
        else expect(fn.image).toMatch(/^ghcr\.io\/secure-monitors\/secure-monitors:v\d+\.\d+\.\d+$/);
      }
    });

    test('no folded block scalar (>) in a file kpt reads: kpt would rewrite it on every run', () => {
      const offenders = kptFiles(pkg).flatMap((f) => foldedScalars(readFileSync(join(pkg, f), 'utf8')).map((key) => `${f}: ${key}: >`));
      expect(offenders).toEqual([]);
    });
  });
});

describe('function configs in examples/ carry the schema line and load', () => {
  const files = existsSync(EXAMPLES) ? configFiles() : [];

  test('there are function configs', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  (files.length > 0 ? describe.each(files) : describe.skip.each(['(none)']))('examples/%s', (file) => {
    const path = join(EXAMPLES, file);
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';

    test('starts with "# yaml-language-server: $schema=…" pointing at schema/secure-monitors.schema.json', () => {
      const first = text.split('\n')[0] ?? '';
      const match = SCHEMA_LINE.exec(first);
      expect(match ? 'schema line' : first).toBe('schema line');
      expect(resolve(dirname(path), (match as RegExpExecArray)[1] as string)).toBe(SCHEMA);
    });

    test('is the typed form (the schema describes SecureMonitors, not the ConfigMap form) and loads', () => {
      const objects = parseAllDocuments(text).map((d) => d.toJS() as { apiVersion?: string; kind?: string });
      const configs = objects.filter((o) => o.kind === 'SecureMonitors');
      expect(configs).toHaveLength(objects.length);
      for (const config of configs) expect(() => loadConfig({ functionConfig: config })).not.toThrow();
    });
  });
});

describe('metadata.yaml', () => {
  const file = join(REPO_ROOT, 'metadata.yaml');
  const metadata = parse(readFileSync(file, 'utf8')) as {
    image: string;
    description: string;
    tags: string[];
    sourceURL: string;
    examplePackageURLs: string[];
    license: string;
  };

  test('has the catalog fields', () => {
    expect(metadata.image).toMatch(/^[a-z0-9.-]+\/[a-z0-9./-]+$/);
    expect(metadata.description.length).toBeGreaterThan(20);
    expect(metadata.tags).toEqual(expect.arrayContaining(['mutator', 'validator']));
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { license: string };
    expect(metadata.license).toBe(pkg.license);
    expect(existsSync(join(REPO_ROOT, metadata.sourceURL))).toBe(true);
  });

  test('lists exactly the example folders', () => {
    expect([...metadata.examplePackageURLs].sort()).toEqual(examples.map((e) => `examples/${e}`));
    for (const url of metadata.examplePackageURLs) expect(statSync(join(REPO_ROOT, url)).isDirectory()).toBe(true);
  });
});
