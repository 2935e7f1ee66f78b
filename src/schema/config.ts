import { createRequire } from 'node:module';
import { formatPath } from '../path.js';
import {
  describeAjvErrors,
  knownPropertyNames,
  listNames,
  presentKeys,
  type AjvError,
  type CompiledValidator,
  type ErrorLocation,
  type JsonSchema,
  type SchemaFinding,
} from './crd.js';

/** One function-config error, with the key path (`spec.tls.serverNme`). Any finding means exit 3. */
export interface ConfigFinding {
  path: string;
  message: string;
  suggestion?: string;
}

// Relative to this file, so the same paths work from src/schema/ (tests) and dist/schema/ (package).
const requireSibling = createRequire(import.meta.url);
let validateConfig: CompiledValidator | undefined;
let configSchema: JsonSchema | undefined;

/** Validates the typed function config against schema/secure-monitors.schema.json; [] when valid. */
export function validateConfigSchema(obj: unknown): ConfigFinding[] {
  validateConfig ??= requireSibling('../../gen/validators/config.cjs') as CompiledValidator;
  if (validateConfig(obj)) return [];
  // The schema file is read for the key names known at an error location (typo suggestions).
  configSchema ??= requireSibling('../../schema/secure-monitors.schema.json') as JsonSchema;
  return describeAjvErrors(validateConfig.errors ?? [], obj, configSchema, { noun: 'key', explain: explainConfigError });
}

/** Messages for the config's own shapes, where ajv's generic wording would not say what to do. */
function explainConfigError(error: AjvError, at: ErrorLocation): SchemaFinding | undefined {
  const known = knownPropertyNames(at.schema);
  const path = formatPath(at.segments);
  const isAuth = known.includes('basicAuth');
  const isSecretOrConfigMap = known.length === 2 && known.includes('secret') && known.includes('configMap');

  if (error.keyword === 'maxProperties' && isAuth) {
    return { path, message: `only one auth method is allowed, but ${listNames(presentKeys(at.value), 'and')} are set` };
  }
  if (error.keyword === 'maxProperties' && isSecretOrConfigMap) {
    return { path, message: 'only one of "secret" or "configMap" is allowed, but both are set' };
  }
  if (error.keyword === 'minProperties' && isSecretOrConfigMap) {
    return { path, message: 'needs one of "secret" or "configMap", but neither is set' };
  }
  // An inline credential (`password: hunter2`) where a reference belongs: it is a config
  // error (credentials belong in Secrets); the message must not repeat the value.
  const isKeySelector = known.includes('name') && known.includes('key');
  if (error.keyword === 'type' && (isKeySelector || isSecretOrConfigMap) && at.value !== null && typeof at.value !== 'object') {
    if (isSecretOrConfigMap) {
      return { path, message: 'must be {secret: {name, key}} or {configMap: {name, key}}, not an inline value' };
    }
    if (at.segments.at(-1) === 'configMap') {
      return { path, message: 'must be a ConfigMap reference {name, key}, not an inline value' };
    }
    return { path, message: 'must be a Secret reference {name, key}, not an inline value: put the value in a Secret and reference it' };
  }
  return undefined;
}
