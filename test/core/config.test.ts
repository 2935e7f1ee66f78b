import { emptyConfig, loadConfig } from '../../src/config/load.js';
import { hasChanges } from '../../src/monitors.js';
import { parseLabelSelector } from '../../src/config/shorthand.js';
import { ConfigError } from '../../src/errors.js';

function problems(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const typed = (spec: unknown): unknown => ({ apiVersion: 'fn.secure-monitors.dev/v1alpha1', kind: 'SecureMonitors', metadata: { name: 'x' }, spec });
const configMap = (data: unknown): unknown => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data });

describe('loadConfig', () => {
  test("GIVEN kpt's placeholder ConfigMap with data: {} THEN no config: nothing to apply, checks only", () => {
    const config = loadConfig({ functionConfig: configMap({}) });
    expect(config).toEqual(emptyConfig());
    expect(hasChanges(config)).toBe(false);
    // Every family's kinds: with no config, every check runs on every monitor and KEDA scaler (README "KEDA").
    expect(config.select.kinds).toEqual(['ServiceMonitor', 'PodMonitor', 'Probe', 'ScrapeConfig', 'ScaledObject', 'ScaledJob']);
  });

  test('no functionConfig at all is the same as no config', () => {
    expect(loadConfig({})).toEqual(emptyConfig());
  });

  test('the typed form gets its defaults', () => {
    const config = loadConfig({ functionConfig: typed({ tls: { serverName: 'auto' } }) });
    expect(config).toEqual({
      mode: 'apply',
      failOn: 'error',
      select: { kinds: ['ServiceMonitor', 'PodMonitor', 'Probe', 'ScrapeConfig', 'ScaledObject', 'ScaledJob'], names: [], namespaces: [] },
      endpoints: { ports: [] },
      tls: { serverName: 'auto' },
      endpointPatches: [],
      rbac: { bind: false },
      policy: { onConflict: 'override', replaceAuth: true, clusterDomain: '', insecureSkipVerify: 'warn', fileCredentials: 'warn', collector: 'prometheus' },
    });
  });

  test('a kustomize transformer object (with its function annotation) is a valid typed config', () => {
    const object = {
      apiVersion: 'fn.secure-monitors.dev/v1alpha1',
      kind: 'SecureMonitors',
      metadata: { name: 'tls', annotations: { 'config.kubernetes.io/function': 'container:\n  image: x\n', 'config.kubernetes.io/local-config': 'true' } },
      spec: { tls: { serverName: 'auto' } },
    };
    expect(loadConfig({ functionConfig: object }).tls).toEqual({ serverName: 'auto' });
  });

  test('ConfigMap shorthands expand to the typed form', () => {
    const config = loadConfig({
      functionConfig: configMap({
        mode: 'check',
        kinds: 'ServiceMonitor, PodMonitor',
        names: '*-metrics-monitor',
        namespaces: 'system',
        'label-selector': 'control-plane=controller-manager,tier in (a,b)',
        ports: 'https,8443',
        'server-name': 'auto',
        'tls-secret': 'metrics-server-cert',
        'insecure-skip-verify': 'false',
        'min-version': 'TLS12',
        'on-conflict': 'keep',
        'replace-auth': 'false',
        'cluster-domain': 'cluster.local',
      }),
    });
    expect(config).toMatchObject({
      mode: 'check',
      select: {
        kinds: ['ServiceMonitor', 'PodMonitor'],
        names: ['*-metrics-monitor'],
        namespaces: ['system'],
        labelSelector: { matchLabels: { 'control-plane': 'controller-manager' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
      },
      endpoints: { ports: ['https', '8443'] },
      tls: {
        serverName: 'auto',
        ca: { secret: { name: 'metrics-server-cert', key: 'ca.crt' } },
        cert: { secret: { name: 'metrics-server-cert', key: 'tls.crt' } },
        keySecret: { name: 'metrics-server-cert', key: 'tls.key' },
        insecureSkipVerify: false,
        minVersion: 'TLS12',
      },
      policy: { onConflict: 'keep', replaceAuth: false, clusterDomain: 'cluster.local' },
    });
  });

  test('ca-secret / ca-configmap take NAME[:KEY] with ca.crt as default key', () => {
    expect(loadConfig({ functionConfig: configMap({ 'ca-secret': 'ca' }) }).tls).toEqual({ ca: { secret: { name: 'ca', key: 'ca.crt' } } });
    expect(loadConfig({ functionConfig: configMap({ 'ca-configmap': 'bundle:root.pem' }) }).tls).toEqual({
      ca: { configMap: { name: 'bundle', key: 'root.pem' } },
    });
  });

  test('--set keys apply over a typed config; --mode over both', () => {
    const config = loadConfig({
      functionConfig: typed({ tls: { serverName: 'a.example.com', minVersion: 'TLS12' } }),
      set: { 'server-name': 'auto' },
      mode: 'check',
    });
    expect(config.tls).toEqual({ serverName: 'auto', minVersion: 'TLS12' });
    expect(config.mode).toBe('check');
  });

  test('failOn: spec.failOn, the fail-on shorthand, and --fail-on over both (README "The gate")', () => {
    expect(loadConfig({ functionConfig: typed({ failOn: 'warning' }) }).failOn).toBe('warning');
    expect(loadConfig({ functionConfig: configMap({ 'fail-on': 'warning' }) }).failOn).toBe('warning');
    expect(loadConfig({ functionConfig: typed({ failOn: 'warning' }), failOn: 'error' }).failOn).toBe('error');
    expect(loadConfig({ functionConfig: typed({}), set: { 'fail-on': 'warning' } }).failOn).toBe('warning');
    expect(problems(() => loadConfig({ functionConfig: configMap({ 'fail-on': 'info' }) }))).toEqual([
      'spec.failOn: must be one of "error", "warning", not "info"',
    ]);
    expect(problems(() => loadConfig({ failOn: 'warnings' }))).toEqual(['spec.failOn: must be one of "error", "warning", not "warnings"']);
  });

  test('policy.collector: typed form and the collector shorthand; an unknown collector is refused (exit 3)', () => {
    expect(loadConfig({ functionConfig: typed({ policy: { collector: 'alloy' } }) }).policy.collector).toBe('alloy');
    expect(loadConfig({ functionConfig: configMap({ collector: 'otel-target-allocator' }) }).policy.collector).toBe('otel-target-allocator');
    expect(loadConfig({}).policy.collector).toBe('prometheus');
    expect(problems(() => loadConfig({ functionConfig: configMap({ collector: 'victoria' }) }))[0]).toMatch(
      /^spec\.policy\.collector: must be one of "prometheus", "prometheus-deny-fs", "alloy", "otel-target-allocator", "azure-managed"/,
    );
  });

  test('-f replaces the ResourceList functionConfig', () => {
    const config = loadConfig({ functionConfig: typed({ tls: { serverName: 'a' } }), file: typed({ tls: { serverName: 'b' } }) });
    expect(config.tls).toEqual({ serverName: 'b' });
  });

  describe('refusals (exit 3)', () => {
    test('an unknown ConfigMap key names the closest valid key', () => {
      expect(problems(() => loadConfig({ functionConfig: configMap({ 'server-nme': 'auto' }) }))[0]).toMatch(
        /^data\.server-nme: unknown key \(did you mean "server-name"\?\); known keys: mode, kinds/,
      );
    });
    test('an inline credential key is answered with the Secret form, and the value is not echoed', () => {
      const found = problems(() => loadConfig({ functionConfig: configMap({ password: 'hunter2' }) }));
      expect(found).toEqual([
        'data.password: inline credentials are not accepted; store the value in a Secret and use basic-auth-secret=NAME (a Secret with keys "username" and "password")',
      ]);
      expect(found.join('\n')).not.toContain('hunter2');
    });
    test('an inline credential in the typed form is refused with the reference form, value not echoed', () => {
      const found = problems(() =>
        loadConfig({ functionConfig: typed({ auth: { basicAuth: { username: { name: 's', key: 'username' }, password: 'hunter2' } } }) }),
      );
      expect(found).toEqual([
        "spec.auth.basicAuth.password: inline credentials are not accepted; store the value in a Secret in the monitor's namespace and reference it: password: {name: <secret>, key: password}",
      ]);
    });
    test('a Kubebuilder placeholder as serverName is refused with a pointer to auto', () => {
      expect(problems(() => loadConfig({ functionConfig: configMap({ 'server-name': 'SERVICE_NAME.SERVICE_NAMESPACE.svc' }) }))).toEqual([
        'spec.tls.serverName: "SERVICE_NAME.SERVICE_NAMESPACE.svc" is a Kubebuilder placeholder that its replacements were meant to fill in; use "auto" to derive <service>.<namespace>.svc from the selected Service',
      ]);
    });
    test('an unknown template variable is refused', () => {
      expect(problems(() => loadConfig({ functionConfig: typed({ tls: { serverName: '{svc}.{namespace}.svc' } }) }))).toEqual([
        'spec.tls.serverName: unknown template variable {svc}; use {service}, {namespace} or {clusterDomain}',
      ]);
    });
    test('cert without keySecret is refused (the operator rejects one without the other)', () => {
      expect(problems(() => loadConfig({ functionConfig: typed({ tls: { cert: { secret: { name: 'a', key: 'tls.crt' } } } }) }))).toEqual([
        'spec.tls.cert: a client certificate needs tls.keySecret too (the operator rejects one without the other)',
      ]);
    });
    test('authorization type Basic is refused', () => {
      expect(
        problems(() => loadConfig({ functionConfig: typed({ auth: { authorization: { type: 'Basic', credentials: { name: 'a', key: 'b' } } } }) })),
      ).toEqual(['spec.auth.authorization.type: "Basic" is rejected by the operator; use auth.basicAuth with username and password Secret keys']);
    });
    test('a bad shorthand value is reported against its key, with the schema message', () => {
      expect(problems(() => loadConfig({ functionConfig: configMap({ 'insecure-skip-verify': 'maybe' }) }))).toEqual([
        'data.insecure-skip-verify: expected true or false, got "maybe"',
      ]);
      expect(problems(() => loadConfig({ functionConfig: configMap({ mode: 'fix' }) }))[0]).toMatch(/^spec\.mode: must be one of "apply", "check"/);
    });
    test('a functionConfig of another kind is refused with what is expected', () => {
      expect(problems(() => loadConfig({ functionConfig: { apiVersion: 'fn.example.com/v1alpha1', kind: 'ServiceMonitorPolicy', spec: {} } }))).toEqual([
        'unsupported function config fn.example.com/v1alpha1/ServiceMonitorPolicy: expected fn.secure-monitors.dev/v1alpha1 SecureMonitors or a ConfigMap with data keys',
      ]);
    });
    test('--set needs KEY=VALUE keys from the ConfigMap form', () => {
      expect(problems(() => loadConfig({ set: { 'tls-secrte': 'x' } }))[0]).toMatch(/^--set tls-secrte: unknown key \(did you mean "tls-secret"\?\)/);
    });
  });
});

describe('parseLabelSelector (kubectl syntax)', () => {
  test.each([
    ['a=b', { matchLabels: { a: 'b' } }],
    ['a==b', { matchLabels: { a: 'b' } }],
    ['a!=b', { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['b'] }] }],
    [
      'env in (prod, staging),tier notin (db)',
      {
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'staging'] },
          { key: 'tier', operator: 'NotIn', values: ['db'] },
        ],
      },
    ],
    [
      'app.kubernetes.io/name,!legacy',
      {
        matchExpressions: [
          { key: 'app.kubernetes.io/name', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      },
    ],
  ])('%s', (text, expected) => {
    expect(parseLabelSelector(text)).toEqual(expected);
  });
  test('garbage is an error message', () => {
    expect(parseLabelSelector('a=b=c')).toBe('cannot parse "a=b=c" (expected key=value, key!=value, key in (a,b), key notin (a,b), key or !key)');
  });
});
