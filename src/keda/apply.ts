import { setField, removeField } from '../change.js';
import type { ChangeContext } from '../change.js';
import { ownAt } from '../draft.js';
import type { Json, JsonObject, KubeObject, Path } from '../types.js';
import { displayText, isObject } from '../types.js';
import type { KedaConfig } from './config.js';
import { modeList } from './config.js';
import type { PrometheusTrigger } from './triggers.js';

/**
 * What apply does to one selected scaler: on every prometheus trigger, `authenticationRef`
 * and `metadata.authModes` from `spec.keda`, merged: other triggers and fields stay, an existing
 * different value follows policy.onConflict. Returns a draft, or the object itself when no trigger
 * needs a change (most scalers of a package apply has run over already); the input object is
 * never changed.
 */
export function applyKeda(obj: KubeObject, triggers: readonly PrometheusTrigger[], keda: KedaConfig, change: ChangeContext): KubeObject {
  let draft: KubeObject | undefined;
  const own = new Set<object>();
  for (const trigger of triggers) {
    const target = new TriggerDraft(trigger, () => {
      if (draft === undefined) own.add((draft = { ...obj }));
      return ownAt(draft, trigger.path, own);
    });
    if (keda.authenticationRef !== undefined) setAuthenticationRef(target, trigger.path, keda.authenticationRef, change);
    if (keda.authModes !== undefined) setAuthModes(target, trigger.path, keda.authModes, change);
    else if (keda.podIdentity !== undefined && keda.podIdentity.provider !== 'none') dropAuthModes(target, trigger.path, keda.podIdentity.provider, change);
  }
  return draft ?? obj;
}

/**
 * One trigger as apply edits it: read from the input until a field is written or a change is
 * reported, then copied into the draft once (ownAt) and read and written there. A trigger that
 * already has what the config asks for is never copied.
 */
class TriggerDraft {
  private owned: JsonObject | undefined;
  constructor(
    private readonly trigger: PrometheusTrigger,
    private readonly own: () => JsonObject,
  ) {}

  /** The trigger as it stands: the input's, or the draft's copy once there is one. */
  get current(): JsonObject {
    return this.owned ?? this.trigger.value;
  }

  /** The draft's copy of the trigger, made on first use. */
  write(): JsonObject {
    return (this.owned ??= this.own());
  }
}

function setAuthenticationRef(trigger: TriggerDraft, path: Path, ref: NonNullable<KedaConfig['authenticationRef']>, change: ChangeContext): void {
  const cluster = ref.kind === 'ClusterTriggerAuthentication';
  const current = trigger.current.authenticationRef;
  // KEDA reads an absent kind as TriggerAuthentication: `{name: x}` and `{name: x, kind: TriggerAuthentication}` are the same reference.
  if (
    isObject(current) &&
    current.name === ref.name &&
    (current.kind ?? 'TriggerAuthentication') === (cluster ? 'ClusterTriggerAuthentication' : 'TriggerAuthentication')
  )
    return;
  const desired: JsonObject = cluster ? { name: ref.name, kind: 'ClusterTriggerAuthentication' } : { name: ref.name };
  setField(
    change,
    trigger.write(),
    'authenticationRef',
    desired,
    [...path, 'authenticationRef'],
    'keda-auth',
    `the ${cluster ? 'ClusterTriggerAuthentication' : 'TriggerAuthentication'} that gives the query its credentials`,
  );
}

function setAuthModes(trigger: TriggerDraft, path: Path, authModes: string, change: ChangeContext): void {
  let metadata = trigger.current.metadata;
  // Metadata that is not a map cannot be merged into: keda-schema reports it.
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) return;
  // KEDA reads authModes, or its alias authMode: the field the trigger already uses is the one to change.
  const key = isObject(metadata) && metadata.authModes === undefined && metadata.authMode !== undefined ? 'authMode' : 'authModes';
  const current: Json | undefined = isObject(metadata) ? metadata[key] : undefined;
  if (typeof current === 'string' && modeList(current).join(',') === modeList(authModes).join(',')) return;
  const target = trigger.write();
  metadata = target.metadata;
  if (metadata === undefined || metadata === null) metadata = target.metadata = {};
  setField(
    change,
    metadata as JsonObject,
    key,
    authModes,
    [...path, 'metadata', key],
    'keda-auth',
    "KEDA sends the TriggerAuthentication's credentials only for the modes listed here",
  );
}

/** A pod identity and authModes cannot be combined ("pod identity cannot be enabled with other auth types"). */
function dropAuthModes(trigger: TriggerDraft, path: Path, provider: string, change: ChangeContext): void {
  for (const key of ['authModes', 'authMode']) {
    const read = trigger.current.metadata;
    if (!isObject(read)) return;
    const current = read[key];
    if (current === undefined) continue;
    const metadata = trigger.write().metadata as JsonObject;
    const fieldPath = [...path, 'metadata', key];
    const why = `KEDA rejects authModes together with the ${provider} pod identity ("pod identity cannot be enabled with other auth types")`;
    if (change.onConflict === 'override') removeField(change, metadata, key, fieldPath, 'keda-auth', why);
    else if (change.onConflict === 'keep')
      change.report.info(
        'conflict',
        `kept ${key}: ${displayText(current)} (the config asks for pod identity ${provider}; policy.onConflict is keep): ${why}`,
        fieldPath,
        { currentValue: current },
      );
    else
      change.report.error(
        'conflict',
        `${key} is ${displayText(current)} but the config asks for pod identity ${provider}: ${why}; remove it, or set policy.onConflict to override or keep`,
        fieldPath,
        { currentValue: current },
      );
  }
}
