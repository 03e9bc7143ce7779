// crash.ts reads why a benchmark process ended badly from its own output:
// runtime panics and fatal errors (with the goroutine stack), b.Fatal/b.Error
// failures, data races reported by -race, and deadlines heapsight enforced.
// Pure: the texts in, a BenchFailure (or null for a clean run) out.

/** FailureKind is every way a benchmark process can fail. */
export type FailureKind = 'panic' | 'fatal' | 'fail' | 'timeout' | 'race';

/** FailureKindInfo documents one FailureKind for reports. */
export interface FailureKindInfo {
  readonly title: string;
  readonly explanation: string;
  readonly fix: string;
}

/** FAILURE_KINDS documents every FailureKind; a new kind does not compile until it is described here. */
export const FAILURE_KINDS: Readonly<Record<FailureKind, FailureKindInfo>> = {
  panic: {
    title: 'panic',
    explanation: 'the benchmark panicked and the process died; no result was printed for it',
    fix: 'read the stack: the top frame in your code is where the panic started',
  },
  fatal: {
    title: 'fatal error',
    explanation: 'the Go runtime stopped the process with a fatal error (e.g. concurrent map writes), which recover cannot catch',
    fix: 'guard shared maps with a sync.Mutex or use sync.Map; the stack shows the goroutine that tripped the check',
  },
  fail: {
    title: 'failed',
    explanation: 'the benchmark called b.Fatal, b.Error or b.FailNow, or the process exited non-zero without a crash report',
    fix: 'read the message the benchmark logged',
  },
  timeout: {
    title: 'timed out',
    explanation: 'the benchmark did not finish within --timeout and heapsight stopped it',
    fix: 'raise --timeout, shorten --benchtime, or look for a goroutine blocked forever in the stack',
  },
  race: {
    title: 'data race',
    explanation: 'the race detector (-race) saw unsynchronised access to the same memory from two goroutines',
    fix: 'protect the shared variable with a mutex, a channel or sync/atomic',
  },
};

/** BenchFailure is one benchmark run that produced no result, with the evidence of why. */
export interface BenchFailure {
  /** Benchmark name as `go test` prints it, e.g. "BenchmarkConcurrentWrites" or "BenchmarkSizes/n=64". */
  readonly name: string;
  readonly kind: FailureKind;
  /** The fatal or panic line, the b.Fatal message, or the race's first access. */
  readonly message: string;
  /** The first relevant goroutine's stack (or race report); "" when the output had none. */
  readonly stack: string;
  readonly exitCode: number | null;
  /** The 1-based round (--count) whose process failed, when the runner knows it. */
  readonly run?: number;
}

/** CrashInput is what classifyCrash needs from one finished process. */
export interface CrashInput {
  /** The benchmark the process was started for (top-level name). */
  readonly name: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly timeoutMs?: number;
}

const goroutineHeader = /^goroutine \d+(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[[^\]]*\]:$/;

/** goroutineBlocks splits a traceback into per-goroutine blocks (header line first). */
export function goroutineBlocks(text: string): string[] {
  const lines = text.split('\n');
  const blocks: string[] = [];
  let cur: string[] | null = null;
  for (const l of lines) {
    if (goroutineHeader.test(l)) {
      if (cur) blocks.push(cur.join('\n').trimEnd());
      cur = [l];
    } else if (cur) {
      if (l.trim() === '' || /^(?:rax|rip|r\d+|rflags|cs|fs|gs)\s/.test(l) || /^exit status/.test(l)) {
        blocks.push(cur.join('\n').trimEnd());
        cur = null;
      } else cur.push(l);
    }
  }
  if (cur) blocks.push(cur.join('\n').trimEnd());
  return blocks;
}

/** currentBenchmark is the name on stdout's unfinished last line: testing prints the name before a run and the figures after. */
export function currentBenchmark(stdout: string, fallback: string): string {
  // The name testing printed before it ran the benchmark, with no result after it (a captured stream may end in a newline).
  const last = stdout.trimEnd().split('\n').pop() ?? '';
  const m = /^(Benchmark\S*?)(?:-\d+)?\s*$/.exec(last);
  return m ? m[1]! : fallback;
}

function stackFor(stderr: string, from: number, prefer: string | null): string {
  const blocks = goroutineBlocks(stderr.slice(from));
  // goroutine 0 (the scheduler's g0) appears first in SIGQUIT dumps and says nothing about the benchmark.
  const useful = blocks.filter((b) => !/^goroutine 0 /.test(b));
  if (prefer) {
    const hit = useful.find((b) => b.includes(`.${prefer}(`) || b.includes(`.${prefer}.`));
    if (hit) return hit;
  }
  return useful[0] ?? '';
}

function formatDeadline(ms: number | undefined): string {
  if (ms === undefined) return 'its deadline';
  return ms >= 1000 ? `${+(ms / 1000).toFixed(3)}s` : `${ms}ms`;
}

/**
 * failedBenchmarks lists every "--- FAIL: Name" block of a benchmark
 * process's stdout (b.Fatal, b.Error), in order, with the lines indented
 * under it as the message. The process goes on to its next benchmark after
 * one, so a process that ran several can print several.
 */
export function failedBenchmarks(stdout: string): { readonly name: string; readonly message: string }[] {
  const out: { name: string; message: string }[] = [];
  for (const m of stdout.matchAll(/^--- FAIL: (\S+)(?:[ \t].*)?\n((?:(?: {4}|\t).*\n?)*)/gm)) {
    const message = m[2]!
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .join('\n');
    out.push({ name: m[1]!, message: message || 'benchmark failed' });
  }
  return out;
}

/** classifyCrash says how a benchmark process failed; null when it exited cleanly. */
export function classifyCrash(input: CrashInput): BenchFailure | null {
  const { stdout, stderr, exitCode } = input;
  const name = currentBenchmark(stdout, input.name);
  const topFunc = name.split('/')[0] ?? name;
  const base = { name, exitCode };
  if (input.timedOut) {
    return {
      ...base,
      kind: 'timeout',
      message: `did not finish within ${formatDeadline(input.timeoutMs)}`,
      stack: stackFor(stderr, 0, topFunc),
    };
  }
  const race = /^WARNING: DATA RACE$/m.exec(stderr);
  if (race) {
    const after = stderr.slice(race.index);
    const end = after.indexOf('\n==================');
    const report = (end >= 0 ? after.slice(0, end) : after).trimEnd();
    const access = report.split('\n')[1]?.trim() ?? '';
    return { ...base, kind: 'race', message: `data race: ${access.replace(/:$/, '')}`, stack: report };
  }
  const fatal = /^fatal error: (.*)$/m.exec(stderr);
  if (fatal) {
    return { ...base, kind: 'fatal', message: `fatal error: ${fatal[1]}`, stack: stackFor(stderr, fatal.index, topFunc) };
  }
  const panic = /^panic: (.*)$/m.exec(stderr);
  if (panic) {
    return { ...base, kind: 'panic', message: `panic: ${panic[1]}`, stack: stackFor(stderr, panic.index, topFunc) };
  }
  const failed = failedBenchmarks(stdout)[0];
  if (failed) return { ...base, name: failed.name, kind: 'fail', message: failed.message, stack: '' };
  if (input.signal !== null) {
    return { ...base, kind: 'fatal', message: `killed by ${input.signal}`, stack: stackFor(stderr, 0, topFunc) };
  }
  if (exitCode !== 0) {
    const tail = stderr
      .trimEnd()
      .split('\n')
      .filter((l) => !/^gc \d+ @/.test(l))
      .slice(-5)
      .join('\n');
    return { ...base, kind: 'fail', message: `exit status ${exitCode}${tail ? `: ${tail}` : ''}`, stack: '' };
  }
  return null;
}
