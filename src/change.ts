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

/** One change apply makes (or, in check mode, would make) to a field. */
export interface FieldChange {
  readonly code: string;
  /** How the message names the field: its key, or its whole path. */
  readonly field: string;
  /** The result's path. */
  readonly path: Path;
  /** The path `formatValue` judges the values by (what is a credential); default `path`. */
  readonly valuePath?: Path;
  /** undefined: the field is added. */
  readonly current: Json | undefined;
  /** undefined: the field is removed. */
  readonly proposed: Json | undefined;
  /** Why, after a colon; '' for none. */
  readonly why: string;
}

/**
 * The one place a change's message is built: `set F to V`, `replace F: A → B`, `remove F`, each
 * with `: why` and "would " in check mode, as an info result carrying current and proposed value.
 */
export function reportChange(report: Reporter, mode: ChangeContext['mode'], change: FieldChange): void {
  const { code, field, path, current, proposed } = change;
  const valuePath = change.valuePath ?? path;
  const would = mode === 'check' ? 'would ' : '';
  const suffix = change.why ? `: ${change.why}` : '';
  if (current === undefined) {
    if (proposed !== undefined) report.info(code, `${would}set ${field} to ${formatValue(proposed, valuePath)}${suffix}`, path, { proposedValue: proposed });
  } else if (proposed === undefined) {
    report.info(code, `${would}remove ${field}${suffix}`, path, { currentValue: current });
  } else {
    report.info(code, `${would}replace ${field}: ${formatValue(current, valuePath)} → ${formatValue(proposed, valuePath)}${suffix}`, path, {
      currentValue: current,
      proposedValue: proposed,
    });
  }
}

/**
 * Writes one field under the conflict policy and reports it. Every change is an `info` result with
 * current and proposed value; in check mode the message says "would". The caller's object is a
 * draft: in check mode it is thrown away.
 */
export function setField(ctx: ChangeContext, container: JsonObject, key: string, desired: Json, path: Path, code: string, why = ''): ChangeOutcome {
  const current = container[key];
  const field = String(path[path.length - 1]);
  if (jsonEqual(current, desired)) return 'unchanged';
  // Each object gets its own copy: config values must not be shared between outputs.
  desired = structuredClone(desired);
  if (current === undefined) {
    container[key] = desired;
    reportChange(ctx.report, ctx.mode, { code, field, path, current, proposed: desired, why });
    return 'set';
  }
  switch (ctx.onConflict) {
    case 'override':
      container[key] = desired;
      reportChange(ctx.report, ctx.mode, { code, field, path, current, proposed: desired, why });
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
  reportChange(ctx.report, ctx.mode, { code, field: String(path[path.length - 1]), path, current, proposed: undefined, why });
}
