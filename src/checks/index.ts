import { endpointsReplaced } from './endpoints-replaced.js';
import { schemeTls } from './scheme-tls.js';
import type { CheckContext, CheckRule } from './types.js';

export type { CheckContext, CheckRule } from './types.js';

/** SPEC §4, one entry per rule. Adding a rule: one module and one line here. */
export const RULES: readonly CheckRule[] = [schemeTls, endpointsReplaced];

export function runChecks(ctx: CheckContext): void {
  for (const rule of RULES) rule.check(ctx);
}
