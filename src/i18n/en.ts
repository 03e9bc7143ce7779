// en.ts is the English catalogue (see messages.ts).
import { formatBytes, formatCount, formatPercent, formatSignificant } from '../human-units.js';
import type { Interval } from '../verify/check-report.js';
import type { AllocsResult, InlineResult, NoescapeResult } from '../verify/assertions.js';
import type { AssertionMessages, Messages } from './messages.js';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** num prints a measured count as benchmarks print it (integers bare, fractions to 3 significant digits). */
function num(v: number): string {
  return Number.isInteger(v) ? String(v) : formatSignificant(v, 3);
}

/** interval is a median's 95% interval, or why there is none. */
function interval(i: Interval): string {
  return Number.isFinite(i.low) && Number.isFinite(i.high) ? `95% CI ${num(i.low)}–${num(i.high)}` : `too few runs for a 95% CI (need 6)`;
}

function noescapeHeadline(r: NoescapeResult): string {
  const at = `line ${r.line}${r.function !== null ? ` in ${r.function}` : ''}`;
  if (r.status === 'held') return `no heap decision at ${at}`;
  if (r.status === 'failed') return `${plural(r.decisions.length, 'heap decision')} at ${at}: ${r.decisions.map((d) => d.message).join('; ')}`;
  return `${at} not judged: ${assertion.notJudged[r.why ?? 'file-not-compiled']}`;
}

function inlineHeadline(r: InlineResult): string {
  const calls = r.calls.length;
  const missed = r.calls.filter((c) => !c.inlined).length;
  if (r.status === 'held') {
    const cost = r.verdict?.kind === 'can-inline' && r.verdict.cost !== null ? ` (cost ${r.verdict.cost})` : '';
    return calls === 0 ? `${r.function} can be inlined${cost}; the package has no call to it` : `${r.function} is inlined at ${calls === 1 ? 'its one call' : `all ${calls} calls`} in the package${cost}`;
  }
  if (r.status === 'failed') {
    if (r.verdict?.kind === 'cannot-inline') return `compiler: cannot inline ${r.function}: ${r.verdict.reason}` + (calls > 0 ? ` (${plural(calls, 'call')} in the package, none inlined)` : '');
    return `${r.function} is not inlined at ${missed} of ${plural(calls, 'call')} in the package`;
  }
  return `${r.function} not judged: ${assertion.notJudged[r.why ?? 'no-inlining-evidence']}`;
}

function allocsHeadline(r: AllocsResult): string {
  if (r.status === 'not-measured' || r.status === 'not-compiled') return `${r.benchmark}: budget ${r.max} allocs/op not measured: ${assertion.notJudged[r.why ?? 'static']}`;
  const worst = [...r.runs].sort((a, b) => b.allocsPerOp.median - a.allocsPerOp.median)[0];
  const median = worst ? num(worst.allocsPerOp.median) : '?';
  const subs = r.runs.length > 1 ? ` (the highest of ${r.runs.length} results)` : '';
  return r.status === 'held'
    ? `${r.benchmark}: median ${median} allocs/op${subs}, within the budget of ${r.max}`
    : `${r.benchmark}: median ${median} allocs/op${subs}, over the budget of ${r.max}`;
}

const assertion: AssertionMessages = {
  status: { held: 'held', failed: 'FAILED', 'not-measured': 'not measured', 'not-compiled': 'not compiled' },
  headline: { noescape: noescapeHeadline, inline: inlineHeadline, allocs: allocsHeadline },
  notJudged: {
    'file-not-compiled': 'its file was not in the diagnostic build (build tags, or test files of a build without tests)',
    'no-inlining-evidence': 'the build recorded no inlining verdict for it (builds of more than 64 packages read no -m text; name fewer packages)',
    static: '`heapsight check` measures it',
    'not-run': 'the benchmark did not run (not matched by --bench, or it failed)',
    'no-allocs-unit': 'its results carry no allocs/op',
  },
  malformed: {
    'unknown-name': (m) => `unknown directive //heapsight:${m.name} (known: noescape, inline, allocs N)`,
    spaced: (m) => `"${m.text}" has a space after //: write //heapsight:${m.name} as Go writes its directives, or it reads as prose`,
    'missing-budget': () => '//heapsight:allocs needs its budget: //heapsight:allocs N, N a non-negative integer',
    'bad-budget': (m) => `"${m.text}": the budget must be a non-negative integer`,
    'extra-argument': (m) => `"${m.text}": //heapsight:${m.name} takes no argument`,
    'on-nothing': (m) => `//heapsight:${m.name} applies to nothing: no code line follows it before the block ends`,
    'not-on-function': (m) => `//heapsight:${m.name} belongs in a function's doc comment (the comment lines right above func)`,
    'not-on-benchmark': (m) => `//heapsight:${m.name} belongs in a benchmark's doc comment (func BenchmarkXxx(b *testing.B) in a _test.go file)`,
  },
  lineCost: (c) =>
    `measured: ${formatBytes(c.allocBytes)} in ${formatCount(c.allocObjects)} object${c.allocObjects === 1 ? '' : 's'} allocated at this line, ${formatPercent(c.share, 1)} of alloc_space in the heap profile` +
    (c.runtimeCalls.length > 0 ? ` (runtime calls here: ${c.runtimeCalls.join(', ')})` : ''),
  notInlinedCall: (c, where) => `not inlined: ${c.callee}(…) in ${c.caller} at ${where} (no "inlining call to" there)`,
  inlinedElsewhere: (n) => `the compiler also inlined ${plural(n, 'call')} the source scan does not name (through a function value)`,
  allocsRun: (r, max) =>
    `measured: ${r.benchmark} ${num(r.allocsPerOp.median)} allocs/op (${interval(r.allocsPerOp)}) over ${plural(r.samples.length, 'run')} [${r.samples.map(num).join(' ')}], ` +
    `${formatBytes(r.bytesPerOp.median)}/op — ${r.withinBudget ? 'within' : 'over'} the budget of ${max}`,
};

function pct(v: number): string {
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

/** en is the English message catalogue. */
export const en: Messages = {
  verdictSummary: {
    confirmed: (s) =>
      `${s.pointer ?? '*map'} in ${s.function} costs a heap allocation: the pointer escapes, so the caller's ${s.pointer === undefined ? 'map' : ''}${s.pointer === undefined ? ' ' : ''}variable is moved to the heap`,
    refuted: (s) =>
      `${s.pointer ?? '*map'} in ${s.function} costs no allocation: ${s.param} does not escape` + (s.measured ? ' and it allocates the same as its by-value twin' : ''),
    'not-measurable': (s) => `cannot tell whether ${s.pointer ?? '*map'} in ${s.function} costs anything from this evidence`,
  },
  verdictReason: {
    'param-leaks': (r) => `compiler: ${r.message} — ${r.cause}`,
    'caller-moved': (r) =>
      `compiler: moved to heap: ${r.variable} in ${r.function} (line ${r.line}) because its address is passed here` +
      (r.allocBytes > 0 ? `; measured ${formatBytes(r.allocBytes)} allocated at that line in the heap profile` : ''),
    'param-does-not-escape': (r) => `compiler: ${r.param} does not escape${r.contentOnly ? ' (only the map it points to leaks, as a map value would)' : ''}`,
    'no-caller-moved': (r) => `compiler: no caller's variable is moved to the heap by passing its address (${r.callSites} call site${r.callSites === 1 ? '' : 's'})`,
    'measured-more': (r) =>
      `measured: ${r.subject} allocates ${pct(r.deltaPct)} ${r.unit} vs ${r.twin} (p=${r.p.toFixed(3)}); the compiler says the pointer does not escape, so the difference comes from elsewhere in the benchmark`,
    measured: (r) =>
      `measured: ${r.unit} ${r.subjectMedian} by pointer vs ${r.twinMedian} by value (${
        r.significant ? `${pct(r.deltaPct ?? 0)}, p=${r.p.toFixed(3)}` : `~ no significant difference, p=${r.p.toFixed(3)}`
      })`,
    'not-measured': (r) =>
      r.twin !== null
        ? `not measured: no benchmark calls ${r.function} and ${r.twin} separately; the verdict rests on the compiler`
        : `not measured: no by-value twin of ${r.function}; the verdict rests on the compiler`,
    'no-compiler-evidence': (r) => `the compiler reported nothing for parameter ${r.param} (was ${r.function} compiled with these build tags?)`,
    'other-cause': (r) => `${r.variable} in ${r.function} is moved to the heap (line ${r.line}), but not because of this call: ${r.cause}`,
  },
  knownFunction: {
    'reflect-new': 'reflection allocates a new value here (reflect.New, or a decoder filling a value through reflection)',
    'reflect-map': 'reflection writes into a map (reflect.Value.SetMapIndex, a decoder filling a map)',
    'reflect-slice': 'reflection allocates or grows a slice (reflect.MakeSlice, Append, a decoder filling a slice)',
    'runtime-internal': 'the runtime allocates for its own bookkeeping here (goroutine descriptors and stacks, timers, channels, profiling buckets)',
  },
  harness:
    'allocated by the test harness: no stack that reached this line passes through the target packages (testing parsing its flags and the -test.bench pattern, the runtime starting up)',
  noDecision: 'compiled with diagnostics, and the compiler reported no escape and no allocating runtime call at this line',
  notCollected: {
    'below-threshold': (pkg, depsMin) =>
      `compiler evidence not collected for ${pkg}: its lines are below --deps-min ${formatPercent(depsMin ?? 0, 1)} of alloc_space (--deps-min 0 collects it)`,
    disabled: (pkg) => `compiler evidence not collected for ${pkg} (--deps-min off; give a share such as 0.5% to collect it)`,
    'build-failed': (pkg) => `compiler evidence not collected for ${pkg}: the dependency build failed (see the warnings)`,
    'unknown-package': () => 'compiler evidence not collected: the file belongs to no package of this build (generated or cgo code?)',
  },
  assertion,
  ruleVerdict: { confirmed: 'confirmed', refuted: 'refuted', 'not-exercised': 'not exercised', 'not-measurable': 'not measurable' },
  ruleReason: {
    allocates: (r) =>
      `measured: ${formatBytes(r.allocBytes)} in ${formatCount(r.allocObjects)} objects ${r.through === 'callees' ? 'at this line and in what it calls' : 'at this line'} ` +
      `(${formatPercent(r.share, 1)} of alloc_space)` +
      (r.bytesPerOp !== null && r.allocsPerOp !== null ? `: ${num(r.bytesPerOp)} B/op and ${num(r.allocsPerOp)} allocs/op over the benchmarks that ran it` : ''),
    'allocates-nothing': (r) =>
      `measured: ${r.benchmarks.length > 0 ? r.benchmarks.join(', ') : 'the benchmarks'} ran it${r.executions !== null ? ` (${plural(r.executions, 'time')} in one iteration each)` : ''} ` +
      `and the heap profile charges nothing to it (MemProfileRate ${r.memProfileRate})`,
    occasional: (r) =>
      `measured: ${formatBytes(r.allocBytes)} in ${plural(r.allocObjects, 'object')} over ${formatCount(r.ops)} ops, below ${num(r.minAllocsPerOp)} allocs/op: ` +
      'allocations now and then (a pool refilled after a GC, first-call setup), not per op',
    'package-init': () => 'runs once per process in package initialization, before any benchmark: no per-op cost (and before -test.memprofilerate applies, so its bytes are not sampled at that rate)',
    'not-exercised': (r) => `coverage: none of the ${plural(r.benchmarks, 'benchmark')} ran this line (each run once with coverage counters, in its own process)`,
    'no-coverage': (r) =>
      r.why === 'test-file'
        ? 'coverage: _test.go files carry no counters, and no bytes were sampled here: not measurable'
        : r.why === 'off'
          ? 'coverage: no coverage run (--no-coverage or --race), and no bytes were sampled here: whether it ran is unknown'
          : 'coverage: no counter holds this line, and no bytes were sampled here: whether it ran is unknown',
    'no-profile': () => 'no heap profile was taken: no bytes are known',
    'map-growth': (r) => `map growth at the insert: ${formatBytes(r.allocBytes)} in ${formatCount(r.allocObjects)} objects, which a size hint removes`,
    'first-group-only': (r) =>
      `only the first group of a small map (${formatBytes(r.allocBytes)} in ${plural(r.allocObjects, 'object')}), allocated on its first insert: a size hint does not remove it, and the map never grew`,
    'runtime-call': (r) => `compiler: the compiled code calls ${r.call} here`,
    'conversion-elided': (r) =>
      `compiler: no ${r.direction === 'bytes-to-string' ? 'runtime.slicebytetostring' : 'runtime.stringtoslicebyte'} call at this line: the conversion does not copy` +
      (r.context === 'plain' ? '' : ` (${r.context === 'map-index' ? 'a map index' : r.context === 'comparison' ? 'a comparison' : r.context === 'range' ? 'a range' : r.context === 'switch' ? 'a switch tag' : 'a concatenation operand'} reuses the bytes)`),
    'pool-boxes-nothing': () => 'compiler: Put boxes nothing here (no convT call, no interface-conversion escape): the pool holds a pointer',
    'pool-boxes': (r) => `compiler: Put boxes its argument into an interface${r.call !== null ? ` (${r.call})` : ''}`,
    'captured-to-heap': (r) =>
      r.variables.length > 0
        ? `compiler: moved to heap: ${r.variables.join(', ')} (captured by the closure)${r.closureEscapes ? '; the func literal escapes to the heap' : ''}`
        : 'compiler: the func literal escapes to the heap (it is allocated with the values it captures; the captured variables themselves stay in the frame)',
    'captured-on-stack': (r) => `compiler: ${r.variables.join(', ')} stay${r.variables.length === 1 ? 's' : ''} on the stack and the closure does not escape`,
  },
  ruleFix: {
    'size-hint': (f) => `make(${f.mapType}, ${f.length}) in place of ${f.make.text} (line ${f.make.line})`,
    capacity: (f) => `${f.variable} := make(${f.sliceType}, 0, ${f.length}) in place of \`${f.declaration.text}\` (line ${f.declaration.line})`,
    grow: (f) => `${f.variable}.Grow(…) after line ${f.declaration.line}, for ${f.length} writes`,
    'replace-call': (f) => `${f.replacement}${f.imports.length > 0 ? ` (import ${f.imports.join(', ')})` : ''}`,
    'strings-builder': (f) => `build ${f.variable} in a strings.Builder (declared at line ${f.declaration.line}) and call String once`,
    'hoist-regexp': (f) => `var ${f.name} = ${f.call.text} at package level`,
    'pool-pointer': (f) => `Put(&${f.argument}) and Get().(*T): pool a pointer`,
  },
};
