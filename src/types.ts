import type { Document, Node, YAMLMap } from 'yaml';
import type { Location } from './errors.js';

/** Plain JSON-shaped value as it comes out of YAML. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A Kubernetes object as the core sees it: plain data, no YAML nodes. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [key: string]: Json | undefined;
}

export type ObjectMeta = JsonObject;

export type Severity = 'error' | 'warning' | 'info';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** A KRM function result (config.kubernetes.io/v1 ResourceList `results[]`). */
export interface Result {
  message: string;
  severity: Severity;
  resourceRef?: ResourceRef;
  field?: { path: string; currentValue?: Json; proposedValue?: Json };
  file?: { path: string; index?: number };
  tags: { code: string };
}

/** A path into an object: keys and array indices, as fast-json-patch and yaml's setIn take them. */
export type Path = ReadonlyArray<string | number>;

/** A scalar as YAML prints it (`80`, `true`, `web`); undefined for maps, lists, null and undefined. */
export function scalarText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return undefined;
  }
}

/** A value as a message shows it: a scalar as itself, a map or list as compact JSON, cut at 60 characters. */
export function displayText(value: unknown): string {
  const scalar = scalarText(value);
  if (scalar !== undefined) return scalar;
  if (value === undefined || value === null) return '';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `object[key] = value` as a data property, whatever the key: an assignment to `__proto__` sets the
 * prototype instead (an endpoint with its own `__proto__` key lost it and grew phantom fields).
 */
export function setOwn<T>(object: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Which fields of an item are read: a map reads only the named fields (each `true`: the whole value,
 * or a projection again), and a list applies the projection to each of its entries; anything else is
 * read whole. Read this way, the item's plain data has the same shape along the named paths as when
 * read in full (a map stays a map, a list a list).
 */
export interface Projection {
  readonly [field: string]: Projection | true;
}

/**
 * An item the reader has just read in full, as a family's checkShape sees it: its plain data and
 * its YAML node (tags, aliases and places are in the node, not in the data).
 */
export interface ReadItem {
  readonly doc: Document.Parsed;
  readonly node: YAMLMap;
  readonly object: KubeObject;
  /**
   * Where a node of this item is, for an InputError: the file (and document) the item's
   * kpt/kustomize annotations name when it has them (that is the file the user edits), else the
   * input's file, document, line and column.
   */
  readonly locate: (node: Node) => Location;
}
