import { globMatch, isEndpointSelected, isSelected, matchesLabelSelector } from '../../src/select.js';
import { config, monitorOf, selectApp, serviceMonitor } from '../helpers.js';

describe('globMatch', () => {
  test.each([
    ['*-metrics-monitor', 'project-controller-manager-metrics-monitor', true],
    ['*-metrics-monitor', 'metrics-monitor', false],
    ['app-?', 'app-1', true],
    ['app-?', 'app-12', false],
    ['a.b', 'axb', false],
    ['exact', 'exact', true],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a*', 'a', true],
    ['*a*b', 'xaxb', true],
    ['*a*b', 'xaxbx', false],
    ['a**?', 'ab', true],
    ['a**?', 'a', false],
    ['?*?', 'ab', true],
    ['[a]', '[a]', true],
    ['(x|y)+', '(x|y)+', true],
  ])('%s vs %s → %s', (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });

  // F2: as a backtracking regex this pattern took 42 s on a 40-character name, doubling per `*a`.
  test('a pattern of many stars against a long name that does not match takes linear time', () => {
    const started = process.hrtime.bigint();
    expect(globMatch('*a'.repeat(200) + '*b', 'a'.repeat(5000))).toBe(false);
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(40))).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });

  test('agrees with the obvious regex on every short pattern and name over {a, b, *, ?}', () => {
    const words = (alphabet: string, max: number): string[] => {
      const out = [''];
      for (let length = 1, layer = ['']; length <= max; length++) {
        layer = layer.flatMap((w) => [...alphabet].map((c) => w + c));
        out.push(...layer);
      }
      return out;
    };
    const names = words('ab', 5);
    for (const pattern of words('ab*?', 4)) {
      const regex = new RegExp(`^${pattern.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      for (const name of names) expect([pattern, name, globMatch(pattern, name)]).toEqual([pattern, name, regex.test(name)]);
    }
  });
});

describe('matchesLabelSelector', () => {
  const labels = { app: 'web', tier: 'frontend' };
  test('GIVEN an empty selector THEN everything matches (Kubernetes semantics)', () => {
    expect(matchesLabelSelector({}, labels)).toBe(true);
  });
  test('matchLabels must all match', () => {
    expect(matchesLabelSelector({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: 'web', tier: 'db' } }, labels)).toBe(false);
  });
  test.each([
    [{ key: 'tier', operator: 'In', values: ['frontend', 'x'] }, true],
    [{ key: 'tier', operator: 'In', values: ['db'] }, false],
    [{ key: 'tier', operator: 'NotIn', values: ['db'] }, true],
    [{ key: 'missing', operator: 'NotIn', values: ['db'] }, true],
    [{ key: 'app', operator: 'Exists' }, true],
    [{ key: 'missing', operator: 'Exists' }, false],
    [{ key: 'missing', operator: 'DoesNotExist' }, true],
    [{ key: 'app', operator: 'DoesNotExist' }, false],
    [{ key: 'app', operator: 'Bogus' }, false],
  ])('matchExpressions %j → %s', (expression, expected) => {
    expect(matchesLabelSelector({ matchExpressions: [expression] }, labels)).toBe(expected);
  });
});

describe('isSelected', () => {
  const sm = serviceMonitor('project-metrics-monitor', 'system', { selector: selectApp('project-metrics-monitor'), endpoints: [] }, { labels: { team: 'a' } });
  test('defaults select every monitor kind', () => {
    const select = config({}).select;
    expect(isSelected(sm, select)).toBe(true);
    expect(isSelected(monitorOf('Probe', 'p', 'ns', {}), select)).toBe(true);
  });
  test('kinds, names, namespaces and labelSelector are ANDed', () => {
    expect(isSelected(sm, config({ select: { kinds: ['PodMonitor'] } }).select)).toBe(false);
    expect(isSelected(sm, config({ select: { names: ['*-metrics-monitor'], namespaces: ['system'] } }).select)).toBe(true);
    expect(isSelected(sm, config({ select: { names: ['*-metrics-monitor'], namespaces: ['other'] } }).select)).toBe(false);
    expect(isSelected(sm, config({ select: { labelSelector: { matchLabels: { team: 'a' } } } }).select)).toBe(true);
    expect(isSelected(sm, config({ select: { labelSelector: { matchLabels: { team: 'b' } } } }).select)).toBe(false);
  });
});

describe('isEndpointSelected', () => {
  test('no ports filter selects every endpoint', () => {
    expect(isEndpointSelected({ path: [], value: {}, port: undefined }, [], false)).toBe(true);
  });
  test('the filter matches port, and targetPort when port is absent (the kind decides what "port" is)', () => {
    expect(isEndpointSelected({ path: [], value: {}, port: 'https' }, ['https'], false)).toBe(true);
    expect(isEndpointSelected({ path: [], value: {}, port: '8443' }, ['8443'], false)).toBe(true);
    expect(isEndpointSelected({ path: [], value: {}, port: 'http' }, ['https'], false)).toBe(false);
    expect(isEndpointSelected({ path: [], value: {}, port: undefined }, ['https'], false)).toBe(false);
  });
  test('spec-level kinds (Probe, ScrapeConfig) ignore the ports filter', () => {
    expect(isEndpointSelected({ path: ['spec'], value: {}, port: undefined }, ['https'], true)).toBe(true);
  });
});
