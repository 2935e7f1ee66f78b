import { FAMILIES } from '../../src/families.js';
import { validateAgainstCrd } from '../../src/schema/crd.js';
import { formatPath } from '../../src/path.js';
import { closestName } from '../../src/suggest.js';

type Obj = Record<string, unknown>;

/** A Kubebuilder-style metrics ServiceMonitor after the TLS patch (project's own fixture). */
function kubebuilderServiceMonitor(endpoint: Obj = {}): Obj {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: {
      name: 'controller-manager-metrics-monitor',
      namespace: 'project-system',
      labels: { 'control-plane': 'controller-manager', 'app.kubernetes.io/name': 'project' },
      annotations: { 'config.kubernetes.io/index': '0' },
    },
    spec: {
      endpoints: [
        {
          path: '/metrics',
          port: 'https',
          scheme: 'https',
          bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
          tlsConfig: {
            serverName: 'project-controller-manager-metrics-service.project-system.svc',
            insecureSkipVerify: false,
            ca: { secret: { name: 'metrics-server-cert', key: 'ca.crt' } },
            cert: { secret: { name: 'metrics-server-cert', key: 'tls.crt' } },
            keySecret: { name: 'metrics-server-cert', key: 'tls.key' },
          },
          ...endpoint,
        },
      ],
      selector: { matchLabels: { 'control-plane': 'controller-manager' } },
    },
  };
}

function withTlsConfig(tlsConfig: Obj): Obj {
  return kubebuilderServiceMonitor({ tlsConfig });
}

describe('validateAgainstCrd: ServiceMonitor', () => {
  test('GIVEN a Kubebuilder metrics monitor with cert-manager TLS THEN it satisfies the CRD', () => {
    expect(validateAgainstCrd(kubebuilderServiceMonitor())).toEqual([]);
  });

  test('GIVEN tlsConfig.servername THEN it is an unknown field with serverName suggested', () => {
    expect(validateAgainstCrd(withTlsConfig({ servername: 'svc.ns.svc' }))).toEqual([
      {
        path: 'spec.endpoints[0].tlsConfig.servername',
        message: 'unknown field "servername" (did you mean "serverName"?)',
        suggestion: 'serverName',
      },
    ]);
  });

  test('GIVEN minVersion TLS14 THEN the allowed versions are listed', () => {
    expect(validateAgainstCrd(withTlsConfig({ minVersion: 'TLS14' }))).toEqual([
      {
        path: 'spec.endpoints[0].tlsConfig.minVersion',
        message: 'must be one of "TLS10", "TLS11", "TLS12", "TLS13", not "TLS14"',
      },
    ]);
  });

  test('GIVEN a wrongly cased enum value THEN the right spelling is suggested', () => {
    expect(validateAgainstCrd(withTlsConfig({ minVersion: 'tls12' }))).toEqual([
      {
        path: 'spec.endpoints[0].tlsConfig.minVersion',
        message: 'must be one of "TLS10", "TLS11", "TLS12", "TLS13", not "tls12"',
        suggestion: 'TLS12',
      },
    ]);
  });

  // The CRD requires neither username nor password in basicAuth; what it requires is `key` in
  // every SecretKeySelector (`name` defaults to "").
  test('GIVEN basicAuth with only a username THEN the CRD accepts it', () => {
    const monitor = kubebuilderServiceMonitor({ basicAuth: { username: { name: 'pgw-auth', key: 'username' } } });
    expect(validateAgainstCrd(monitor)).toEqual([]);
  });

  test('GIVEN a Secret selector without key THEN the missing field is named by its own path', () => {
    const monitor = kubebuilderServiceMonitor({
      basicAuth: { username: { name: 'pgw-auth', key: 'username' }, password: { name: 'pgw-auth' } },
    });
    expect(validateAgainstCrd(monitor)).toEqual([{ path: 'spec.endpoints[0].basicAuth.password.key', message: 'required field "key" is missing' }]);
  });

  test('GIVEN spec without endpoints THEN the required field is reported', () => {
    const monitor = kubebuilderServiceMonitor();
    const spec = monitor['spec'] as Obj;
    delete spec['endpoints'];
    expect(validateAgainstCrd(monitor)).toEqual([{ path: 'spec.endpoints', message: 'required field "endpoints" is missing' }]);
  });

  test('GIVEN targetPort as a number or a name THEN both are accepted (int-or-string)', () => {
    expect(validateAgainstCrd(kubebuilderServiceMonitor({ targetPort: 8443 }))).toEqual([]);
    expect(validateAgainstCrd(kubebuilderServiceMonitor({ targetPort: 'https' }))).toEqual([]);
  });

  test('GIVEN targetPort as a boolean THEN one message names both allowed types', () => {
    expect(validateAgainstCrd(kubebuilderServiceMonitor({ targetPort: true }))).toEqual([
      { path: 'spec.endpoints[0].targetPort', message: 'must be an integer or a string, not a boolean' },
    ]);
  });

  test('GIVEN a wrong type THEN the expected type is named and the value is not echoed', () => {
    const monitor = kubebuilderServiceMonitor({ basicAuth: { password: 'hunter2' } });
    expect(validateAgainstCrd(monitor)).toEqual([{ path: 'spec.endpoints[0].basicAuth.password', message: 'must be an object, not a string' }]);
  });

  test('GIVEN an unknown top-level spec field THEN it is reported at spec level', () => {
    const monitor = kubebuilderServiceMonitor();
    (monitor['spec'] as Obj)['tlsConfig'] = { serverName: 'x' };
    expect(validateAgainstCrd(monitor)).toEqual([{ path: 'spec.tlsConfig', message: 'unknown field "tlsConfig"' }]);
  });

  test('GIVEN a malformed interval THEN the pattern error carries the value', () => {
    expect(validateAgainstCrd(kubebuilderServiceMonitor({ interval: '30 s' }))).toEqual([
      {
        path: 'spec.endpoints[0].interval',
        message: 'must match the pattern ^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$, not "30 s"',
      },
    ]);
  });

  test('GIVEN several problems THEN each is reported once, in schema order', () => {
    const monitor = kubebuilderServiceMonitor({ scheme: 'tls', tlsConfig: { servername: 'x', insecureSkipVerify: 'no' } });
    expect(validateAgainstCrd(monitor)).toEqual([
      { path: 'spec.endpoints[0].scheme', message: 'must be one of "http", "https", "HTTP", "HTTPS", not "tls"' },
      {
        path: 'spec.endpoints[0].tlsConfig.servername',
        message: 'unknown field "servername" (did you mean "serverName"?)',
        suggestion: 'serverName',
      },
      { path: 'spec.endpoints[0].tlsConfig.insecureSkipVerify', message: 'must be a boolean, not a string' },
    ]);
  });

  test('GIVEN any metadata THEN it is not checked (ObjectMeta is free-form in CRD schemas)', () => {
    const monitor = kubebuilderServiceMonitor();
    monitor['metadata'] = { name: 'm', whatever: { 'a.b/c': 1 } };
    expect(validateAgainstCrd(monitor)).toEqual([]);
  });
});

describe('validateAgainstCrd: PodMonitor, Probe, ScrapeConfig', () => {
  test('GIVEN a PodMonitor tlsConfig with caFile THEN it is unknown (SafeTLSConfig has no file fields)', () => {
    const podMonitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'pods', namespace: 'ns' },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        podMetricsEndpoints: [{ port: 'metrics', scheme: 'https', tlsConfig: { caFile: '/etc/ca.crt', serverName: 'x' } }],
      },
    };
    expect(validateAgainstCrd(podMonitor)).toEqual([{ path: 'spec.podMetricsEndpoints[0].tlsConfig.caFile', message: 'unknown field "caFile"' }]);
  });

  test('GIVEN a Probe with SafeTLSConfig and authorization THEN it satisfies the CRD', () => {
    const probe = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Probe',
      metadata: { name: 'blackbox', namespace: 'ns' },
      spec: {
        prober: { url: 'blackbox-exporter.ns.svc:9115', scheme: 'https' },
        module: 'http_2xx',
        targets: { staticConfig: { static: ['https://example.com'] } },
        tlsConfig: { serverName: 'blackbox-exporter.ns.svc', ca: { configMap: { name: 'ca', key: 'ca.crt' } } },
        authorization: { type: 'Bearer', credentials: { name: 'probe-token', key: 'token' } },
      },
    };
    expect(validateAgainstCrd(probe)).toEqual([]);
  });

  function scrapeConfig(spec: Obj): Obj {
    return {
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      kind: 'ScrapeConfig',
      metadata: { name: 'static', namespace: 'ns' },
      spec: { staticConfigs: [{ targets: ['app.ns.svc:8443'] }], scheme: 'HTTPS', ...spec },
    };
  }

  test('GIVEN a ScrapeConfig with a full oauth2 block THEN it satisfies the CRD', () => {
    const oauth2 = {
      clientId: { secret: { name: 'oauth', key: 'client_id' } },
      clientSecret: { name: 'oauth', key: 'client_secret' },
      tokenUrl: 'https://idp.example.com/token',
      scopes: ['metrics.read'],
      endpointParams: { audience: 'prometheus' },
      tlsConfig: { ca: { secret: { name: 'idp-ca', key: 'ca.crt' } }, minVersion: 'TLS12' },
    };
    expect(validateAgainstCrd(scrapeConfig({ oauth2, enableHTTP2: true }))).toEqual([]);
  });

  test('GIVEN oauth2 with a non-http tokenUrl and no clientSecret THEN both are reported', () => {
    const oauth2 = { clientId: { secret: { name: 'oauth', key: 'client_id' } }, tokenUrl: 'idp.example.com/token' };
    expect(validateAgainstCrd(scrapeConfig({ oauth2 }))).toEqual([
      { path: 'spec.oauth2.clientSecret', message: 'required field "clientSecret" is missing' },
      { path: 'spec.oauth2.tokenUrl', message: 'must match the pattern ^(http|https)://.+$, not "idp.example.com/token"' },
    ]);
  });

  test('GIVEN ScrapeConfig enableHttp2 THEN enableHTTP2 is suggested (ScrapeConfig spells it differently)', () => {
    expect(validateAgainstCrd(scrapeConfig({ enableHttp2: true }))).toEqual([
      {
        path: 'spec.enableHttp2',
        message: 'unknown field "enableHttp2" (did you mean "enableHTTP2"?)',
        suggestion: 'enableHTTP2',
      },
    ]);
  });

  test('GIVEN bearerTokenSecret on a ScrapeConfig THEN it is unknown (ScrapeConfig has no such field)', () => {
    expect(validateAgainstCrd(scrapeConfig({ bearerTokenSecret: { name: 't', key: 'token' } }))).toEqual([
      { path: 'spec.bearerTokenSecret', message: 'unknown field "bearerTokenSecret"' },
    ]);
  });
});

describe('validateAgainstCrd: other objects', () => {
  test('GIVEN an apiVersion/kind that is not pinned THEN the result is undefined', () => {
    expect(validateAgainstCrd({ apiVersion: 'monitoring.coreos.com/v1beta1', kind: 'ServiceMonitor' })).toBeUndefined();
    expect(validateAgainstCrd({ apiVersion: 'v1', kind: 'Service' })).toBeUndefined();
    expect(validateAgainstCrd({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ScrapeConfig' })).toBeUndefined();
  });

  test('THEN every kind a family registers has a pinned validator (a family kind without one would go unchecked)', () => {
    const kinds = FAMILIES.flatMap((family) => family.kinds.map((k) => ({ apiVersion: k.apiVersion, kind: k.kind })));
    expect(kinds.map((k) => `${k.apiVersion}/${k.kind}`)).toEqual([
      'monitoring.coreos.com/v1/ServiceMonitor',
      'monitoring.coreos.com/v1/PodMonitor',
      'monitoring.coreos.com/v1/Probe',
      'monitoring.coreos.com/v1alpha1/ScrapeConfig',
      'azmonitoring.coreos.com/v1/ServiceMonitor',
      'azmonitoring.coreos.com/v1/PodMonitor',
      'keda.sh/v1alpha1/ScaledObject',
      'keda.sh/v1alpha1/ScaledJob',
      'keda.sh/v1alpha1/TriggerAuthentication',
      'keda.sh/v1alpha1/ClusterTriggerAuthentication',
    ]);
    for (const k of kinds) expect(validateAgainstCrd(k)).not.toBeUndefined();
  });
});

describe('helpers', () => {
  test('formatPath writes dots for keys, [i] for indices and quotes odd keys', () => {
    expect(formatPath(['spec', 'endpoints', 0, 'tlsConfig', 'serverName'])).toBe('spec.endpoints[0].tlsConfig.serverName');
    expect(formatPath(['metadata', 'annotations', 'a.b/c'])).toBe('metadata.annotations["a.b/c"]');
    expect(formatPath(['metadata', 'labels', 'control-plane'])).toBe('metadata.labels.control-plane');
  });

  test('closestName accepts case differences and a few edits, nothing farther', () => {
    const known = ['serverName', 'insecureSkipVerify', 'ca', 'cert', 'keySecret'];
    expect(closestName('servername', known)).toBe('serverName');
    expect(closestName('serverNme', known)).toBe('serverName');
    expect(closestName('insecureSkipVerfy', known)).toBe('insecureSkipVerify');
    expect(closestName('certs', known)).toBe('cert');
    expect(closestName('caFile', known)).toBeUndefined();
    expect(closestName('xy', known)).toBeUndefined();
  });

  test('closestName for config keys: two edits even for a short key, no suffix guess', () => {
    const keys = ['mode', 'tls-secret', 'ca-secret', 'label-selector'];
    expect(closestName('mo', keys)).toBeUndefined();
    expect(closestName('mo', keys, { shortNameEdits: 2 })).toBe('mode');
    expect(closestName('selector', keys)).toBe('label-selector');
    expect(closestName('selector', keys, { endings: false })).toBeUndefined();
  });
});
