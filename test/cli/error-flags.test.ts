// error-flags.test.ts holds the mapping from the library's domain errors to
// what the command line says: each names the flag that asked, with exit 2
// and no stack; an error it does not know passes unchanged.
import { describe, expect, it } from 'vitest';
import { BaselineNeedsOnePackage, ExplainedFileMissing } from '../../src/core/core-errors.js';
import { withFlags } from '../../src/cli/error-flags.js';
import { reportError } from '../../src/cli/main.js';
import { InputError, KnownError, UsageError } from '../../src/errors.js';
import { CollectTimeout, DurationNotApplicable, ProfileMismatchError, SampleIndexError, TagFilterError } from '../../src/profile/profile-error.js';
import { fakeIO } from '../support/cli-io.js';

/** said is what `heapsight NAME` prints on stderr for e, and its exit code. */
function said(e: unknown): [number, string] {
  const io = fakeIO();
  const code = reportError(withFlags(e), io, 'x');
  return [code, io.err()];
}

describe('domain errors on the command line', () => {
  it('names the flag each came from; the layer below named none', () => {
    const cases: [KnownError, string][] = [
      [new DurationNotApplicable('goroutine'), 'heapsight x: --seconds does not apply to goroutine profiles\n'],
      [new CollectTimeout('http://h/debug/pprof/allocs', 31000), 'heapsight x: http://h/debug/pprof/allocs: no complete response within 31000 ms\nhint: raise --timeout (it is added to --seconds), or check that the program is not stuck\n'],
      [new ExplainedFileMissing({ file: 'a.go', line: 3 }), 'heapsight x: --explain a.go:3: no such file, and the compiler said nothing about it\nhint: name a .go file of the packages checked, relative to the current directory or absolute\n'],
      [new BaselineNeedsOnePackage(['p/a', 'p/b']), 'heapsight x: --baseline compares benchmarks of one package; name a single package\n'],
      [new SampleIndexError('7', ['samples', 'cpu']), 'heapsight x: sample index 7 is outside the range [0..1]\nsample types: samples, cpu\n'],
      [new TagFilterError('bytes=(', 'Invalid regular expression'), 'heapsight x: bad tag filter "bytes=(": Invalid regular expression\n'],
    ];
    for (const [e, text] of cases) {
      expect(e.message, e.name).not.toMatch(/--[a-z]/);
      expect(said(e)).toEqual([2, text]);
    }
  });

  it('the usage-like ones print their hint as usage, the rest with "hint:"', () => {
    expect(withFlags(new SampleIndexError('x', ['a']))).toBeInstanceOf(UsageError);
    expect(withFlags(new DurationNotApplicable('goroutine'))).toBeInstanceOf(UsageError);
    expect(withFlags(new ExplainedFileMissing({ file: 'a.go', line: 1 }))).toBeInstanceOf(InputError);
  });

  it('passes other errors through unchanged', () => {
    const e = new ProfileMismatchError('cannot compare');
    expect(withFlags(e)).toBe(e);
    const bug = new TypeError('x is undefined');
    expect(withFlags(bug)).toBe(bug);
  });
});
