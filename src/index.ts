/**
 * secure-monitors as a library. `run` is the pure core behind the CLI: objects in, objects and
 * results out, no I/O.
 */
import { loadConfig } from './config/load.js';
import { InputError } from './errors.js';
import { transform } from './transform.js';
import type { TransformOutput } from './transform.js';
import type { KubeObject } from './types.js';
import { isObject } from './types.js';

export { transform, STEPS } from './transform.js';
export type { TransformOutput } from './transform.js';
export { loadConfig, emptyConfig } from './config/load.js';
export type { Config } from './config/types.js';
export { processText } from './process.js';
export type { ProcessOptions, ProcessOutput } from './process.js';
export { ConfigError, InputError } from './errors.js';
export { RULES } from './checks/index.js';
export type { CheckRule } from './checks/index.js';
export type { Json, JsonObject, KubeObject, Result, ResourceRef, Severity } from './types.js';

/**
 * Applies a function config (typed `SecureMonitors` or ConfigMap form; none = checks only) to parsed
 * objects. Throws ConfigError for an invalid config and InputError for an item without apiVersion/kind.
 */
export function run(items: readonly unknown[], config?: unknown): TransformOutput {
  items.forEach((item, index) => {
    if (!isObject(item)) throw new InputError(`items[${index}] is not an object`);
    if (typeof item.apiVersion !== 'string' || typeof item.kind !== 'string') throw new InputError(`items[${index}] has no apiVersion or kind`);
  });
  return transform(items as KubeObject[], loadConfig({ functionConfig: config }));
}
