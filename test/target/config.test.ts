import { ConfigError } from '../../src/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { hasChanges } from '../../src/monitors.js';

const typed = (spec: unknown): unknown => ({ apiVersion: 'fn.secure-monitors.dev/v1alpha1', kind: 'SecureMonitors', metadata: { name: 'x' }, spec });
const problems = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('no ConfigError');
};

describe('config: who may scrape (README "Who may scrape")', () => {
  test('GIVEN the shorthands scraper, bind-scraper and file-credentials=migrate THEN the typed fields', () => {
    const config = loadConfig({
      functionConfig: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'function-input' },
        data: { scraper: 'monitoring/prometheus-k8s', 'bind-scraper': 'true', 'file-credentials': 'migrate' },
      },
    });
    expect(config.policy.scraper).toBe('monitoring/prometheus-k8s');
    expect(config.rbac).toEqual({ bind: true });
    expect(config.policy.fileCredentials).toBe('migrate');
    expect(hasChanges(config)).toBe(true);
  });

  test('GIVEN the typed form THEN the same; bind alone or migrate alone is a change', () => {
    expect(hasChanges(loadConfig({ functionConfig: typed({ rbac: { bind: true } }) }))).toBe(true);
    expect(hasChanges(loadConfig({ functionConfig: typed({ policy: { fileCredentials: 'migrate' } }) }))).toBe(true);
    expect(hasChanges(loadConfig({ functionConfig: typed({ policy: { scraper: 'monitoring/prometheus-k8s' } }) }))).toBe(false);
  });

  test('GIVEN a scraper that is not NAMESPACE/NAME, or bind-scraper not a boolean THEN config errors naming the key', () => {
    expect(problems(() => loadConfig({ functionConfig: typed({ policy: { scraper: 'prometheus-k8s' } }) }))).toEqual([
      expect.stringMatching(/^spec\.policy\.scraper: /),
    ]);
    expect(problems(() => loadConfig({ set: { 'bind-scraper': 'maybe' } }))).toEqual(['--set bind-scraper: expected true or false, got "maybe"']);
    expect(problems(() => loadConfig({ functionConfig: typed({ rbac: { bind: true, extra: 1 } }) }))[0]).toMatch(/^spec\.rbac/);
  });
});
