import { parse, parseAllDocuments } from 'yaml';
import { Cluster } from '../../src/cluster.js';
import { Generator } from '../../src/generate.js';
import { readInput } from '../../src/io/read.js';
import { OutputWriter } from '../../src/io/write.js';
import type { KubeObject } from '../../src/types.js';

const ROLE: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: {
    name: 'metrics-reader',
    annotations: {
      'config.kubernetes.io/path': 'config/rbac/metrics_reader_role.yaml',
      'config.kubernetes.io/index': '0',
      'internal.config.kubernetes.io/path': 'config/rbac/metrics_reader_role.yaml',
      'internal.config.kubernetes.io/index': '0',
    },
  },
};
const binding = (name: string): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'metrics-reader' },
});

describe('Generator: the one place that adds items', () => {
  test('GIVEN an item beside a kpt file THEN it gets path/index annotations for a file of its own in that directory, and an info result', () => {
    const generator = new Generator(Cluster.from([ROLE]), 'apply');
    expect(generator.add({ object: binding('b'), besides: ROLE, code: 'scraper-rbac', why: 'so Prometheus may get /metrics' })).toBe('added');
    const annotations = {
      'config.kubernetes.io/path': 'config/rbac/clusterrolebinding_b.yaml',
      'config.kubernetes.io/index': '0',
      'internal.config.kubernetes.io/path': 'config/rbac/clusterrolebinding_b.yaml',
      'internal.config.kubernetes.io/index': '0',
    };
    expect(generator.items).toEqual([{ ...binding('b'), metadata: { name: 'b', annotations } }]);
    expect(generator.results).toEqual([
      {
        message: 'added ClusterRoleBinding b: so Prometheus may get /metrics',
        severity: 'info',
        resourceRef: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'b' },
        file: { path: 'config/rbac/clusterrolebinding_b.yaml', index: 0 },
        tags: { code: 'scraper-rbac' },
      },
    ]);
  });

  test('GIVEN the object already in the input, or asked for twice THEN it is added once', () => {
    const generator = new Generator(Cluster.from([ROLE, binding('there')]), 'apply');
    expect(generator.add({ object: binding('there'), code: 'c', why: 'w' })).toBe('exists');
    expect(generator.add({ object: binding('new'), code: 'c', why: 'w' })).toBe('added');
    expect(generator.add({ object: binding('new'), code: 'c', why: 'w' })).toBe('exists');
    expect(generator.items.map((i) => i.metadata?.name)).toEqual(['new']);
    // Without a kpt path beside it, no annotations: a plain stream gets it at the end.
    expect(generator.items[0]).toEqual(binding('new'));
  });

  test('GIVEN check mode THEN nothing is added and each proposal is reported once', () => {
    const generator = new Generator(Cluster.from([ROLE]), 'check');
    expect(generator.add({ object: binding('b'), besides: ROLE, code: 'c', why: 'w' })).toBe('proposed');
    expect(generator.add({ object: binding('b'), besides: ROLE, code: 'c', why: 'w' })).toBe('exists');
    expect(generator.items).toEqual([]);
    expect(generator.results.map((r) => r.message)).toEqual(['would add ClusterRoleBinding b: w']);
  });

  test('GIVEN the target file already holds documents THEN the new one takes the next index', () => {
    const there = {
      ...binding('x'),
      metadata: { name: 'x', annotations: { 'config.kubernetes.io/path': 'config/rbac/clusterrolebinding_b.yaml', 'config.kubernetes.io/index': '1' } },
    };
    const generator = new Generator(Cluster.from([ROLE, there]), 'apply');
    generator.add({ object: binding('b'), besides: ROLE, code: 'c', why: 'w' });
    expect(generator.items[0]?.metadata?.annotations).toMatchObject({ 'config.kubernetes.io/index': '2', 'internal.config.kubernetes.io/index': '2' });
  });
});

describe('OutputWriter.append: generated items follow the input in its shape', () => {
  const write = (text: string): string => {
    const input = readInput(text);
    const writer = new OutputWriter(input);
    const items = input.items.splice(0);
    for (const item of items) writer.item(item, item.object);
    writer.append([binding('b')]);
    return writer.parts([]).join('');
  };

  test('a stream gets a new document; the input stays byte-identical before it', () => {
    const text = '# head\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}  # kept\n';
    const out = write(text);
    expect(out.startsWith(text)).toBe(true);
    expect(out.slice(text.length)).toBe(
      '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: b\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: metrics-reader\n',
    );
    expect(parseAllDocuments(out).map((d) => d.toJS())).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }, binding('b')]);
  });

  test('a stream without a final line break gets one before the new document', () => {
    expect(write('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}')).toMatch(
      /^apiVersion: v1\nkind: ConfigMap\nmetadata: \{name: a\}\n---\napiVersion: rbac/,
    );
  });

  test.each([
    [
      'block items',
      'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: c}\nfunctionConfig: {apiVersion: v1, kind: ConfigMap, metadata: {name: f}}\n',
    ],
    ['one block item', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n'],
    ['flow items', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}]\n'],
    ['no items', 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n'],
    [
      'JSON',
      '{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}]}\n',
    ],
  ])('a ResourceList with %s gets a new last entry', (_, text) => {
    const out = write(text);
    const before = parse(text) as { items: unknown[] };
    const after = parse(out) as { items: unknown[]; functionConfig?: unknown };
    expect(after.items).toEqual([...before.items, binding('b')]);
    expect(after).toEqual({ ...before, items: [...before.items, binding('b')] });
  });
});
