import { endpointsOf } from '../kinds/index.js';
import { formatPath } from '../path.js';
import { namespaceOf } from '../select.js';
import { demandsOf, workloadName } from '../target/index.js';
import type { Evidence } from '../target/index.js';
import type { Json } from '../types.js';
import { isObject } from '../types.js';
import { isSet, valueAt } from './fields.js';
import type { CheckRule } from './types.js';

const CODE = 'target-auth';
const STATUS_401 = '"server returned HTTP status 401 Unauthorized"';

function said(evidence: Evidence): string {
  return `${workloadName(evidence.workload)} (container ${evidence.container}) runs ${evidence.shows}`;
}

/**
 * what the monitor sends against what the pods behind it demand (src/target/). Each
 * disagreement is a certain failure, so an error, quoting what Prometheus will show and proposing
 * the block to add (`apply` with the matching auth / tls config adds it, and the finding is gone):
 * basic auth demanded, none sent → 401; a bearer token demanded, none sent → 401; TLS served,
 * scheme not https → 400 (Go's TLS server answers "Client sent an HTTP request to an HTTPS
 * server"); a client certificate demanded, none sent → the TLS handshake fails.
 */
export const targetAuth: CheckRule = {
  code: CODE,
  description: 'what the target demands (web config, controller-runtime, kube-rbac-proxy) and the monitor does not send: 401, 400, TLS handshake failure',
  judgesApplied: true,
  check({ obj, kind, endpoints, cluster, report, applied }) {
    if (kind.endpointsField === undefined) return;
    // Check mode judges what apply would send (its changes are reported as "would set …").
    const sent = applied !== undefined ? endpointsOf(applied, kind) : endpoints;
    const secretsIn = `a Secret in namespace "${namespaceOf(obj) ?? "(the monitor's)"}"`;
    for (const endpoint of endpoints) {
      const demands = demandsOf(obj, kind, endpoint, cluster);
      if (Object.keys(demands).length === 0) continue;
      const sends = (sent.find((e) => formatPath(e.path) === formatPath(endpoint.path)) ?? endpoint).value;
      const tlsConfig = isObject(sends.tlsConfig) ? sends.tlsConfig : {};
      const scheme: Json | undefined = valueAt(sends, kind.schemePath);
      const https = typeof scheme === 'string' && scheme.toLowerCase() === 'https';
      // A relabeling may set `__scheme__`: then the scheme is not known from the input.
      const schemeKnown = !(Array.isArray(sends.relabelings) && sends.relabelings.some((r) => isObject(r) && r.targetLabel === '__scheme__'));
      if (demands.tls !== undefined && !https && schemeKnown) {
        report.error(
          CODE,
          `${said(demands.tls)}, which serves TLS only, and this endpoint scrapes with scheme ${typeof scheme === 'string' ? scheme : 'http (the default)'}: the scrape gets "server returned HTTP status 400 Bad Request" (Go's TLS server answers "Client sent an HTTP request to an HTTPS server"); set scheme: https with a tlsConfig (config tls, e.g. tls: {serverName: auto, ca: {secret: {name: <secret>, key: ca.crt}}})`,
          [...endpoint.path, ...kind.schemePath],
          { ...(scheme !== undefined ? { currentValue: scheme } : {}), proposedValue: 'https' },
        );
      }
      if (demands.basicAuth !== undefined && !isObject(sends.basicAuth)) {
        report.error(
          CODE,
          `${said(demands.basicAuth)}, so a scrape without basicAuth gets ${STATUS_401}; add basicAuth: {username: {name: <secret>, key: username}, password: {name: <secret>, key: password}} from ${secretsIn} (config auth.basicAuth, or basic-auth-secret=NAME)`,
          endpoint.path,
        );
      }
      const sendsToken = isObject(sends.authorization) || isObject(sends.bearerTokenSecret) || isSet(sends.bearerTokenFile) || isObject(sends.oauth2);
      const sendsClientCert = isSet(tlsConfig.cert) || isSet(tlsConfig.certFile);
      if (demands.bearer !== undefined && !sendsToken && !(demands.bearer.orClientCert && sendsClientCert)) {
        report.error(
          CODE,
          `${said(demands.bearer)}, which authenticates a bearer token (TokenReview), so a scrape without one gets ${STATUS_401}; add authorization: {type: Bearer, credentials: {name: <secret>, key: token}} from a service-account-token Secret in namespace "${namespaceOf(obj) ?? "(the monitor's)"}" (config auth.authorization, or bearer-token-secret=NAME)`,
          endpoint.path,
        );
      }
      if (demands.clientCert !== undefined && https && !sendsClientCert) {
        report.error(
          CODE,
          `${said(demands.clientCert)}, so without a client certificate the TLS handshake fails ("remote error: tls: certificate required"); add tlsConfig.cert: {secret: {name: <secret>, key: tls.crt}} and tlsConfig.keySecret: {name: <secret>, key: tls.key} from ${secretsIn}, signed by the web config's client_ca_file (config tls.cert and tls.keySecret)`,
          [...endpoint.path, 'tlsConfig'],
        );
      }
      if (demands.unknown !== undefined) {
        report.info(CODE, `cannot tell what the target demands: ${said(demands.unknown)}, and ${demands.unknown.why}`, endpoint.path);
      }
    }
  },
};
