import { INPUT_RULES, RULES } from './checks/index.js';
import { KEDA_APPLY_CODES, KEDA_RULES } from './keda/rules/index.js';

/**
 * Codes that apply reports (steps, not check rules), with the line `--results-format sarif` shows as
 * the rule's help. A check rule's help is its own `description` (src/checks/*.ts).
 */
const APPLY_CODES: Readonly<Record<string, string>> = {
  tls: 'a tlsConfig field was set from the config (merged into the endpoint, never replacing it)',
  'server-name': 'tlsConfig.serverName was set: the Service DNS name Prometheus verifies the certificate against instead of the pod IP',
  'server-name-unresolved': 'serverName: auto found no Service, several, or no namespace: give tls.serverName literally or fix the selector',
  scheme: 'the scheme was set to https: Prometheus ignores tlsConfig unless it scrapes https',
  'file-field-removed': 'caFile / certFile / keyFile removed because the config sets the Secret form (the operator rejects both)',
  auth: 'an auth block (basicAuth, authorization, oauth2, bearerTokenSecret) referencing a Secret was written',
  'auth-removed': 'another auth method was removed (policy.replaceAuth) so only the configured one remains',
  'auth-deprecated': 'bearerTokenSecret is deprecated by the Prometheus Operator: use authorization with credentials',
  'auth-unsupported': 'the configured auth method does not exist on this kind: use the form the message names',
  'endpoint-patch': 'an endpointPatches operation changed the endpoint',
  'unusable-input': 'the input could not be read (not YAML, not objects, no items list, …): the message says where; nothing was written',
  'invalid-config': 'the function config is invalid: the message names the key; nothing was written',
  conflict: 'the object already has a different value (policy.onConflict keep: kept, info; error: an error)',
};

/** Every code the function reports, with its help line: check rules first (in the order they run), then apply's. */
export function codeHelp(): Map<string, string> {
  const help = new Map<string, string>();
  for (const rule of [...RULES, ...INPUT_RULES]) if (!help.has(rule.code)) help.set(rule.code, rule.description);
  for (const [code, text] of Object.entries(APPLY_CODES)) if (!help.has(code)) help.set(code, text);
  for (const rule of KEDA_RULES) if (!help.has(rule.code)) help.set(rule.code, rule.description);
  for (const [code, text] of Object.entries(KEDA_APPLY_CODES)) if (!help.has(code)) help.set(code, text);
  return help;
}
