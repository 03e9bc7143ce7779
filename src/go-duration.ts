// go-duration.ts reads Go's time.Duration syntax, used by flags copied from
// go test (-benchtime, -timeout) and pprof (-seconds, -timeout).

const durationUnits: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** parseGoDuration reads a Go duration ("10m", "1.5s", "1h30m", "250us") as milliseconds; null when it is not one. */
export function parseGoDuration(text: string): number | null {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let end = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * durationUnits[m[2]!]!;
    end = re.lastIndex;
  }
  return end === text.length && end > 0 ? total : null;
}
