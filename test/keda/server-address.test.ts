import { finding } from '../checks/fixtures.js';
import { SO_REF, prometheusTrigger, resultsOf, scaledObject } from './fixtures.js';

const ADDRESS = 'spec.triggers[0].metadata.serverAddress';

describe('keda-server-address', () => {
  test("GIVEN no serverAddress THEN KEDA's error", () => {
    const trigger = prometheusTrigger();
    delete (trigger.metadata as Record<string, unknown>).serverAddress;
    expect(resultsOf('keda-server-address', [scaledObject([trigger])])).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-server-address',
        ADDRESS,
        'KEDA rejects the trigger: missing required parameter "serverAddress" in [triggerMetadata]; add the Prometheus query URL, e.g. serverAddress: https://prometheus.example.com',
      ),
    ]);
  });

  test('GIVEN a serverAddress that is not a URL THEN an error that does not repeat it (it may hold credentials)', () => {
    const results = resultsOf('keda-server-address', [scaledObject([prometheusTrigger({ serverAddress: 'prometheus.monitoring.svc:9090' })])]);
    expect(results).toEqual([
      finding(
        SO_REF,
        'error',
        'keda-server-address',
        ADDRESS,
        'serverAddress is not an absolute http:// or https:// URL: every query fails (unsupported protocol scheme); write the full URL, e.g. https://prometheus.example.com',
      ),
    ]);
  });

  test('GIVEN a URL, metadata that is not a map, a serverAddress that is not a string, or another trigger type THEN nothing here', () => {
    expect(resultsOf('keda-server-address', [scaledObject()])).toEqual([]);
    expect(resultsOf('keda-server-address', [scaledObject([{ type: 'prometheus', metadata: 'x' }])])).toEqual([]);
    expect(resultsOf('keda-server-address', [scaledObject([prometheusTrigger({ serverAddress: 9090 })])])).toEqual([]);
    expect(resultsOf('keda-server-address', [scaledObject([{ type: 'cpu', metadata: { value: '60' } }])])).toEqual([]);
  });
});
