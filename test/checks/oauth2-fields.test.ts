import { oauth2Fields } from '../../src/checks/oauth2-fields.js';
import { schema } from '../../src/checks/schema.js';
import { SM_REF, finding, runRule, scrapeConfig, serviceMonitor } from './fixtures.js';

const complete = {
  clientId: { secret: { name: 'oauth', key: 'client_id' } },
  clientSecret: { name: 'oauth', key: 'client_secret' },
  tokenUrl: 'https://idp.example.com/token',
};

describe('oauth2-fields', () => {
  test('GIVEN clientId with neither secret nor configMap THEN an error (the schema accepts it, the operator does not)', () => {
    const monitor = serviceMonitor({ oauth2: { ...complete, clientId: {} } });
    expect(runRule(schema, monitor)).toEqual([]);
    expect(runRule(oauth2Fields, monitor)).toEqual([
      finding(
        SM_REF,
        'error',
        'oauth2-fields',
        'spec.endpoints[0].oauth2.clientId',
        'oauth2.clientId names neither a secret nor a configMap: the operator rejects it ("OAuth2 clientID must be specified"), and with it the whole object; set clientId: {secret: {name: <secret>, key: client_id}}',
      ),
    ]);
  });

  test('GIVEN a complete oauth2 block, with the clientId from a Secret or a ConfigMap THEN nothing is reported', () => {
    expect(runRule(oauth2Fields, scrapeConfig({ oauth2: complete }))).toEqual([]);
    expect(runRule(oauth2Fields, scrapeConfig({ oauth2: { ...complete, clientId: { configMap: { name: 'oauth', key: 'client_id' } } } }))).toEqual([]);
  });

  test('GIVEN missing fields or a bad tokenUrl THEN this rule is quiet: they are schema findings', () => {
    const scrape = scrapeConfig({ oauth2: { clientId: complete.clientId, tokenUrl: 'ftp://idp' } });
    expect(runRule(oauth2Fields, scrape)).toEqual([]);
    expect(runRule(schema, scrape).map((r) => [r.field?.path, r.tags.code])).toEqual([
      ['spec.oauth2.clientSecret', 'schema'],
      ['spec.oauth2.tokenUrl', 'schema'],
    ]);
  });
});
