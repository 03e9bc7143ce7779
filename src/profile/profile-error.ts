// profile-error.ts holds the ways a file can fail to be a usable profile.
// "Not a profile" (wrong format) and "corrupt profile" (right format, broken
// bytes) are different errors on purpose: STYLE.md principle 3. A request
// the profile cannot answer (a sample index, a tag filter) is its own error
// too; cli/ says which flag asked it.
import { InputError, KnownError } from '../errors.js';

/** NotAProfileError: the file is not profile.proto at all (text, legacy format, empty). */
export class NotAProfileError extends InputError {
  constructor(
    readonly file: string,
    readonly reason: string,
    hint?: string,
  ) {
    super(`${file}: not a profile: ${reason}`, hint);
  }
}

/** CorruptProfileError: the file looks like a profile but its bytes are broken; `offset` is into the decompressed bytes when known. */
export class CorruptProfileError extends InputError {
  constructor(
    readonly file: string,
    readonly offset: number | null,
    readonly reason: string,
  ) {
    super(`${file}: corrupt profile${offset === null ? '' : ` at byte ${offset}`}: ${reason}`);
  }
}

/** ProfileTooLargeError: decompressing would exceed the size limit (a gzip bomb, or a profile bigger than allowed). */
export class ProfileTooLargeError extends InputError {
  constructor(
    readonly file: string,
    readonly limitBytes: number,
  ) {
    super(
      `${file}: decompressing profile: more than ${limitBytes} bytes after gunzip (size limit); refusing a possible gzip bomb`,
      'if the profile is genuinely this large, raise the limit with HEAPSIGHT_MAX_PROFILE_BYTES',
    );
  }
}

/** ProfileCapExceededError: the profile wants more entries than a cap allows (DEFAULT_PROFILE_CAPS): checked before the memory is taken. */
export class ProfileCapExceededError extends InputError {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly cap: string,
    readonly limit: number,
    reason: string,
  ) {
    super(`${file}: profile too large at byte ${offset}: ${reason}`, 'real profiles stay far below these caps; the file is corrupt or made to exhaust memory');
  }
}

/** ProfileMismatchError: profiles of different kinds (sample types) cannot be merged or compared. */
export class ProfileMismatchError extends InputError {}

/** SampleIndexError: the sample index asked for names no sample type of the profile (nor an index in range). */
export class SampleIndexError extends KnownError {
  constructor(
    readonly requested: string,
    readonly sampleTypes: readonly string[],
  ) {
    super(
      /^\d+$/.test(requested)
        ? `sample index ${requested} is outside the range [0..${sampleTypes.length - 1}]`
        : `sample index ${JSON.stringify(requested)} must be one of: ${sampleTypes.join(', ')} (or a number)`,
      /^\d+$/.test(requested) ? `sample types: ${sampleTypes.join(', ')}` : undefined,
    );
  }
}

/** TagFilterError: a tag filter (pprof's -tagfocus / -tagignore syntax) that does not parse. */
export class TagFilterError extends KnownError {
  constructor(
    readonly spec: string,
    readonly reason: string,
  ) {
    super(`bad tag filter ${JSON.stringify(spec)}: ${reason}`);
  }
}

/** CollectError is an expected collection failure; its message names the URL. */
export class CollectError extends KnownError {}

/** DurationNotApplicable: a delta or sampling duration was asked of a profile kind that has none (goroutine). */
export class DurationNotApplicable extends CollectError {
  constructor(readonly kind: string) {
    super(`a duration does not apply to ${kind} profiles`);
  }
}

/** CollectTimeout: no complete response within the deadline (the duration asked for plus the allowance). */
export class CollectTimeout extends CollectError {
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`${url}: no complete response within ${timeoutMs} ms`, 'allow more time beyond the duration, or check that the program is not stuck');
  }
}
