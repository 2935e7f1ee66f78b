import { kedaAuthModes } from './auth-modes.js';
import { kedaAuthRef } from './auth-ref.js';
import { kedaManagedAuth } from './managed-auth.js';
import { kedaPlaintext } from './plaintext.js';
import { kedaProvider } from './provider.js';
import { kedaSchema } from './schema.js';
import { kedaSecretReference } from './secret-reference.js';
import { kedaServerAddress } from './server-address.js';
import type { KedaCheckContext, KedaRule } from './types.js';
import { kedaUnsafeSsl } from './unsafe-ssl.js';

export type { KedaCheckContext, KedaRule } from './types.js';

/** One entry per rule, in the order they run (and their results appear). Adding a rule: one module and one line here. */
export const KEDA_RULES: readonly KedaRule[] = [
  kedaSchema,
  kedaServerAddress,
  kedaManagedAuth,
  kedaAuthModes,
  kedaAuthRef,
  kedaSecretReference,
  kedaProvider,
  kedaUnsafeSsl,
  kedaPlaintext,
];

/** Codes KEDA's apply reports (not check rules), with their help line. */
export const KEDA_APPLY_CODES: Readonly<Record<string, string>> = {
  'keda-auth': "a prometheus trigger's authenticationRef or metadata.authModes was set (or authModes removed beside a pod identity) from spec.keda",
  'keda-generated': 'the TriggerAuthentication spec.keda names was added (spec.keda.generate) where the input did not have it',
};

export function runKedaChecks(ctx: KedaCheckContext): void {
  for (const rule of KEDA_RULES) rule.check(ctx);
}
