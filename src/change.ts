import type { ConflictPolicy } from './config/types.js';
import { formatValue, jsonEqual } from './format.js';
import type { Reporter } from './results.js';
import type { Json, JsonObject, Path } from './types.js';

export type ChangeOutcome = 'unchanged' | 'set' | 'replaced' | 'kept' | 'conflict';

export interface ChangeContext {
  readonly report: Reporter;
  readonly mode: 'apply' | 'check';
  readonly onConflict: ConflictPolicy;
}

/**
 * Writes one field under the conflict policy and reports it. Every change is an `info` result with
 * current and proposed value; in check mode the message says "would". The caller's object is a
 * draft: in check mode it is thrown away.
 */
export function setField(ctx: ChangeContext, container: JsonObject, key: string, desired: Json, path: Path, code: string, why = ''): ChangeOutcome {
  const current = container[key];
  const field = String(path[path.length - 1]);
  const would = ctx.mode === 'check' ? 'would ' : '';
  const suffix = why ? `: ${why}` : '';
  if (jsonEqual(current, desired)) return 'unchanged';
  // Each object gets its own copy: config values must not be shared between outputs.
  desired = structuredClone(desired);
  if (current === undefined) {
    container[key] = desired;
    ctx.report.info(code, `${would}set ${field} to ${formatValue(desired, path)}${suffix}`, path, { proposedValue: desired });
    return 'set';
  }
  switch (ctx.onConflict) {
    case 'override':
      container[key] = desired;
      ctx.report.info(code, `${would}replace ${field}: ${formatValue(current, path)} → ${formatValue(desired, path)}${suffix}`, path, {
        currentValue: current,
        proposedValue: desired,
      });
      return 'replaced';
    case 'keep':
      ctx.report.info(
        'conflict',
        `kept ${field}: ${formatValue(current, path)} (the config asks for ${formatValue(desired, path)}; policy.onConflict is keep)`,
        path,
        {
          currentValue: current,
          proposedValue: desired,
        },
      );
      return 'kept';
    case 'error':
      ctx.report.error(
        'conflict',
        `${field} is ${formatValue(current, path)} but the config asks for ${formatValue(desired, path)}; fix the object, or set policy.onConflict to override or keep`,
        path,
        { currentValue: current, proposedValue: desired },
      );
      return 'conflict';
  }
}

/** Removes a field and reports why (an info result, like every change). */
export function removeField(ctx: ChangeContext, container: JsonObject, key: string, path: Path, code: string, why: string): void {
  const current = container[key];
  if (current === undefined) return;
  delete container[key];
  const would = ctx.mode === 'check' ? 'would ' : '';
  ctx.report.info(code, `${would}remove ${String(path[path.length - 1])}: ${why}`, path, { currentValue: current });
}
