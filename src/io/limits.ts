import { Lexer, Parser } from 'yaml';
import type { CST } from 'yaml';

// Alias expansion beyond this is a "billion laughs" input, not a manifest.
export const MAX_ALIAS_COUNT = 1000;

// Nesting beyond this is an attack or a broken generator, not a manifest (the deepest Prometheus
// Operator CRD needs 23 parser levels). The yaml parser's memory grows ~300 bytes per level of
// `[[[[…` and its composer recurses per level, so the limit is enforced while parsing.
export const MAX_DEPTH = 256;

/**
 * Stops the CST parser as soon as nesting exceeds MAX_DEPTH, before it allocates the rest.
 *
 * It is Parser.parse with a look at each lexeme (`see`) and at the depth after it. Overriding
 * `parse` rather than `next` keeps one generator per lexeme (Parser.next's own): wrapping `next`
 * added one per lexeme per subclass, ~3 % of a run (a 10k-item input has ~2M lexemes). Parser.parse
 * also calls `onNewLine(0)`, which these parsers are never given.
 */
export class DepthLimitedParser extends Parser {
  /** Alias tokens seen (`*name`; a scalar never starts with `*`): only then can expansion explode. */
  aliases = 0;
  limit = MAX_DEPTH;
  private readonly lexemes = new Lexer();

  override *parse(source: string, incomplete = false): Generator<CST.Token, void> {
    for (const lexeme of this.lexemes.lex(source, incomplete)) {
      this.see(lexeme);
      yield* super.next(lexeme);
      if (this.stack.length > this.limit) throw new NestingError(this.stack[this.stack.length - 1]?.offset ?? this.offset);
    }
    if (!incomplete) yield* this.end();
  }

  /** Each lexeme, before the parser takes it. */
  protected see(lexeme: string): void {
    if (lexeme.startsWith('*')) this.aliases++;
  }
}

/** What DepthLimitedParser throws: the input is nested deeper than `limit` at `offset`. */
export class NestingError extends Error {
  constructor(readonly offset: number) {
    super(`nested more than ${MAX_DEPTH} levels deep`);
  }
}

/** Iterative, so that measuring a deep value cannot itself overflow the stack. */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}
