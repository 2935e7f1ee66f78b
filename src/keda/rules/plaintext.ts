import { podProviderOf } from '../resolve.js';
import { serverUrlOf } from '../server.js';
import type { KedaRule } from './types.js';

/**
 * Credentials in the clear: sent to an `http://` serverAddress (any authModes, or a pod identity's
 * token), or an `Authorization` header written into the trigger's `customHeaders`, where anyone who
 * can read the ScaledObject reads it. The header's value is never repeated.
 */
export const kedaPlaintext: KedaRule = {
  code: 'keda-plaintext',
  description: 'credentials sent to an http:// serverAddress, or an Authorization header in clear in customHeaders',
  check({ triggers, report }) {
    for (const trigger of triggers) {
      const url = serverUrlOf(trigger);
      if (url !== undefined && url.protocol === 'http:' && trigger.auth.state !== 'unknown') {
        const modes = trigger.modes === undefined ? [] : trigger.modes.from === 'metadata' ? trigger.modes.modes : ['(from the TriggerAuthentication)'];
        const provider = podProviderOf(trigger);
        const sent =
          modes.length > 0 ? `authModes ${modes.join(',')} credentials go` : provider !== undefined ? `the ${provider} identity's token goes` : undefined;
        if (sent !== undefined) {
          report.warning('keda-plaintext', `serverAddress is http://: ${sent} over the network unencrypted; use https:// (and parameter ca for a private CA)`, [
            ...trigger.path,
            'metadata',
            'serverAddress',
          ]);
        }
      }
      const headers = trigger.metadata.customHeaders;
      if (headers !== undefined && headerNames(headers).some((name) => name.toLowerCase() === 'authorization')) {
        report.warning(
          'keda-plaintext',
          'customHeaders carries an Authorization header in clear text in the trigger (anyone who can read the object reads the credential); remove it and provide the credential from a Secret: authModes "bearer" with parameter bearerToken, or "custom" with customAuthHeader / customAuthValue, in a TriggerAuthentication',
          [...trigger.path, 'metadata', 'customHeaders'],
        );
      }
    }
  },
};

/** KEDA's map syntax `key1=value1,key2=value2`: the keys only. */
function headerNames(text: string): string[] {
  return text
    .split(',')
    .map((pair) => (pair.split('=')[0] ?? '').trim())
    .filter((name) => name !== '');
}
