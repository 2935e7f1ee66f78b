import { isObject } from '../types.js';
import type { CheckRule } from './types.js';
import { isSet } from './fields.js';

/**
 * The operator's SafeAuthorization.Validate (as of the pinned v0.93.0): `type` "basic" in any case,
 * after trimming, is rejected ("Authorization type cannot be set to \"basic\", use \"basic_auth\"
 * instead"), and so is a missing `credentials` ("Authorization credentials are required"); either
 * way the whole object is dropped. `type` defaults to Bearer.
 * Severity: error — the operator rejects the whole object (SafeAuthorization.Validate, prometheus-operator v0.93.0).
 */
export const authorizationType: CheckRule = {
  code: 'authorization-type',
  description: 'authorization.type Basic, or authorization without credentials',
  check({ kind, endpoints, report }) {
    if (!kind.authMethods.includes('authorization')) return;
    for (const endpoint of endpoints) {
      const authorization = endpoint.value.authorization;
      if (!isObject(authorization)) continue;
      const type = authorization.type;
      if (typeof type === 'string' && type.trim().toLowerCase() === 'basic') {
        report.error(
          'authorization-type',
          `authorization.type "${type}" is rejected by the operator, and with it the whole object; for HTTP basic auth use basicAuth with username and password Secret keys, or set type to Bearer (the default)`,
          [...endpoint.path, 'authorization', 'type'],
          { currentValue: type },
        );
      }
      if (!isSet(authorization.credentials)) {
        report.error(
          'authorization-type',
          "authorization has no credentials: the operator rejects it, and with it the whole object; set credentials: {name: <secret>, key: <key>} to a Secret in the monitor's namespace",
          [...endpoint.path, 'authorization', 'credentials'],
        );
      }
    }
  },
};
