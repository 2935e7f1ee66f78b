import { formatPath } from './path.js';
import { Reporter } from './results.js';
import type { FindingInput } from './results.js';
import type { KubeObject, Result } from './types.js';

/** Findings on the object apply would write, for check mode: errors and warnings not already reported on the object as it is. */
export class ProposedReporter extends Reporter {
  private readonly seen: Set<string>;
  constructor(obj: KubeObject, already: readonly Result[]) {
    super(obj);
    this.seen = new Set(already.map((r) => findingKey(r.tags.code, r.field?.path, r.message)));
  }
  override add(finding: FindingInput): void {
    if (finding.severity === 'info') return;
    const key = findingKey(finding.code, finding.path === undefined ? undefined : formatPath(finding.path), finding.message);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    super.add({ ...finding, message: `as apply would write it with this config: ${finding.message}` });
  }
}

function findingKey(code: string, path: string | undefined, message: string): string {
  return `${code}\u0000${path ?? ''}\u0000${message}`;
}
