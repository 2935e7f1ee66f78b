import { Cluster } from '../../src/cluster.js';
import { fileSource, flagValue } from '../../src/index/workloads.js';
import type { JsonObject, KubeObject } from '../../src/types.js';

function deployment(
  name: string,
  namespace: string,
  podSpec: JsonObject,
  labels: Record<string, string> = { app: name },
  kind = 'Deployment',
  apiVersion = 'apps/v1',
): KubeObject {
  return { apiVersion, kind, metadata: { name, namespace }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } } };
}

describe('the workload index', () => {
  test('GIVEN every workload kind THEN each pod template is indexed with its labels, namespace and containers', () => {
    const container = { name: 'c', image: 'img:1', args: ['--a=1'], ports: [{ name: 'web', containerPort: 9091 }] };
    const cluster = Cluster.from([
      deployment('d', 'ns', { containers: [container] }),
      deployment('s', 'ns', { containers: [container] }, { app: 's' }, 'StatefulSet'),
      deployment('ds', 'ns', { containers: [container] }, { app: 'ds' }, 'DaemonSet'),
      deployment('rs', 'ns', { containers: [container] }, { app: 'rs' }, 'ReplicaSet'),
      deployment('j', 'ns', { containers: [container] }, { app: 'j' }, 'Job', 'batch/v1'),
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'cj', namespace: 'ns' },
        spec: { jobTemplate: { spec: { template: { metadata: { labels: { app: 'cj' } }, spec: { containers: [container] } } } } },
      },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', labels: { app: 'p' } }, spec: { containers: [container] } },
    ]);
    expect(cluster.workloads.templates.map((t) => `${t.workload.kind}/${t.namespace}/${t.workload.name} ${JSON.stringify(t.labels)}`)).toEqual([
      'Deployment/ns/d {"app":"d"}',
      'StatefulSet/ns/s {"app":"s"}',
      'DaemonSet/ns/ds {"app":"ds"}',
      'ReplicaSet/ns/rs {"app":"rs"}',
      'Job/ns/j {"app":"j"}',
      'CronJob/ns/cj {"app":"cj"}',
      'Pod/ns/p {"app":"p"}',
    ]);
    expect(cluster.workloads.templates[6]?.containers).toEqual([
      { name: 'c', image: 'img:1', argv: ['--a=1'], ports: [{ name: 'web', containerPort: 9091 }], mounts: [] },
    ]);
  });

  test('GIVEN a Service selector THEN only pods in its namespace carrying every selected label are selected', () => {
    const cluster = Cluster.from([
      deployment('a', 'ns', { containers: [] }, { app: 'x', tier: 'metrics' }),
      deployment('b', 'ns', { containers: [] }, { app: 'x' }),
      deployment('c', 'other', { containers: [] }, { app: 'x', tier: 'metrics' }),
    ]);
    expect(cluster.workloads.selectedBy('ns', { app: 'x', tier: 'metrics' }).map((t) => t.workload.name)).toEqual(['a']);
    expect(cluster.workloads.selectedBy('ns', { app: 'x' }).map((t) => t.workload.name)).toEqual(['a', 'b']);
    // A Service without a selector has its endpoints set by hand: no pods.
    expect(cluster.workloads.selectedBy('ns', {})).toEqual([]);
  });

  test('GIVEN odd shapes THEN nothing throws and what makes sense is kept', () => {
    const odd: KubeObject[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'no-spec', namespace: 'ns' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'no-template', namespace: 'ns' }, spec: { template: 'x' } },
      deployment('no-containers', 'ns', {}),
      deployment('containers-not-list', 'ns', { containers: { name: 'x' } }),
      deployment('args-not-strings', 'ns', {
        containers: [
          { name: 'c', args: [1, true, null, { a: 1 }, '--ok'], command: 'notalist', ports: [{ containerPort: 'abc' }, 'x', { containerPort: 80 }] },
        ],
      }),
      deployment('volumes-without-source', 'ns', {
        containers: [{ name: 'c', volumeMounts: [{ name: 'v', mountPath: '/etc/x' }, { mountPath: 3 }] }],
        volumes: [{ name: 'v' }, { name: 'w', secret: {} }, 'x', { secret: { secretName: 's' } }],
      }),
      { apiVersion: 'v1', kind: 'Pod', metadata: 'not-a-map', spec: null } as unknown as KubeObject,
    ];
    const cluster = Cluster.from(odd);
    const byName = new Map(cluster.workloads.templates.map((t) => [t.workload.name, t]));
    // A Pod is its own template, so even one without metadata or spec is a (container-less) pod.
    expect([...byName.keys()]).toEqual(['no-containers', 'containers-not-list', 'args-not-strings', 'volumes-without-source', '']);
    expect(byName.get('args-not-strings')?.containers[0]).toEqual({
      name: 'c',
      image: undefined,
      argv: ['--ok'],
      ports: [{ name: undefined, containerPort: 80 }],
      mounts: [],
    });
    const template = byName.get('volumes-without-source');
    expect([...(template?.volumes ?? new Map()).entries()]).toEqual([
      ['v', []],
      ['w', []],
    ]);
    expect(template && fileSource(template, template.containers[0]!, '/etc/x/web.yml')).toBeUndefined();
  });
});

describe('flagValue', () => {
  test.each([
    [['--web.config.file=/etc/web.yml'], '/etc/web.yml'],
    [['--web.config.file', '/etc/web.yml'], '/etc/web.yml'],
    [['-web.config.file=/etc/web.yml'], '/etc/web.yml'],
    [['--web.config.file=/a', '--web.config.file=/b'], '/b'],
    [['--web.config.file'], 'true'],
    [['--web.config.file', '--other'], 'true'],
    [['--web.config.filex=/a'], undefined],
    [['--', '--web.config.file=/a'], undefined],
    [[], undefined],
  ])('%j → %s', (argv, expected) => {
    expect(flagValue(argv, 'web.config.file')).toBe(expected);
  });
});

describe('fileSource', () => {
  const template = Cluster.from([
    deployment('pgw', 'ns', {
      containers: [
        {
          name: 'pgw',
          volumeMounts: [
            { name: 'web', mountPath: '/etc/config' },
            { name: 'one', mountPath: '/etc/one.yml', subPath: 'web.yml' },
            { name: 'proj', mountPath: '/etc/proj/' },
            { name: 'empty', mountPath: '/etc/config/inner' },
          ],
        },
      ],
      volumes: [
        { name: 'web', secret: { secretName: 'pgw-web' } },
        { name: 'one', configMap: { name: 'cm' } },
        { name: 'proj', projected: { sources: [{ secret: { name: 's1', items: [{ key: 'k', path: 'sub/web.yml' }] } }, { configMap: { name: 'cm2' } }] } },
        { name: 'empty', emptyDir: {} },
      ],
    }),
  ]).workloads.templates[0]!;
  const container = template.containers[0]!;
  test.each([
    ['/etc/config/web-config.yaml', { kind: 'Secret', name: 'pgw-web', key: 'web-config.yaml' }],
    ['/etc/one.yml', { kind: 'ConfigMap', name: 'cm', key: 'web.yml' }],
    ['/etc/proj/sub/web.yml', { kind: 'Secret', name: 's1', key: 'k' }],
    ['/etc/proj/other.yml', { kind: 'ConfigMap', name: 'cm2', key: 'other.yml' }],
    ['/etc/config/inner/x.yml', undefined],
    ['/etc/config/a/b.yml', undefined],
    ['/elsewhere.yml', undefined],
  ])('%s', (path, expected) => {
    expect(fileSource(template, container, path)).toEqual(expected);
  });
});
