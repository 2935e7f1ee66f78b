import { removeField, setField } from './change.js';
import type { ChangeOutcome } from './change.js';
import type { TlsSpec } from './config/types.js';
import { fileTwinOf } from './kinds/tls-files.js';
import { resolveServerName } from './servername.js';
import type { StepContext } from './steps.js';
import type { Json, JsonObject, Path } from './types.js';
import { displayText, isObject } from './types.js';

/** Merge order of tlsConfig fields: the ones a reader looks for first come first in a new block. */
const TLS_FIELDS = ['serverName', 'ca', 'cert', 'keySecret', 'insecureSkipVerify', 'minVersion', 'maxVersion'] as const;

/**
 * Deep-merges `tls` into the endpoint's tlsConfig: fields the config does not name stay as they are,
 * Secret/ConfigMap selectors are replaced whole (they are `x-kubernetes-map-type: atomic`), and a
 * Secret-backed field removes its file twin. Then sets the scheme that makes Prometheus use TLS.
 */
export function tlsStep(ctx: StepContext): void {
  const tls = ctx.config.tls;
  if (tls !== undefined) mergeTls(ctx, tls);
  const scheme = desiredScheme(ctx.config.scheme, tls);
  if (scheme !== undefined) setScheme(ctx, scheme);
}

function mergeTls(ctx: StepContext, tls: TlsSpec): void {
  const existing = ctx.target.tlsConfig;
  const tlsConfig: JsonObject = isObject(existing) ? existing : {};
  const base: Path = [...ctx.endpoint.path, 'tlsConfig'];
  // A tlsConfig that is a string or a list is not merged into silently (F12): it is a value of its
  // own, which onConflict decides about like any other.
  if (existing !== undefined && existing !== null && !isObject(existing) && !mayReplaceTlsConfig(ctx, existing, base)) return;

  for (const field of TLS_FIELDS) {
    let desired: Json | undefined = tls[field];
    let why = '';
    // A CA given means the certificate can be verified: insecureSkipVerify: true would make that CA
    // pointless, so it is turned off unless the config says otherwise (reported like any change).
    if (field === 'insecureSkipVerify' && desired === undefined && tls.ca !== undefined && tlsConfig.insecureSkipVerify === true) {
      desired = false;
      why = 'tls.ca is given, so Prometheus can verify the certificate; set tls.insecureSkipVerify (insecure-skip-verify) to true to keep skipping it';
    }
    if (desired === undefined) continue;
    if (field === 'serverName') {
      const outcome = resolveServerName(displayText(desired), ctx.monitor, ctx.kind, ctx.endpoint, ctx.cluster, ctx.config.policy.clusterDomain);
      if (!outcome.ok) {
        ctx.report.error('server-name-unresolved', `${outcome.message}; tlsConfig.serverName left unchanged`, [...base, 'serverName']);
        continue;
      }
      desired = outcome.value;
      if (outcome.service)
        why = `the DNS name of Service ${outcome.service.name}, so Prometheus verifies the certificate against it instead of the pod IP it scrapes`;
    }
    const outcome: ChangeOutcome = setField(ctx.change, tlsConfig, field, desired, [...base, field], field === 'serverName' ? 'server-name' : 'tls', why);
    const twin = fileTwinOf(field);
    if (twin !== undefined && (outcome === 'set' || outcome === 'replaced' || outcome === 'unchanged')) {
      removeField(
        ctx.change,
        tlsConfig,
        twin,
        [...base, twin],
        'file-field-removed',
        `tlsConfig.${field} now provides it from a Secret, and the operator rejects an endpoint with both`,
      );
    }
  }
  if (!isObject(existing) && Object.keys(tlsConfig).length > 0) ctx.target.tlsConfig = tlsConfig;
}

function mayReplaceTlsConfig(ctx: StepContext, existing: Json, path: Path): boolean {
  const what = Array.isArray(existing) ? 'a list' : `a ${typeof existing}`;
  const operator = `tlsConfig is ${what}, not a map, which the operator rejects`;
  switch (ctx.change.onConflict) {
    case 'override':
      ctx.report.info(
        'tls',
        `${ctx.change.mode === 'check' ? 'would replace' : 'replaced'} tlsConfig: it was ${what}, not a map, which the operator rejects; the config's tls is written in its place`,
        path,
        {
          currentValue: existing,
        },
      );
      return true;
    case 'keep':
      ctx.report.info('conflict', `kept tlsConfig: ${operator} (the config's tls was not merged; policy.onConflict is keep)`, path, { currentValue: existing });
      return false;
    case 'error':
      ctx.report.error('conflict', `${operator}; the config's tls was not merged: make tlsConfig a map, or set policy.onConflict to override`, path, {
        currentValue: existing,
      });
      return false;
  }
}

function desiredScheme(configured: string | undefined, tls: TlsSpec | undefined): string | undefined {
  if (configured === '') return undefined;
  if (configured !== undefined) return configured;
  return tls !== undefined ? 'https' : undefined;
}

function setScheme(ctx: StepContext, scheme: string): void {
  const relative = ctx.kind.schemePath;
  let container: JsonObject = ctx.target;
  for (const key of relative.slice(0, -1)) {
    const next = container[key as string];
    // Probe: the scheme lives in spec.prober, which the Probe must already define (it needs a url).
    if (!isObject(next)) return;
    container = next;
  }
  const key = String(relative[relative.length - 1]);
  const current = container[key];
  // The CRDs accept http/https in either case; HTTPS already means what we want.
  if (typeof current === 'string' && current.toLowerCase() === scheme.toLowerCase()) return;
  setField(
    ctx.change,
    container,
    key,
    scheme,
    [...ctx.endpoint.path, ...relative],
    'scheme',
    scheme === 'https' ? 'Prometheus ignores tlsConfig unless the scheme is https' : '',
  );
}
