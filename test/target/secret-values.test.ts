import { stringify } from 'yaml';
import { Cluster } from '../../src/cluster.js';
import { readInput } from '../../src/io/read.js';
import { processText } from '../../src/process.js';
import { RECOGNISABLE_HASH, RECOGNISABLE_KEY, pushgatewayDeployment, pushgatewayMonitor, pushgatewayService, webConfig, webConfigSecret } from './fixtures.js';

/**
 * README "Who may scrape": a web config inside a Secret is parsed for its structure only; no value (hash, key) is
 * kept, printed or put in a result. The fixture's hash and key are recognisable strings.
 */
describe('Secret values never reach the core', () => {
  const leaks = (text: string): boolean => text.includes(RECOGNISABLE_HASH) || text.includes('RECOGNISABLEbcrypt') || text.includes(RECOGNISABLE_KEY);

  const stream = (secretText: string, field: 'data' | 'stringData' = 'data'): string =>
    [pushgatewayMonitor(), pushgatewayService(), pushgatewayDeployment(), webConfigSecret(secretText, field)].map((o) => stringify(o)).join('---\n');

  test.each(['data', 'stringData'] as const)(
    'GIVEN a web config with a recognisable hash and key in %s THEN the core sees blanks and a structure, the results neither',
    (field) => {
      const config = webConfig({ basicAuth: true, tls: true, clientAuth: 'RequireAndVerifyClientCert' });
      expect(leaks(config)).toBe(true);
      const text = stream(config, field);
      const input = readInput(text);
      const secret = input.items[3]?.object;
      expect(secret?.[field]).toEqual({ 'web-config.yaml': '' });
      const info = Cluster.from(input.items.map((i) => i.object)).secret('Secret', 'monitoring', 'pushgateway-web-config');
      expect(info?.digests).toEqual(
        new Map([['web-config.yaml', { webConfig: { basicAuth: true, tls: true, clientAuthType: 'RequireAndVerifyClientCert' } }]]),
      );
      expect(leaks(JSON.stringify([...(info?.digests ?? new Map())]))).toBe(false);
      const output = processText(text);
      expect(output.results.map((r) => r.tags.code)).toContain('target-auth');
      expect(leaks(JSON.stringify(output.results))).toBe(false);
    },
  );

  test.each([
    ['not YAML', `basic_auth_users: [${RECOGNISABLE_HASH}\n  ${RECOGNISABLE_KEY}: {`],
    ['not a map', `- basic_auth_users\n- ${RECOGNISABLE_HASH}\n`],
    [
      'an alias bomb',
      `a: &a [${RECOGNISABLE_HASH}]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nbasic_auth_users: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`,
    ],
  ])('GIVEN a web config that is %s THEN the result says so without the text', (_, text) => {
    const output = processText(stream(text));
    const messages = output.results.filter((r) => r.tags.code === 'target-auth').map((r) => r.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^cannot tell what the target demands: .* (is not YAML|is not a YAML map)$/);
    expect(leaks(JSON.stringify(output.results))).toBe(false);
  });
});
