import { isAlias, isCollection, isMap, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { InputError } from '../errors.js';
import { formatPath } from '../path.js';
import type { KubeObject, ReadItem } from '../types.js';
import { displayText, isObject } from '../types.js';
import { monitorKindOf } from './index.js';

/**
 * A monitor the operator could never accept (spec not a map, endpoints not a list, an endpoint not a
 * map, a value that is not JSON) is unusable input: nothing can be merged into it. The monitors
 * family's checkShape: the reader calls it on each monitor as it is read, with the monitor's YAML
 * node, and the error is placed by `item.locate` (the item's kpt/kustomize file when it names one).
 */
export function checkMonitorShape(item: ReadItem): void {
  const { doc, node, object } = item;
  const kind = monitorKindOf(object);
  if (kind === undefined) return;
  const nameOf = (): string => {
    const meta = isObject(object.metadata) ? object.metadata : {};
    return `${kind.kind} ${typeof meta.namespace === 'string' ? meta.namespace + '/' : ''}${displayText(meta.name)}`;
  };
  const fail = (field: string, expected: string, at: unknown): never => {
    throw new InputError(`${nameOf()}: ${field} must be ${expected}`, item.locate(isCollection(at) || isScalar(at) || isAlias(at) ? at : node));
  };
  const resolve = (value: unknown): unknown => (isAlias(value) ? value.resolve(doc) : value);
  const isNull = (value: unknown): boolean => value === undefined || value === null || (isScalar(value) && value.value === null);
  checkJsonTypes(node, object, (field, tag, at) => {
    throw new InputError(
      `${nameOf()}: ${field} is tagged ${tag}, a YAML 1.1 type that is not JSON: Kubernetes reads manifests as JSON, so the API server, kubectl and this function would each read it differently; write it without the tag (a plain map, list, string or number)`,
      item.locate(at ?? node),
    );
  });
  const spec = resolve(node.get('spec', true));
  if (isNull(spec)) return;
  if (!isMap(spec)) return fail('spec', 'a map', spec);
  if (kind.endpointsField === undefined) return;
  const list = resolve(spec.get(kind.endpointsField, true));
  if (isNull(list)) return;
  if (!isSeq(list)) return fail(`spec.${kind.endpointsField}`, 'a list', list);
  list.items.forEach((endpoint, index) => {
    if (!isMap(resolve(endpoint))) fail(`spec.${kind.endpointsField}[${index}]`, 'a map', endpoint);
  });
}

/** Tags under `!!` that read as the JSON value Kubernetes sees: strings, maps, lists, and numbers / booleans / null that came out as such. */
const JSON_TAGS: Record<string, (value: unknown) => boolean> = {
  'tag:yaml.org,2002:str': (v) => typeof v === 'string',
  'tag:yaml.org,2002:map': () => true,
  'tag:yaml.org,2002:seq': () => true,
  'tag:yaml.org,2002:int': (v) => typeof v === 'number' && Number.isInteger(v),
  'tag:yaml.org,2002:float': (v) => typeof v === 'number',
  'tag:yaml.org,2002:bool': (v) => typeof v === 'boolean',
  'tag:yaml.org,2002:null': (v) => v === null,
};

/**
 * A monitor is data the function changes and writes back: every value in it must be JSON. The yaml
 * package reads YAML 1.1 types (`!!set`, `!!omap`, `!!pairs`, `!!binary`, `!!timestamp`) as a JS
 * Set, Map, byte array or Date, which the core would see as something else again (a byte array
 * became fields "0", "1", …) and which cannot be written back as the same YAML (`!!omap` came out
 * as text that does not parse). `fail` gets the field path, the tag and the node.
 */
function checkJsonTypes(node: YAMLMap, object: KubeObject, fail: (field: string, tag: string, at: Node | undefined) => never): void {
  // First the tags written in the monitor, located by their node. Paths are built only for a failure.
  const bad = firstNode(node, (current) => {
    const tag = current.tag;
    if (tag === undefined || !tag.startsWith('tag:yaml.org,2002:')) return false;
    const accepts = Object.hasOwn(JSON_TAGS, tag) ? JSON_TAGS[tag] : undefined;
    return accepts === undefined || !accepts(isScalar(current) ? current.value : undefined);
  });
  if (bad !== undefined) fail(formatPath(nodePath(node, bad)) || '(the object)', `!!${(bad.tag as string).slice('tag:yaml.org,2002:'.length)}`, bad);
  // Then the values themselves: an alias can bring a tagged node in from elsewhere.
  const values: unknown[] = [object];
  while (values.length > 0) {
    const value = values.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) values.push(item);
      continue;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) {
      for (const key of Object.keys(value)) values.push((value as Record<string, unknown>)[key]);
      continue;
    }
    const type = Object.prototype.toString.call(value);
    fail(formatPath(valuePath(object, value)) || '(the object)', NON_JSON_TAGS[type] ?? type, undefined);
  }
}

function firstNode(root: Node, test: (node: Node) => boolean): Node | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!isScalar(current) && !isCollection(current)) continue;
    if (test(current)) return current;
    if (isMap(current)) for (const pair of current.items) stack.push(pair.key, pair.value);
    else if (isSeq(current)) for (const item of current.items) stack.push(item);
  }
  return undefined;
}

function nodePath(root: Node, target: Node): Array<string | number> {
  const stack: Array<[unknown, Array<string | number>]> = [[root, []]];
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, Array<string | number>];
    if (current === target) return path;
    if (isMap(current)) {
      for (const pair of current.items) {
        const key: unknown = isScalar(pair.key) ? pair.key.value : pair.key;
        stack.push([pair.key, path], [pair.value, [...path, typeof key === 'number' ? String(key) : String(key)]]);
      }
    } else if (isSeq(current)) current.items.forEach((item, index) => stack.push([item, [...path, index]]));
  }
  return [];
}

function valuePath(root: unknown, target: unknown): Array<string | number> {
  const stack: Array<[unknown, Array<string | number>]> = [[root, []]];
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, Array<string | number>];
    if (current === target) return path;
    if (Array.isArray(current)) current.forEach((item, index) => stack.push([item, [...path, index]]));
    else if (current !== null && typeof current === 'object' && Object.getPrototypeOf(current) === Object.prototype) {
      for (const key of Object.keys(current)) stack.push([(current as Record<string, unknown>)[key], [...path, key]]);
    }
  }
  return [];
}

const NON_JSON_TAGS: Record<string, string> = {
  '[object Set]': '!!set',
  '[object Map]': '!!omap',
  '[object Uint8Array]': '!!binary',
  '[object Date]': '!!timestamp',
};
