import { secretReference } from '../../src/checks/secret-reference.js';
import { Cluster } from '../../src/cluster.js';
import { emptyConfig } from '../../src/config/load.js';
import { Reporter } from '../../src/results.js';
import { schemaSelectorsOf, secretSelectorsOf } from '../../src/checks/selectors.js';
import { endpointsOf } from '../../src/kinds/index.js';
import { podMonitor as podMonitorKind } from '../../src/kinds/podmonitor.js';
import { scrapeConfig as scrapeConfigKind } from '../../src/kinds/scrapeconfig.js';
import { serviceMonitor as serviceMonitorKind } from '../../src/kinds/servicemonitor.js';
import type { KubeObject } from '../../src/types.js';
import {
  SC_REF,
  SERVICE_DNS,
  SM_REF,
  certManagerTls,
  certificate,
  configMap,
  finding,
  openshiftService,
  podMonitor,
  runRule,
  scrapeConfig,
  secret,
  serviceCaTls,
  serviceMonitor,
} from './fixtures.js';

const basicAuth = { username: { name: 'pgw-auth', key: 'username' }, password: { name: 'pgw-auth', key: 'password' } };

describe('secret-reference', () => {
  test("GIVEN the Secret in the monitor's namespace without the key THEN an error at the key, listing the keys it has", () => {
    expect(runRule(secretReference, serviceMonitor({ basicAuth }), [secret('pgw-auth', ['user', 'password'])])).toEqual([
      finding(
        SM_REF,
        'error',
        'secret-reference',
        'spec.endpoints[0].basicAuth.username.key',
        'Secret pgw-auth has no key "username" (it has "password" and "user"): the operator rejects the whole ServiceMonitor (operator: key "username" in secret "pgw-auth" not found); fix the key or add it to the Secret',
        { currentValue: 'username' },
      ),
    ]);
  });

  test('GIVEN the Secret only in another namespace THEN an error saying selectors have no namespace', () => {
    expect(
      runRule(secretReference, serviceMonitor({ authorization: { credentials: { name: 'scrape-token', key: 'token' } } }), [
        secret('scrape-token', ['token'], 'monitoring'),
      ]),
    ).toEqual([
      finding(
        SM_REF,
        'error',
        'secret-reference',
        'spec.endpoints[0].authorization.credentials',
        'Secret scrape-token is in the input only in namespace "monitoring", but selectors have no namespace: the operator looks in the ServiceMonitor\'s namespace "shop-system", does not find it (operator: secrets "scrape-token" not found) and rejects the whole ServiceMonitor; create the Secret in "shop-system"',
      ),
    ]);
  });

  test('GIVEN a Secret that is not in the input THEN one info per Secret, listing the keys the monitor needs', () => {
    expect(runRule(secretReference, serviceMonitor({ tlsConfig: certManagerTls() }))).toEqual([
      finding(
        SM_REF,
        'info',
        'secret-reference',
        'spec.endpoints[0].tlsConfig.ca.secret',
        'Secret metrics-server-cert is not in the input; make sure it exists in namespace "shop-system" with keys "ca.crt", "tls.crt" and "tls.key" before the ServiceMonitor is applied, or the operator rejects the whole ServiceMonitor',
      ),
    ]);
  });

  test('GIVEN a cert-manager Certificate in the input that writes the Secret THEN it counts as present with tls.crt, tls.key and ca.crt', () => {
    const cert = certificate(['shop.shop-system.svc']);
    expect(runRule(secretReference, serviceMonitor({ tlsConfig: certManagerTls() }), [cert])).toEqual([]);
    const wrongKey = serviceMonitor({ tlsConfig: certManagerTls({ keySecret: { name: 'metrics-server-cert', key: 'tls.pem' } }) });
    expect(runRule(secretReference, wrongKey, [cert])).toEqual([
      finding(
        SM_REF,
        'error',
        'secret-reference',
        'spec.endpoints[0].tlsConfig.keySecret.key',
        'Secret metrics-server-cert (written by Certificate metrics-certs) has no key "tls.pem" (it has "ca.crt", "tls.crt" and "tls.key"): the operator rejects the whole ServiceMonitor (operator: key "tls.pem" in secret "metrics-server-cert" not found); fix the key or add it to the Secret',
        { currentValue: 'tls.pem' },
      ),
    ]);
  });

  test('GIVEN a Certificate with additionalOutputFormats THEN those keys count too', () => {
    const cert = certificate(['shop.shop-system.svc'], { additionalOutputFormats: [{ type: 'CombinedPEM' }] });
    const monitor = serviceMonitor({ tlsConfig: certManagerTls({ ca: { secret: { name: 'metrics-server-cert', key: 'tls-combined.pem' } } }) });
    expect(runRule(secretReference, monitor, [cert])).toEqual([]);
  });

  test('GIVEN a ConfigMap CA THEN it is looked up as a ConfigMap', () => {
    const monitor = serviceMonitor({ tlsConfig: { ca: { configMap: { name: 'trust-bundle', key: 'ca.crt' } } } });
    expect(runRule(secretReference, monitor, [configMap('trust-bundle', ['ca.crt'])])).toEqual([]);
    // A Secret of that name is not the ConfigMap.
    expect(runRule(secretReference, monitor, [secret('trust-bundle', ['ca.crt'])]).map((r) => [r.severity, r.message])).toEqual([
      [
        'info',
        'ConfigMap trust-bundle is not in the input; make sure it exists in namespace "shop-system" with key "ca.crt" before the ServiceMonitor is applied, or the operator rejects the whole ServiceMonitor',
      ],
    ]);
  });

  test('GIVEN a selector without a name THEN an error', () => {
    expect(runRule(secretReference, serviceMonitor({ bearerTokenSecret: { key: 'token' } }))).toEqual([
      finding(
        SM_REF,
        'error',
        'secret-reference',
        'spec.endpoints[0].bearerTokenSecret',
        'this Secret selector has no name, so the operator looks for a Secret named "" and rejects the whole ServiceMonitor; set name',
      ),
    ]);
  });

  test('GIVEN a monitor without a namespace and the Secret in one THEN an info: the namespaces cannot be compared yet', () => {
    const monitor = serviceMonitor({ basicAuth }, { namespace: null });
    delete (monitor.metadata as { namespace?: unknown }).namespace;
    const results = runRule(secretReference, monitor, [secret('pgw-auth', ['username', 'password'], 'shop-system')]);
    expect(results.map((r) => [r.severity, r.field?.path, r.message])).toEqual([
      [
        'info',
        'spec.endpoints[0].basicAuth.username',
        'Secret pgw-auth is in the input in namespace "shop-system" and the ServiceMonitor in none; it must end up in the ServiceMonitor\'s namespace with key "username", or the operator rejects the whole ServiceMonitor',
      ],
      [
        'info',
        'spec.endpoints[0].basicAuth.password',
        'Secret pgw-auth is in the input in namespace "shop-system" and the ServiceMonitor in none; it must end up in the ServiceMonitor\'s namespace with key "password", or the operator rejects the whole ServiceMonitor',
      ],
    ]);
  });

  test('GIVEN every referenced Secret present with its keys THEN nothing is reported', () => {
    expect(runRule(secretReference, serviceMonitor({ basicAuth }), [secret('pgw-auth', ['username', 'password'])])).toEqual([]);
    expect(runRule(secretReference, serviceMonitor())).toEqual([]);
  });

  test('GIVEN Secret values in the input THEN no message carries them', () => {
    const withValues: KubeObject = { ...secret('pgw-auth', []), data: { user: 'aHVudGVyMg==' }, stringData: { pass: 'hunter2' } };
    const results = runRule(secretReference, serviceMonitor({ basicAuth }), [withValues]);
    expect(results).toHaveLength(2);
    for (const result of results) expect(JSON.stringify(result)).not.toMatch(/hunter2|aHVudGVyMg/);
  });
});

describe('secretSelectorsOf', () => {
  test('GIVEN a ServiceMonitor endpoint with every kind of selector THEN each is listed with its path, kind, name and key', () => {
    const monitor = serviceMonitor({
      tlsConfig: certManagerTls({ ca: { configMap: { name: 'trust-bundle', key: 'ca.crt' } } }),
      basicAuth,
      authorization: { credentials: { name: 'scrape-token', key: 'token' } },
      oauth2: {
        clientId: { secret: { name: 'oauth', key: 'client_id' } },
        clientSecret: { name: 'oauth', key: 'client_secret' },
        tokenUrl: 'https://idp.example.com/token',
        tlsConfig: { ca: { secret: { name: 'idp-ca', key: 'ca.crt' } } },
        proxyConnectHeader: { 'Proxy-Authorization': [{ name: 'proxy', key: 'oauth-header' }] },
      },
      bearerTokenSecret: { name: 'legacy-token', key: 'token' },
      proxyConnectHeader: { 'Proxy-Authorization': [{ name: 'proxy', key: 'header' }] },
    });
    const endpoint = endpointsOf(monitor, serviceMonitorKind)[0];
    if (endpoint === undefined) throw new Error('no endpoint');
    expect(secretSelectorsOf(endpoint, serviceMonitorKind)).toEqual([
      { path: ['spec', 'endpoints', 0, 'tlsConfig', 'ca', 'configMap'], kind: 'ConfigMap', name: 'trust-bundle', key: 'ca.crt' },
      { path: ['spec', 'endpoints', 0, 'tlsConfig', 'cert', 'secret'], kind: 'Secret', name: 'metrics-server-cert', key: 'tls.crt' },
      { path: ['spec', 'endpoints', 0, 'tlsConfig', 'keySecret'], kind: 'Secret', name: 'metrics-server-cert', key: 'tls.key' },
      { path: ['spec', 'endpoints', 0, 'oauth2', 'tlsConfig', 'ca', 'secret'], kind: 'Secret', name: 'idp-ca', key: 'ca.crt' },
      { path: ['spec', 'endpoints', 0, 'basicAuth', 'username'], kind: 'Secret', name: 'pgw-auth', key: 'username' },
      { path: ['spec', 'endpoints', 0, 'basicAuth', 'password'], kind: 'Secret', name: 'pgw-auth', key: 'password' },
      { path: ['spec', 'endpoints', 0, 'authorization', 'credentials'], kind: 'Secret', name: 'scrape-token', key: 'token' },
      { path: ['spec', 'endpoints', 0, 'oauth2', 'clientId', 'secret'], kind: 'Secret', name: 'oauth', key: 'client_id' },
      { path: ['spec', 'endpoints', 0, 'oauth2', 'clientSecret'], kind: 'Secret', name: 'oauth', key: 'client_secret' },
      { path: ['spec', 'endpoints', 0, 'oauth2', 'proxyConnectHeader', 'Proxy-Authorization', 0], kind: 'Secret', name: 'proxy', key: 'oauth-header' },
      { path: ['spec', 'endpoints', 0, 'bearerTokenSecret'], kind: 'Secret', name: 'legacy-token', key: 'token' },
      { path: ['spec', 'endpoints', 0, 'proxyConnectHeader', 'Proxy-Authorization', 0], kind: 'Secret', name: 'proxy', key: 'header' },
    ]);
  });

  test('GIVEN a ScrapeConfig with bearerTokenSecret THEN it is not listed (the kind has no such field)', () => {
    const scrape = scrapeConfig({ bearerTokenSecret: { name: 't', key: 'token' }, authorization: { credentials: { name: 'a', key: 'token' } } });
    const endpoint = endpointsOf(scrape, scrapeConfigKind)[0];
    if (endpoint === undefined) throw new Error('no spec');
    expect(secretSelectorsOf(endpoint, scrapeConfigKind)).toEqual([
      { path: ['spec', 'authorization', 'credentials'], kind: 'Secret', name: 'a', key: 'token' },
    ]);
  });

  test('GIVEN an endpoint without selectors THEN the list is empty', () => {
    const endpoint = endpointsOf(podMonitor(), podMonitorKind)[0];
    if (endpoint === undefined) throw new Error('no endpoint');
    expect(secretSelectorsOf(endpoint, podMonitorKind)).toEqual([]);
  });

  describe('ScrapeConfig service discovery (selector places read from the CRD schema, gen/selector-sites.json)', () => {
    const sd = scrapeConfig({
      staticConfigs: undefined as never,
      consulSDConfigs: [{ server: 'consul:8500', tokenRef: { name: 'consul', key: 'token' } }],
      kubernetesSDConfigs: [
        { role: 'Pod', apiServer: 'https://k8s', basicAuth: { username: { name: 'k8s-auth', key: 'user' }, password: { name: 'k8s-auth', key: 'pass' } } },
      ],
      httpSDConfigs: [{ url: 'https://sd', proxyConnectHeader: { 'Proxy-Authorization': [{ name: 'proxy', key: 'header' }] } }],
    });

    test('GIVEN SD Secrets in the input without the key THEN an error at each missing key', () => {
      const results = runRule(secretReference, sd, [secret('consul', ['tok']), secret('k8s-auth', ['user', 'pass']), secret('proxy', ['header'])]);
      expect(results).toEqual([
        finding(
          SC_REF,
          'error',
          'secret-reference',
          'spec.consulSDConfigs[0].tokenRef.key',
          'Secret consul has no key "token" (it has "tok"): the operator rejects the whole ScrapeConfig (operator: key "token" in secret "consul" not found); fix the key or add it to the Secret',
          { currentValue: 'token' },
        ),
      ]);
    });

    test('GIVEN every SD Secret in the input with its keys THEN nothing', () => {
      expect(runRule(secretReference, sd, [secret('consul', ['token']), secret('k8s-auth', ['user', 'pass']), secret('proxy', ['header'])])).toEqual([]);
    });

    test('GIVEN SD Secrets only in another namespace or not in the input THEN an error, and one info per missing Secret', () => {
      const results = runRule(secretReference, sd, [secret('consul', ['token'], 'monitoring')]);
      expect(results.map((r) => [r.severity, r.field?.path])).toEqual([
        ['error', 'spec.consulSDConfigs[0].tokenRef'],
        ['info', 'spec.httpSDConfigs[0].proxyConnectHeader.Proxy-Authorization[0]'],
        ['info', 'spec.kubernetesSDConfigs[0].basicAuth.password'],
      ]);
      expect(results[2]?.message).toBe(
        'Secret k8s-auth is not in the input; make sure it exists in namespace "shop-system" with keys "pass" and "user" before the ScrapeConfig is applied, or the operator rejects the whole ScrapeConfig',
      );
    });

    test('the schema walk finds SD selectors and ConfigMaps by place; a spec-level selector is reported once', () => {
      const scrape = scrapeConfig({
        authorization: { credentials: { name: 'a', key: 'token' } },
        kubernetesSDConfigs: [
          { role: 'Node', tlsConfig: { ca: { configMap: { name: 'bundle', key: 'ca.crt' } } } },
          { role: 'Pod', tlsConfig: { keySecret: { name: 'k' } } },
        ],
        ec2SDConfigs: [{ accessKey: { name: 'aws', key: 'id' }, secretKey: { name: 'aws', key: 'secret' } }],
      });
      expect(schemaSelectorsOf(scrape, 'ScrapeConfig').map((r) => [r.path.join('.'), r.kind, r.name, r.key])).toEqual(
        expect.arrayContaining([
          ['spec.authorization.credentials', 'Secret', 'a', 'token'],
          ['spec.kubernetesSDConfigs.0.tlsConfig.ca.configMap', 'ConfigMap', 'bundle', 'ca.crt'],
          ['spec.kubernetesSDConfigs.1.tlsConfig.keySecret', 'Secret', 'k', ''],
          ['spec.ec2SDConfigs.0.accessKey', 'Secret', 'aws', 'id'],
          ['spec.ec2SDConfigs.0.secretKey', 'Secret', 'aws', 'secret'],
        ]),
      );
      const results = runRule(secretReference, scrape, [secret('a', ['token'])]);
      expect(results.filter((r) => r.field?.path === 'spec.authorization.credentials')).toEqual([]);
      // In the order of the schema's fields (alphabetical in the CRD), one info per object not in the input.
      expect(results.map((r) => r.field?.path)).toEqual([
        'spec.ec2SDConfigs[0].accessKey',
        'spec.kubernetesSDConfigs[0].tlsConfig.ca.configMap',
        'spec.kubernetesSDConfigs[1].tlsConfig.keySecret',
      ]);
    });

    test('GIVEN a ServiceMonitor THEN the schema walk adds nothing the endpoint walk did not report', () => {
      const monitor = serviceMonitor({
        basicAuth,
        tlsConfig: certManagerTls(),
        oauth2: {
          clientId: { secret: { name: 'o', key: 'id' } },
          clientSecret: { name: 'o', key: 's' },
          tokenUrl: 'https://idp',
          tlsConfig: { ca: { secret: { name: 'idp-ca', key: 'ca.crt' } } },
        },
      });
      const endpoint = endpointsOf(monitor, serviceMonitorKind)[0];
      if (endpoint === undefined) throw new Error('no endpoint');
      const walked = secretSelectorsOf(endpoint, serviceMonitorKind)
        .map((r) => r.path.join('.'))
        .sort();
      expect(
        schemaSelectorsOf(monitor, 'ServiceMonitor')
          .map((r) => r.path.join('.'))
          .sort(),
      ).toEqual(walked);
    });
  });

  describe('near miss: a kustomize prefix / suffix between the reference and the input (kueue#9180)', () => {
    const monitor = (): KubeObject => serviceMonitor({ tlsConfig: certManagerTls() });
    const fix = (name: string): string =>
      `the operator finds no Secret metrics-server-cert (operator: secrets "metrics-server-cert" not found) and rejects the whole ServiceMonitor; reference ${name}, or make kustomize rename this field too (a nameReference configuration or a replacement)`;

    test('GIVEN the Certificate writes kueue-metrics-server-cert and the monitor trusts metrics-server-cert THEN one error naming the Certificate and the prefix', () => {
      const cert = certificate([SERVICE_DNS], { secretName: 'kueue-metrics-server-cert' }, 'kueue-metrics-certs');
      expect(runRule(secretReference, monitor(), [cert])).toEqual([
        finding(
          SM_REF,
          'error',
          'secret-reference',
          'spec.endpoints[0].tlsConfig.ca.secret.name',
          `Secret metrics-server-cert is not in the input, but Certificate kueue-metrics-certs, which writes Secret kueue-metrics-server-cert is: the same name with the prefix "kueue-" (kustomize namePrefix renamed the Secret but not this reference); ${fix('kueue-metrics-server-cert')}`,
          { currentValue: 'metrics-server-cert', proposedValue: 'kueue-metrics-server-cert' },
        ),
      ]);
    });

    test('GIVEN a Secret with a suffix, or a reference that carries the prefix itself THEN the same error, the other way round', () => {
      expect(
        runRule(secretReference, monitor(), [secret('metrics-server-cert-v2', ['ca.crt', 'tls.crt', 'tls.key'])]).map((r) => r.message.split(': ')[1]),
      ).toEqual([
        'the same name with the suffix "-v2" (kustomize nameSuffix renamed the Secret but not this reference); the operator finds no Secret metrics-server-cert (operator',
      ]);
      const prefixed = serviceMonitor({ tlsConfig: { ca: { secret: { name: 'shop-metrics-server-cert', key: 'ca.crt' } }, serverName: SERVICE_DNS } });
      const results = runRule(secretReference, prefixed, [secret('metrics-server-cert', ['ca.crt'])]);
      expect(results.map((r) => [r.severity, r.field?.proposedValue])).toEqual([['error', 'metrics-server-cert']]);
      expect(results[0]?.message).toContain('this name without its prefix "shop-" (the reference was renamed, the Secret was not)');
    });

    test('GIVEN the similar name only in another namespace, a short shared part, or a name that merely contains it THEN only the usual info', () => {
      const infoOnly = (others: KubeObject[]): string[] => runRule(secretReference, monitor(), others).map((r) => r.severity);
      expect(infoOnly([secret('kueue-metrics-server-cert', ['ca.crt'], 'other')])).toEqual(['info']);
      expect(infoOnly([secret('xmetrics-server-cert', ['ca.crt'])])).toEqual(['info']);
      const short = serviceMonitor({ authorization: { credentials: { name: 'token', key: 'token' } } });
      expect(runRule(secretReference, short, [secret('app-token', ['token'])]).map((r) => r.severity)).toEqual(['info']);
    });

    test('GIVEN 20,000 Secrets and 5,000 monitors each missing its Secret THEN each reference costs lookups, not a scan', () => {
      const items: KubeObject[] = [];
      for (let i = 0; i < 20_000; i++) items.push(secret(`app-${i}-credentials`, ['token']));
      const monitors = Array.from({ length: 5_000 }, (_, i) =>
        serviceMonitor({ authorization: { credentials: { name: `missing-${i}-credentials`, key: 'token' } } }, { name: `m-${i}` }),
      );
      const cluster = Cluster.from([...items, ...monitors]);
      const started = performance.now();
      let errors = 0;
      for (const obj of monitors) {
        const report = new Reporter(obj);
        secretReference.check({ obj, kind: serviceMonitorKind, endpoints: endpointsOf(obj, serviceMonitorKind), cluster, config: emptyConfig(), report });
        errors += report.results.filter((r) => r.severity === 'error').length;
      }
      expect(errors).toBe(0);
      expect(performance.now() - started).toBeLessThan(3_000);
    });
  });

  describe('OpenShift service CA (README "Checks")', () => {
    const injected = (annotation: string, value: string): KubeObject => {
      const cm = configMap('shop-service-ca', []);
      (cm.metadata as { annotations?: object }).annotations = { [annotation]: value };
      return cm;
    };

    test('GIVEN service-ca.crt from a ConfigMap annotated inject-cabundle: "true" (beta or alpha) THEN the key counts as present: the service CA operator injects it', () => {
      const monitor = serviceMonitor({ tlsConfig: serviceCaTls({ serverName: SERVICE_DNS }) });
      expect(runRule(secretReference, monitor, [injected('service.beta.openshift.io/inject-cabundle', 'true')])).toEqual([]);
      expect(runRule(secretReference, monitor, [injected('service.alpha.openshift.io/inject-cabundle', 'true')])).toEqual([]);
    });

    test('GIVEN the same ConfigMap without the annotation (or "false") THEN the key is missing: an error', () => {
      const monitor = serviceMonitor({ tlsConfig: serviceCaTls({ serverName: SERVICE_DNS }) });
      expect(runRule(secretReference, monitor, [configMap('shop-service-ca', [])]).map((r) => [r.severity, r.field?.path])).toEqual([
        ['error', 'spec.endpoints[0].tlsConfig.ca.configMap.key'],
      ]);
      expect(runRule(secretReference, monitor, [injected('service.beta.openshift.io/inject-cabundle', 'false')]).map((r) => r.severity)).toEqual(['error']);
    });

    test('GIVEN a monitor that presents the serving Secret the service CA writes THEN it is present with tls.crt and tls.key (not ca.crt)', () => {
      const monitor = serviceMonitor({
        tlsConfig: {
          cert: { secret: { name: 'shop-metrics-tls', key: 'tls.crt' } },
          keySecret: { name: 'shop-metrics-tls', key: 'tls.key' },
          ca: { secret: { name: 'shop-metrics-tls', key: 'ca.crt' } },
        },
      });
      expect(runRule(secretReference, monitor, [openshiftService()])).toEqual([
        finding(
          SM_REF,
          'error',
          'secret-reference',
          'spec.endpoints[0].tlsConfig.ca.secret.key',
          `Secret shop-metrics-tls (written by OpenShift's service CA for Service shop-controller-manager-metrics-service) has no key "ca.crt" (it has "tls.crt" and "tls.key"): the operator rejects the whole ServiceMonitor (operator: key "ca.crt" in secret "shop-metrics-tls" not found); fix the key or add it to the Secret`,
          { currentValue: 'ca.crt' },
        ),
      ]);
    });
  });
});
