// bench-flags.ts holds the `go test` benchmark flags that `bench` and
// `check` share, read and validated once so both commands accept the same
// spellings and give the same errors.
import { DEFAULT_TIMEOUT_MS, isBenchtime } from '../bench/runner.js';
import { parseGoDuration } from '../go-duration.js';
import { UsageError } from '../errors.js';
import { intFlag } from './command.js';

/** benchRunFlagSpec is the parseArgs spec of the shared flags. */
export const benchRunFlagSpec = {
  bench: { type: 'string' },
  count: { type: 'string' },
  benchtime: { type: 'string' },
  cpu: { type: 'string' },
  timeout: { type: 'string' },
  tags: { type: 'string' },
  race: { type: 'boolean' },
  memprofilerate: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

/** BenchRunFlags are the validated values. */
export interface BenchRunFlags {
  readonly bench: string;
  readonly count: number;
  readonly benchtime: string;
  readonly cpu: string | null;
  readonly timeoutMs: number;
  readonly tags: readonly string[];
  readonly race: boolean;
  readonly memProfileRate: number | null;
  readonly quiet: boolean;
}

type Raw = { [K in keyof typeof benchRunFlagSpec]?: (typeof benchRunFlagSpec)[K]['type'] extends 'boolean' ? boolean : string };

/** readBenchRunFlags validates the shared flags; defaults differ per command (check runs shorter). */
export function readBenchRunFlags(values: Raw, defaults: { readonly benchtime: string; readonly memProfileRate: number | null }): BenchRunFlags {
  // benchstat needs at least 6 samples for a 95% confidence interval, so that is the default.
  const count = intFlag('count', values.count, 6);
  const benchtime = values.benchtime ?? defaults.benchtime;
  if (!isBenchtime(benchtime)) throw new UsageError(`--benchtime takes a Go duration or Nx, as go test does (got ${JSON.stringify(benchtime)})`);
  const timeoutMs = values.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseGoDuration(values.timeout);
  if (timeoutMs === null || timeoutMs <= 0) throw new UsageError(`--timeout takes a positive Go duration such as 30s or 10m (got ${JSON.stringify(values.timeout)})`);
  if (values.cpu !== undefined && !/^\s*[1-9]\d*(\s*,\s*[1-9]\d*)*\s*$/.test(values.cpu)) {
    throw new UsageError(`--cpu takes a comma-separated list of positive integers (got ${JSON.stringify(values.cpu)})`);
  }
  return {
    bench: values.bench ?? '.',
    count,
    benchtime,
    cpu: values.cpu ?? null,
    timeoutMs,
    tags: values.tags ? values.tags.split(',').map((t) => t.trim()).filter((t) => t !== '') : [],
    race: values.race ?? false,
    memProfileRate: values.memprofilerate === undefined ? defaults.memProfileRate : intFlag('memprofilerate', values.memprofilerate, 0, 1),
    quiet: values.quiet ?? false,
  };
}
