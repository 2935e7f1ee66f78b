import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INPUT_RULES, RULES } from '../../src/checks/index.js';

/** Reported outside RULES: src/tls.ts emits it while resolving `serverName: auto`. */
const EMITTED_BY_APPLY = ['server-name-unresolved'];
const ruleCodes = [...new Set([...RULES, ...INPUT_RULES].map((r) => r.code))];

describe('the rule registry', () => {
  test('every rule has a code of its own and a one-line description', () => {
    expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
    for (const rule of [...RULES, ...INPUT_RULES]) {
      expect(rule.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.description).not.toMatch(/\n/);
      expect(rule.description.length).toBeGreaterThan(10);
    }
  });

  test('every code has its own test file here', () => {
    for (const code of [...ruleCodes, ...EMITTED_BY_APPLY]) expect(existsSync(join(process.cwd(), 'test', 'checks', `${code}.test.ts`))).toBe(true);
  });

  // The code table of ../shared/SPEC.md (§4) is the contract; it lives beside the repository when the project is checked out whole.
  const spec = join(process.cwd(), '..', 'shared', 'SPEC.md');
  (existsSync(spec) ? test : test.skip)('every code of SPEC §4 is a rule (or emitted by apply)', () => {
    const section = readFileSync(spec, 'utf8').split('## 4.')[1]?.split('## 5.')[0] ?? '';
    const specCodes = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(specCodes.length).toBeGreaterThan(10);
    for (const code of specCodes) expect([...ruleCodes, ...EMITTED_BY_APPLY]).toContain(code);
  });
});
