import { kedaSchema } from './schema.js';
import type { KedaCheckContext, KedaRule } from './types.js';

export type { KedaCheckContext, KedaRule } from './types.js';

/** SPEC §9, one entry per rule, in the SPEC's order. Adding a rule: one module and one line here. */
export const KEDA_RULES: readonly KedaRule[] = [kedaSchema];

export function runKedaChecks(ctx: KedaCheckContext): void {
  for (const rule of KEDA_RULES) rule.check(ctx);
}
