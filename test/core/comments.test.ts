import { parse } from 'yaml';
import { processText } from '../../src/process.js';

const SERVICE = `---
apiVersion: v1
kind: Service
metadata: {name: s, namespace: ns, labels: {app: a}}
spec:
  ports: [{name: https, port: 8443}]
`;

describe('comments after nested blocks stay at their own indentation when the item changes', () => {
  test('GIVEN comments at three indentations after tlsConfig THEN each stays with the block its column belongs to', () => {
    const monitor = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: m, namespace: ns}
spec:
  endpoints:
  - port: https
    tlsConfig:
      insecureSkipVerify: true
      # c1
    # c2
  # c3
  selector: {matchLabels: {app: a}}
`;
    const { output } = processText(monitor + SERVICE, { set: { 'server-name': 'auto', scheme: '' } });
    expect(output.split('---\n')[0]).toBe(`apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: m, namespace: ns}
spec:
  endpoints:
  - port: https
    tlsConfig:
      insecureSkipVerify: true
      serverName: s.ns.svc
      # c1
    # c2
  # c3
  selector: {matchLabels: {app: a}}
`);
  });

  test('GIVEN a commented-out field at the endpoint indentation between two endpoints THEN it stays between them, at that indentation', () => {
    const monitor = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: m, namespace: ns}
spec:
  endpoints:
    - port: https
      tlsConfig:
        insecureSkipVerify: true
      # interval: 30s
    - port: admin
  selector: {matchLabels: {app: a}}
`;
    const { output } = processText(monitor + SERVICE, { set: { 'server-name': 'auto', ports: 'https', scheme: '' } });
    expect(output.split('---\n')[0]).toBe(`apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: m, namespace: ns}
spec:
  endpoints:
    - port: https
      tlsConfig:
        insecureSkipVerify: true
        serverName: s.ns.svc
      # interval: 30s
    - port: admin
  selector: {matchLabels: {app: a}}
`);
  });

  test('a comment that is only indented for the inner block stays inside it', () => {
    const monitor = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: m, namespace: ns}
spec:
  endpoints:
  - port: https
    tlsConfig:
      insecureSkipVerify: true
      # the CA comes from cert-manager
  selector: {matchLabels: {app: a}}
`;
    const { output } = processText(monitor + SERVICE, { set: { 'server-name': 'auto', scheme: '' } });
    expect(output).toContain('      insecureSkipVerify: true\n      serverName: s.ns.svc\n      # the CA comes from cert-manager\n  selector:');
  });
});

describe('folded block scalars (`>`) in a changed item keep the line breaks they were written with', () => {
  const monitor = (indent: string, eol = '\n'): string =>
    [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: ServiceMonitor',
      'metadata:',
      `${indent}name: m`,
      `${indent}namespace: ns`,
      `${indent}annotations:`,
      `${indent}${indent}description: >- # wrapped by hand`,
      `${indent}${indent}  This monitor scrapes the metrics endpoint of the`,
      `${indent}${indent}  controller manager over TLS.`,
      '',
      `${indent}${indent}  Second paragraph.`,
      'spec:',
      `${indent}selector: {}`,
      `${indent}endpoints:`,
      `${indent}- port: https`,
      `${indent}  relabelings:`,
      `${indent}  - regex: >`,
      `${indent}      (foo|bar)`,
      `${indent}      |baz`,
      `${indent}    action: keep`,
      '',
    ].join(eol);
  const set = { 'server-name': 'm.ns.svc' };

  test('GIVEN folded annotations and relabelings THEN their text is kept, the change is made, and a second run changes nothing', () => {
    const { output } = processText(monitor('  '), { set });
    expect(output).toContain(
      '    description: >- # wrapped by hand\n      This monitor scrapes the metrics endpoint of the\n      controller manager over TLS.\n\n      Second paragraph.\n',
    );
    expect(output).toContain('    - regex: >\n        (foo|bar)\n        |baz\n      action: keep\n');
    expect(output).toContain('    tlsConfig:\n      serverName: m.ns.svc\n');
    expect(processText(output, { set }).output).toBe(output);
  });

  test('GIVEN 4-space indentation (printed again with 2) THEN the folded text moves with its key and reads the same', () => {
    const { output } = processText(monitor('    '), { set });
    expect(output).toContain(
      '    description: >- # wrapped by hand\n      This monitor scrapes the metrics endpoint of the\n      controller manager over TLS.\n\n      Second paragraph.\n',
    );
    expect(output).toContain('    - regex: >\n        (foo|bar)\n        |baz\n');
    const before = parse(monitor('    '));
    const after = parse(output);
    expect(after.metadata).toEqual(before.metadata);
    expect(after.spec.endpoints[0].relabelings).toEqual(before.spec.endpoints[0].relabelings);
  });

  test('GIVEN CRLF line endings THEN the kept text has them too', () => {
    const { output } = processText(monitor('  ', '\r\n'), { set });
    expect(output).toContain(
      '    description: >- # wrapped by hand\r\n      This monitor scrapes the metrics endpoint of the\r\n      controller manager over TLS.\r\n\r\n      Second paragraph.\r\n',
    );
    expect(output).not.toMatch(/[^\r]\n/);
  });

  test('GIVEN a change to the folded value itself THEN it is printed anew with the new value', () => {
    const configObject = {
      apiVersion: 'fn.secure-monitors.dev/v1alpha1',
      kind: 'SecureMonitors',
      metadata: { name: 'patch' },
      spec: { tls: { serverName: 'm.ns.svc' }, endpointPatches: [{ op: 'replace', path: '/relabelings/0/regex', value: 'qux' }] },
    };
    const { output } = processText(monitor('  '), { configObject });
    expect(output).not.toContain('(foo|bar)');
    expect(parse(output).spec.endpoints[0].relabelings[0]).toEqual({ regex: 'qux', action: 'keep' });
    expect(output).toContain('This monitor scrapes the metrics endpoint of the\n');
  });
});
