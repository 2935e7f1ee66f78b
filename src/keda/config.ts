/** `spec.keda` of the function config: what apply sets on KEDA's prometheus triggers. */
export type KedaConfig = {
  /** Written to each selected trigger's `authenticationRef` (kind TriggerAuthentication when not given). */
  authenticationRef?: { name: string; kind?: 'TriggerAuthentication' | 'ClusterTriggerAuthentication' };
  /** Written to each selected trigger's `metadata.authModes`, as KEDA spells it: `bearer`, `basic,tls`. */
  authModes?: string;
  /** The pod identity of the generated TriggerAuthentication. */
  podIdentity?: { provider: 'azure-workload' | 'gcp' | 'aws' | 'none'; identityId?: string; roleArn?: string };
  /** Add the referenced TriggerAuthentication where the input lacks it. @default false */
  generate?: boolean;
  /** With generate: the Secret the generated TriggerAuthentication's secretTargetRef reads. */
  secret?: { name: string; keys?: Record<string, string> };
};

const MODES = ['apiKey', 'basic', 'tls', 'bearer', 'custom', 'oauth'];
const EXCLUSIVE = ['bearer', 'basic', 'oauth'];

/** authModes as a list (KEDA splits on commas and trims). */
export function modeList(authModes: string): string[] {
  return authModes
    .split(',')
    .map((mode) => mode.trim())
    .filter((mode) => mode !== '');
}

/** Whether `spec.keda` asks apply for any change. */
export function kedaHasChanges(keda: KedaConfig | undefined): boolean {
  return keda !== undefined && (keda.authenticationRef !== undefined || keda.authModes !== undefined || keda.podIdentity !== undefined);
}

/** What the schema cannot say about `spec.keda`: each problem names its key (a config error, exit 3). */
export function kedaConfigProblems(keda: KedaConfig | undefined): string[] {
  if (keda === undefined) return [];
  const problems: string[] = [];
  const modes = keda.authModes === undefined ? [] : modeList(keda.authModes);
  const unknown = modes.filter((mode) => !MODES.includes(mode));
  if (keda.authModes !== undefined && (modes.length === 0 || unknown.length > 0)) {
    problems.push(
      `spec.keda.authModes: ${unknown.map((m) => `"${m}"`).join(', ') || 'nothing'} is not a KEDA auth mode; use a comma list of ${MODES.join(', ')}`,
    );
  }
  const exclusive = modes.filter((mode) => EXCLUSIVE.includes(mode));
  if (exclusive.length > 1) problems.push(`spec.keda.authModes: KEDA accepts only one of ${EXCLUSIVE.join(', ')}, but ${exclusive.join(' and ')} are set`);
  const provider = keda.podIdentity?.provider;
  if (modes.length > 0 && provider !== undefined && provider !== 'none') {
    problems.push(
      `spec.keda.podIdentity: KEDA rejects authModes together with a pod identity ("pod identity cannot be enabled with other auth types"); use one or the other`,
    );
  }
  if (keda.generate === true) {
    if (keda.authenticationRef === undefined) problems.push('spec.keda.generate: needs keda.authenticationRef, the name of the TriggerAuthentication to add');
    else if (keda.authenticationRef.kind === 'ClusterTriggerAuthentication') {
      problems.push(
        "spec.keda.generate: adds a TriggerAuthentication in each scaler's namespace; a ClusterTriggerAuthentication reads its Secrets from KEDA's namespace, so write that one yourself (or use kind TriggerAuthentication)",
      );
    }
    if (modes.length > 0 && keda.secret === undefined)
      problems.push('spec.keda.generate: with authModes, needs keda.secret, the Secret the generated TriggerAuthentication takes the credentials from');
    if (modes.length === 0 && (provider === undefined || provider === 'none'))
      problems.push('spec.keda.generate: needs keda.authModes (with keda.secret) or keda.podIdentity, what the generated TriggerAuthentication provides');
    const unsupported = modes.filter((mode) => !['bearer', 'basic', 'tls'].includes(mode));
    if (unsupported.length > 0)
      problems.push(
        `spec.keda.generate: generates parameters for authModes bearer, basic and tls; for ${unsupported.join(', ')} write the TriggerAuthentication yourself`,
      );
  } else if (keda.secret !== undefined) {
    problems.push('spec.keda.secret: only used with keda.generate: true (the existing TriggerAuthentication names its own Secrets)');
  }
  return problems;
}

/** ConfigMap-form keys of `spec.keda`, converted into the typed form. */
export const KEDA_SHORTHAND_KEYS = ['keda-auth', 'keda-auth-kind', 'keda-auth-modes', 'keda-pod-identity', 'keda-secret', 'keda-generate'] as const;

/** One shorthand key into `keda` (created on first use); a problem is returned as its message. */
export function kedaShorthand(key: string, value: string, keda: KedaConfig): string | undefined {
  switch (key) {
    case 'keda-auth':
      keda.authenticationRef = { ...keda.authenticationRef, name: value };
      return undefined;
    case 'keda-auth-kind':
      if (value !== 'TriggerAuthentication' && value !== 'ClusterTriggerAuthentication')
        return `expected TriggerAuthentication or ClusterTriggerAuthentication, got "${value}"`;
      keda.authenticationRef = { name: keda.authenticationRef?.name ?? '', kind: value };
      return undefined;
    case 'keda-auth-modes':
      keda.authModes = value;
      return undefined;
    case 'keda-pod-identity':
      keda.podIdentity = { provider: value as 'aws' };
      return undefined;
    case 'keda-secret':
      keda.secret = { name: value };
      return undefined;
    case 'keda-generate':
      if (!/^(true|false)$/i.test(value)) return `expected true or false, got "${value}"`;
      keda.generate = /^true$/i.test(value);
      return undefined;
  }
  return undefined;
}
