import { Document } from 'yaml';
import type { Result } from '../types.js';
import { printResultsYaml, RESULTS_YAML } from './results-yaml.js';

/** `--results FILE`: the results list as YAML, the shape of a ResourceList's `results`. */
export function stringifyResults(results: readonly Result[]): string {
  if (results.length === 0) return new Document([]).toString(RESULTS_YAML);
  return printResultsYaml(results) + '\n';
}
