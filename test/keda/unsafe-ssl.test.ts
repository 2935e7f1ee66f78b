import { finding } from '../checks/fixtures.js';
import { SO_REF, fromSecret, prometheusTrigger, resultsOf, scaledObject, triggerAuth, withAuth } from './fixtures.js';

const PATH = 'spec.triggers[0].metadata.unsafeSsl';
const message = (transport: string): string =>
  `unsafeSsl is ignored here: ${transport} verifies the server certificate anyway (keda#5869), so a self-signed or mismatched certificate still fails the query; provide the server's CA as parameter ca in the TriggerAuthentication and remove unsafeSsl`;

describe('keda-unsafe-ssl', () => {
  test('GIVEN unsafeSsl with tls auth THEN a warning: KEDA ignores it', () => {
    expect(
      resultsOf('keda-unsafe-ssl', [withAuth({ unsafeSsl: 'true', authModes: 'tls' }), triggerAuth(fromSecret({ cert: 'tls.crt', key: 'tls.key' }))]),
    ).toEqual([finding(SO_REF, 'warning', 'keda-unsafe-ssl', PATH, message('the TLS transport KEDA builds for authModes tls'), { currentValue: 'true' })]);
  });

  test('GIVEN unsafeSsl with a ca parameter, or a pod identity THEN a warning each', () => {
    expect(
      resultsOf('keda-unsafe-ssl', [withAuth({ unsafeSsl: 'True', authModes: 'bearer' }), triggerAuth(fromSecret({ bearerToken: 'token', ca: 'ca.crt' }))]),
    ).toEqual([finding(SO_REF, 'warning', 'keda-unsafe-ssl', PATH, message('the TLS transport KEDA builds for the ca parameter'), { currentValue: 'True' })]);
    expect(resultsOf('keda-unsafe-ssl', [withAuth({ unsafeSsl: '1' }), triggerAuth({ podIdentity: { provider: 'gcp' } })])).toEqual([
      finding(SO_REF, 'warning', 'keda-unsafe-ssl', PATH, message('the gcp pod-identity transport'), { currentValue: '1' }),
    ]);
  });

  test('GIVEN unsafeSsl with bearer auth and no ca, or with no auth, or unsafeSsl false THEN nothing (KEDA honours it there)', () => {
    expect(resultsOf('keda-unsafe-ssl', [withAuth({ unsafeSsl: 'true', authModes: 'bearer' }), triggerAuth(fromSecret({ bearerToken: 'token' }))])).toEqual([]);
    expect(resultsOf('keda-unsafe-ssl', [scaledObject([prometheusTrigger({ unsafeSsl: 'true' })])])).toEqual([]);
    expect(
      resultsOf('keda-unsafe-ssl', [withAuth({ unsafeSsl: 'false', authModes: 'tls' }), triggerAuth(fromSecret({ cert: 'tls.crt', key: 'tls.key' }))]),
    ).toEqual([]);
  });
});
