/** Levenshtein distance; small inputs only (field names, config keys). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

export interface SuggestOptions {
  /** Edits allowed for a name of up to 3 letters. Default 1, so `xy` does not become `ca`. */
  shortNameEdits?: number;
  /**
   * When no name is near: a name of 5 or more letters that ends exactly one known name suggests it
   * (`endpoints` on a PodMonitor is its `podMetricsEndpoints`, `credentials` → `bearerCredentials`). Default on.
   */
  endings?: boolean;
}

/**
 * The known name a typo most likely meant: the same letters in another case (`servername`), or a
 * few edits away (≤ 2, or ≤ a third of the name's length; see `shortNameEdits`). The first of the
 * nearest wins.
 */
export function closestName(name: string, known: readonly string[], options: SuggestOptions = {}): string | undefined {
  const lower = name.toLowerCase();
  const limit = lower.length <= 3 ? (options.shortNameEdits ?? 1) : Math.max(2, Math.floor(lower.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  if (best !== undefined || lower.length < 5 || options.endings === false) return best?.name;
  const endingLikeIt = known.filter((candidate) => candidate.toLowerCase().endsWith(lower));
  return endingLikeIt.length === 1 ? endingLikeIt[0] : undefined;
}
