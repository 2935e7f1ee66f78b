import { isObject } from '../types.js';
import type { CheckRule } from './types.js';
import { isSet } from './fields.js';

/**
 * The operator's OAuth2.Validate (as of the pinned v0.93.0) beyond what the CRD schema says.
 * Split of the work: `clientId`, `clientSecret` and `tokenUrl` missing, and a tokenUrl not matching
 * ^(http|https)://.+$, are `schema` findings (the CRD requires and patterns them); a clientId with
 * both secret and configMap is `tls-pair`'s. What is left is here: a clientId that names neither
 * ("OAuth2 clientID must be specified"), which the schema accepts and the operator rejects.
 * Severity: error — the operator rejects the whole object (OAuth2.Validate, prometheus-operator v0.93.0).
 */
export const oauth2Fields: CheckRule = {
  code: 'oauth2-fields',
  description: 'oauth2.clientId with neither secret nor configMap (missing fields and a bad tokenUrl are schema findings)',
  check({ kind, endpoints, report }) {
    if (!kind.authMethods.includes('oauth2')) return;
    for (const endpoint of endpoints) {
      const oauth2 = endpoint.value.oauth2;
      if (!isObject(oauth2) || !isObject(oauth2.clientId)) continue;
      if (isSet(oauth2.clientId.secret) || isSet(oauth2.clientId.configMap)) continue;
      report.error(
        'oauth2-fields',
        'oauth2.clientId names neither a secret nor a configMap: the operator rejects it ("OAuth2 clientID must be specified"), and with it the whole object; set clientId: {secret: {name: <secret>, key: client_id}}',
        [...endpoint.path, 'oauth2', 'clientId'],
      );
    }
  },
};
