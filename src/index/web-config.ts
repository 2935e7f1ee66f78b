import { parseDocument } from 'yaml';
import type { Json, KubeObject } from '../types.js';
import { isObject, setOwn } from '../types.js';

/**
 * What a Prometheus exporter-toolkit web config (`--web.config.file`) asks of its clients, and
 * nothing else: no user name, hash, certificate or key, only which protections are on.
 */
export interface WebConfigStructure {
  /** `basic_auth_users` has at least one user: a request without matching credentials gets 401. */
  readonly basicAuth: boolean;
  /** `tls_server_config` names a certificate (`cert_file` or `cert`): the server speaks only TLS. */
  readonly tls: boolean;
  /** `client_auth_type`, when it is one of exporter-toolkit's values (an enum name, never a secret). */
  readonly clientAuthType: ClientAuthType | undefined;
}

export type ClientAuthType = 'NoClientCert' | 'RequestClientCert' | 'RequireAnyClientCert' | 'VerifyClientCertIfGiven' | 'RequireAndVerifyClientCert';
const CLIENT_AUTH_TYPES: readonly ClientAuthType[] = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
];

/** The structure of a Secret / ConfigMap value, or why it has none; never the value itself. */
export type FileDigest = { readonly webConfig: WebConfigStructure } | { readonly problem: string };

// A web config is a few lines; anything far larger is not one (and is not parsed).
const MAX_WEB_CONFIG = 256 * 1024;
const WEB_CONFIG_KEYS = /\b(?:basic_auth_users|tls_server_config|http_server_config)\b/;

/**
 * The web config structure of one file's text. A text that mentions none of the web config's
 * top-level keys is not a web config: undefined (so certificates and tokens are never parsed).
 * Problems are described without quoting the text: it may hold a password hash or a key.
 */
export function webConfigOf(text: string): FileDigest | undefined {
  if (!WEB_CONFIG_KEYS.test(text)) return undefined;
  if (text.length > MAX_WEB_CONFIG) return { problem: `is larger than ${MAX_WEB_CONFIG / 1024} KiB, not a web config` };
  let value: unknown;
  try {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, logLevel: 'silent' });
    if (doc.errors.length > 0) return { problem: 'is not YAML' };
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return { problem: 'is not YAML' };
  }
  if (!isObject(value)) return { problem: 'is not a YAML map' };
  const users = value.basic_auth_users;
  const tls = value.tls_server_config;
  const nonEmpty = (v: Json | undefined): boolean => typeof v === 'string' && v !== '';
  const clientAuth = isObject(tls) ? tls.client_auth_type : undefined;
  return {
    webConfig: {
      basicAuth: isObject(users) && Object.keys(users).length > 0,
      tls: isObject(tls) && (nonEmpty(tls.cert_file) || nonEmpty(tls.cert)),
      clientAuthType: CLIENT_AUTH_TYPES.find((t) => t === clientAuth),
    },
  };
}

/**
 * Digests of a Secret's or ConfigMap's values, by key: only the values that are web configs (or
 * look like one and cannot be read) have one. Secret `data` is base64; a value that is not is a
 * problem, not a crash.
 */
export function digestValues(obj: KubeObject): Map<string, FileDigest> {
  const digests = new Map<string, FileDigest>();
  const fields =
    obj.kind === 'Secret'
      ? ([
          ['data', true],
          ['stringData', false],
        ] as const)
      : ([['data', false]] as const);
  for (const [field, base64] of fields) {
    const map = obj[field];
    if (!isObject(map)) continue;
    for (const [key, value] of Object.entries(map)) {
      if (typeof value !== 'string' || value === '') continue;
      let text = value;
      if (base64) {
        const compact = /\s/.test(value) ? value.replace(/\s+/g, '') : value;
        if (!BASE64.test(compact)) {
          digests.set(key, { problem: 'is not base64 (Secret data values are base64-encoded)' });
          continue;
        }
        // Certificates and tokens are most Secret data: only a value whose encoding contains a web
        // config key is decoded at all.
        if (!ENCODED_WEB_CONFIG_KEYS.some((encoded) => compact.includes(encoded))) continue;
        text = Buffer.from(compact, 'base64').toString('utf8');
      }
      const digest = webConfigOf(text);
      if (digest !== undefined) digests.set(key, digest);
    }
  }
  return digests;
}

/**
 * The base64 text of each web config key at each of the three byte alignments, trimmed to the
 * characters that depend on the key alone: a base64 value whose decoding contains the key contains
 * one of these.
 */
const ENCODED_WEB_CONFIG_KEYS: readonly string[] = ['basic_auth_users', 'tls_server_config', 'http_server_config'].flatMap((key) =>
  [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(key)]).toString('base64');
    return encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + key.length)) / 6));
  }),
);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// Secret values are blanked when the input is read (see redactSecret); their digests, computed
// first, are kept here by object so the index can ask for them without the values.
const SECRET_DIGESTS = new WeakMap<KubeObject, ReadonlyMap<string, FileDigest>>();

/** The fields of a Secret that hold its values. */
export const SECRET_VALUE_FIELDS: readonly string[] = ['data', 'stringData'];

/**
 * The core reads which keys a Secret has and, for a web config, its structure; never the values:
 * they do not leave the reader. Blanks every `data` / `stringData` value in place.
 */
export function redactSecret(secret: KubeObject): void {
  SECRET_DIGESTS.set(secret, digestValues(secret));
  for (const field of SECRET_VALUE_FIELDS) {
    const map = secret[field];
    // setOwn: a key `__proto__` would keep its value under an assignment.
    if (isObject(map)) for (const key of Object.keys(map)) setOwn(map as Record<string, Json>, key, '');
  }
}

/** A Secret's (or ConfigMap's) digests: those kept when it was redacted, else computed from its values (library input). */
export function digestsOf(obj: KubeObject): ReadonlyMap<string, FileDigest> {
  return SECRET_DIGESTS.get(obj) ?? digestValues(obj);
}
