import type { Cluster } from '../cluster.js';
import type { Config } from '../config/types.js';
import { monitorKindOf } from '../kinds/index.js';
import { Reporter } from '../results.js';
import type { KubeObject, Result } from '../types.js';
import { authExclusive } from './auth-exclusive.js';
import { authorizationType } from './authorization-type.js';
import { certificateSan } from './certificate-san.js';
import { endpointsReplaced } from './endpoints-replaced.js';
import { fileCredentials } from './file-credentials.js';
import { fileFieldKind } from './file-field-kind.js';
import { insecureSkipVerify } from './insecure-skip-verify.js';
import { oauth2Fields } from './oauth2-fields.js';
import { certificatePlaceholder, placeholder } from './placeholder.js';
import { schema } from './schema.js';
import { schemeTls } from './scheme-tls.js';
import { secretReference } from './secret-reference.js';
import { selectorNoService } from './selector-no-service.js';
import { serverNameMismatch } from './server-name-mismatch.js';
import { serverNameMissing } from './server-name-missing.js';
import { tlsPair } from './tls-pair.js';
import { scraperRbac } from './scraper-rbac.js';
import { targetAuth } from './target-auth.js';
import type { CheckContext, CheckRule, InputRule } from './types.js';
import { CertificateUsage } from './usage.js';

export type { CheckContext, CheckRule, InputCheckContext, InputRule } from './types.js';
export { secretSelectorsOf } from './selectors.js';
export type { SecretSelectorRef } from './selectors.js';

/**
 * One entry per rule, in the order they run (and their results appear). Adding a rule: one module and one line here.
 * `server-name-unresolved` is not here: src/tls.ts reports it while it resolves `serverName: auto`.
 */
export const RULES: readonly CheckRule[] = [
  schema,
  authExclusive,
  tlsPair,
  authorizationType,
  oauth2Fields,
  fileFieldKind,
  fileCredentials,
  insecureSkipVerify,
  schemeTls,
  serverNameMissing,
  placeholder,
  certificateSan,
  secretReference,
  selectorNoService,
  serverNameMismatch,
  endpointsReplaced,
  targetAuth,
  scraperRbac,
];

/** Rules about input items that are not monitors (they pass through unchanged; see InputRule). */
export const INPUT_RULES: readonly InputRule[] = [certificatePlaceholder];

export function runChecks(ctx: CheckContext): void {
  for (const rule of RULES) rule.check(ctx);
}

/** Check mode's second pass, on the object apply would write: the rules that do not judge it already. */
export function runChecksOnApplied(ctx: CheckContext): void {
  for (const rule of RULES) if (rule.judgesApplied !== true) rule.check(ctx);
}

/** Runs INPUT_RULES over every item that is not a monitor; monitors are RULES' business. */
export function runInputChecks(items: readonly KubeObject[], cluster: Cluster, config: Config): Result[] {
  const results: Result[] = [];
  const usage = new CertificateUsage(items, cluster);
  for (const obj of items) {
    if (monitorKindOf(obj) !== undefined) continue;
    for (const rule of INPUT_RULES) {
      if (!rule.appliesTo(obj)) continue;
      const report = new Reporter(obj);
      rule.check({ obj, cluster, config, report, usage });
      results.push(...report.results);
    }
  }
  return results;
}
