import type { CertificateInfo, Cluster, NearMiss } from '../cluster.js';
import { namespaceOf } from '../select.js';
import { isObject } from '../types.js';
import type { CheckRule } from './types.js';
import { listQuoted } from './fields.js';
import { schemaSelectorsOf, secretSelectorsOf } from './selectors.js';
import { formatPath } from '../path.js';
import type { SecretSelectorRef } from './selectors.js';

/** What cert-manager writes into a Certificate's Secret, beyond tls.crt / tls.key / ca.crt. */
const OUTPUT_FORMAT_KEYS: Record<string, string> = { DER: 'key.der', CombinedPEM: 'tls-combined.pem' };
const KEYSTORE_KEYS: Record<string, readonly string[]> = { jks: ['keystore.jks', 'truststore.jks'], pkcs12: ['keystore.p12', 'truststore.p12'] };

/**
 * Every Secret / ConfigMap selector of an endpoint against the input. Selectors have no namespace:
 * the operator reads the monitor's namespace and, when the object or the key is missing, rejects
 * the whole monitor (`optional` is ignored; https://github.com/prometheus-operator/prometheus-operator/blob/main/pkg/prometheus/resource_selector.go). So:
 * - in the input, in the monitor's namespace, without the key → error (key names only: values never
 *   reach the core, and messages never carry them);
 * - in the input only in other namespaces → error;
 * - a Secret a cert-manager Certificate in the input issues counts as present, with the keys
 *   cert-manager writes;
 * - not in the input, while a Secret (or a Certificate's secretName) of the same namespace differs
 *   from it only by a kustomize prefix / suffix → error naming it (kueue#9180), once per Secret;
 * - not in the input → info (it may be created elsewhere), once per Secret per monitor;
 * - with no namespace on one side, the namespaces cannot be compared → info.
 * Severity: error where the input shows the operator will not find the Secret or key (it rejects the
 * whole monitor; kueue#9180's near-miss name); info where the Secret is simply not in the input.
 */
export const secretReference: CheckRule = {
  code: 'secret-reference',
  description:
    'a referenced Secret lacks the key, exists only in another namespace, or is absent while a name differing by a kustomize prefix/suffix is present (error); not in the input (info)',
  check({ obj, kind, endpoints, cluster, report }) {
    const namespace = namespaceOf(obj);
    const notInInput = new Map<string, { ref: SecretSelectorRef; keys: string[] }>();
    const nearMissed = new Set<string>();
    const reportNearMiss = (ref: SecretSelectorRef, misses: readonly NearMiss[]): void => {
      const first = misses[0] as NearMiss;
      const others = [...new Set(misses.slice(1).map((m) => m.candidate.name))].filter((n) => n !== first.candidate.name);
      const how =
        first.on === 'candidate'
          ? `the same name with the ${first.affix} "${first.text}" (kustomize name${first.affix === 'prefix' ? 'Prefix' : 'Suffix'} renamed the Secret but not this reference)`
          : `this name without its ${first.affix} "${first.text}" (the reference was renamed, the Secret was not)`;
      const also = others.length > 0 ? ` (also ${listQuoted(others)})` : '';
      report.error(
        'secret-reference',
        `Secret ${ref.name} is not in the input, but ${first.candidate.source} is${also}: ${how}; the operator finds no Secret ${ref.name} (operator: secrets "${ref.name}" not found) and rejects the whole ${kind.kind}; reference ${first.candidate.name}, or make kustomize rename this field too (a nameReference configuration or a replacement)`,
        [...ref.path, 'name'],
        { currentValue: ref.name, proposedValue: first.candidate.name },
      );
    };
    const consider = (ref: SecretSelectorRef): void => {
      const what = `${ref.kind} ${ref.name}`;
      if (ref.name === '') {
        report.error(
          'secret-reference',
          `this ${ref.kind} selector has no name, so the operator looks for a ${ref.kind} named "" and rejects the whole ${kind.kind}; set name`,
          ref.path,
        );
        return;
      }
      const keys = keysIn(cluster, ref, namespace);
      if (keys !== undefined) {
        if (ref.key !== '' && !keys.available.has(ref.key)) {
          report.error(
            'secret-reference',
            `${keys.source} has no key ${JSON.stringify(ref.key)} (it has ${keys.available.size === 0 ? 'no keys' : listQuoted(sortedKeys(keys.available))}): the operator rejects the whole ${kind.kind} (operator: key ${JSON.stringify(ref.key)} in ${ref.kind.toLowerCase()} ${JSON.stringify(ref.name)} not found); fix the key or add it to the ${ref.kind}`,
            [...ref.path, 'key'],
            { currentValue: ref.key },
          );
        }
        return;
      }
      const elsewhere = cluster.namespacesOf(ref.kind, ref.name).filter((ns) => ns !== (namespace ?? ''));
      if (namespace !== undefined && elsewhere.length > 0 && !elsewhere.includes('')) {
        report.error(
          'secret-reference',
          `${what} is in the input only in namespace${elsewhere.length > 1 ? 's' : ''} ${listQuoted(elsewhere)}, but selectors have no namespace: the operator looks in the ${kind.kind}'s namespace ${JSON.stringify(namespace)}, does not find it (operator: ${ref.kind.toLowerCase()}s "${ref.name}" not found) and rejects the whole ${kind.kind}; create the ${ref.kind} in ${JSON.stringify(namespace)}`,
          ref.path,
        );
        return;
      }
      if (elsewhere.length > 0) {
        report.info(
          'secret-reference',
          `${what} is in the input in namespace${elsewhere.length > 1 ? 's' : ''} ${listQuoted(elsewhere.map((ns) => ns || '(none)'))} and the ${kind.kind} in ${namespace === undefined ? 'none' : JSON.stringify(namespace)}; it must end up in the ${kind.kind}'s namespace with key ${JSON.stringify(ref.key)}, or the operator rejects the whole ${kind.kind}`,
          ref.path,
        );
        return;
      }
      const id = `${ref.kind}/${ref.name}`;
      if (ref.kind === 'Secret' && !nearMissed.has(id)) {
        const misses = cluster.nearMisses(namespace, ref.name);
        if (misses.length > 0) {
          nearMissed.add(id);
          reportNearMiss(ref, misses);
          return;
        }
      }
      if (nearMissed.has(id)) return;
      const seen = notInInput.get(id);
      if (seen === undefined) notInInput.set(id, { ref, keys: [ref.key] });
      else if (!seen.keys.includes(ref.key)) seen.keys.push(ref.key);
    };
    const walked = new Set<string>();
    for (const endpoint of endpoints) {
      for (const ref of secretSelectorsOf(endpoint, kind)) {
        walked.add(formatPath(ref.path));
        consider(ref);
      }
    }
    // What the endpoint walk does not know, the CRD schema does (ScrapeConfig service discovery).
    for (const ref of schemaSelectorsOf(obj, kind.kind)) if (!walked.has(formatPath(ref.path))) consider(ref);
    for (const { ref, keys } of notInInput.values()) {
      const where = namespace === undefined ? "the monitor's namespace" : `namespace ${JSON.stringify(namespace)}`;
      const named = keys.filter((k) => k !== '');
      const withKeys = named.length === 0 ? '' : ` with key${named.length > 1 ? 's' : ''} ${listQuoted(named)}`;
      report.info(
        'secret-reference',
        `${ref.kind} ${ref.name} is not in the input; make sure it exists in ${where}${withKeys} before the ${kind.kind} is applied, or the operator rejects the whole ${kind.kind}`,
        ref.path,
      );
    }
  },
};

/** The keys the referenced object will have, when the input says: the object itself, or the Certificate that writes it. */
function keysIn(cluster: Cluster, ref: SecretSelectorRef, namespace: string | undefined): { source: string; available: ReadonlySet<string> } | undefined {
  const object = cluster.secret(ref.kind, namespace, ref.name);
  if (object !== undefined) return { source: `${ref.kind} ${ref.name}`, available: object.keys };
  if (ref.kind !== 'Secret') return undefined;
  const certificate = cluster.certificatesFor(namespace, ref.name)[0];
  if (certificate === undefined) return undefined;
  const writer = certificate.origin === 'cert-manager' ? `Certificate ${certificate.name}` : `OpenShift's service CA for Service ${certificate.name}`;
  return { source: `Secret ${ref.name} (written by ${writer})`, available: certificateKeys(certificate) };
}

function certificateKeys(certificate: CertificateInfo): ReadonlySet<string> {
  // The service CA writes the serving certificate and its key; its CA is in inject-cabundle ConfigMaps.
  if (certificate.origin === 'openshift-service-ca') return new Set(['tls.crt', 'tls.key']);
  const keys = new Set(['tls.crt', 'tls.key', 'ca.crt']);
  const spec = isObject(certificate.object.spec) ? certificate.object.spec : {};
  if (Array.isArray(spec.additionalOutputFormats)) {
    for (const format of spec.additionalOutputFormats) {
      const key =
        isObject(format) && typeof format.type === 'string' && Object.hasOwn(OUTPUT_FORMAT_KEYS, format.type) ? OUTPUT_FORMAT_KEYS[format.type] : undefined;
      if (key !== undefined) keys.add(key);
    }
  }
  if (isObject(spec.keystores)) {
    for (const [store, settings] of Object.entries(spec.keystores)) {
      if (isObject(settings) && settings.create === true)
        for (const key of Object.hasOwn(KEYSTORE_KEYS, store) ? (KEYSTORE_KEYS[store] ?? []) : []) keys.add(key);
    }
  }
  return keys;
}

const sorted = new WeakMap<ReadonlySet<string>, readonly string[]>();

/** A Secret's key names in order, sorted once per Secret rather than once per endpoint that reads it (test/reliability/bounded-output.test.ts). */
function sortedKeys(keys: ReadonlySet<string>): readonly string[] {
  let list = sorted.get(keys);
  if (list === undefined) sorted.set(keys, (list = [...keys].sort()));
  return list;
}
