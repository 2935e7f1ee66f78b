import { tlsPair } from '../../src/checks/tls-pair.js';
import { PM_REF, SC_REF, SM_REF, certManagerTls, finding, podMonitor, runRule, scrapeConfig, serviceMonitor } from './fixtures.js';

const ca = { secret: { name: 'metrics-server-cert', key: 'ca.crt' } };
const cert = { secret: { name: 'metrics-server-cert', key: 'tls.crt' } };
const keySecret = { name: 'metrics-server-cert', key: 'tls.key' };

describe('tls-pair', () => {
  test('GIVEN cert without keySecret THEN an error at cert', () => {
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: { ca, cert } }))).toEqual([
      finding(
        SM_REF,
        'error',
        'tls-pair',
        'spec.endpoints[0].tlsConfig.cert',
        'tlsConfig.cert is set without a client key: the operator rejects a client certificate without its key, and with it the whole object; add keySecret (the tls.key of the same Secret) or remove cert',
      ),
    ]);
  });

  test('GIVEN keySecret without cert THEN an error at keySecret', () => {
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: { ca, keySecret } }))).toEqual([
      finding(
        SM_REF,
        'error',
        'tls-pair',
        'spec.endpoints[0].tlsConfig.keySecret',
        'tlsConfig.keySecret is set without a client certificate: the operator rejects a client key without its certificate, and with it the whole object; add cert (the tls.crt of the same Secret) or remove keySecret',
      ),
    ]);
  });

  test('GIVEN certFile without keyFile on a ServiceMonitor THEN an error at certFile', () => {
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: { certFile: '/etc/tls/tls.crt' } }))).toEqual([
      finding(
        SM_REF,
        'error',
        'tls-pair',
        'spec.endpoints[0].tlsConfig.certFile',
        'tlsConfig.certFile is set without a client key: the operator rejects a client certificate without its key, and with it the whole object; add keyFile or remove certFile',
      ),
    ]);
  });

  test('GIVEN ca and caFile THEN an error at caFile, with its value', () => {
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: certManagerTls({ caFile: '/etc/prometheus/ca.crt' }) }))).toEqual([
      finding(
        SM_REF,
        'error',
        'tls-pair',
        'spec.endpoints[0].tlsConfig.caFile',
        'tlsConfig.ca and tlsConfig.caFile are both set: the operator rejects the whole object ("cannot specify both caFile and ca"); keep ca (from a Secret) and remove caFile',
        { currentValue: '/etc/prometheus/ca.crt' },
      ),
    ]);
  });

  test('GIVEN keySecret and keyFile THEN an error at keyFile', () => {
    const results = runRule(tlsPair, serviceMonitor({ tlsConfig: certManagerTls({ keyFile: '/etc/tls/tls.key' }) }));
    expect(results.map((r) => [r.field?.path, r.message])).toEqual([
      [
        'spec.endpoints[0].tlsConfig.keyFile',
        'tlsConfig.keySecret and tlsConfig.keyFile are both set: the operator rejects the whole object ("cannot specify both keyFile and keySecret"); keep keySecret (from a Secret) and remove keyFile',
      ],
    ]);
  });

  test('GIVEN ca with both secret and configMap THEN an error at ca', () => {
    const tlsConfig = certManagerTls({ ca: { secret: ca.secret, configMap: { name: 'trust-bundle', key: 'ca.crt' } } });
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig }))).toEqual([
      finding(
        SM_REF,
        'error',
        'tls-pair',
        'spec.endpoints[0].tlsConfig.ca',
        'tlsConfig.ca has both secret and configMap: the operator rejects the whole object ("cannot specify both Secret and ConfigMap"); keep one of them',
      ),
    ]);
  });

  test('GIVEN oauth2.clientId with both secret and configMap THEN an error at oauth2.clientId', () => {
    const oauth2 = {
      clientId: { secret: { name: 'oauth', key: 'client_id' }, configMap: { name: 'oauth', key: 'client_id' } },
      clientSecret: { name: 'oauth', key: 'client_secret' },
      tokenUrl: 'https://idp.example.com/token',
    };
    expect(runRule(tlsPair, scrapeConfig({ oauth2 }))).toEqual([
      finding(
        SC_REF,
        'error',
        'tls-pair',
        'spec.oauth2.clientId',
        'oauth2.clientId has both secret and configMap: the operator rejects the whole object ("cannot specify both Secret and ConfigMap"); keep one of them',
      ),
    ]);
  });

  test('GIVEN oauth2.tlsConfig with cert and no keySecret THEN the nested tlsConfig is checked too', () => {
    const oauth2 = {
      clientId: { secret: { name: 'oauth', key: 'client_id' } },
      clientSecret: { name: 'oauth', key: 'client_secret' },
      tokenUrl: 'https://idp.example.com/token',
      tlsConfig: { cert: { secret: { name: 'idp-client', key: 'tls.crt' } } },
    };
    expect(runRule(tlsPair, serviceMonitor({ oauth2 }))).toEqual([
      finding(
        SM_REF,
        'error',
        'tls-pair',
        'spec.endpoints[0].oauth2.tlsConfig.cert',
        'oauth2.tlsConfig.cert is set without a client key: the operator rejects a client certificate without its key, and with it the whole object; add keySecret (the tls.key of the same Secret) or remove cert',
      ),
    ]);
  });

  test('GIVEN a PodMonitor with cert and keyFile THEN keyFile does not count (SafeTLSConfig has no file fields)', () => {
    expect(runRule(tlsPair, podMonitor({ tlsConfig: { cert, keyFile: '/etc/tls/tls.key' } }))).toEqual([
      finding(
        PM_REF,
        'error',
        'tls-pair',
        'spec.podMetricsEndpoints[0].tlsConfig.cert',
        'tlsConfig.cert is set without a client key: the operator rejects a client certificate without its key, and with it the whole object; add keySecret (the tls.key of the same Secret) or remove cert',
      ),
    ]);
  });

  test('GIVEN maxVersion below minVersion THEN an error at maxVersion', () => {
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: certManagerTls({ minVersion: 'TLS13', maxVersion: 'TLS12' }) }))).toEqual([
      finding(
        SM_REF,
        'error',
        'tls-pair',
        'spec.endpoints[0].tlsConfig.maxVersion',
        'tlsConfig.maxVersion TLS12 is lower than minVersion TLS13: the operator rejects the whole object ("maxVersion must more than or equal to minVersion"); raise maxVersion or remove it',
        { currentValue: 'TLS12' },
      ),
    ]);
  });

  test('GIVEN complete pairs THEN nothing is reported', () => {
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: certManagerTls({ minVersion: 'TLS12', maxVersion: 'TLS13' }) }))).toEqual([]);
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: { caFile: '/etc/ca.crt', certFile: '/etc/tls.crt', keyFile: '/etc/tls.key' } }))).toEqual([]);
    // A TLSConfig may mix: the operator counts certFile as the certificate for keySecret.
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: { certFile: '/etc/tls.crt', keySecret } }))).toEqual([]);
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: { ca: { configMap: { name: 'trust-bundle', key: 'ca.crt' } } } }))).toEqual([]);
  });

  // kube-prometheus' kubelet / apiserver monitors write `ca: {}` beside caFile; the operator compares
  // ca with the empty SecretOrConfigMap and treats it as unset, and accepts the object.
  test('GIVEN an empty ca: {} / cert: {} beside caFile / certFile (kube-prometheus) THEN nothing is reported: the operator treats an empty selector as unset', () => {
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: { ca: {}, caFile: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' } }))).toEqual([]);
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: { cert: {}, certFile: '/etc/tls.crt', keyFile: '/etc/tls.key' } }))).toEqual([]);
    // cert: {} alone is no client certificate, so a keySecret without it still fires.
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: { cert: {}, keySecret } })).map((r) => r.field?.path)).toEqual([
      'spec.endpoints[0].tlsConfig.keySecret',
    ]);
  });

  test('GIVEN ca beside an empty caFile: "" THEN nothing is reported (the operator tests caFile != "")', () => {
    expect(runRule(tlsPair, serviceMonitor({ tlsConfig: { ca, caFile: '' } }))).toEqual([]);
  });
});
