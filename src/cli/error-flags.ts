// error-flags.ts puts the flags back into the library's errors. The layers
// below cli/ throw domain errors that name what was asked (a sample index, a
// duration, a line to explain) and never a flag; here each becomes the
// message a user of the command line reads, naming the flag that asked.
import { BaselineNeedsOnePackage, ExplainedFileMissing } from '../core/core-errors.js';
import { InputError, KnownError, UsageError } from '../errors.js';
import { CollectTimeout, DurationNotApplicable, SampleIndexError, TagFilterError } from '../profile/profile-error.js';

/** withFlags returns the error as the command line says it; errors it does not know pass unchanged. */
export function withFlags(e: unknown): unknown {
  if (e instanceof SampleIndexError || e instanceof TagFilterError) return new UsageError(e.message, e.hint);
  if (e instanceof DurationNotApplicable) return new UsageError(`--seconds does not apply to ${e.kind} profiles`);
  if (e instanceof CollectTimeout) return new KnownError(e.message, 'raise --timeout (it is added to --seconds), or check that the program is not stuck');
  if (e instanceof ExplainedFileMissing) return new InputError(`--explain ${e.message}`, e.hint);
  if (e instanceof BaselineNeedsOnePackage) return new UsageError('--baseline compares benchmarks of one package; name a single package');
  return e;
}
