/**
 * Bad-input matrix (docs/guarantees.md). One row per way an input can go wrong, run against the real CLI in a
 * child process with a 256 MB heap and a 10 s budget. A row that fails must exit with the code of
 * README "Results and exit codes" (1 unusable input, 3 invalid config; never 2), say on stderr what is wrong and where
 * (file, document index, line and column), and write NOTHING to stdout. A row that works says what
 * its output must look like.
 *
 * Inputs are read from `in.yaml` with `-i in.yaml` (so messages name the file) unless the row says
 * `stdin`; long inputs are built by the functions below the table.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { assertBuilt, runCli } from './run-cli.js';

type Input = string | Buffer | (() => string | Buffer);
type Output = 'empty' | 'same as input' | 'json' | 'compact json' | 'yaml' | 'crlf' | 'bom' | 'ResourceList with errors';

interface Row {
  name: string;
  input: Input;
  /** CLI arguments besides `-i in.yaml`. A `cfg.yaml` argument refers to the row's `config`. */
  args?: string[];
  config?: string;
  via?: 'file' | 'stdin';
  exit: 0 | 1 | 3;
  /** A fragment stderr must contain; '' = stderr must be empty. */
  stderr: string;
  stdout: Output;
  /** Text that must appear nowhere in stdout or stderr (a credential in the config). */
  secret?: string;
  /** The exact stdout, when the row's output is known in full. */
  text?: () => string;
}

// prettier-ignore
// A stream run always ends with the summary line, also when it found nothing.
const NOTHING_TO_REPORT = 'secure-monitors: 0 errors, 0 warnings, 0 changes, 0 notes\n';

const MATRIX: Row[] = [
  // name                                          input                       exit  stderr must contain                                                                          stdout
  {
    name: 'empty input on stdin',
    input: '',
    via: 'stdin',
    exit: 1,
    stderr: 'secure-monitors: input is empty: expected a ResourceList or Kubernetes objects',
    stdout: 'empty',
  },
  { name: 'empty file', input: '', exit: 1, stderr: 'in.yaml: input is empty', stdout: 'empty' },
  { name: 'only whitespace and comments', input: '  \n# nothing\n\n  # here\n', exit: 1, stderr: 'in.yaml: input is empty', stdout: 'empty' },
  { name: 'only document separators', input: '---\n# c\n---\n...\n', exit: 1, stderr: 'in.yaml: input is empty', stdout: 'empty' },
  {
    name: 'empty documents between objects (works)',
    input: '---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n---\n# Source: chart/x.yaml\n---\n',
    exit: 0,
    stderr: NOTHING_TO_REPORT,
    stdout: 'same as input',
  },
  {
    name: 'invalid YAML (unclosed flow list)',
    input: brokenYaml,
    exit: 1,
    stderr: 'in.yaml: document 1, line 7, column 1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    stdout: 'empty',
  },
  {
    name: 'broken YAML in a Secret: value not echoed',
    input: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: |x hunter2-XYZZY\n',
    exit: 1,
    stderr: 'in.yaml: document 0, line 5, column 14: invalid YAML: Block scalar header includes extra characters',
    stdout: 'empty',
    secret: 'hunter2-XYZZY',
  },
  {
    name: 'bad escape in a Secret value: value not echoed',
    input: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: "hunter2\\Uhunter2XYZ"\n',
    exit: 1,
    stderr:
      'in.yaml: document 0, line 5, column 21: invalid YAML: Invalid escape sequence: a backslash in a double-quoted string starts an escape YAML does not define',
    stdout: 'empty',
    secret: 'Uhunter2',
  },
  {
    name: 'a Secret value aliased into a monitor: refused, value not echoed',
    input: () =>
      resourceList(
        '- apiVersion: v1\n  kind: Secret\n  metadata: {name: s, namespace: ns}\n  stringData: {token: &t hunter2-XYZZY, again: *t}\n' +
          monitorItem().replace('- port: https', '- port: https\n      authorization: {credentials: *t}'),
      ),
    args: ['-d', 'basic-auth-secret=b'],
    exit: 1,
    stderr: 'in.yaml: document 0, line 15, column 36: the YAML alias *t takes a value out of Secret ns/s',
    stdout: 'empty',
    secret: 'hunter2-XYZZY',
  },
  {
    name: 'invalid YAML (tab indentation)',
    input: 'apiVersion: v1\nkind: Service\nmetadata:\n\tname: web\n',
    exit: 1,
    stderr: 'in.yaml: document 0, line 4, column 1: invalid YAML: Tabs are not allowed as indentation',
    stdout: 'empty',
  },
  { name: 'binary garbage (a PNG)', input: png, exit: 1, stderr: 'in.yaml: line 1, column 1: input is not UTF-8 text (binary data?)', stdout: 'empty' },
  {
    name: 'a NUL byte inside UTF-8 text',
    input: 'apiVersion: v1\nkind: ConfigMap\ndata: {a: "x\u0000y"}\n',
    exit: 1,
    stderr: 'in.yaml: line 3, column 13: input is not YAML text (binary data?): control character U+0000 is not allowed',
    stdout: 'empty',
  },
  { name: 'Latin-1 byte in a comment (not UTF-8)', input: latin1, exit: 1, stderr: 'in.yaml: line 1, column 6: input is not UTF-8 text', stdout: 'empty' },
  {
    name: 'a lone CR (kubectl reads a line break)',
    input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  #\rname: x\n',
    exit: 1,
    stderr: 'in.yaml: line 4, column 4: a carriage return (\\r) without a line feed',
    stdout: 'empty',
  },
  { name: 'UTF-16 text', input: utf16, exit: 1, stderr: 'in.yaml: input is UTF-16 text: convert it to UTF-8', stdout: 'empty' },
  {
    name: 'billion laughs (alias bomb)',
    input: billionLaughs,
    exit: 1,
    stderr: 'in.yaml: document 0, line 1, column 1: cannot read document: Excessive alias count indicates a resource exhaustion attack',
    stdout: 'empty',
  },
  {
    name: 'alias bomb in a kind never read',
    input: () => billionLaughs().replace('kind: ConfigMap', 'kind: Deployment').replace('apiVersion: v1', 'apiVersion: apps/v1'),
    exit: 1,
    stderr: 'cannot read document: Excessive alias count',
    stdout: 'empty',
  },
  {
    name: 'deeply nested flow ([ x 100000)',
    input: deepFlow,
    exit: 1,
    stderr: 'in.yaml: document 0, line 4, column 261: the document is nested more than 256 levels deep',
    stdout: 'empty',
  },
  {
    name: 'deeply nested blocks (700 levels)',
    input: deepBlocks,
    exit: 1,
    stderr: 'in.yaml: document 0, line 259, column 257: the document is nested more than 256 levels deep',
    stdout: 'empty',
  },
  {
    name: 'deep nesting through aliases',
    input: deepAliases,
    exit: 1,
    stderr: 'in.yaml: document 0, line 1, column 1: the document is nested more than 256 levels deep (through YAML aliases)',
    stdout: 'empty',
  },
  {
    name: 'duplicate keys',
    input: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\n',
    exit: 1,
    stderr: 'in.yaml: document 0, line 5, column 3: invalid YAML: Map keys must be unique',
    stdout: 'empty',
  },
  {
    name: 'ResourceList without items',
    input: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nfunctionConfig: {apiVersion: v1, kind: ConfigMap}\n',
    exit: 1,
    stderr: 'in.yaml: document 0, line 1, column 1: ResourceList has no items list',
    stdout: 'empty',
  },
  {
    name: 'ResourceList with items: null',
    input: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n',
    exit: 1,
    stderr: 'ResourceList has no items list',
    stdout: 'empty',
  },
  {
    name: 'ResourceList items not a list',
    input: 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: {a: b}\n',
    exit: 1,
    stderr: 'in.yaml: document 0, line 3, column 8: ResourceList items must be a list',
    stdout: 'empty',
  },
  {
    name: 'ResourceList with a non-object item',
    input: resourceList('- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- just a string\n'),
    exit: 1,
    stderr: 'in.yaml: document 0, line 7, column 3: items[1] is not an object',
    stdout: 'empty',
  },
  {
    name: 'item without kind',
    input: resourceList('- apiVersion: v1\n  metadata: {name: a}\n'),
    exit: 1,
    stderr: 'in.yaml: document 0, line 4, column 3: items[0] has no kind',
    stdout: 'empty',
  },
  {
    name: 'item without apiVersion',
    input: resourceList('- kind: Service\n  metadata: {name: a}\n'),
    exit: 1,
    stderr: 'in.yaml: document 0, line 4, column 3: items[0] has no apiVersion',
    stdout: 'empty',
  },
  {
    name: 'stream document without kind',
    input: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nmetadata: {name: b}\n',
    exit: 1,
    stderr: 'in.yaml: document 1, line 5, column 1: document 1 has no kind',
    stdout: 'empty',
  },
  {
    name: 'stream document that is a list',
    input: 'apiVersion: v1\nkind: Service\n---\n- a\n- b\n',
    exit: 1,
    stderr: 'in.yaml: document 1, line 4, column 1: document is not an object',
    stdout: 'empty',
  },
  {
    name: 'monitor: spec.endpoints not a list',
    input: monitor('  endpoints: {port: https}\n'),
    exit: 1,
    stderr: 'in.yaml: document 0, line 6, column 14: ServiceMonitor ns/m: spec.endpoints must be a list',
    stdout: 'empty',
  },
  {
    name: 'monitor: an endpoint not a map',
    input: monitor('  endpoints:\n  - port: https\n  - https\n'),
    exit: 1,
    stderr: 'in.yaml: document 0, line 8, column 5: ServiceMonitor ns/m: spec.endpoints[1] must be a map',
    stdout: 'empty',
  },
  {
    name: 'monitor: spec not a map',
    input: 'apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: p, namespace: ns}\nspec: [a]\n',
    exit: 1,
    stderr: 'in.yaml: document 0, line 4, column 7: PodMonitor ns/p: spec must be a map',
    stdout: 'empty',
  },
  {
    name: 'monitor with kpt annotations: where = its file',
    input: resourceList(annotatedMonitor()),
    exit: 1,
    stderr: 'secure-monitors: monitoring/sm.yaml: document 2: ServiceMonitor ns/m: spec.endpoints must be a list',
    stdout: 'empty',
  },
  {
    name: 'changed monitor shares an anchor with another item',
    input: sharedAnchor,
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 1,
    stderr: 'in.yaml: document 0, line 4, column 3: ServiceMonitor ns/m needs changes, but its YAML anchor &ep is also used by another item',
    stdout: 'empty',
  },
  {
    name: 'YAML 1.1 !!set on tlsConfig',
    input: monitor('  endpoints:\n  - port: https\n    tlsConfig: !!set {a, b}\n'),
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 1,
    stderr: 'in.yaml: document 0, line 8, column 22: ServiceMonitor ns/m: spec.endpoints[0].tlsConfig is tagged !!set, a YAML 1.1 type that is not JSON',
    stdout: 'empty',
  },
  {
    name: 'YAML 1.1 !!binary on tlsConfig',
    input: monitor('  endpoints:\n  - port: https\n    tlsConfig: !!binary aGVsbG8=\n'),
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 1,
    stderr: 'ServiceMonitor ns/m: spec.endpoints[0].tlsConfig is tagged !!binary',
    stdout: 'empty',
  },
  {
    name: 'YAML 1.1 !!omap on ca',
    input: monitor('  endpoints:\n  - port: https\n    tlsConfig:\n      ca: !!omap [{secret: {name: c, key: ca.crt}}]\n'),
    args: ['-d', 'ca-secret=other'],
    exit: 1,
    stderr: 'ServiceMonitor ns/m: spec.endpoints[0].tlsConfig.ca is tagged !!omap',
    stdout: 'empty',
  },
  {
    name: 'YAML 1.1 !!omap on basicAuth',
    input: monitor('  endpoints:\n  - port: https\n    basicAuth: !!omap [{username: {name: s, key: u}}]\n'),
    args: ['-d', 'bearer-token-secret=t'],
    exit: 1,
    stderr: 'ServiceMonitor ns/m: spec.endpoints[0].basicAuth is tagged !!omap',
    stdout: 'empty',
  },
  {
    name: 'YAML 1.1 !!set brought in by an alias',
    input: () =>
      resourceList(
        '- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {x: &s !!set {a, b}}\n' +
          monitorItem().replace('- port: https', '- port: https\n      tlsConfig: *s'),
      ),
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 1,
    stderr: 'ServiceMonitor ns/m: spec.endpoints[0].tlsConfig is tagged !!set',
    stdout: 'empty',
  },
  {
    name: 'JSON tags !!str, !!map in a monitor (works)',
    input: monitor('  endpoints:\n  - port: !!str https\n    tlsConfig: !!map {insecureSkipVerify: true}\n'),
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 0,
    stderr: 'secure-monitors: 0 errors',
    stdout: 'yaml',
  },
  {
    name: 'prototype names as Certificate keystores / output formats (F21, was exit 2)',
    input:
      'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c, namespace: ns}\nspec:\n  secretName: certs\n  dnsNames: [m.ns.svc]\n  keystores: {constructor: {create: true}}\n  additionalOutputFormats: [{type: toString}]\n---\n' +
      monitor('  endpoints:\n  - port: https\n    scheme: https\n    tlsConfig: {serverName: m.ns.svc, ca: {secret: {name: certs, key: constructor}}}\n'),
    exit: 1,
    stderr: 'Secret certs (written by Certificate c) has no key "constructor" (it has "ca.crt", "tls.crt" and "tls.key")',
    stdout: 'empty',
  },
  {
    name: 'aliases inside a changed monitor (works)',
    input: monitor('  endpoints:\n  - &ep {port: https}\n  - *ep\n'),
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 0,
    stderr: 'secure-monitors: 0 errors',
    stdout: 'yaml',
  },
  {
    name: 'kind: List with error results',
    input: listWithError,
    args: ['-d', 'server-name=auto'],
    exit: 1,
    stderr: '[error] monitoring.coreos.com/v1/ServiceMonitor/ns/m spec.endpoints[0].tlsConfig.serverName',
    stdout: 'empty',
  },
  {
    name: 'flow ResourceList, trailing comma (works)',
    input: '{apiVersion: config.kubernetes.io/v1, kind: ResourceList, items: [{apiVersion: v1, kind: Service, metadata: {name: s}}],}\n',
    args: ['-d', 'tls-secret=x'],
    exit: 0,
    stderr: '',
    stdout: 'same as input',
  },
  {
    name: 'ResourceList with error results: full list on stdout',
    input: () => resourceList(monitorItem().replace('- port: https', '- port: https\n      tlsConfig: {ca: {secret: {name: x, ~: stray}}}')),
    args: ['-d', 'server-name=auto', '-d', 'ca-secret=other'],
    exit: 1,
    stderr: '',
    stdout: 'ResourceList with errors',
  },
  {
    name: 'missing input file',
    input: '',
    args: ['-i', 'nope.yaml'],
    via: 'stdin',
    exit: 1,
    stderr: 'secure-monitors: nope.yaml: cannot read input: ENOENT',
    stdout: 'empty',
  },
  {
    name: '10 MB single scalar document',
    input: () => 'x'.repeat(10 * 1024 * 1024) + '\n',
    exit: 1,
    stderr: 'in.yaml: document 0, line 1, column 1: document is not an object (expected a map with apiVersion and kind)',
    stdout: 'empty',
  },
  { name: '10 MB scalar inside a ConfigMap (works)', input: bigConfigMap, exit: 0, stderr: NOTHING_TO_REPORT, stdout: 'same as input' },
  {
    name: 'JSON ResourceList (works, JSON out)',
    input: jsonResourceList,
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 0,
    stderr: '',
    stdout: 'json',
    text: jsonResourceListOut,
  },
  {
    name: 'compact JSON, 300 monitors (works, stays compact)',
    input: () => compactJson(300),
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 0,
    stderr: '',
    stdout: 'compact json',
  },
  {
    name: 'flow YAML ResourceList on one line (works, stays on one line)',
    input: () => compactJson(300).replace(/"/g, '').replace(/[:,]/g, '$& '),
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 0,
    stderr: '',
    stdout: 'compact json',
  },
  {
    name: 'JSON ResourceList with earlier results (works)',
    input: () => jsonResourceList().replace(/}$/, ',"results":[{"message":"earlier","severity":"info"}]}'),
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 0,
    stderr: '',
    stdout: 'json',
  },
  {
    name: 'ResourceList with results: [] (works)',
    input: () => resourceList(monitorItem()) + 'results: []\n',
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 0,
    stderr: '',
    stdout: 'yaml',
  },
  {
    name: 'CRLF line endings (works, keeps CRLF)',
    input: () => resourceList(monitorItem()).replace('    - port', '    # a comment of\n    # two lines\n    - port').replace(/\n/g, '\r\n'),
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 0,
    stderr: '',
    stdout: 'crlf',
  },
  {
    name: 'UTF-8 BOM (works, keeps the BOM)',
    input: () => '\uFEFF' + monitor('  endpoints:\n  - port: https\n'),
    args: ['-d', 'server-name=m.ns.svc'],
    exit: 0,
    stderr: 'secure-monitors: 0 errors',
    stdout: 'bom',
  },
  {
    name: 'config typo in --set',
    input: monitorStream,
    args: ['-d', 'server-nme=auto'],
    exit: 3,
    stderr: '--set server-nme: unknown key (did you mean "server-name"?)',
    stdout: 'empty',
  },
  {
    name: 'config typo in a typed config file',
    input: monitorStream,
    args: ['-f', 'cfg.yaml'],
    config: typed('tls:\n    serverNme: auto\n'),
    exit: 3,
    stderr: 'spec.tls.serverNme: unknown key "serverNme" (did you mean "serverName"?)',
    stdout: 'empty',
  },
  {
    name: 'config typo in the ResourceList functionConfig',
    input: () => resourceList(monitorItem()) + 'functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data: {tls-secert: certs}\n',
    exit: 3,
    stderr: 'data.tls-secert: unknown key (did you mean "tls-secret"?)',
    stdout: 'empty',
  },
  {
    name: 'config file with an unresolved alias',
    input: monitorStream,
    args: ['-f', 'cfg.yaml'],
    config: 'apiVersion: *nowhere\nkind: SecureMonitors\n',
    exit: 3,
    stderr: 'cfg.yaml: cannot read: Unresolved alias',
    stdout: 'empty',
  },
  {
    name: 'config with two auth methods',
    input: monitorStream,
    args: ['-f', 'cfg.yaml'],
    config: typed(
      'auth:\n    basicAuth: {username: {name: s, key: u}, password: {name: s, key: p}}\n    authorization: {credentials: {name: t, key: token}}\n',
    ),
    exit: 3,
    stderr: 'spec.auth: only one auth method is allowed, but "basicAuth" and "authorization" are set',
    stdout: 'empty',
  },
  {
    name: 'two auth methods through --set',
    input: monitorStream,
    args: ['-d', 'basic-auth-secret=a', '-d', 'bearer-token-secret=b'],
    exit: 3,
    stderr: 'only one auth method is allowed',
    stdout: 'empty',
  },
  {
    name: 'inline credentials in a typed config',
    input: monitorStream,
    args: ['-f', 'cfg.yaml'],
    config: typed('auth:\n    basicAuth: {username: admin, password: hunter2-XYZZY}\n'),
    exit: 3,
    stderr: 'spec.auth.basicAuth.password: inline credentials are not accepted',
    stdout: 'empty',
    secret: 'hunter2-XYZZY',
  },
  {
    name: 'inline bearer token in a typed config',
    input: monitorStream,
    args: ['-f', 'cfg.yaml'],
    config: typed('auth:\n    authorization: {credentials: s3cr3t-T0KEN}\n'),
    exit: 3,
    stderr: 'spec.auth.authorization.credentials: inline credentials are not accepted',
    stdout: 'empty',
    secret: 's3cr3t-T0KEN',
  },
  {
    name: 'inline credentials through --set',
    input: monitorStream,
    args: ['-d', 'password=hunter2-XYZZY'],
    exit: 3,
    stderr: '--set password: inline credentials are not accepted',
    stdout: 'empty',
    secret: 'hunter2-XYZZY',
  },
  {
    name: 'inline token in the functionConfig',
    input: () => resourceList(monitorItem()) + 'functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  data: {token: s3cr3t-T0KEN}\n',
    exit: 3,
    stderr: 'data.token: inline credentials are not accepted',
    stdout: 'empty',
    secret: 's3cr3t-T0KEN',
  },
];

// ---------------------------------------------------------------------------------------------
// Inputs too long for the table.

function resourceList(items: string): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}`;
}

function monitor(endpoints: string): string {
  return `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: ns}\nspec:\n  selector: {matchLabels: {app: m}}\n${endpoints}`;
}

function monitorStream(): string {
  return monitor('  endpoints:\n  - port: https\n');
}

function monitorItem(): string {
  return '- apiVersion: monitoring.coreos.com/v1\n  kind: ServiceMonitor\n  metadata: {name: m, namespace: ns}\n  spec:\n    selector: {matchLabels: {app: m}}\n    endpoints:\n    - port: https\n';
}

function annotatedMonitor(): string {
  return '- apiVersion: monitoring.coreos.com/v1\n  kind: ServiceMonitor\n  metadata:\n    name: m\n    namespace: ns\n    annotations:\n      config.kubernetes.io/path: monitoring/sm.yaml\n      config.kubernetes.io/index: "2"\n  spec:\n    endpoints: https\n';
}

function listWithError(): string {
  return 'apiVersion: v1\nkind: List\nitems:\n' + monitorItem();
}

function typed(spec: string): string {
  return `apiVersion: fn.secure-monitors.dev/v1alpha1\nkind: SecureMonitors\nmetadata: {name: c}\nspec:\n  ${spec}`;
}

function brokenYaml(): string {
  return 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: [Service\n';
}

function png(): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from('IHDR'), Buffer.alloc(64, 0xa5)]);
}

function latin1(): Buffer {
  return Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(' au lait\napiVersion: v1\nkind: ConfigMap\n')]);
}

function utf16(): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('apiVersion: v1\nkind: ConfigMap\n', 'utf16le')]);
}

/** 9 levels of 9 aliases: 387 million strings if expanded. */
function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  const names = 'abcdefghi';
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1] as string;
    lines.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill('*' + prev)
        .join(',')}]`,
    );
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\nlol:\n  ${lines.join('\n  ')}\n`;
}

function deepFlow(): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
}

/** Used to crash with exit 2 (stack overflow after parsing); now refused while parsing. */
function deepBlocks(): string {
  let text = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m, namespace: ns}\nspec:\n';
  for (let i = 0; i < 700; i++) text += `${' '.repeat(2 + i)}k${i}:\n`;
  return text + `${' '.repeat(702)}x: 1\n`;
}

/** Two 200-level lists, the second holding the first through an alias: a 400-level object. */
function deepAliases(): string {
  const deep = (inner: string): string => '['.repeat(200) + inner + ']'.repeat(200);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\na: &a ${deep('x')}\nb: ${deep('*a')}\n`;
}

function sharedAnchor(): string {
  return resourceList(
    '- apiVersion: monitoring.coreos.com/v1\n  kind: ServiceMonitor\n  metadata: {name: m, namespace: ns}\n  spec:\n    selector: {}\n    endpoints:\n    - &ep {port: https}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data:\n    copy: *ep\n',
  );
}

function bigConfigMap(): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: ${'A'.repeat(10 * 1024 * 1024)}\n`;
}

function jsonResourceList(): string {
  return JSON.stringify({
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items: [
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: 'm', namespace: 'ns' },
        spec: { selector: {}, endpoints: [{ port: 'https' }] },
      },
    ],
  });
}

/** The changed item stays on its line, written compactly; the results follow, as JSON. */
function jsonResourceListOut(): string {
  const item = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'm', namespace: 'ns' },
    spec: { selector: {}, endpoints: [{ port: 'https', tlsConfig: { serverName: 'm.ns.svc' }, scheme: 'https' }] },
  };
  const ref = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', name: 'm', namespace: 'ns' };
  const results = [
    {
      message: 'set serverName to m.ns.svc',
      severity: 'info',
      resourceRef: ref,
      field: { path: 'spec.endpoints[0].tlsConfig.serverName', proposedValue: 'm.ns.svc' },
      tags: { code: 'server-name' },
    },
    {
      message: 'set scheme to https: Prometheus ignores tlsConfig unless the scheme is https',
      severity: 'info',
      resourceRef: ref,
      field: { path: 'spec.endpoints[0].scheme', proposedValue: 'https' },
      tags: { code: 'scheme' },
    },
  ];
  const entries = results.map((r) => JSON.stringify(r, null, 2).split('\n').join('\n    '));
  return `{"apiVersion":"config.kubernetes.io/v1","kind":"ResourceList","items":[${JSON.stringify(item)}],\n  "results": [\n    ${entries.join(',\n    ')}\n  ]\n}`;
}

/**
 * `jq -c` output: every item on one line. A changed item used to be re-indented by its offset in
 * that line, so the output grew with items × offset (100 monitors in 16 KB gave 15.6 MB).
 */
function compactJson(count: number): string {
  const items = Array.from({ length: count }, (_, i) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: `m${i}`, namespace: 'ns' },
    spec: { selector: {}, endpoints: [{ port: 'https' }] },
  }));
  return JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items }) + '\n';
}

// ---------------------------------------------------------------------------------------------

function build(input: Input): Buffer {
  const value = typeof input === 'function' ? input() : input;
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function expectOutput(kind: Output, stdout: Buffer, input: Buffer): void {
  const text = stdout.toString('utf8');
  switch (kind) {
    case 'empty':
      expect(text).toBe('');
      return;
    case 'same as input':
      expect(stdout.equals(input)).toBe(true);
      return;
    case 'json': {
      const parsed = JSON.parse(text) as { items: unknown[]; results: unknown[] };
      expect(parsed.items).toHaveLength(1);
      expect(parsed.results.length).toBeGreaterThan(0);
      return;
    }
    case 'compact json': {
      // The items stay on the first line; each changed item grows by what was added to it only.
      const itemsLine = text.split('\n')[0] as string;
      expect(itemsLine.length).toBeLessThan(input.length * 2);
      const items = parseAllDocuments(itemsLine.replace(/,$/, '}'))[0]?.toJS() as { items: Array<{ spec: { endpoints: Array<{ tlsConfig: unknown }> } }> };
      expect(items.items.every((i) => JSON.stringify(i.spec.endpoints[0]?.tlsConfig) === '{"serverName":"m.ns.svc"}')).toBe(true);
      return;
    }
    case 'ResourceList with errors': {
      // kpt shows the results: the whole list comes back, with every item and the error results.
      const list = parseAllDocuments(text)[0]?.toJS() as { kind: string; items: unknown[]; results: Array<{ severity: string }> };
      expect(list.kind).toBe('ResourceList');
      expect(list.items).toHaveLength(1);
      expect(list.results.some((r) => r.severity === 'error')).toBe(true);
      return;
    }
    case 'yaml':
    case 'crlf':
    case 'bom': {
      const docs = parseAllDocuments(text);
      expect(docs.flatMap((d) => d.errors.map((e) => e.message))).toEqual([]);
      expect(text).toContain('serverName: m.ns.svc');
      if (kind === 'crlf') expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      if (kind === 'bom') expect(text.startsWith('\uFEFFapiVersion:')).toBe(true);
      return;
    }
  }
}

describe('bad-input matrix (spawned CLI, 256 MB heap, 10 s)', () => {
  beforeAll(assertBuilt);
  const dir = mkdtempSync(join(tmpdir(), 'sm-bad-input-'));

  test.each(MATRIX)('$name → exit $exit', (row) => {
    const input = build(row.input);
    const viaFile = (row.via ?? 'file') === 'file';
    if (viaFile) writeFileSync(join(dir, 'in.yaml'), input);
    if (row.config !== undefined) writeFileSync(join(dir, 'cfg.yaml'), row.config);
    const run = runCli({
      args: [...(viaFile ? ['-i', 'in.yaml'] : []), ...(row.args ?? [])],
      ...(viaFile ? {} : { stdin: input }),
      cwd: dir,
      nodeFlags: ['--max-old-space-size=256'],
      timeoutMs: 15_000,
    });
    expect({ code: run.code, signal: run.signal }).toEqual({ code: row.exit, signal: null });
    if (row.stderr === '' || row.stderr === NOTHING_TO_REPORT) expect(run.stderr).toBe(row.stderr);
    else expect(run.stderr).toContain(row.stderr);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at \S+ \(|Maximum call stack/);
    expectOutput(row.stdout, run.stdout, input);
    if (row.text !== undefined) expect(run.stdout.toString('utf8')).toBe(row.text());
    if (row.secret !== undefined) {
      expect(run.stderr).not.toContain(row.secret);
      expect(run.stdout.toString('utf8')).not.toContain(row.secret);
    }
    expect(run.seconds).toBeLessThan(10);
  });
});
