import { authorizationType } from '../../src/checks/authorization-type.js';
import { PROBE_REF, SM_REF, finding, probe, runRule, serviceMonitor } from './fixtures.js';

const credentials = { name: 'scrape-token', key: 'token' };

describe('authorization-type', () => {
  test.each(['Basic', 'basic', ' BASIC '])('GIVEN type %j THEN an error at authorization.type', (type) => {
    expect(runRule(authorizationType, serviceMonitor({ authorization: { type, credentials } }))).toEqual([
      finding(
        SM_REF,
        'error',
        'authorization-type',
        'spec.endpoints[0].authorization.type',
        `authorization.type "${type}" is rejected by the operator, and with it the whole object; for HTTP basic auth use basicAuth with username and password Secret keys, or set type to Bearer (the default)`,
        { currentValue: type },
      ),
    ]);
  });

  test('GIVEN authorization without credentials THEN an error at authorization.credentials', () => {
    expect(runRule(authorizationType, probe({ authorization: { type: 'Bearer' } }))).toEqual([
      finding(
        PROBE_REF,
        'error',
        'authorization-type',
        'spec.authorization.credentials',
        "authorization has no credentials: the operator rejects it, and with it the whole object; set credentials: {name: <secret>, key: <key>} to a Secret in the monitor's namespace",
      ),
    ]);
  });

  test('GIVEN type Basic and no credentials THEN both are reported', () => {
    const results = runRule(authorizationType, serviceMonitor({ authorization: { type: 'Basic' } }));
    expect(results.map((r) => r.field?.path)).toEqual(['spec.endpoints[0].authorization.type', 'spec.endpoints[0].authorization.credentials']);
  });

  test('GIVEN Bearer, no type, or another scheme, with credentials THEN nothing is reported', () => {
    expect(runRule(authorizationType, serviceMonitor({ authorization: { type: 'Bearer', credentials } }))).toEqual([]);
    expect(runRule(authorizationType, serviceMonitor({ authorization: { credentials } }))).toEqual([]);
    expect(runRule(authorizationType, serviceMonitor({ authorization: { type: 'Basicish', credentials } }))).toEqual([]);
    expect(runRule(authorizationType, serviceMonitor())).toEqual([]);
  });
});
