import { loadConfig } from './config/load.js';
import { readInput } from './io/read.js';
import type { Shape } from './io/read.js';
import { writeOutputParts } from './io/write.js';
import { hasErrors } from './results.js';
import { transform } from './transform.js';
import type { Result } from './types.js';

export interface ProcessOptions {
  /** Shown in error locations (`-i FILE`). */
  filename?: string;
  /** `-f FILE`, parsed: replaces the ResourceList's functionConfig. */
  configObject?: unknown;
  /** `-d key=value` pairs. */
  set?: Record<string, string>;
  mode?: string;
}

export interface ProcessOutput {
  /**
   * What goes to stdout; empty when a stream or `kind: List` run found errors (so `| kubectl apply`
   * applies nothing). Only a ResourceList carries results, so only it is written with errors.
   */
  readonly output: string;
  /** `output` in pieces (source slices and printed items): written one by one, a large output is never copied whole. */
  outputParts: readonly string[];
  results: Result[];
  shape: Shape;
  exitCode: 0 | 1;
}

/**
 * Text in, text out: parse, load the config, transform, write in the input's shape.
 * Throws InputError (exit 1) or ConfigError (exit 3); does no I/O of its own.
 */
export function processText(text: string, options: ProcessOptions = {}): ProcessOutput {
  const input = readInput(text, options.filename);
  const config = loadConfig({
    functionConfig: input.functionConfig,
    file: options.configObject,
    ...(options.set ? { set: options.set } : {}),
    ...(options.mode !== undefined ? { mode: options.mode } : {}),
  });
  const { items, results } = transform(
    input.items.map((i) => i.object),
    config,
  );
  const failed = hasErrors(results);
  const outputParts = input.shape !== 'resourceList' && failed ? [] : writeOutputParts(input, items, results);
  let joined: string | undefined;
  return {
    get output(): string {
      return (joined ??= outputParts.join(''));
    },
    outputParts,
    results,
    shape: input.shape,
    exitCode: failed ? 1 : 0,
  };
}
