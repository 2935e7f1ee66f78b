import { runInputChecks } from '../../src/checks/index.js';
import { placeholder } from '../../src/checks/placeholder.js';
import { Cluster } from '../../src/cluster.js';
import { emptyConfig } from '../../src/config/load.js';
import type { KubeObject } from '../../src/types.js';
import { PM_REF, SERVICE_DNS, SM_REF, certManagerTls, certificate, finding, podMonitor, runRule, service, serviceMonitor } from './fixtures.js';

const KUBEBUILDER_LITERAL = 'SERVICE_NAME.SERVICE_NAMESPACE.svc';
const MONITOR_WHY =
  "the replacements in config/default/kustomization.yaml that copy the metrics Service's metadata.name and metadata.namespace into spec.endpoints.0.tlsConfig.serverName did not run (Kubebuilder ships them commented out), and Prometheus will reject the certificate";

describe('placeholder (monitors)', () => {
  test('GIVEN the Kubebuilder 4.5+ literal in serverName and the Service in the input THEN an error proposing the Service name', () => {
    const monitor = serviceMonitor({ tlsConfig: certManagerTls({ serverName: KUBEBUILDER_LITERAL }) });
    expect(runRule(placeholder, monitor, [service()])).toEqual([
      finding(
        SM_REF,
        'error',
        'placeholder',
        'spec.endpoints[0].tlsConfig.serverName',
        `tlsConfig.serverName ${KUBEBUILDER_LITERAL} still holds the Kubebuilder placeholders SERVICE_NAME and SERVICE_NAMESPACE: ${MONITOR_WHY}; uncomment them, set serverName to ${SERVICE_DNS} (the Service this monitor selects), or let secure-monitors derive it with tls.serverName: auto`,
        { currentValue: KUBEBUILDER_LITERAL, proposedValue: SERVICE_DNS },
      ),
    ]);
  });

  test('GIVEN the literal and no Service in the input THEN the error has no proposed value', () => {
    const monitor = serviceMonitor({ tlsConfig: certManagerTls({ serverName: `${SERVICE_DNS.split('.')[0]}.SERVICE_NAMESPACE.svc` }) });
    expect(runRule(placeholder, monitor)).toEqual([
      finding(
        SM_REF,
        'error',
        'placeholder',
        'spec.endpoints[0].tlsConfig.serverName',
        `tlsConfig.serverName shop-controller-manager-metrics-service.SERVICE_NAMESPACE.svc still holds the Kubebuilder placeholder SERVICE_NAMESPACE: ${MONITOR_WHY}; uncomment them, or set serverName to the DNS name the certificate is issued for (secure-monitors derives it for a ServiceMonitor with tls.serverName: auto)`,
        { currentValue: 'shop-controller-manager-metrics-service.SERVICE_NAMESPACE.svc' },
      ),
    ]);
  });

  test('GIVEN the older kustomize-vars form $(SERVICE_NAME).$(SERVICE_NAMESPACE).svc THEN it is caught too', () => {
    const monitor = podMonitor({ tlsConfig: { serverName: '$(SERVICE_NAME).$(SERVICE_NAMESPACE).svc' } });
    const results = runRule(placeholder, monitor, [service()]);
    expect(results.map((r) => [r.resourceRef, r.field?.path, r.field?.proposedValue])).toEqual([
      [PM_REF, 'spec.podMetricsEndpoints[0].tlsConfig.serverName', undefined],
    ]);
  });

  test('GIVEN a placeholder in oauth2.tlsConfig.serverName THEN that field is reported', () => {
    const oauth2 = {
      clientId: { secret: { name: 'oauth', key: 'client_id' } },
      clientSecret: { name: 'oauth', key: 'client_secret' },
      tokenUrl: 'https://idp.example.com/token',
      tlsConfig: { serverName: 'SERVICE_NAME.idp.svc' },
    };
    expect(runRule(placeholder, serviceMonitor({ oauth2 }), [service()]).map((r) => r.field?.path)).toEqual(['spec.endpoints[0].oauth2.tlsConfig.serverName']);
  });

  test('GIVEN a real serverName, or none THEN nothing is reported', () => {
    expect(runRule(placeholder, serviceMonitor({ tlsConfig: certManagerTls() }))).toEqual([]);
    expect(runRule(placeholder, serviceMonitor({ tlsConfig: { insecureSkipVerify: true } }))).toEqual([]);
    // Only the Kubebuilder names: a Service that happens to be called "service-name" is fine.
    expect(runRule(placeholder, serviceMonitor({ tlsConfig: certManagerTls({ serverName: 'service-name.shop-system.svc' }) }))).toEqual([]);
  });
});

describe('placeholder (Certificates, an input rule)', () => {
  const CERT_REF = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', name: 'metrics-certs', namespace: 'shop-system' };
  const why =
    "the replacements in config/default/kustomization.yaml that copy the Service's metadata.name and metadata.namespace into this Certificate's spec.dnsNames did not run (Kubebuilder ships them commented out), so cert-manager issues a certificate no client can verify";
  const unused =
    '; nothing in the input uses its Secret yet (no monitor, webhook or pod), so it fails once something does; uncomment them, or remove the Certificate';
  const used = (user: string, name: string): string =>
    `, and ${user}: TLS to it fails with "x509: certificate is valid for ${name}, not <the name it is reached by>"; uncomment them`;
  const check = (items: KubeObject[]): ReturnType<typeof runInputChecks> => runInputChecks(items, Cluster.from(items), emptyConfig());
  const head = (index: number, name: string): string =>
    `dnsNames[${index}] ${name} still holds the Kubebuilder placeholders SERVICE_NAME and SERVICE_NAMESPACE: ${why}`;

  test('GIVEN a Certificate with placeholders that a ServiceMonitor trusts THEN one error per dnsName, on the Certificate, naming the monitor', () => {
    const cert = certificate([KUBEBUILDER_LITERAL, `${KUBEBUILDER_LITERAL}.cluster.local`]);
    const monitor = serviceMonitor({ tlsConfig: certManagerTls() });
    expect(check([cert, monitor])).toEqual([
      finding(
        CERT_REF,
        'error',
        'placeholder',
        'spec.dnsNames[0]',
        head(0, KUBEBUILDER_LITERAL) + used('ServiceMonitor shop-metrics-monitor, which trusts it', KUBEBUILDER_LITERAL),
        {
          currentValue: KUBEBUILDER_LITERAL,
        },
      ),
      finding(
        CERT_REF,
        'error',
        'placeholder',
        'spec.dnsNames[1]',
        head(1, `${KUBEBUILDER_LITERAL}.cluster.local`) + used('ServiceMonitor shop-metrics-monitor, which trusts it', `${KUBEBUILDER_LITERAL}.cluster.local`),
        { currentValue: `${KUBEBUILDER_LITERAL}.cluster.local` },
      ),
    ]);
  });

  test('GIVEN a webhook whose CA cert-manager injects from the Certificate, or a Deployment that mounts its Secret THEN an error naming it', () => {
    const cert = certificate([KUBEBUILDER_LITERAL], { secretName: 'webhook-server-cert' }, 'serving-cert');
    const webhook = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'shop-validating-webhook-configuration', annotations: { 'cert-manager.io/inject-ca-from': 'shop-system/serving-cert' } },
    };
    const ref = { ...CERT_REF, name: 'serving-cert' };
    expect(check([cert, webhook])).toEqual([
      finding(
        ref,
        'error',
        'placeholder',
        'spec.dnsNames[0]',
        head(0, KUBEBUILDER_LITERAL) +
          used('ValidatingWebhookConfiguration shop-validating-webhook-configuration, whose CA is injected from it', KUBEBUILDER_LITERAL),
        {
          currentValue: KUBEBUILDER_LITERAL,
        },
      ),
    ]);
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shop-controller-manager', namespace: 'shop-system' },
      spec: {
        template: {
          metadata: { labels: { app: 'shop' } },
          spec: { containers: [{ name: 'manager' }], volumes: [{ name: 'cert', secret: { secretName: 'webhook-server-cert' } }] },
        },
      },
    };
    expect(check([cert, deployment]).map((r) => [r.severity, r.message.slice(r.message.indexOf(', and '))])).toEqual([
      ['error', used('Deployment shop-controller-manager, which mounts it', KUBEBUILDER_LITERAL)],
    ]);
  });

  test('GIVEN a stock Kubebuilder build: the metrics Certificate with placeholders and nothing using its Secret THEN a warning, not an error (the build does not fail yet)', () => {
    const cert = certificate([KUBEBUILDER_LITERAL]);
    expect(check([cert, service()])).toEqual([
      finding(CERT_REF, 'warning', 'placeholder', 'spec.dnsNames[0]', head(0, KUBEBUILDER_LITERAL) + unused, { currentValue: KUBEBUILDER_LITERAL }),
    ]);
    // A monitor of another namespace does not use this namespace's Secret.
    const elsewhere = serviceMonitor({ tlsConfig: certManagerTls() }, { namespace: 'other' });
    expect(check([cert, elsewhere]).map((r) => r.severity)).toEqual(['warning']);
  });

  test("GIVEN the Certificate carries kpt's path annotations THEN the result points at its file", () => {
    const cert = certificate(['SERVICE_NAME.shop-system.svc']);
    (cert.metadata as { annotations?: object }).annotations = {
      'config.kubernetes.io/path': 'config/certmanager/certificate-metrics.yaml',
      'config.kubernetes.io/index': '0',
    };
    expect(check([cert])[0]?.file).toEqual({ path: 'config/certmanager/certificate-metrics.yaml', index: 0 });
  });

  test('GIVEN filled-in dnsNames, a non-cert-manager Certificate, or monitors THEN nothing is reported', () => {
    expect(check([certificate([SERVICE_DNS])])).toEqual([]);
    expect(check([{ apiVersion: 'example.com/v1', kind: 'Certificate', metadata: { name: 'x' }, spec: { dnsNames: [KUBEBUILDER_LITERAL] } }])).toEqual([]);
    // Monitors are the monitor rules' business, not the input rules'.
    expect(check([serviceMonitor({ tlsConfig: certManagerTls({ serverName: KUBEBUILDER_LITERAL }) })])).toEqual([]);
  });
});
