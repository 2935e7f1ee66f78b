import { targetAuth } from '../../src/checks/target-auth.js';
import { config } from '../helpers.js';
import { runRule } from './fixtures.js';
import { transform } from '../../src/transform.js';
import type { JsonObject, Result } from '../../src/types.js';
import {
  KUBE_RBAC_PROXY,
  MGR_REF,
  PGW_REF,
  managerDeployment,
  managerMonitor,
  managerService,
  pushgatewayDeployment,
  pushgatewayMonitor,
  pushgatewayService,
  webConfig,
  webConfigSecret,
} from '../target/fixtures.js';

const PGW =
  'Deployment monitoring/pushgateway (container pushgateway) runs --web.config.file=/etc/pushgateway/web-config.yaml (Secret pushgateway-web-config key web-config.yaml)';
const BASIC_401 = `${PGW} with basic_auth_users, so a scrape without basicAuth gets "server returned HTTP status 401 Unauthorized"; add basicAuth: {username: {name: <secret>, key: username}, password: {name: <secret>, key: password}} from a Secret in namespace "monitoring" (config auth.basicAuth, or basic-auth-secret=NAME)`;
const pushgateway = (secretText: string, field: 'data' | 'stringData' = 'data') => [
  pushgatewayService(),
  pushgatewayDeployment(),
  webConfigSecret(secretText, field),
];
const brief = (results: Result[]): string[] => results.map((r) => `${r.severity} ${r.field?.path ?? ''}: ${r.message}`);

describe('target-auth: exporter-toolkit web config', () => {
  test('GIVEN basic_auth_users in the web config Secret and no basicAuth THEN an error quoting the 401 and proposing the block', () => {
    expect(runRule(targetAuth, pushgatewayMonitor(), pushgateway(webConfig({ basicAuth: true })))).toEqual([
      { message: BASIC_401, severity: 'error', resourceRef: PGW_REF, field: { path: 'spec.endpoints[0]' }, tags: { code: 'target-auth' } },
    ]);
  });

  test('GIVEN the web config in stringData, or in a ConfigMap THEN the same', () => {
    expect(brief(runRule(targetAuth, pushgatewayMonitor(), pushgateway(webConfig(), 'stringData')))).toEqual([`error spec.endpoints[0]: ${BASIC_401}`]);
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pgw-cm', namespace: 'monitoring' }, data: { 'web-config.yaml': webConfig() } };
    const results = runRule(targetAuth, pushgatewayMonitor(), [
      pushgatewayService(),
      pushgatewayDeployment(undefined, { configMap: { name: 'pgw-cm' } }),
      configMap,
    ]);
    expect(results.map((r) => r.message)).toEqual([BASIC_401.replace('Secret pushgateway-web-config', 'ConfigMap pgw-cm')]);
  });

  test('GIVEN basicAuth sent THEN quiet; and apply with basic-auth-secret removes the finding', () => {
    expect(
      runRule(
        targetAuth,
        pushgatewayMonitor({ basicAuth: { username: { name: 'a', key: 'username' }, password: { name: 'a', key: 'password' } } }),
        pushgateway(webConfig()),
      ),
    ).toEqual([]);
    const items = [pushgatewayMonitor(), ...pushgateway(webConfig())];
    expect(transform(items, config({})).results.filter((r) => r.tags.code === 'target-auth').length).toBe(1);
    const fixed = transform(
      items,
      config({ auth: { basicAuth: { username: { name: 'pgw-auth', key: 'username' }, password: { name: 'pgw-auth', key: 'password' } } } }),
    );
    expect(fixed.results.filter((r) => r.tags.code === 'target-auth')).toEqual([]);
  });

  test('GIVEN tls_server_config and scheme http THEN the 400 Bad Request; with https and a required client certificate THEN the handshake failure', () => {
    const items = pushgateway(webConfig({ tls: true, clientAuth: 'RequireAndVerifyClientCert' }));
    expect(runRule(targetAuth, pushgatewayMonitor(), items)).toEqual([
      {
        message: `${PGW} with tls_server_config, which serves TLS only, and this endpoint scrapes with scheme http: the scrape gets "server returned HTTP status 400 Bad Request" (Go's TLS server answers "Client sent an HTTP request to an HTTPS server"); set scheme: https with a tlsConfig (config tls, e.g. tls: {serverName: auto, ca: {secret: {name: <secret>, key: ca.crt}}})`,
        severity: 'error',
        resourceRef: PGW_REF,
        field: { path: 'spec.endpoints[0].scheme', currentValue: 'http', proposedValue: 'https' },
        tags: { code: 'target-auth' },
      },
    ]);
    expect(brief(runRule(targetAuth, pushgatewayMonitor({ scheme: 'https' }), items))).toEqual([
      `error spec.endpoints[0].tlsConfig: ${PGW} with client_auth_type: RequireAndVerifyClientCert, so without a client certificate the TLS handshake fails ("remote error: tls: certificate required"); add tlsConfig.cert: {secret: {name: <secret>, key: tls.crt}} and tlsConfig.keySecret: {name: <secret>, key: tls.key} from a Secret in namespace "monitoring", signed by the web config's client_ca_file (config tls.cert and tls.keySecret)`,
    ]);
    const withCert = pushgatewayMonitor({
      scheme: 'https',
      tlsConfig: { cert: { secret: { name: 'c', key: 'tls.crt' } }, keySecret: { name: 'c', key: 'tls.key' } },
    });
    expect(runRule(targetAuth, withCert, items)).toEqual([]);
  });

  test("GIVEN no scheme THEN Prometheus' default http is named; GIVEN a relabeling that sets __scheme__ THEN quiet (not known)", () => {
    const items = pushgateway(webConfig({ tls: true }));
    const monitor = pushgatewayMonitor();
    delete (monitor.spec as { endpoints: Array<Record<string, unknown>> }).endpoints[0]!.scheme;
    expect(runRule(targetAuth, monitor, items)[0]?.message).toContain('scrapes with scheme http (the default)');
    expect(runRule(targetAuth, pushgatewayMonitor({ relabelings: [{ targetLabel: '__scheme__', replacement: 'https' }] }), items)).toEqual([]);
  });

  test('GIVEN a web config with optional client certificates, no TLS, or no users THEN nothing is demanded', () => {
    expect(runRule(targetAuth, pushgatewayMonitor({ scheme: 'https' }), pushgateway(webConfig({ tls: true, clientAuth: 'VerifyClientCertIfGiven' })))).toEqual(
      [],
    );
    expect(runRule(targetAuth, pushgatewayMonitor(), pushgateway('basic_auth_users: {}\ntls_server_config: {}\n'))).toEqual([]);
  });

  test('GIVEN the web config Secret, the flag or the mount missing from the input THEN quiet (nothing to read)', () => {
    expect(runRule(targetAuth, pushgatewayMonitor(), [pushgatewayService(), pushgatewayDeployment()])).toEqual([]);
    expect(runRule(targetAuth, pushgatewayMonitor(), [pushgatewayService(), pushgatewayDeployment([]), webConfigSecret(webConfig())])).toEqual([]);
    expect(
      runRule(targetAuth, pushgatewayMonitor(), [
        pushgatewayService(),
        pushgatewayDeployment(['--web.config.file=/elsewhere/web.yml']),
        webConfigSecret(webConfig()),
      ]),
    ).toEqual([]);
    // A Service port the monitor does not scrape.
    expect(runRule(targetAuth, pushgatewayMonitor({ port: 'other' }), pushgateway(webConfig()))).toEqual([]);
  });

  test.each([
    ['not YAML', 'basic_auth_users: [unclosed\n', 'is not YAML'],
    ['not a map', '- basic_auth_users\n', 'is not a YAML map'],
  ])('GIVEN a web config that is %s THEN an info saying so, never the text', (_, text, why) => {
    const results = runRule(targetAuth, pushgatewayMonitor(), pushgateway(text));
    expect(brief(results)).toEqual([
      `info spec.endpoints[0]: cannot tell what the target demands: Deployment monitoring/pushgateway (container pushgateway) runs --web.config.file=/etc/pushgateway/web-config.yaml, and its file (Secret pushgateway-web-config key web-config.yaml) ${why}`,
    ]);
  });

  test('GIVEN Secret data that is not base64 THEN an info, not a crash', () => {
    const secret = webConfigSecret(webConfig());
    (secret.data as Record<string, string>)['web-config.yaml'] = 'basic_auth_users: not base64!';
    expect(brief(runRule(targetAuth, pushgatewayMonitor(), [pushgatewayService(), pushgatewayDeployment(), secret]))).toEqual([
      'info spec.endpoints[0]: cannot tell what the target demands: Deployment monitoring/pushgateway (container pushgateway) runs --web.config.file=/etc/pushgateway/web-config.yaml, and its file (Secret pushgateway-web-config key web-config.yaml) is not base64 (Secret data values are base64-encoded)',
    ]);
  });
});

const MANAGER = 'Deployment shop-system/shop-controller-manager (container manager) runs --metrics-bind-address=:8443 (controller-runtime secure metrics)';
const BEARER_401 = (who: string): string =>
  `${who}, which authenticates a bearer token (TokenReview), so a scrape without one gets "server returned HTTP status 401 Unauthorized"; add authorization: {type: Bearer, credentials: {name: <secret>, key: token}} from a service-account-token Secret in namespace "shop-system" (config auth.authorization, or bearer-token-secret=NAME)`;

describe('target-auth: controller-runtime secure metrics', () => {
  const noToken = managerMonitor();
  delete (noToken.spec as { endpoints: Array<Record<string, unknown>> }).endpoints[0]!.bearerTokenFile;

  test('GIVEN --metrics-bind-address=:8443 and no token THEN 401', () => {
    expect(runRule(targetAuth, noToken, [managerService(), managerDeployment()])).toEqual([
      { message: BEARER_401(MANAGER), severity: 'error', resourceRef: MGR_REF, field: { path: 'spec.endpoints[0]' }, tags: { code: 'target-auth' } },
    ]);
  });

  test('GIVEN scheme http THEN also the 400', () => {
    expect(brief(runRule(targetAuth, managerMonitor({ scheme: 'http' }), [managerService(), managerDeployment()]))).toEqual([
      `error spec.endpoints[0].scheme: ${MANAGER}, which serves TLS only, and this endpoint scrapes with scheme http: the scrape gets "server returned HTTP status 400 Bad Request" (Go's TLS server answers "Client sent an HTTP request to an HTTPS server"); set scheme: https with a tlsConfig (config tls, e.g. tls: {serverName: auto, ca: {secret: {name: <secret>, key: ca.crt}}})`,
    ]);
  });

  test('GIVEN a token sent (bearerTokenFile, authorization, bearerTokenSecret, oauth2) THEN quiet', () => {
    const items = [managerService(), managerDeployment()];
    expect(runRule(targetAuth, managerMonitor(), items)).toEqual([]);
    const auths: JsonObject[] = [{ authorization: { credentials: { name: 't', key: 'token' } } }, { bearerTokenSecret: { name: 't', key: 'token' } }];
    for (const auth of auths) {
      expect(
        runRule(
          targetAuth,
          { ...noToken, spec: { ...(noToken.spec as object), endpoints: [{ ...(noToken.spec as { endpoints: object[] }).endpoints[0], ...auth }] } },
          items,
        ),
      ).toEqual([]);
    }
  });

  test('GIVEN --metrics-secure=false, another port, or the Service on another port THEN nothing is demanded', () => {
    expect(runRule(targetAuth, noToken, [managerService(), managerDeployment(['--metrics-bind-address=:8443', '--metrics-secure=false'])])).toEqual([]);
    expect(runRule(targetAuth, noToken, [managerService(8080), managerDeployment(['--metrics-bind-address=:8080'])])).toEqual([]);
    expect(runRule(targetAuth, noToken, [managerService(9443), managerDeployment()])).toEqual([]);
    // On another port, an explicit --metrics-secure=true still counts.
    expect(runRule(targetAuth, noToken, [managerService(8080), managerDeployment(['--metrics-bind-address=:8080', '--metrics-secure'])])).toHaveLength(1);
  });

  test('GIVEN apply with bearer-token-secret THEN the finding is gone; check mode with that config judges what apply would send', () => {
    const items = [noToken, managerService(), managerDeployment()];
    const auth = { authorization: { type: 'Bearer', credentials: { name: 'scrape-token', key: 'token' } } };
    expect(transform(items, config({ auth })).results.filter((r) => r.tags.code === 'target-auth')).toEqual([]);
    const checked = transform(items, config({ mode: 'check', auth }));
    expect(checked.results.filter((r) => r.tags.code === 'target-auth')).toEqual([]);
    expect(checked.results.map((r) => r.message)).toContain('would set authorization to {type: Bearer, credentials: {name: scrape-token, key: token}}');
    // Without a config that fixes it, check reports it.
    expect(transform(items, config({ mode: 'check' })).results.filter((r) => r.tags.code === 'target-auth')).toHaveLength(1);
  });
});

describe('target-auth: kube-rbac-proxy sidecar', () => {
  const items = [managerService('https'), managerDeployment(['--metrics-bind-address=127.0.0.1:8080'], [KUBE_RBAC_PROXY])];
  const noToken = managerMonitor();
  delete (noToken.spec as { endpoints: Array<Record<string, unknown>> }).endpoints[0]!.bearerTokenFile;

  test('GIVEN the sidecar on the scraped port and no token THEN 401', () => {
    expect(brief(runRule(targetAuth, noToken, items))).toEqual([
      `error spec.endpoints[0]: ${BEARER_401('Deployment shop-system/shop-controller-manager (container kube-rbac-proxy) runs kube-rbac-proxy --secure-listen-address=0.0.0.0:8443')}`,
    ]);
  });

  test('GIVEN --client-ca-file and a client certificate sent THEN quiet; a token sent THEN quiet', () => {
    const withCa = [
      managerService('https'),
      managerDeployment(
        ['--metrics-bind-address=127.0.0.1:8080'],
        [{ ...KUBE_RBAC_PROXY, args: [...KUBE_RBAC_PROXY.args, '--client-ca-file=/etc/ca/ca.crt'] }],
      ),
    ];
    const certMonitor = managerMonitor({ tlsConfig: { cert: { secret: { name: 'c', key: 'tls.crt' } }, keySecret: { name: 'c', key: 'tls.key' } } });
    delete (certMonitor.spec as { endpoints: Array<Record<string, unknown>> }).endpoints[0]!.bearerTokenFile;
    expect(runRule(targetAuth, certMonitor, withCa)).toEqual([]);
    expect(runRule(targetAuth, certMonitor, items)).toHaveLength(1);
    expect(runRule(targetAuth, managerMonitor(), items)).toEqual([]);
  });
});

describe('target-auth: PodMonitor', () => {
  test('GIVEN a PodMonitor selecting the Pushgateway pods by container port THEN the same 401', () => {
    const podMonitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'pgw', namespace: 'monitoring' },
      spec: { selector: { matchLabels: { app: 'pushgateway' } }, podMetricsEndpoints: [{ port: 'metrics' }] },
    };
    expect(runRule(targetAuth, podMonitor, [pushgatewayDeployment(), webConfigSecret(webConfig())]).map((r) => r.message)).toEqual([BASIC_401]);
  });
});
