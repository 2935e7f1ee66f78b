import { podProviderOf } from '../resolve.js';
import { managedServiceOf, serverUrlOf } from '../server.js';
import type { KedaRule } from './types.js';

/** strconv.ParseBool's true spellings: how KEDA reads `unsafeSsl`. */
export const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/**
 * `unsafeSsl: "true"` where KEDA does not use it: the TLS transport it builds for `tls` auth or a
 * `ca` parameter, and the cloud identity transports, verify the server certificate anyway
 * (keda#5869). The user believes verification is off and it is not.
 */
export const kedaUnsafeSsl: KedaRule = {
  code: 'keda-unsafe-ssl',
  description: 'unsafeSsl: "true" where KEDA ignores it (tls auth, a ca parameter, a cloud identity)',
  check({ triggers, report }) {
    for (const trigger of triggers) {
      const value = trigger.metadata.unsafeSsl;
      if (value === undefined || !GO_TRUE.has(value.trim()) || trigger.auth.state === 'unknown') continue;
      const modes = trigger.modes?.from === 'metadata' ? trigger.modes.modes : [];
      const params = trigger.auth.provided.params;
      let transport: string | undefined;
      if (modes.length > 0 && modes.includes('tls')) transport = 'the TLS transport KEDA builds for authModes tls';
      else if (modes.length > 0 && params.has('ca')) transport = 'the TLS transport KEDA builds for the ca parameter';
      else if (trigger.modes === undefined) {
        const provider = podProviderOf(trigger);
        const url = serverUrlOf(trigger);
        if (provider !== undefined) transport = `the ${provider} pod-identity transport`;
        else if (url !== undefined && managedServiceOf(url) !== undefined) transport = 'the cloud identity transport';
      }
      if (transport === undefined) continue;
      report.warning(
        'keda-unsafe-ssl',
        `unsafeSsl is ignored here: ${transport} verifies the server certificate anyway (keda#5869), so a self-signed or mismatched certificate still fails the query; provide the server's CA as parameter ca in the TriggerAuthentication and remove unsafeSsl`,
        [...trigger.path, 'metadata', 'unsafeSsl'],
        { currentValue: value },
      );
    }
  },
};
