import type { Json, JsonObject, Path } from './types.js';

/** What a credential-shaped value is replaced by in results, messages and logs. */
export const REDACTED = '<redacted>';

/** Fields that hold a Secret (or ConfigMap) selector: a string where `{name, key}` belongs is the credential itself. */
const SELECTOR_FIELDS = new Set(['username', 'password', 'credentials', 'clientSecret', 'clientId', 'bearerTokenSecret', 'keySecret']);
/** A selector's own fields: names of Secrets and keys, never values. */
const SELECTOR_LEAVES = new Set(['name', 'key', 'optional']);
/** Free-form maps whose entries may be credentials (oauth2 `endpointParams`, the scrape's query `params`). */
const PARAMETER_MAPS = new Set(['endpointParams', 'params']);
/** A parameter name that says its value is a credential. */
const CREDENTIAL_NAME = /secret|passw|pwd|token|assertion|credential|api[-_.]?key|auth|session|cookie|signature|private/i;
/** `scheme://user:password@host`: the user information of a URL. */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

/**
 * Whether the string `value` at `path` (field names, from the object or from anywhere inside it) is
 * credential-shaped: an inline value where a Secret selector belongs (`basicAuth.password: hunter2`),
 * a parameter named like a credential (`endpointParams.client_secret`, `params.token`), or an
 * `authorization.type` that carries more than the scheme (`Bearer eyJ…`).
 */
export function isCredentialAt(path: Path, value: string): boolean {
  const last = path.length - 1;
  for (let i = 0; i <= last; i++) {
    const segment = path[i];
    if (typeof segment !== 'string') continue;
    if (SELECTOR_FIELDS.has(segment)) {
      // The field itself, or something inside it that is not a selector's name / key.
      const leaf = path[last];
      if (i === last || typeof leaf !== 'string' || !SELECTOR_LEAVES.has(leaf)) return true;
    }
    if (PARAMETER_MAPS.has(segment) && i < last) {
      const parameter = path[i + 1];
      if (typeof parameter === 'string' && CREDENTIAL_NAME.test(parameter)) return true;
    }
  }
  return last >= 1 && path[last] === 'type' && path[last - 1] === 'authorization' && /\s/.test(value.trim());
}

/** The value with every credential-shaped string replaced (and URL user information cut out); `found` collects what was removed. */
export function redactValue(value: Json, path: Path, found: string[] = []): Json {
  return redactIn(value, [...path], found);
}

/** redactValue on one working path (pushed and popped), so values without credentials cost no copies. */
function redactIn(value: Json, path: Array<string | number>, found: string[]): Json {
  if (typeof value === 'string') {
    if (isCredentialAt(path, value)) {
      found.push(value);
      return REDACTED;
    }
    if (!value.includes('@')) return value;
    return value.replace(URL_USERINFO, (match: string, scheme: string) => {
      found.push(match.slice(scheme.length, -1));
      return `${scheme}${REDACTED}@`;
    });
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: Json[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item = value[index] as Json;
      path.push(index);
      const redacted = redactIn(item, path, found);
      path.pop();
      if (redacted !== item) (copy ??= [...value])[index] = redacted;
    }
    return copy ?? value;
  }
  let copy: JsonObject | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key] as Json;
    path.push(key);
    const redacted = redactIn(item, path, found);
    path.pop();
    if (redacted !== item) {
      copy ??= Object.defineProperties({}, Object.getOwnPropertyDescriptors(value)) as JsonObject;
      Object.defineProperty(copy, key, { value: redacted, enumerable: true, writable: true, configurable: true });
    }
  }
  return copy ?? value;
}

/** `text` with each of `secrets` (as written, and as a JSON string would show it) replaced. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length < 3) continue;
    out = out.split(secret).join(REDACTED);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) out = out.split(escaped).join(REDACTED);
  }
  return out;
}
