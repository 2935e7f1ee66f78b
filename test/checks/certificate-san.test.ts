import { certificateCovers } from '../../src/checks/certificates.js';
import { certificateSan } from '../../src/checks/certificate-san.js';
import { SERVICE_DNS, SM_REF, certManagerTls, certificate, finding, openshiftService, podMonitor, runRule, serviceCaTls, serviceMonitor } from './fixtures.js';

describe('certificate-san', () => {
  test('GIVEN a Certificate issuing the trusted Secret whose dnsNames do not include serverName THEN an error naming certificate, SANs and serverName', () => {
    // metal-operator#664: the metrics endpoint trusts the webhook's certificate.
    const webhookNames = ['shop-webhook-service.shop-system.svc', 'shop-webhook-service.shop-system.svc.cluster.local'];
    const results = runRule(certificateSan, serviceMonitor({ tlsConfig: certManagerTls() }), [certificate(webhookNames)]);
    expect(results).toEqual([
      finding(
        SM_REF,
        'error',
        'certificate-san',
        'spec.endpoints[0].tlsConfig.serverName',
        `serverName ${SERVICE_DNS} is not among the SANs of Certificate shop-system/metrics-certs, which issues Secret metrics-server-cert (dnsNames: ${webhookNames.join(', ')}; ipAddresses: none), so Prometheus will fail with "x509: certificate is valid for ${webhookNames.join(', ')}, not ${SERVICE_DNS}"; set serverName to one of its dnsNames, or add ${SERVICE_DNS} to the Certificate's dnsNames`,
        { currentValue: SERVICE_DNS },
      ),
    ]);
  });

  test('GIVEN two Certificates writing the trusted Secret, neither with serverName THEN one error for the endpoint naming both', () => {
    const webhookNames = ['shop-webhook-service.shop-system.svc'];
    const overlayNames = ['shop-webhook.shop-system.svc'];
    const results = runRule(certificateSan, serviceMonitor({ tlsConfig: certManagerTls() }), [
      certificate(webhookNames),
      certificate(overlayNames, {}, 'metrics-certs-overlay'),
    ]);
    expect(results).toEqual([
      finding(
        SM_REF,
        'error',
        'certificate-san',
        'spec.endpoints[0].tlsConfig.serverName',
        `serverName ${SERVICE_DNS} is not among the SANs of the 2 certificates that issue Secret metrics-server-cert: Certificate shop-system/metrics-certs (dnsNames: ${webhookNames[0]}; ipAddresses: none); Certificate shop-system/metrics-certs-overlay (dnsNames: ${overlayNames[0]}; ipAddresses: none), so Prometheus will fail with "x509: certificate is valid for ${webhookNames[0]}, not ${SERVICE_DNS}" (the first; the Secret holds whichever was issued last); add ${SERVICE_DNS} to each Certificate's dnsNames`,
        { currentValue: SERVICE_DNS },
      ),
    ]);
  });

  test('GIVEN two Certificates writing the trusted Secret, one with serverName THEN one error naming only the other', () => {
    const results = runRule(certificateSan, serviceMonitor({ tlsConfig: certManagerTls() }), [
      certificate([SERVICE_DNS]),
      certificate(['elsewhere.shop-system.svc'], {}, 'metrics-certs-overlay'),
    ]);
    expect(results.map((r) => r.message)).toEqual([
      expect.stringContaining('of Certificate shop-system/metrics-certs-overlay, which issues Secret metrics-server-cert'),
    ]);
  });

  test('GIVEN a Certificate without any SANs THEN Go\'s "not valid for any names" is quoted', () => {
    const results = runRule(certificateSan, serviceMonitor({ tlsConfig: certManagerTls() }), [certificate([])]);
    expect(results[0]?.message).toContain(
      `(dnsNames: none; ipAddresses: none), so Prometheus will fail with "x509: certificate is not valid for any names, but wanted to match ${SERVICE_DNS}"`,
    );
  });

  test('GIVEN a wildcard that would need two labels THEN it does not match (RFC 6125: one label)', () => {
    const monitor = serviceMonitor({ tlsConfig: certManagerTls({ serverName: 'a.metrics.shop-system.svc' }) });
    expect(runRule(certificateSan, monitor, [certificate(['*.shop-system.svc'])]).map((r) => r.tags.code)).toEqual(['certificate-san']);
  });

  test('GIVEN a PodMonitor with a literal serverName THEN it is checked too', () => {
    const monitor = podMonitor({ tlsConfig: certManagerTls({ serverName: 'shop-pods.shop-system.svc' }) });
    expect(runRule(certificateSan, monitor, [certificate([SERVICE_DNS])]).map((r) => r.field?.path)).toEqual([
      'spec.podMetricsEndpoints[0].tlsConfig.serverName',
    ]);
  });

  test('GIVEN serverName among the dnsNames, matched by a wildcard, in another case, or an IP SAN THEN nothing is reported', () => {
    const monitor = serviceMonitor({ tlsConfig: certManagerTls() });
    expect(runRule(certificateSan, monitor, [certificate([SERVICE_DNS])])).toEqual([]);
    expect(runRule(certificateSan, monitor, [certificate(['*.shop-system.svc'])])).toEqual([]);
    expect(runRule(certificateSan, monitor, [certificate([SERVICE_DNS.toUpperCase()])])).toEqual([]);
    const byIp = serviceMonitor({ tlsConfig: certManagerTls({ serverName: '10.96.0.15' }) });
    expect(runRule(certificateSan, byIp, [certificate([SERVICE_DNS], { ipAddresses: ['10.96.0.15'] })])).toEqual([]);
  });

  test('GIVEN no Certificate for the Secret, one in another namespace, or a CA Certificate THEN nothing is reported', () => {
    const monitor = serviceMonitor({ tlsConfig: certManagerTls() });
    expect(runRule(certificateSan, monitor)).toEqual([]);
    expect(runRule(certificateSan, monitor, [certificate(['other.svc'], {}, 'metrics-certs', 'elsewhere')])).toEqual([]);
    expect(runRule(certificateSan, monitor, [certificate(['shop-ca'], { isCA: true })])).toEqual([]);
  });

  test("GIVEN the Certificate issues only the client cert Secret THEN nothing is reported (its SANs are the client's)", () => {
    const tlsConfig = certManagerTls({ ca: { configMap: { name: 'trust-bundle', key: 'ca.crt' } } });
    expect(runRule(certificateSan, serviceMonitor({ tlsConfig }), [certificate(['prometheus-client'])])).toEqual([]);
  });

  test('GIVEN a serverName that is a Kubebuilder placeholder THEN it is left to the placeholder rule', () => {
    const monitor = serviceMonitor({ tlsConfig: certManagerTls({ serverName: 'SERVICE_NAME.SERVICE_NAMESPACE.svc' }) });
    expect(runRule(certificateSan, monitor, [certificate([SERVICE_DNS])])).toEqual([]);
  });
});

describe('certificateCovers', () => {
  test.each([
    ['metrics.shop.svc', ['metrics.shop.svc'], [], true],
    ['METRICS.shop.svc', ['metrics.shop.svc'], [], true],
    ['metrics.shop.svc.', ['metrics.shop.svc'], [], true],
    ['metrics.shop.svc', ['*.shop.svc'], [], true],
    ['shop.svc', ['*.shop.svc'], [], false],
    ['a.metrics.shop.svc', ['*.shop.svc'], [], false],
    ['metrics.shop.svc', ['m*.shop.svc'], [], false],
    ['metrics.shop.svc', [], ['10.0.0.1'], false],
    ['10.0.0.1', ['10.0.0.1'], [], false],
    ['10.0.0.1', [], ['10.0.0.1'], true],
    ['fd00::1', [], ['FD00::1'], true],
  ])('%s against dnsNames %j and ipAddresses %j → %s', (name, dnsNames, ips, expected) => {
    expect(certificateCovers(name, dnsNames, ips)).toBe(expected);
  });

  describe('OpenShift service serving certificates (README "Checks")', () => {
    test('GIVEN the selected Service has serving-cert-secret-name and serverName names something else THEN an error with the names the service CA signs', () => {
      const monitor = serviceMonitor({ tlsConfig: serviceCaTls({ serverName: 'metrics.shop.example.com' }) });
      expect(runRule(certificateSan, monitor, [openshiftService()])).toEqual([
        finding(
          SM_REF,
          'error',
          'certificate-san',
          'spec.endpoints[0].tlsConfig.serverName',
          `serverName metrics.shop.example.com is not among the SANs of the OpenShift serving certificate of Service shop-system/shop-controller-manager-metrics-service, which issues Secret shop-metrics-tls (dnsNames: ${SERVICE_DNS}, ${SERVICE_DNS}.cluster.local; ipAddresses: none), so Prometheus will fail with "x509: certificate is valid for ${SERVICE_DNS}, ${SERVICE_DNS}.cluster.local, not metrics.shop.example.com"; set serverName to ${SERVICE_DNS}`,
          { currentValue: 'metrics.shop.example.com' },
        ),
      ]);
    });

    test('GIVEN the alpha annotation spelling THEN the same certificate is known', () => {
      const monitor = serviceMonitor({ tlsConfig: serviceCaTls({ serverName: 'metrics.shop.example.com' }) });
      expect(runRule(certificateSan, monitor, [openshiftService('shop-metrics-tls', 'alpha')]).map((r) => r.tags.code)).toEqual(['certificate-san']);
    });

    test('GIVEN serverName <svc>.<ns>.svc or .svc.cluster.local, or a Service without the annotation THEN nothing is reported', () => {
      expect(runRule(certificateSan, serviceMonitor({ tlsConfig: serviceCaTls({ serverName: SERVICE_DNS }) }), [openshiftService()])).toEqual([]);
      expect(
        runRule(certificateSan, serviceMonitor({ tlsConfig: serviceCaTls({ serverName: `${SERVICE_DNS}.cluster.local` }) }), [openshiftService()]),
      ).toEqual([]);
      const plain = openshiftService();
      (plain.metadata as { annotations?: object }).annotations = {};
      expect(runRule(certificateSan, serviceMonitor({ tlsConfig: serviceCaTls({ serverName: 'metrics.shop.example.com' }) }), [plain])).toEqual([]);
    });
  });
});
