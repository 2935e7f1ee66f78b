import { LineCounter } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import type { KubeObject } from '../types.js';

export type Shape = 'resourceList' | 'list' | 'stream';

export interface InputItem {
  /** The item's node in its document: what gets edited when the item changes. */
  node: YAMLMap;
  doc: Document.Parsed;
  /** The item as plain data (head-only for kinds the core never reads beyond metadata). */
  object: KubeObject;
  /** Whether `object` is complete, i.e. the core may change it. */
  full: boolean;
  /** Stream items: drops the tree `node`/`doc` were re-parsed into (the writer calls it when done with the item). */
  release?: () => void;
}

/** What readInput gives: the items, and what the writer needs to write the input back. */
export interface ParsedInput {
  source: string;
  format: 'yaml' | 'json';
  shape: Shape;
  /** Every document of a ResourceList / List input; empty for a stream, whose items each re-read their own document when written. */
  docs: Document.Parsed[];
  items: InputItem[];
  /** The ResourceList map (resourceList / list shapes). */
  container?: YAMLMap;
  functionConfig?: unknown;
  lineCounter: SourceLines;
  filename?: string;
  /**
   * Whether any item may hold a YAML alias (`*name`) or merge key (`<<`): only then must a changed
   * item's aliases be expanded before it is edited (a visit of its tree costs ~0.25 ms an item).
   */
  aliasesOrMergeKeys: boolean;
}

/**
 * Line starts of the whole source, counted the first time a position is asked for (an error or a
 * refused alias): every run paid 16 MB at 50k items for a table only a failing run reads. Each
 * line break starts a line, as the yaml parser's own LineCounter counts them.
 */
export class SourceLines {
  private counter: LineCounter | undefined;
  constructor(private readonly source: string) {}
  linePos(offset: number): { line: number; col: number } {
    if (this.counter === undefined) {
      const counter = new LineCounter();
      counter.addNewLine(0);
      for (let newline = this.source.indexOf('\n'); newline >= 0; newline = this.source.indexOf('\n', newline + 1)) counter.addNewLine(newline + 1);
      this.counter = counter;
    }
    return this.counter.linePos(offset);
  }
}
