import type { Family, KindRef, SensitiveKind } from './family.js';
import type { Projection, ReadItem } from './types.js';
import { kedaFamily } from './keda/family.js';
import { monitorsFamily } from './monitors.js';
import type { KubeObject } from './types.js';

export type { Family, FamilyInput, FamilyRun, KindRef, SensitiveKind } from './family.js';
export type { Projection, ReadItem } from './types.js';

/** Every family, in the order their kinds are listed (defaults of `select.kinds`). Adding one: its folder and one line here. */
export const FAMILIES: readonly Family[] = [monitorsFamily, kedaFamily];

const byKind = new Map<string, Family>();
for (const family of FAMILIES) for (const kind of family.kinds) byKind.set(key(kind), family);

/** The family whose kinds include this item's, or undefined (the item only passes through). */
export function familyOf(obj: KubeObject): Family | undefined {
  return byKind.get(key(obj));
}

/** `apiVersion/kind` of every item the core reads in full; anything else is read as apiVersion/kind/metadata only. */
export const READ_IN_FULL: ReadonlySet<string> = new Set(FAMILIES.flatMap((family) => [...family.kinds.map(key), ...family.readsInFull]));

/** `apiVersion/kind` of the items the families' runs are given: the only items a run may change. */
export const FAMILY_KINDS: ReadonlySet<string> = new Set(FAMILIES.flatMap((family) => family.kinds.map(key)));

/** `apiVersion/kind` → the fields read of items read in part (see Family.readsInPart); none of them is in READ_IN_FULL. */
export const READ_IN_PART: ReadonlyMap<string, Projection> = new Map(
  FAMILIES.flatMap((family) => Object.entries(family.readsInPart ?? {})).filter(([kind]) => !READ_IN_FULL.has(kind)),
);

/** `apiVersion/kind` → the kinds whose values must not reach the core (see SensitiveKind): io/ redacts them as it reads. */
export const SENSITIVE_KINDS: ReadonlyMap<string, SensitiveKind> = new Map(FAMILIES.flatMap((family) => Object.entries(family.sensitive ?? {})));
if (SENSITIVE_KINDS.size !== FAMILIES.reduce((count, family) => count + Object.keys(family.sensitive ?? {}).length, 0)) {
  throw new Error('internal: a sensitive kind is declared by two families (one of the two redactions would be lost)');
}

/** `apiVersion/kind` → its family's checkShape: io/ calls it on each item of the kind it reads in full. */
export const SHAPE_CHECKS: ReadonlyMap<string, (item: ReadItem) => void> = new Map(
  FAMILIES.flatMap((family) => {
    const check = family.checkShape;
    return check === undefined ? [] : family.kinds.map((kind): [string, (item: ReadItem) => void] => [key(kind), check]);
  }),
);

/** The kind names `select.kinds` accepts, in order: also its default. */
export const SELECTABLE_KINDS: readonly string[] = FAMILIES.flatMap((family) => family.selectKinds);

function key(kind: KindRef): string {
  return `${kind.apiVersion}/${kind.kind}`;
}
