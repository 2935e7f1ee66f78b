import { validateAgainstCrd } from '../../schema/crd.js';
import { parseFieldPath } from '../../checks/schema.js';
import type { KedaRule } from './types.js';
import { valueAt } from '../../path.js';
import type { JsonObject } from '../../types.js';
import { REMOVED_PROVIDERS } from '../kinds.js';

/** The KEDA release whose CRDs gen/ was generated from (scripts/gen-schemas.mjs). */
export const KEDA_VERSION = 'v2.20.2';

/**
 * A KEDA object against its pinned CRD schema, unknown fields included (the API server prunes
 * them, so a misspelt `authenticationRef` leaves the trigger without credentials). A removed
 * pod-identity provider is keda-provider's finding, with the fix; it is not repeated here.
 */
export const kedaSchema: KedaRule = {
  code: 'keda-schema',
  description: 'the object does not satisfy the pinned KEDA v2.20.2 CRD schema (unknown fields included)',
  check({ obj, kind, report }) {
    for (const finding of validateAgainstCrd(obj) ?? []) {
      const path = parseFieldPath(finding.path);
      const last = path.at(-1);
      if (last === 'provider' && path.at(-2) === 'podIdentity' && finding.message.startsWith('must be one of')) {
        const value = valueAt(obj as JsonObject, path); // a KubeObject is a JSON map
        if (typeof value === 'string' && REMOVED_PROVIDERS.has(value)) continue;
      }
      const why = finding.message.startsWith('unknown field')
        ? `the ${kind.kind} CRD (KEDA ${KEDA_VERSION}) has no such field, so the API server drops it, or rejects the object under strict field validation`
        : `the API server rejects the object (${kind.kind} CRD, KEDA ${KEDA_VERSION})`;
      report.error('keda-schema', `${finding.message}: ${why}`, path.length > 0 ? path : undefined);
    }
  },
};
