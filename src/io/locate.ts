import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';

/**
 * `spec.endpoints[0].tlsConfig["a.b"]` → `['spec', 'endpoints', 0, 'tlsConfig', 'a.b']`: the inverse
 * of formatPath (src/path.ts). Undefined when the text is not such a path.
 */
export function parseFieldPath(text: string): Array<string | number> | undefined {
  const segments: Array<string | number> = [];
  const token = /(?:^|\.)([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let at = 0;
  while (at < text.length) {
    token.lastIndex = at;
    const match = token.exec(text);
    if (match === null) return undefined;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3] as string) as string);
    at = token.lastIndex;
  }
  return segments;
}

/**
 * Source offset of a field inside an item's YAML node: the key of the deepest part of `path` that
 * exists (a field apply adds is found at its nearest existing parent), or the item's own start.
 */
export function offsetOfField(node: Node, path: ReadonlyArray<string | number>): number {
  let offset = node.range?.[0] ?? 0;
  let current: unknown = node;
  for (const segment of path) {
    if (isMap(current)) {
      const pair = current.items.find((p) => (isScalar(p.key) ? String(p.key.value) : p.key) === String(segment));
      if (pair === undefined) break;
      const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
      if (keyRange) offset = keyRange[0];
      current = pair.value;
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment] as Node | undefined;
      if (item === undefined) break;
      if (item.range) offset = item.range[0];
      current = item;
    } else break;
  }
  return offset;
}
