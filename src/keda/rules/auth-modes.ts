import { LIST_LIMIT } from '../../format.js';
import type { Path } from '../../types.js';
import { AUTH_MODES, EXCLUSIVE_MODES, podProviderOf } from '../resolve.js';
import type { ResolvedTrigger } from '../resolve.js';
import { throughWhat } from './managed-auth.js';
import type { KedaRule } from './types.js';

/**
 * Per authModes value, the parameters KEDA requires and its own error when they are empty
 * (pkg/scalers/authentication Config.Validate, v2.20.2). `<empty>` / `<present>` as KEDA prints them.
 */
const REQUIRED: ReadonlyArray<{ mode: string; params: readonly string[]; message: (has: (p: string) => boolean) => string }> = [
  { mode: 'bearer', params: ['bearerToken'], message: () => 'bearer token=<empty> is required when bearer auth is enabled' },
  { mode: 'basic', params: ['username'], message: () => 'username=<empty> is required when basic auth is enabled' },
  { mode: 'tls', params: ['cert', 'key'], message: (has) => `cert=${shown(has('cert'))} and key=${shown(has('key'))} are required when tls auth is enabled` },
  {
    mode: 'oauth',
    params: ['oauthTokenURI', 'clientID'],
    message: (has) => `oauthTokenURI=${shown(has('oauthTokenURI'))} and clientID=${shown(has('clientID'))} are required when oauth is enabled`,
  },
  {
    mode: 'custom',
    params: ['customAuthHeader', 'customAuthValue'],
    message: (has) =>
      `customAuthHeader=${shown(has('customAuthHeader'))} and customAuthValue=${shown(has('customAuthValue'))} are required when custom auth is enabled`,
  },
  { mode: 'apiKey', params: ['apiKey'], message: () => 'apiKey is required when apiKey auth is enabled' },
];

/** Parameters that are credentials for one mode: provided without authModes, KEDA sends none of them. */
const CREDENTIAL_MODES: ReadonlyArray<{ param: string; mode: string }> = [
  { param: 'bearerToken', mode: 'bearer' },
  { param: 'username', mode: 'basic' },
  { param: 'password', mode: 'basic' },
  { param: 'cert', mode: 'tls' },
  { param: 'key', mode: 'tls' },
  { param: 'oauthTokenURI', mode: 'oauth' },
  { param: 'clientID', mode: 'oauth' },
  { param: 'clientSecret', mode: 'oauth' },
  { param: 'customAuthHeader', mode: 'custom' },
  { param: 'customAuthValue', mode: 'custom' },
  { param: 'apiKey', mode: 'apiKey' },
];

/**
 * authModes against what the TriggerAuthentication provides: credentials without authModes (KEDA
 * sends none: 401, mimir PR #11709), a mode without its parameters, two exclusive modes, a mode
 * together with a pod identity, a value KEDA does not know.
 */
export const kedaAuthModes: KedaRule = {
  code: 'keda-auth-modes',
  description: 'authModes against what the TriggerAuthentication provides: credentials never sent, a mode without its parameters, values KEDA rejects',
  check({ triggers, report }) {
    for (const trigger of triggers) {
      const modes = trigger.modes;
      // Given as a TriggerAuthentication parameter: its value is in a Secret, not read.
      if (modes?.from === 'parameter') continue;
      if (trigger.auth.state === 'unknown') {
        // What the TriggerAuthentication provides is not known; the values themselves still are.
        if (modes !== undefined && modes.modes.length > 0) checkModes(trigger, modes.modes, modes.path, report);
        continue;
      }
      const provided = trigger.auth.provided;
      if (modes === undefined || modes.modes.length === 0) {
        const credentials = CREDENTIAL_MODES.filter(({ param }) => provided.params.has(param));
        if (credentials.length === 0) continue;
        // The modes the parameters belong to, keeping only the first of the exclusive bearer / basic / oauth.
        const suggested = [...new Set(credentials.map(({ mode }) => mode))];
        const exclusive = (mode: string): boolean => (EXCLUSIVE_MODES as readonly string[]).includes(mode);
        const firstExclusive = suggested.find(exclusive);
        const proposed = suggested.filter((mode) => !exclusive(mode) || mode === firstExclusive).join(',');
        const path: Path = modes === undefined ? [...trigger.path, 'metadata', 'authModes'] : modes.path;
        report.error(
          'keda-auth-modes',
          `${throughWhat(trigger)} provides ${credentials.map(({ param }) => param).join(', ')}, but the trigger has no authModes: KEDA sends no credentials at all and the query gets 401 Unauthorized (mimir PR #11709); add metadata.authModes: "${proposed}"`,
          path,
          { proposedValue: proposed },
        );
        continue;
      }
      checkModes(trigger, modes.modes, modes.path, report);
    }
  },
};

function checkModes(trigger: ResolvedTrigger, modes: readonly string[], path: Path, report: Parameters<typeof kedaAuthModes.check>[0]['report']): void {
  // Built only for a message: most triggers have nothing to report.
  const quoted = (): string => quotedModes(trigger.metadata[String(path.at(-1))] ?? modes.join(','));
  const unknown = modes.filter((mode) => !(AUTH_MODES as readonly string[]).includes(mode));
  if (unknown.length > 0) {
    report.error(
      'keda-auth-modes',
      `KEDA rejects the trigger: parameter "authModes" value ${quoted()} must be one of [${AUTH_MODES.join(' ')}]; write the modes as KEDA spells them, comma-separated`,
      path,
    );
    return;
  }
  const exclusive = modes.filter((mode) => (EXCLUSIVE_MODES as readonly string[]).includes(mode));
  if (exclusive.length > 1) {
    report.error(
      'keda-auth-modes',
      `KEDA rejects the trigger: parameter "authModes" value ${quoted()} must contain only one of [${EXCLUSIVE_MODES.join(' ')}]; keep the one the server expects`,
      path,
    );
  }
  if (trigger.auth.state === 'unknown') return;
  const provider = podProviderOf(trigger);
  if (provider !== undefined) {
    report.error(
      'keda-auth-modes',
      `KEDA rejects the trigger: "pod identity cannot be enabled with other auth types" (authModes ${quoted()} with podIdentity provider ${provider} in ${throughWhat(trigger)}); remove authModes to use the pod identity, or set the provider to none`,
      path,
    );
  }
  if (trigger.auth.state === 'known' && trigger.auth.provided.opaque) return;
  const params = trigger.auth.provided.params;
  const has = (param: string): boolean => params.has(param) || (param === 'apiKey' && trigger.metadata.apiKey !== undefined);
  for (const { mode, params: required, message } of REQUIRED) {
    if (!modes.includes(mode)) continue;
    const missing = required.filter((param) => !has(param));
    if (missing.length === 0) continue;
    const where =
      trigger.auth.state === 'none'
        ? `add an authenticationRef to a TriggerAuthentication whose secretTargetRef provides ${missing.join(' and ')}`
        : `add ${missing.map((param) => `{parameter: ${param}, name: <secret>, key: <key>}`).join(' and ')} to the secretTargetRef of ${throughWhat(trigger)}`;
    report.error('keda-auth-modes', `KEDA rejects the trigger: "${message(has)}"; ${where}`, path);
  }
}

/**
 * The authModes value as a message quotes it: at most LIST_LIMIT entries, each cut at 60 characters
 * (a message repeats per trigger; an unbounded value made the results grow with it, see format.ts).
 */
function quotedModes(raw: string): string {
  const entries = raw.split(',');
  const shown = entries
    .slice(0, LIST_LIMIT)
    .map((entry) => (entry.length > 60 ? `${entry.slice(0, 57)}...` : entry))
    .join(',');
  return entries.length > LIST_LIMIT ? `"${shown}" and ${entries.length - LIST_LIMIT} more` : `"${shown}"`;
}

function shown(present: boolean): string {
  return present ? '<present>' : '<empty>';
}
