// gc-cycle.ts parses GODEBUG=gctrace=1 lines into GcCycle records.
//
// The line is printed by gcMarkTermination in src/runtime/mgc.go. Since Go 1.18
// (and so for every release heapsight supports, 1.19 onwards) it reads:
//
//   gc N @S.SSSs P%: a+b+c ms clock, a'+as/mk/id+c' ms cpu, h0->h1->h2 MB, G MB goal, S MB stacks, GL MB globals, N P [(forced)]
//
// Go 1.26 may insert " (checking for goroutine leaks)" after "P%". Releases
// before 1.18 lacked the stacks and globals fields; they are accepted too so a
// pasted old log is not all warnings. Durations come from fmtNSAsMS: two
// significant digits below 10 ms, whole milliseconds above, "0" below 1 µs.
// MB values are bytes>>20, i.e. rounded down.

/** GcClockPhases are the wall-clock phases of one cycle, in nanoseconds. Phases 1 and 3 stop the world. */
export interface GcClockPhases {
  readonly sweepTerminationNs: number;
  readonly concurrentMarkNs: number;
  readonly markTerminationNs: number;
}

/** GcCpuTimes are the CPU times of one cycle, in nanoseconds, summed over Ps. */
export interface GcCpuTimes {
  readonly sweepTerminationNs: number;
  readonly assistNs: number;
  readonly backgroundNs: number;
  readonly idleNs: number;
  readonly markTerminationNs: number;
}

/** GcCycle is one parsed gctrace line. Heap figures are MiB rounded down, as the runtime prints them. */
export interface GcCycle {
  /** 1-based line number in the text it came from. */
  readonly line: number;
  /** The runtime's cycle number (memstats.numgc). */
  readonly seq: number;
  /** Seconds since program start when the cycle began. */
  readonly atSeconds: number;
  /** GC's share of CPU since program start, an integer percent (memstats.gc_cpu_fraction). */
  readonly cpuPercent: number;
  readonly clock: GcClockPhases;
  readonly cpu: GcCpuTimes;
  /** Heap at cycle start (h0), at mark termination (h1), and marked live (h2). */
  readonly heapStartMB: number;
  readonly heapEndMB: number;
  readonly heapLiveMB: number;
  readonly heapGoalMB: number;
  /** null on Go < 1.18, which did not print them. */
  readonly stacksMB: number | null;
  readonly globalsMB: number | null;
  readonly procs: number;
  /** True when runtime.GC() asked for the cycle (testing does so before every run of a benchmark). */
  readonly forced: boolean;
  readonly checkingGoroutineLeaks: boolean;
}

/** stwPauseNs is a cycle's stop-the-world time: sweep termination plus mark termination (clock phases 1 and 3). */
export function stwPauseNs(c: GcCycle): number {
  return c.clock.sweepTerminationNs + c.clock.markTerminationNs;
}

/** GctraceParse is the result of parsing a stream that may mix gctrace lines with other output. */
export interface GctraceParse {
  readonly records: readonly GcCycle[];
  /** `origin:line: message` for lines that start like a gctrace line but do not parse. */
  readonly warnings: readonly string[];
  /** Lines that are not gctrace at all (program output, panics): neither records nor warnings. */
  readonly otherLines: number;
  /** Periodic GCs announced by "GC forced" (runtime.forcegchelper, every 2 minutes of idle heap). */
  readonly periodicAnnouncements: number;
  /**
   * True when the text ends in an unterminated gctrace line: the process
   * exited while a background GC was still printing it (seen with
   * -test.memprofile on go1.26.8). It is not a malformed line, so no warning.
   */
  readonly truncatedLast: boolean;
}

const num = String.raw`(\d+(?:\.\d+)?)`;
const int = String.raw`(\d+)`;
const linePattern = new RegExp(
  String.raw`^gc ${int} @${num}s ${int}%(?: \(checking for goroutine leaks\))?: ` +
    String.raw`${num}\+${num}\+${num} ms clock, ` +
    String.raw`${num}\+${num}/${num}/${num}\+${num} ms cpu, ` +
    String.raw`${int}->${int}->${int} MB, ${int} MB goal, ` +
    String.raw`(?:${int} MB stacks, ${int} MB globals, )?` +
    String.raw`${int} P( \(forced\))?$`,
);
// A gctrace line starts "gc <n> @"; anything else is somebody else's output.
const looksLikeGctrace = /^gc \d+ @/;

const ms = (s: string): number => Math.round(Number(s) * 1e6);

/** parseGcCycleLine parses one line; null when it is not a well-formed gctrace line. */
export function parseGcCycleLine(text: string, line = 1): GcCycle | null {
  const m = linePattern.exec(text);
  if (!m) return null;
  const g = (i: number): string => m[i] ?? '';
  return {
    line,
    seq: Number(g(1)),
    atSeconds: Number(g(2)),
    cpuPercent: Number(g(3)),
    clock: { sweepTerminationNs: ms(g(4)), concurrentMarkNs: ms(g(5)), markTerminationNs: ms(g(6)) },
    cpu: {
      sweepTerminationNs: ms(g(7)),
      assistNs: ms(g(8)),
      backgroundNs: ms(g(9)),
      idleNs: ms(g(10)),
      markTerminationNs: ms(g(11)),
    },
    heapStartMB: Number(g(12)),
    heapEndMB: Number(g(13)),
    heapLiveMB: Number(g(14)),
    heapGoalMB: Number(g(15)),
    stacksMB: m[16] === undefined ? null : Number(m[16]),
    globalsMB: m[17] === undefined ? null : Number(m[17]),
    procs: Number(g(18)),
    forced: m[19] !== undefined,
    checkingGoroutineLeaks: text.includes('(checking for goroutine leaks)'),
  };
}

/**
 * parseGctrace reads every gctrace line from text (typically a test binary's
 * stderr). Other lines are counted, not warned about: stderr also carries the
 * program's own output and crash reports.
 */
export function parseGctrace(text: string, origin: string): GctraceParse {
  const records: GcCycle[] = [];
  const warnings: string[] = [];
  let otherLines = 0;
  let periodicAnnouncements = 0;
  const lines = text.split('\n');
  const unterminated = lines.length > 0 && lines[lines.length - 1] !== '';
  if (!unterminated) lines.pop();
  let truncatedLast = false;
  lines.forEach((raw, i) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const lineNo = i + 1;
    if (looksLikeGctrace.test(text)) {
      const c = parseGcCycleLine(text, lineNo);
      if (c) records.push(c);
      else if (unterminated && i === lines.length - 1) truncatedLast = true;
      else warnings.push(`${origin}:${lineNo}: malformed gctrace line: ${JSON.stringify(text.slice(0, 200))}`);
    } else if (text === 'GC forced') {
      periodicAnnouncements++;
    } else {
      otherLines++;
    }
  });
  return { records, warnings, otherLines, periodicAnnouncements, truncatedLast };
}
