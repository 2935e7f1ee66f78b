/**
 * `--results-format sarif` (README "Results and exit codes"): valid against the SARIF 2.1.0 JSON schema as shipped in a
 * registry package (@microsoft/jest-sarif's lib/schemas/sarif-2.1.0-rtm.5.json, a draft-04 schema:
 * validated with ajv-draft-04), one rule per code with its help text, each result at the file and line
 * of its field. Golden file in test/sarif/ (UPDATE_GOLDEN=1 to regenerate, then review).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli.js';
import { codeHelp } from '../../src/codes.js';
import { parseFieldPath } from '../../src/io/locate.js';

const require = createRequire(import.meta.url);

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; shortDescription: { text: string }; help: { text: string } }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations?: Array<{
        physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
        logicalLocations?: Array<{ fullyQualifiedName: string }>;
      }>;
      properties?: Record<string, unknown>;
    }>;
  }>;
}

function schemaValidator(): (log: unknown) => string[] {
  // The schema as the package ships it; nothing copied into this repository.
  const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
  const Ajv = require('ajv-draft-04') as new (options: object) => {
    addFormat(name: string, check: ((value: string) => boolean) | true): void;
    compile(schema: object): ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
  };
  // unicodeRegExp: false — the schema's `language` pattern is not a valid unicode-mode regexp.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (value) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value) => URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value) => !Number.isNaN(Date.parse(value)));
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

async function cli(args: string[], stdin = '', env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const input = Readable.from([Buffer.from(stdin)]) as unknown as NodeJS.ReadStream;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await main(args, { stdin: input, stdout, stderr, env });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

const EXAMPLE = 'examples/kubebuilder/rendered.yaml';
const validate = schemaValidator();

async function sarifOf(args: string[], stdin = ''): Promise<{ log: SarifLog; text: string; code: number }> {
  const file = join(mkdtempSync(join(tmpdir(), 'sm-sarif-')), 'results.sarif');
  const run = await cli([...args, '--results', file, '--results-format', 'sarif'], stdin);
  const text = readFileSync(file, 'utf8');
  return { log: JSON.parse(text) as SarifLog, text, code: run.code };
}

/** 1-based line of the first line matching `pattern` at or after the line matching `after`. */
function lineOf(text: string, after: RegExp, pattern: RegExp): number {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => after.test(l));
  return lines.findIndex((l, i) => i >= from && pattern.test(l)) + 1;
}

describe('SARIF 2.1.0', () => {
  test('the schema check itself rejects what is not SARIF 2.1.0', () => {
    expect(validate({ version: '2.1.0', runs: [] })).toEqual([]);
    expect(validate({ version: '2.0.0', runs: [] })).not.toEqual([]);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).not.toEqual([]);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'info' }] }] })).not.toEqual([]);
  });

  test('the example: valid, one rule per code with help, results at the file and line of their field (golden)', async () => {
    const { log, text, code } = await sarifOf(['-i', EXAMPLE, '-f', 'examples/kubebuilder/fn-config.yaml']);
    expect(code).toBe(0);
    expect(validate(log)).toEqual([]);
    // The golden holds the results and the log's frame; the rules list (every code, growing with
    // each new check) is compared with codeHelp() below instead, so adding a rule does not move it.
    const framed = JSON.parse(text) as {
      runs: Array<{
        tool: { driver: { version: string; rules: Array<{ id: string }> | string } };
        results: Array<{ ruleId: string; ruleIndex: number | string }>;
      }>;
    };
    for (const r of framed.runs) {
      r.tool.driver.version = 'VERSION';
      for (const result of r.results) {
        expect((r.tool.driver.rules as Array<{ id: string }>)[result.ruleIndex as number]?.id).toBe(result.ruleId);
        result.ruleIndex = 'index of ruleId';
      }
      r.tool.driver.rules = `${r.tool.driver.rules.length} rules: see codeHelp()`;
    }
    const shown = JSON.stringify(framed, null, 2).replace(/"\d+ rules: see codeHelp\(\)"/, '"… rules: see codeHelp()"') + '\n';
    const file = join('test', 'sarif', 'kubebuilder.sarif.json');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, shown);
    if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npm run jest -- test/core/sarif.test.ts and review it`);
    expect(shown).toBe(readFileSync(file, 'utf8'));

    const run = log.runs[0] as SarifLog['runs'][number];
    const help = codeHelp();
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([...help.keys()]);
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text).toBe(help.get(rule.id));
      expect(rule.help.text.startsWith(help.get(rule.id) as string)).toBe(true);
    }
    const source = readFileSync(EXAMPLE, 'utf8');
    const monitor = /^kind: ServiceMonitor$/;
    const warning = run.results.find((r) => r.ruleId === 'file-credentials');
    expect(warning?.level).toBe('warning');
    expect(run.tool.driver.rules[warning?.ruleIndex ?? -1]?.id).toBe('file-credentials');
    expect(warning?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: EXAMPLE },
      region: { startLine: lineOf(source, monitor, /^ {2}- bearerTokenFile:/), startColumn: 5 },
    });
    expect(warning?.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName).toBe(
      'monitoring.coreos.com/v1/ServiceMonitor/shop-operator-system/shop-operator-controller-manager-metrics-monitor spec.endpoints[0].bearerTokenFile',
    );
    // A replaced value: at its own key. A field apply adds (serverName): at its nearest existing parent.
    const replaced = run.results.find((r) => r.properties?.['field'] === 'spec.endpoints[0].tlsConfig.insecureSkipVerify');
    expect(replaced?.level).toBe('note');
    expect(replaced?.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: lineOf(source, monitor, /^ {6}insecureSkipVerify: true/), startColumn: 7 });
    const added = run.results.find((r) => r.ruleId === 'server-name');
    expect(added?.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: lineOf(source, monitor, /^ {4}tlsConfig:/), startColumn: 5 });
  });

  test('kpt items: the file from their path annotation, lines counted in that file', async () => {
    const monitor = readFileSync(EXAMPLE, 'utf8')
      .split(/^---\n/m)
      .find((d) => d.includes('kind: ServiceMonitor')) as string;
    const annotated = monitor.replace(/^metadata:\n/m, "metadata:\n  annotations:\n    internal.config.kubernetes.io/path: 'monitoring/monitor.yaml'\n");
    const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- ${annotated.trimEnd().split('\n').join('\n  ')}\nfunctionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: function-input}\n  data: {insecure-skip-verify: 'false'}\n`;
    const { log } = await sarifOf([], list);
    expect(validate(log)).toEqual([]);
    const result = log.runs[0]?.results.find((r) => r.properties?.['field'] === 'spec.endpoints[0].tlsConfig.insecureSkipVerify' && r.level === 'note');
    expect(result?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'monitoring/monitor.yaml' },
      region: { startLine: lineOf(annotated, /^apiVersion/, /^ {6}insecureSkipVerify: true/), startColumn: 7 },
    });
  });

  test('stdin without annotations: no file to point at, so a logical location only; still valid', async () => {
    const { log } = await sarifOf(['-f', 'examples/kubebuilder/fn-config.yaml'], readFileSync(EXAMPLE, 'utf8'));
    expect(validate(log)).toEqual([]);
    const results = log.runs[0]?.results ?? [];
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.locations?.[0]?.physicalLocation).toBeUndefined();
      expect(r.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName).toMatch(/^monitoring\.coreos\.com\/v1\/ServiceMonitor\//);
    }
  });

  test('a run that fails before it has results still writes why (unusable input, invalid config), valid SARIF', async () => {
    const broken = await sarifOf([], 'apiVersion: v1\nkind: [\n');
    expect(broken.code).toBe(1);
    expect(validate(broken.log)).toEqual([]);
    expect(broken.log.runs[0]?.results.map((r) => [r.ruleId, r.level])).toEqual([['unusable-input', 'error']]);
    const config = await sarifOf(['-d', 'server-nam=auto'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    expect(config.code).toBe(3);
    expect(config.log.runs[0]?.results[0]?.message.text).toContain('server-nam');
  });

  test('--results-format: unknown value, or without a results file: exit 3', async () => {
    expect((await cli(['--results-format', 'json', '--results', 'x'], '')).code).toBe(3);
    const alone = await cli(['--results-format', 'sarif'], '');
    expect(alone.code).toBe(3);
    expect(alone.stderr).toContain('--results-format needs --results FILE (or SECURE_MONITORS_RESULTS=FILE)');
  });

  test('SECURE_MONITORS_RESULTS names the results file when --results is not given', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sm-env-')), 'r.yaml');
    const run = await cli(['-i', EXAMPLE, '-f', 'examples/kubebuilder/fn-config.yaml'], '', { SECURE_MONITORS_RESULTS: file });
    expect(run.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('code: file-credentials');
  });

  test('field paths parse back into segments', () => {
    expect(parseFieldPath('spec.endpoints[0].tlsConfig.serverName')).toEqual(['spec', 'endpoints', 0, 'tlsConfig', 'serverName']);
    expect(parseFieldPath('metadata.annotations["a.b/c"]')).toEqual(['metadata', 'annotations', 'a.b/c']);
    expect(parseFieldPath('spec..x')).toBeUndefined();
  });
});
