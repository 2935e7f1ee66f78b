import { scraperRbac } from '../../src/checks/scraper-rbac.js';
import { transform } from '../../src/transform.js';
import type { JsonObject, KubeObject, Result } from '../../src/types.js';
import { config } from '../helpers.js';
import { runRule } from './fixtures.js';
import {
  KUBE_RBAC_PROXY,
  MGR_REF,
  RBAC,
  clusterRoleBinding,
  managerDeployment,
  managerMonitor,
  managerService,
  metricsReaderRole,
  tokenSecret,
} from '../target/fixtures.js';

const TARGET =
  'Deployment shop-system/shop-controller-manager (container manager) runs --metrics-bind-address=:8443 (controller-runtime secure metrics), which lets a token get /metrics only with RBAC (SubjectAccessReview on the nonResourceURL)';
const VIA_FILE = "bearerTokenFile sends the token of Prometheus' ServiceAccount (policy.scraper)";
const PROM = { kind: 'ServiceAccount', name: 'prometheus-k8s', namespace: 'monitoring' };
const scraper = (extra: JsonObject = {}) => config({ policy: { scraper: 'monitoring/prometheus-k8s' }, ...extra });
const target = [managerService(), managerDeployment()];
const forbidden = (via: string, account: string, fix: string): string =>
  `${TARGET}; ${via}, and no ClusterRoleBinding in the input gives ServiceAccount ${account} a ClusterRole granting it, so unless one outside the input does, the scrape gets "server returned HTTP status 403 Forbidden" (kubebuilder#4805); ${fix}`;
const brief = (results: Result[]): string[] => results.map((r) => `${r.severity} ${r.tags.code} ${r.field?.path ?? ''}: ${r.message}`);

describe('scraper-rbac', () => {
  test('GIVEN bearerTokenFile and no policy.scraper THEN an info: the identity is unknown', () => {
    expect(runRule(scraperRbac, managerMonitor(), [...target, metricsReaderRole()])).toEqual([
      {
        message: `${TARGET}, and bearerTokenFile sends the token of the ServiceAccount Prometheus runs as, which the input does not name: whether the scrape gets "server returned HTTP status 403 Forbidden" cannot be checked; set policy.scraper: NAMESPACE/NAME (scraper=NAMESPACE/NAME), e.g. monitoring/prometheus-k8s`,
        severity: 'info',
        resourceRef: MGR_REF,
        field: { path: 'spec.endpoints[0].bearerTokenFile' },
        tags: { code: 'scraper-rbac' },
      },
    ]);
  });

  test('GIVEN policy.scraper and the metrics-reader ClusterRole bound to nobody THEN a 403 warning naming the role to bind', () => {
    expect(runRule(scraperRbac, managerMonitor(), [...target, metricsReaderRole()], scraper())).toEqual([
      {
        message: forbidden(
          VIA_FILE,
          'monitoring/prometheus-k8s',
          'bind ClusterRole shop-metrics-reader to ServiceAccount monitoring/prometheus-k8s with a ClusterRoleBinding (rbac.bind: true, or bind-scraper=true, adds it)',
        ),
        severity: 'warning',
        resourceRef: MGR_REF,
        field: { path: 'spec.endpoints[0]' },
        tags: { code: 'scraper-rbac' },
      },
    ]);
  });

  test('GIVEN a ClusterRoleBinding of a granting role (exact, wildcard, by group) THEN quiet', () => {
    expect(runRule(scraperRbac, managerMonitor(), [...target, metricsReaderRole(), clusterRoleBinding('b', 'shop-metrics-reader', PROM)], scraper())).toEqual(
      [],
    );
    expect(
      runRule(scraperRbac, managerMonitor(), [...target, metricsReaderRole('any', ['/metrics*']), clusterRoleBinding('b', 'any', PROM)], scraper()),
    ).toEqual([]);
    expect(
      runRule(
        scraperRbac,
        managerMonitor(),
        [...target, metricsReaderRole(), clusterRoleBinding('b', 'shop-metrics-reader', { kind: 'Group', name: 'system:serviceaccounts:monitoring' })],
        scraper(),
      ),
    ).toEqual([]);
  });

  test('GIVEN a binding of a role for another path THEN still the warning, and no role to name', () => {
    const others = [...target, metricsReaderRole('health', ['/healthz']), clusterRoleBinding('b', 'health', PROM)];
    expect(brief(runRule(scraperRbac, managerMonitor(), others, scraper()))).toEqual([
      `warning scraper-rbac spec.endpoints[0]: ${forbidden(VIA_FILE, 'monitoring/prometheus-k8s', 'add a ClusterRole with rules [{nonResourceURLs: ["/metrics"], verbs: ["get"]}] and bind it to ServiceAccount monitoring/prometheus-k8s with a ClusterRoleBinding')}`,
    ]);
  });

  test('GIVEN only a RoleBinding, or only a broad role THEN the warning says why those do not count', () => {
    const roleBinding = { ...clusterRoleBinding('rb', 'shop-metrics-reader', PROM), kind: 'RoleBinding', metadata: { name: 'rb', namespace: 'monitoring' } };
    expect(runRule(scraperRbac, managerMonitor(), [...target, metricsReaderRole(), roleBinding], scraper())[0]?.message).toMatch(
      /adds it\); RoleBinding monitoring\/rb does not count: non-resource URLs are granted only by a ClusterRoleBinding$/,
    );
    const admin: KubeObject = {
      apiVersion: RBAC,
      kind: 'ClusterRole',
      metadata: { name: 'admin-ish' },
      rules: [
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
        { nonResourceURLs: ['*'], verbs: ['*'] },
      ],
    };
    expect(runRule(scraperRbac, managerMonitor(), [...target, admin], scraper())[0]?.message).toMatch(
      /; bind a ClusterRole granting get on \/metrics to ServiceAccount monitoring\/prometheus-k8s \(in the input only admin-ish, which grant more than non-resource URLs\)$/,
    );
  });

  test('GIVEN authorization from a service-account-token Secret THEN the identity is its annotation; from an Opaque Secret THEN quiet', () => {
    const monitor = managerMonitor({ authorization: { type: 'Bearer', credentials: { name: 'scrape-token', key: 'token' } } });
    delete (monitor.spec as { endpoints: JsonObject[] }).endpoints[0]!.bearerTokenFile;
    expect(brief(runRule(scraperRbac, monitor, [...target, metricsReaderRole(), tokenSecret('scrape-token', 'shop-system', 'metrics-scraper')]))).toEqual([
      `warning scraper-rbac spec.endpoints[0]: ${forbidden(
        'authorization.credentials is the token of service-account-token Secret shop-system/scrape-token',
        'shop-system/metrics-scraper',
        'bind ClusterRole shop-metrics-reader to ServiceAccount shop-system/metrics-scraper with a ClusterRoleBinding (rbac.bind: true, or bind-scraper=true, adds it)',
      )}`,
    ]);
    const opaque = { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'scrape-token', namespace: 'shop-system' }, data: { token: 'eA==' } };
    expect(runRule(scraperRbac, monitor, [...target, metricsReaderRole(), opaque])).toEqual([]);
  });

  test('GIVEN a target without RBAC authorisation (web config, kube-rbac-proxy with --config-file, no demands) THEN quiet', () => {
    const proxy = { ...KUBE_RBAC_PROXY, args: [...KUBE_RBAC_PROXY.args, '--config-file=/etc/kube-rbac-proxy/config.yaml'] };
    expect(
      runRule(
        scraperRbac,
        managerMonitor(),
        [managerService('https'), managerDeployment(['--metrics-bind-address=127.0.0.1:8080'], [proxy]), metricsReaderRole()],
        scraper(),
      ),
    ).toEqual([]);
    expect(
      runRule(scraperRbac, managerMonitor(), [managerService(), managerDeployment(['--metrics-bind-address=:8443', '--metrics-secure=false'])], scraper()),
    ).toEqual([]);
    // A kube-rbac-proxy without --config-file authorises by path, like controller-runtime.
    expect(
      runRule(
        scraperRbac,
        managerMonitor(),
        [managerService('https'), managerDeployment(['--metrics-bind-address=127.0.0.1:8080'], [KUBE_RBAC_PROXY]), metricsReaderRole()],
        scraper(),
      ),
    ).toHaveLength(1);
  });

  describe('the role named, when several projects each ship a metrics-reader', () => {
    const withFile = (obj: KubeObject, path: string): KubeObject => ({
      ...obj,
      metadata: { ...obj.metadata, annotations: { 'config.kubernetes.io/path': path } },
    });
    const fixOf = (items: KubeObject[], monitor: KubeObject = managerMonitor()): string | undefined =>
      runRule(scraperRbac, monitor, [...target, ...items], scraper())[0]
        ?.message.split('; ')
        .find((part) => part.startsWith('bind ClusterRole'));

    test("GIVEN another project's role first THEN the one named like the monitor's namespace (shop-system → shop-…)", () => {
      const roles = [metricsReaderRole('catalog-metrics-reader'), metricsReaderRole('shopping-cart-metrics-reader'), metricsReaderRole('shop-metrics-reader')];
      expect(fixOf(roles)).toMatch(/^bind ClusterRole shop-metrics-reader to/);
      expect(fixOf([...roles].reverse())).toMatch(/^bind ClusterRole shop-metrics-reader to/);
    });

    test("GIVEN file annotations THEN the role in the monitor's directory, before any name", () => {
      const monitor = withFile(managerMonitor(), 'billing/config/prometheus/monitor.yaml');
      const roles = [
        withFile(metricsReaderRole('shop-metrics-reader'), 'shop/config/rbac/metrics_reader_role.yaml'),
        withFile(metricsReaderRole('metrics-reader'), 'billing/config/rbac/metrics_reader_role.yaml'),
      ];
      expect(fixOf(roles, monitor)).toMatch(/^bind ClusterRole metrics-reader to/);
      expect(fixOf([...roles].reverse(), monitor)).toMatch(/^bind ClusterRole metrics-reader to/);
    });

    test('GIVEN nothing nearer THEN the first in input order; a role naming the path exactly still comes before a wildcard one', () => {
      expect(fixOf([metricsReaderRole('zeta-reader'), metricsReaderRole('alpha-reader')])).toMatch(/^bind ClusterRole zeta-reader to/);
      expect(fixOf([metricsReaderRole('shop-metrics-wide', ['/metrics*']), metricsReaderRole('catalog-metrics-reader')])).toMatch(
        /^bind ClusterRole catalog-metrics-reader to/,
      );
    });
  });

  test('GIVEN another endpoint path THEN the role must grant that path', () => {
    const items = [...target, metricsReaderRole(), clusterRoleBinding('b', 'shop-metrics-reader', PROM)];
    expect(runRule(scraperRbac, managerMonitor({ path: '/metrics/extra' }), items, scraper())).toHaveLength(1);
  });
});

describe('rbac.bind: apply adds the missing ClusterRoleBinding', () => {
  const role = {
    ...metricsReaderRole(),
    metadata: {
      name: 'shop-metrics-reader',
      annotations: { 'config.kubernetes.io/path': 'config/rbac/metrics_reader_role.yaml', 'config.kubernetes.io/index': '0' },
    },
  };
  const items = [managerMonitor(), ...target, role];
  const BINDING_PATH = 'config/rbac/clusterrolebinding_shop-metrics-reader-monitoring-prometheus-k8s.yaml';
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {
      name: 'shop-metrics-reader-monitoring-prometheus-k8s',
      annotations: {
        'config.kubernetes.io/path': BINDING_PATH,
        'config.kubernetes.io/index': '0',
        'internal.config.kubernetes.io/path': BINDING_PATH,
        'internal.config.kubernetes.io/index': '0',
      },
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'shop-metrics-reader' },
    subjects: [PROM],
  };

  test('GIVEN bind THEN one binding beside the ClusterRole, reported as info, and the warning is gone', () => {
    const out = transform(items, scraper({ rbac: { bind: true } }));
    expect(out.items.slice(items.length)).toEqual([binding]);
    expect(out.items.slice(0, items.length)).toEqual(items);
    expect(brief(out.results.filter((r) => r.tags.code === 'scraper-rbac'))).toEqual([
      'info scraper-rbac : added ClusterRoleBinding shop-metrics-reader-monitoring-prometheus-k8s: binds ClusterRole shop-metrics-reader (get on /metrics) to ServiceAccount monitoring/prometheus-k8s, whose token ServiceMonitor shop-system/shop-controller-manager-metrics-monitor sends, so the scrape is not refused with "403 Forbidden"',
    ]);
    expect(out.results.find((r) => r.tags.code === 'scraper-rbac')?.file).toEqual({ path: BINDING_PATH, index: 0 });
  });

  test('GIVEN the output run again THEN nothing is added; GIVEN two monitors needing it THEN it is added once', () => {
    const first = transform(items, scraper({ rbac: { bind: true } }));
    const second = transform(first.items, scraper({ rbac: { bind: true } }));
    expect(second.items).toEqual(first.items);
    expect(second.results.filter((r) => r.tags.code === 'scraper-rbac')).toEqual([]);
    const twin = { ...managerMonitor(), metadata: { name: 'twin', namespace: 'shop-system' } };
    expect(transform([...items, twin], scraper({ rbac: { bind: true } })).items.filter((i) => i.kind === 'ClusterRoleBinding')).toHaveLength(1);
  });

  test("GIVEN two projects with a metrics-reader each THEN one binding (a URL grant is cluster-wide), of the first monitor's own project's role, beside it", () => {
    const other = (obj: KubeObject, name: string): KubeObject => ({ ...obj, metadata: { ...obj.metadata, name, namespace: 'catalog-system' } });
    const catalogRole = {
      ...metricsReaderRole('catalog-metrics-reader'),
      metadata: { name: 'catalog-metrics-reader', annotations: { 'config.kubernetes.io/path': 'catalog/config/rbac/metrics_reader_role.yaml' } },
    };
    const shopRole = { ...role, metadata: { ...role.metadata, annotations: { 'config.kubernetes.io/path': 'shop/config/rbac/metrics_reader_role.yaml' } } };
    const catalog = [
      other(managerMonitor(), 'catalog-monitor'),
      other(managerService(), 'catalog-metrics'),
      other(managerDeployment(), 'catalog-controller-manager'),
    ];
    const added = (input: KubeObject[]): unknown[] =>
      transform(input, scraper({ rbac: { bind: true } }))
        .items.slice(input.length)
        .map((b) => [b.metadata?.name, (b.metadata?.annotations as JsonObject)['config.kubernetes.io/path']]);
    // The catalog's role comes first in the input either way; the shop's monitor, when it comes first, gets the shop's role.
    expect(added([catalogRole, managerMonitor(), ...target, shopRole, ...catalog])).toEqual([
      ['shop-metrics-reader-monitoring-prometheus-k8s', 'shop/config/rbac/clusterrolebinding_shop-metrics-reader-monitoring-prometheus-k8s.yaml'],
    ]);
    expect(added([catalogRole, ...catalog, managerMonitor(), ...target, shopRole])).toEqual([
      ['catalog-metrics-reader-monitoring-prometheus-k8s', 'catalog/config/rbac/clusterrolebinding_catalog-metrics-reader-monitoring-prometheus-k8s.yaml'],
    ]);
  });

  test('GIVEN check mode THEN nothing is added; the warning and the would-be binding are reported', () => {
    const out = transform(items, scraper({ rbac: { bind: true }, mode: 'check' }));
    expect(out.items).toEqual(items);
    expect(out.results.filter((r) => r.tags.code === 'scraper-rbac').map((r) => `${r.severity} ${r.message.slice(0, 40)}`)).toEqual([
      `warning ${TARGET.slice(0, 40)}`,
      'info would add ClusterRoleBinding shop-metric',
    ]);
  });

  test('GIVEN no scraper known, or no bindable role THEN nothing is added', () => {
    expect(transform(items, config({ rbac: { bind: true } })).items).toHaveLength(items.length);
    expect(transform([managerMonitor(), ...target], scraper({ rbac: { bind: true } })).items).toHaveLength(3);
  });
});
