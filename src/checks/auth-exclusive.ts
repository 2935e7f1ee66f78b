import type { MonitorKind } from '../kinds/index.js';
import type { CheckRule } from './types.js';
import { isFileSet, isSet, listPlain } from './fields.js';

/**
 * Who refuses an endpoint (or spec) with more than one auth method, per kind (https://github.com/prometheus-operator/prometheus-operator/blob/main/pkg/prometheus/resource_selector.go):
 * the operator on ServiceMonitor since v0.88 and on PodMonitor since v0.86 (it rejects the whole
 * object); nobody on Probe, so Prometheus gets a config with two methods and refuses to reload it;
 * the API server on ScrapeConfig, through the CRD's CEL rule since v0.91.
 */
const ENFORCEMENT: Record<MonitorKind['kind'], string> = {
  ServiceMonitor: 'the operator (v0.88+) rejects the whole ServiceMonitor',
  PodMonitor: 'the operator (v0.86+) rejects the whole PodMonitor',
  Probe:
    'the operator does not check this on a Probe, but Prometheus refuses the generated configuration (at most one of basic_auth, oauth2 & authorization) and stops reloading',
  ScrapeConfig: "the API server rejects the ScrapeConfig (the CRD's CEL rule, v0.91+: at most one of basicAuth, authorization, or oauth2)",
};

/**
 * At most one auth method per endpoint (ServiceMonitor / PodMonitor) or spec (Probe / ScrapeConfig).
 * `bearerTokenFile` (ServiceMonitor only) beside any of them passes the operator and then fails
 * Prometheus' config reload ("at most one of basic_auth, oauth2, bearer_token & bearer_token_file").
 * Severity: error — the operator, the API server or Prometheus' reload refuses it every time (operator v0.86/v0.88 validation).
 */
export const authExclusive: CheckRule = {
  code: 'auth-exclusive',
  description: 'more than one of basicAuth / authorization / oauth2 / bearerTokenSecret (/ bearerTokenFile) on one endpoint or spec',
  check({ kind, endpoints, report }) {
    for (const endpoint of endpoints) {
      const methods = kind.authMethods.filter((method) => isSet(endpoint.value[method]));
      const tokenFile = kind.bearerTokenFile && isFileSet(endpoint.value.bearerTokenFile);
      if (methods.length >= 2) {
        const also = tokenFile ? '; bearerTokenFile is set as well, which Prometheus refuses beside any of them' : '';
        report.error(
          'auth-exclusive',
          `${listPlain(methods)} are ${methods.length === 2 ? 'both' : 'all'} set: ${ENFORCEMENT[kind.kind]}; keep one auth method${also}`,
          endpoint.path,
        );
      } else if (methods.length === 1 && tokenFile) {
        const method = methods[0] as string;
        report.error(
          'auth-exclusive',
          `bearerTokenFile and ${method} are both set: the operator accepts this, but Prometheus refuses a scrape config with both (at most one of basic_auth, oauth2, bearer_token & bearer_token_file) and fails to reload; remove bearerTokenFile and keep ${method}`,
          [...endpoint.path, 'bearerTokenFile'],
        );
      }
    }
  },
};
