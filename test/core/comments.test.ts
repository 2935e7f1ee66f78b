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
