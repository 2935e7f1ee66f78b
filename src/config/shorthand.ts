import type { Collector, ConfigSpecInput, LabelSelector, LabelSelectorRequirement, SecretKeySelector } from './types.js';
import { KEDA_SHORTHAND_KEYS, kedaShorthand } from '../keda/config.js';
import { closestName } from '../suggest.js';
import { displayText, scalarText } from '../types.js';

/** ConfigMap-form keys (what `kpt fn eval … -- k=v` and a Kptfile `configMap:`) produce). */
export const SHORTHAND_KEYS = [
  'mode',
  'kinds',
  'names',
  'namespaces',
  'label-selector',
  'ports',
  'server-name',
  'tls-secret',
  'ca-secret',
  'ca-configmap',
  'insecure-skip-verify',
  'min-version',
  'max-version',
  'scheme',
  'basic-auth-secret',
  'bearer-token-secret',
  'oauth2-secret',
  'oauth2-token-url',
  'oauth2-scopes',
  'on-conflict',
  'replace-auth',
  'cluster-domain',
  'insecure-skip-verify-policy',
  'file-credentials',
  'fail-on',
  'collector',
  ...KEDA_SHORTHAND_KEYS,
  'keda-namespace',
  'scraper',
  'bind-scraper',
] as const;

/** Keys people type when they try to pass a credential itself; answered with the Secret form. */
const INLINE_CREDENTIAL_KEYS: Record<string, string> = {
  username: 'basic-auth-secret=NAME (a Secret with keys "username" and "password")',
  password: 'basic-auth-secret=NAME (a Secret with keys "username" and "password")',
  token: 'bearer-token-secret=NAME[:KEY] (a Secret holding the token, key "token" by default)',
  'bearer-token': 'bearer-token-secret=NAME[:KEY] (a Secret holding the token, key "token" by default)',
  'client-secret': 'oauth2-secret=NAME (a Secret with keys "client_id" and "client_secret")',
  'client-id': 'oauth2-secret=NAME (a Secret with keys "client_id" and "client_secret")',
};

export interface ShorthandResult {
  spec: ConfigSpecInput;
  problems: string[];
}

/** Converts ConfigMap `data` into the typed form's spec; every problem names its key. */
export function fromShorthand(data: Record<string, unknown>): ShorthandResult {
  const spec: ConfigSpecInput = {};
  const problems: string[] = [];
  const known = new Set<string>(SHORTHAND_KEYS);

  for (const [key, raw] of Object.entries(data)) {
    if (!known.has(key)) {
      // Own keys only: `toString` is no credential key (it printed "use function toString() {…}").
      const hint = Object.hasOwn(INLINE_CREDENTIAL_KEYS, key) ? INLINE_CREDENTIAL_KEYS[key] : undefined;
      if (hint !== undefined) {
        problems.push(`data.${key}: inline credentials are not accepted; store the value in a Secret and use ${hint}`);
        continue;
      }
      // Config keys: two edits even for a short key, and no suffix guess (`secret` ends several keys).
      const suggestion = closestName(key, SHORTHAND_KEYS, { shortNameEdits: 2, endings: false });
      problems.push(`data.${key}: unknown key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; known keys: ${SHORTHAND_KEYS.join(', ')}`);
      continue;
    }
    if (typeof raw === 'object' && raw !== null) {
      // A ConfigMap's data values are strings; a map or list here would read as "[object Object]".
      problems.push(
        `data.${key}: expected a string, got ${Array.isArray(raw) ? 'a list' : 'a map'} (ConfigMap data values are strings; write a comma-separated list as one string)`,
      );
      continue;
    }
    const value = raw === null || raw === undefined ? '' : displayText(raw).trim();
    const fail = (why: string): void => {
      problems.push(`data.${key}: ${why}`);
    };
    switch (key) {
      case 'mode':
        spec.mode = value as ConfigSpecInput['mode'];
        break;
      case 'fail-on':
        spec.failOn = value as ConfigSpecInput['failOn'];
        break;
      case 'collector':
        (spec.policy ??= {}).collector = value as Collector;
        break;
      case 'kinds':
        (spec.select ??= {}).kinds = list(value) as NonNullable<ConfigSpecInput['select']>['kinds'];
        break;
      case 'names':
        (spec.select ??= {}).names = list(value);
        break;
      case 'namespaces':
        (spec.select ??= {}).namespaces = list(value);
        break;
      case 'label-selector': {
        const parsed = parseLabelSelector(value);
        if (typeof parsed === 'string') fail(parsed);
        else (spec.select ??= {}).labelSelector = parsed;
        break;
      }
      case 'ports':
        spec.endpoints = { ports: list(value) };
        break;
      case 'server-name':
        (spec.tls ??= {}).serverName = value;
        break;
      case 'tls-secret': {
        if (!isObjectName(value)) {
          notAName(fail);
          break;
        }
        const tls = (spec.tls ??= {});
        tls.ca = { secret: { name: value, key: 'ca.crt' } };
        tls.cert = { secret: { name: value, key: 'tls.crt' } };
        tls.keySecret = { name: value, key: 'tls.key' };
        break;
      }
      case 'ca-secret':
      case 'ca-configmap': {
        const ref = nameKey(value, 'ca.crt');
        if (!ref) {
          notAName(fail, 'NAME or NAME:KEY');
          break;
        }
        (spec.tls ??= {}).ca = key === 'ca-secret' ? { secret: ref } : { configMap: ref };
        break;
      }
      case 'insecure-skip-verify': {
        const flag = bool(value);
        if (flag === undefined) fail(`expected true or false, got "${value}"`);
        else (spec.tls ??= {}).insecureSkipVerify = flag;
        break;
      }
      case 'min-version':
        (spec.tls ??= {}).minVersion = value as 'TLS12';
        break;
      case 'max-version':
        (spec.tls ??= {}).maxVersion = value as 'TLS13';
        break;
      case 'scheme':
        spec.scheme = value;
        break;
      case 'basic-auth-secret':
        if (!isObjectName(value)) {
          notAName(fail);
          break;
        }
        (spec.auth ??= {}).basicAuth = { username: { name: value, key: 'username' }, password: { name: value, key: 'password' } };
        break;
      case 'bearer-token-secret': {
        const ref = nameKey(value, 'token');
        if (!ref) {
          notAName(fail, 'NAME or NAME:KEY');
          break;
        }
        // bearerTokenSecret is deprecated upstream: the shorthand writes its replacement.
        (spec.auth ??= {}).authorization = { type: 'Bearer', credentials: ref };
        break;
      }
      case 'oauth2-secret':
      case 'oauth2-token-url':
      case 'oauth2-scopes':
        break; // assembled below, they only make sense together
      case 'on-conflict':
        (spec.policy ??= {}).onConflict = value as 'override';
        break;
      case 'replace-auth': {
        const flag = bool(value);
        if (flag === undefined) fail(`expected true or false, got "${value}"`);
        else (spec.policy ??= {}).replaceAuth = flag;
        break;
      }
      case 'cluster-domain':
        (spec.policy ??= {}).clusterDomain = value;
        break;
      case 'insecure-skip-verify-policy':
        (spec.policy ??= {}).insecureSkipVerify = value as 'warn';
        break;
      case 'file-credentials':
        (spec.policy ??= {}).fileCredentials = value as 'warn';
        break;
      case 'scraper':
        (spec.policy ??= {}).scraper = value;
        break;
      case 'bind-scraper': {
        const flag = bool(value);
        if (flag === undefined) fail(`expected true or false, got "${value}"`);
        else (spec.rbac ??= {}).bind = flag;
        break;
      }
      case 'keda-namespace':
        (spec.policy ??= {}).kedaNamespace = value;
        break;
      default: {
        // The KEDA family's keys (src/keda/config.ts).
        const problem = kedaShorthand(key, value, (spec.keda ??= {}));
        if (problem !== undefined) fail(problem);
      }
    }
  }

  const oauthSecret = stringOf(data['oauth2-secret']);
  const tokenUrl = stringOf(data['oauth2-token-url']);
  const scopes = stringOf(data['oauth2-scopes']);
  if (oauthSecret !== undefined || tokenUrl !== undefined || scopes !== undefined) {
    if (!oauthSecret) problems.push('data.oauth2-secret: required with oauth2-token-url / oauth2-scopes (a Secret with keys "client_id" and "client_secret")');
    else if (!isObjectName(oauthSecret)) notAName((why) => problems.push(`data.oauth2-secret: ${why}`));
    if (!tokenUrl) problems.push('data.oauth2-token-url: required with oauth2-secret (e.g. https://idp.example.com/token)');
    if (oauthSecret && isObjectName(oauthSecret) && tokenUrl) {
      (spec.auth ??= {}).oauth2 = {
        clientId: { secret: { name: oauthSecret, key: 'client_id' } },
        clientSecret: { name: oauthSecret, key: 'client_secret' },
        tokenUrl,
        ...(scopes ? { scopes: list(scopes) } : {}),
      };
    }
  }
  return { spec, problems };
}

function isObjectName(value: string): boolean {
  return value.length <= 253 && OBJECT_NAME.test(value);
}

/**
 * The value is not echoed: a credential typed where a Secret name belongs (`admin:hunter2`)
 * must not end up in a log.
 */
function notAName(fail: (why: string) => void, form = 'NAME'): void {
  fail(`expected ${form}: the name of a Secret in the monitor's namespace (lowercase letters, digits, "-" and "."), not a credential itself`);
}

function stringOf(value: unknown): string | undefined {
  return scalarText(value)?.trim();
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function bool(value: string): boolean | undefined {
  if (/^(true|yes|1)$/i.test(value)) return true;
  if (/^(false|no|0)$/i.test(value)) return false;
  return undefined;
}

/** A Kubernetes object name (DNS-1123 subdomain). */
export const OBJECT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Secret / ConfigMap data key. */
export const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

function nameKey(value: string, defaultKey: string): SecretKeySelector | undefined {
  const match = /^([^:\s]+)(?::([^:\s]+))?$/.exec(value);
  if (!match || match[1] === undefined) return undefined;
  const key = match[2] ?? defaultKey;
  if (!OBJECT_NAME.test(match[1]) || match[1].length > 253 || !DATA_KEY.test(key)) return undefined;
  return { name: match[1], key };
}

/** kubectl selector syntax: `a=b,c!=d,e in (x,y),f notin (z),g,!h`. Returns an error message on failure. */
export function parseLabelSelector(text: string): LabelSelector | string {
  const selector: LabelSelector = {};
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  const expressions: LabelSelectorRequirement[] = [];
  for (const rawTerm of terms) {
    const term = rawTerm.trim();
    if (term === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s*(==|=)\s*([\w.-]*)$/.exec(term))) {
      (selector.matchLabels ??= {})[m[1] as string] = m[3] as string;
    } else if ((m = /^([\w./-]+)\s*!=\s*([\w.-]*)$/.exec(term))) {
      expressions.push({ key: m[1] as string, operator: 'NotIn', values: [m[2] as string] });
    } else if ((m = /^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term))) {
      expressions.push({ key: m[1] as string, operator: m[2] === 'in' ? 'In' : 'NotIn', values: list(m[3] as string) });
    } else if ((m = /^!\s*([\w./-]+)$/.exec(term))) {
      expressions.push({ key: m[1] as string, operator: 'DoesNotExist' });
    } else if ((m = /^([\w./-]+)$/.exec(term))) {
      expressions.push({ key: m[1] as string, operator: 'Exists' });
    } else {
      return `cannot parse "${term}" (expected key=value, key!=value, key in (a,b), key notin (a,b), key or !key)`;
    }
  }
  if (expressions.length > 0) selector.matchExpressions = expressions;
  return selector;
}
