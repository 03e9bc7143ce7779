// core-errors.ts holds the expected errors of the pipelines in core/, apart
// from the pipelines themselves so a front end can map them to its own
// words (flags, fields) without loading a pipeline.
import { InputError, KnownError } from '../errors.js';

/** ExplainQuery is one source line to explain: FILE as the user named it (relative to cwd or absolute), 1-based LINE. */
export interface ExplainQuery {
  readonly file: string;
  readonly line: number;
}

/** ExplainedFileMissing: the line to explain is in a file that does not exist and the compiler said nothing about. */
export class ExplainedFileMissing extends InputError {
  constructor(readonly query: ExplainQuery) {
    super(`${query.file}:${query.line}: no such file, and the compiler said nothing about it`, 'name a .go file of the packages checked, relative to the current directory or absolute');
  }
}

/** BaselineNeedsOnePackage: a variant table compares benchmarks of one package, and several had results. */
export class BaselineNeedsOnePackage extends KnownError {
  constructor(readonly packages: readonly string[]) {
    super(`a baseline compares benchmarks of one package; ${packages.length} packages have results (${packages.join(', ')})`, 'name a single package');
  }
}
