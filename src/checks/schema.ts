import { validateAgainstCrd } from '../schema/crd.js';
import { nameOf } from '../select.js';
import type { Path } from '../types.js';
import type { CheckRule } from './types.js';

/** The Prometheus Operator release whose CRDs gen/ was generated from (scripts/gen-schemas.mjs). */
const CRD_VERSION = 'v0.93.0';

/**
 * The object against its pinned CRD schema, unknown fields included. Also the home of the oauth2
 * field checks the schema can express: `clientId`, `clientSecret` and `tokenUrl` are required and
 * tokenUrl must match ^(http|https)://.+$ — those are `schema` findings; `oauth2-fields` covers the
 * rest.
 * Severity: error — the API server rejects the object, or drops the field so the setting never takes effect (CRDs v0.93.0).
 */
export const schema: CheckRule = {
  code: 'schema',
  description: 'the object does not satisfy the Prometheus Operator CRD schema (unknown fields included)',
  check({ obj, kind, report }) {
    const findings = validateAgainstCrd(obj) ?? [];
    for (const finding of findings) {
      const why = finding.message.startsWith('unknown field')
        ? `the ${kind.kind} CRD (Prometheus Operator ${CRD_VERSION}) has no such field, so the API server drops it (kubectl: unknown field "${finding.path}"), or rejects the object under strict field validation; remove it or correct its name`
        : `the API server rejects the object (kubectl: The ${kind.kind} "${nameOf(obj)}" is invalid: ${finding.path}: …; ${kind.kind} CRD, Prometheus Operator ${CRD_VERSION}); correct the value`;
      const path = parseFieldPath(finding.path);
      report.error('schema', `${finding.message}: ${why}`, path.length > 0 ? path : undefined);
    }
  },
};

const SEGMENT = /^(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;

/** `spec.endpoints[0]["a.b"]` → ['spec','endpoints',0,'a.b']: the inverse of formatPath. */
export function parseFieldPath(text: string): Path {
  const out: Array<string | number> = [];
  let rest = text;
  while (rest !== '') {
    const match = SEGMENT.exec(rest);
    // Not a path formatPath writes: keep it whole rather than guess.
    if (match === null) return [...out, rest];
    if (match[1] !== undefined) out.push(match[1]);
    else if (match[2] !== undefined) out.push(Number(match[2]));
    else out.push(JSON.parse(match[3] as string) as string);
    rest = rest.slice(match[0].length);
  }
  return out;
}
