// en.ts is the English catalogue (see messages.ts).
import { formatBytes, formatPercent } from '../human-units.js';
import type { Messages } from './messages.js';

function pct(v: number): string {
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

/** en is the English message catalogue. */
export const en: Messages = {
  verdictSummary: {
    confirmed: (s) => `*map in ${s.function} costs a heap allocation: the pointer escapes, so the caller's map variable is moved to the heap`,
    refuted: (s) =>
      `*map in ${s.function} costs no allocation: ${s.param} does not escape` + (s.measured ? ' and it allocates the same as its by-value twin' : ''),
    'not-measurable': (s) => `cannot tell whether *map in ${s.function} costs anything from this evidence`,
  },
  verdictReason: {
    'param-leaks': (r) => `compiler: ${r.message} — ${r.cause}`,
    'caller-moved': (r) =>
      `compiler: moved to heap: ${r.variable} in ${r.function} (line ${r.line}) because its address is passed here` +
      (r.allocBytes > 0 ? `; measured ${formatBytes(r.allocBytes)} allocated at that line in the heap profile` : ''),
    'param-does-not-escape': (r) => `compiler: ${r.param} does not escape${r.contentOnly ? ' (only the map it points to leaks, as a map value would)' : ''}`,
    'no-caller-moved': (r) => `compiler: no caller's map is moved to the heap by passing &m (${r.callSites} call site${r.callSites === 1 ? '' : 's'})`,
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
};
