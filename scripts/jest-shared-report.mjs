// Jest globalTeardown: after every run, says plainly what ../shared provided and, on a clone without
// it, which tests were skipped for that (some of them fail instead under CI=true).
// The list is derived from the test sources (every `join(…, '..', 'shared', …)`), so it cannot drift.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** @param {string} dir @returns {string[]} */
function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? testFiles(path) : entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * @param {{ rootDir: string }} globalConfig
 * @param {{ testPathIgnorePatterns?: string[] }} projectConfig
 */
export default function sharedReport(globalConfig, projectConfig) {
  const root = globalConfig.rootDir;
  const ignored = (projectConfig.testPathIgnorePatterns ?? []).map((pattern) => new RegExp(pattern));
  /** @type {Map<string, Set<string>>} */
  const uses = new Map();
  for (const file of testFiles(join(root, 'test')).filter((f) => !ignored.some((pattern) => pattern.test(f)))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/'\.\.', 'shared', '([^']+)'/g)) {
      const what = `../shared/${match[1]}`;
      uses.set(what, (uses.get(what) ?? new Set()).add(relative(root, file)));
    }
  }
  const missing = [...uses].filter(([what]) => !existsSync(join(root, what)));
  if (missing.length === 0) {
    console.log(`\n../shared: present (${[...uses.keys()].sort().join(', ')}); nothing skipped for it.`);
    return;
  }
  console.log('\n../shared: absent parts; the tests reading them were SKIPPED (or ran without those inputs):');
  for (const [what, files] of missing.sort()) console.log(`  ${what}: ${[...files].sort().join(', ')}`);
}
