// en.ts is the English catalogue (see messages.ts).
import { formatBytes, formatCount, formatPercent, formatSignificant } from '../human-units.js';
import type { Interval } from '../verify/check-report.js';
import type { AllocsResult, InlineResult, NoescapeResult } from '../verify/assertions.js';
import type { StoryAt, StoryTail } from '../escape/model.js';
import { storyText } from './story.js';
import { findingKinds, ruleDocs, verdictInfo } from '../verify/finding-kinds.js';
import { mapPurposeInfo } from '../profile/map-purpose.js';
import { ALLOCATING_CALLS } from '../escape/runtime-calls.js';
import { sampleIndexReasonInfo } from '../profile/sample-index.js';
import type { AssertionMessages, CauseMessages, ChangeMessages, CheckMessages, EscapeMessages, MapMessages, Messages } from './messages.js';

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
  heading: (c) =>
    `Assertions in source (${[`${c.held} held`, `${c.failed} failed`, ...(c.unjudged > 0 ? [`${c.unjudged} not judged`] : []), ...(c.malformed > 0 ? [`${c.malformed} malformed`] : [])].join(', ')})`,
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

function at(a: StoryAt | null, extra: string | null = null): string {
  const where = a === null ? null : a.file !== undefined ? `${a.file}:${a.line}` : `line ${a.line}`;
  if (where === null) return extra === null ? '' : ` (${extra})`;
  return extra === null ? ` (${where})` : ` (${where}, ${extra})`;
}

const its = (address: boolean): string => (address ? 'its address ' : 'it ');

function tail(t: StoryTail, fn: string | null): string {
  return t === 'returned' ? `, which ${fn ?? 'the function'} returns` : t === 'escapes' ? ', which itself escapes' : '';
}

const cause: CauseMessages = {
  kinds: {
  'interface-conversion': {
    title: 'converted to an interface (boxing)',
    explanation:
      'A value that is not pointer-shaped needs memory of its own to be stored in an interface (the box, made by runtime.convT*); when the interface outlives the frame (passed to fmt, stored in any, passed to a leaking parameter) the box is on the heap. A pointer converted to an interface needs no box: it escapes, if at all, by where the interface goes.',
    fix: 'Keep concrete types on hot paths: use typed functions (strconv.AppendInt instead of fmt), generics, or pass pointers to values that already live on the heap.',
  },
  'closure-capture': {
    title: 'captured by a closure that escapes',
    explanation:
      'A variable captured by reference lives as long as the closure; when the closure is returned, stored or run as a goroutine, the variable moves to the heap.',
    fix: 'Pass the value as an argument instead of capturing it, capture a copy, or keep the closure from outliving the function.',
  },
  'address-stored': {
    title: 'address taken and stored',
    explanation:
      'Its address is stored in a struct, slice or other object that outlives the function, so the variable itself must outlive the function.',
    fix: 'Store the value rather than a pointer to it, or allocate once and reuse it across calls.',
  },
  'address-returned': {
    title: 'address returned',
    explanation: 'The function returns a pointer to a local variable, so the variable must outlive the call.',
    fix: 'Return the value instead of a pointer, or let the caller pass in the memory to fill (func F(dst *T)). When the function is inlined the caller may keep it on the stack.',
  },
  returned: {
    title: 'returned to the caller',
    explanation: 'The value (or the memory behind it) is returned, so it outlives the function that made it.',
    fix: 'Let the caller provide the buffer (append-style APIs: func AppendX(dst []byte, …) []byte), or make the function small enough to inline.',
  },
  'global-or-heap-assign': {
    title: 'assigned to a global or heap object',
    explanation: 'It is stored in a package variable or through a pointer the compiler cannot track, which may live forever.',
    fix: 'Avoid storing per-call data in globals or long-lived objects; copy the value, or pass it down instead of storing it.',
  },
  'too-large': {
    title: 'too large for the stack',
    explanation:
      'Variables larger than the compiler\'s stack limit (10 MB for explicit variables, 64 KB for implicit ones such as new(T), &T{} and make([]T, const)) always go to the heap.',
    fix: 'Allocate large buffers once and reuse them (a field, sync.Pool), or process data in smaller chunks.',
  },
  'non-constant-size': {
    title: 'size not known at compile time',
    explanation:
      'make with a size that is not a constant cannot be placed on the stack (since go1.25 small ones use a 32-byte stack buffer and fall back to runtime.makeslice).',
    fix: 'Use a constant capacity when an upper bound is known (make([]T, n, 64)), or reuse a buffer across calls.',
  },
  appended: {
    title: 'appended to a slice that escapes',
    explanation: 'Values appended to a slice live in its backing array; when that slice outlives the function, so must what is stored in it.',
    fix: 'Append values instead of pointers to locals, or keep the slice local to the function.',
  },
  'map-key-value': {
    title: 'stored in a map or slice element',
    explanation: 'Map entries and slice elements live in heap memory the compiler does not track per element, so anything stored there must be on the heap.',
    fix: 'Store values instead of pointers in the map or slice (map[K]V rather than map[K]*V) when the values are small.',
  },
  'channel-send': {
    title: 'sent on a channel',
    explanation: 'A value sent on a channel may be received by any goroutine at any later time, so it must live on the heap.',
    fix: 'Send values instead of pointers, or reuse objects through a pool when they are large.',
  },
  'leaky-callee': {
    title: 'passed to a parameter that leaks',
    explanation:
      'The callee keeps its parameter beyond the call (stores it, returns it to something that escapes, or calls through an interface or function value the compiler cannot see into), so arguments passed to it escape.',
    fix: 'Change the callee so its parameter does not leak (heapsight escape on its package shows why it leaks), make it inlinable, or pass a copy.',
  },
  'stored-in-allocation': {
    title: 'stored in an allocation that escapes',
    explanation:
      'It is stored in (or referenced from) another allocation: a struct or slice literal, an interface box, a closure, a variable moved to the heap. That allocation escapes, so what it holds must live on the heap too.',
    fix: 'Look at why the allocation it is stored in escapes (the story continues there): keeping that one on the stack keeps this one there too. Or store a copy, not a reference.',
  },
  'stays-on-stack': {
    title: 'does not escape',
    explanation: 'The compiler proved the value does not outlive its frame; it stays on the stack and costs the GC nothing.',
    fix: 'Nothing to do.',
  },
  unexplained: {
    title: 'no explanation in the input',
    explanation:
      'The compiler output has the decision but not the flow behind it (plain -m output, or the site was explained under another flow), or heapsight did not collect the flow because the report does not show the site (leaks in a whole-program report). heapsight does not guess a cause without it.',
    fix: 'Rerun with heapsight escape --all (or --explain FILE:LINE), which builds with -json and reads every explanation.',
  },
  'raw-flow': {
    title: 'other (see the flow)',
    explanation: 'heapsight does not recognise this flow; the compiler\'s steps are shown as they are.',
    fix: 'Read the flow from the allocation towards {heap}: the first step that stores into something long-lived is what to change.',
  },
  },
  head: {
    'moved-to-heap': (x) => `${x} is moved to the heap`,
    'escapes-to-heap': (x) => `${x} escapes to the heap`,
    'leaking-param': (x) => `parameter ${x} leaks`,
    'leaking-param-content': (x) => `what parameter ${x} points to leaks`,
    'leaks-to-result': (x) => `parameter ${x} leaks to the result`,
    'does-not-escape': (x) => `${x} does not escape`,
  },
  at,
  why: {
    'stays-on-stack': (_w, h) => `${h}: it stays on the stack.`,
    'flow-skipped': (_w, h) => `${h}; heapsight skipped the compiler's explanation, which this report does not show.`,
    'no-flow': (_w, h) => `${h}; the input has no explanation flow for it (it was not collected), so heapsight names no cause.`,
    'too-large': (w, h) => `${h} because it is too large for the stack${at(w.at)}.`,
    'non-constant-size': (w, h) => `${h} because its size is not a constant${at(w.at)}.`,
    'closure-capture': (w, h, s) => `${h} because a closure ${w.byReference ? 'captures it by reference' : 'captures its value'}${at(w.at)} and the closure outlives ${s.fn ?? 'the function'}.`,
    boxed: (w, h, s) => `${h} because it is converted to an interface${at(w.at, w.call)}${cause.boxSink[w.then.to](w.then as never, s)}.`,
    sent: (w, h) => `${h} because it is sent on a channel: ${w.expr}${at(w.at)}.`,
    'map-key': (w, h) => `${h} because it is used as a map key: ${w.expr}${at(w.at)}.`,
    'map-literal': (w, h) => `${h} because ${its(w.address)}is stored in a map literal: ${w.expr}${at(w.at)}.`,
    element: (w, h) => `${h} because ${its(w.address)}is stored in a map or slice element: ${w.expr}${at(w.at)}.`,
    appended: (w, h) => `${h} because ${its(w.address)}is appended to a slice that escapes: ${w.expr}${at(w.at)}.`,
    'leaky-callee': (w, h) => `${h} because ${its(w.address)}is passed to ${w.callee ?? 'a function'}${at(w.at)}, whose parameter leaks.`,
    returned: (w, h) => `${h} because ${its(w.address)}is returned${at(w.at)}.`,
    'assigned-to-result': (w, h, s) => `${h} because ${its(w.address)}is assigned to ${w.result ?? 'the result'}${at(w.at)}${tail(w.tail, s.fn)}.`,
    'assigned-to-global': (w, h) => `${h} because ${its(w.address)}is assigned to a global or heap object: ${w.expr}${at(w.at)}.`,
    'address-stored': (w, h, s) => `${h} because its address is stored${w.target !== null ? ` in ${w.target}` : ''}${at(w.at)}${tail(w.tail, s.fn)}.`,
    'stored-in-allocation': (w, h, s) =>
      `${h} because it is stored in ${w.inBox ? `the interface ${w.into === s.subject ? 'it' : w.into} is converted to` : w.into}${at(w.at)}, which itself escapes.`,
    'raw-flow': (w, h) => `${h}; the compiler's flow: ${w.steps.join('; ')}`,
  },
  boxSink: {
    callee: (b) => ` and passed to ${b.callee ?? 'a function'}${at(b.at)}, which keeps it`,
    returned: (b) => ` and returned${at(b.at)}`,
    allocation: (b) => ` and stored in ${b.into}${at(b.at)}, which itself escapes`,
    stored: (b) => ` and stored: ${b.expr}${at(b.at)}`,
    result: (_b, s) => `, which ${s.fn ?? 'the function'} returns`,
    unknown: () => '',
  },
  unboxed: (t, a) => `${t.replace(/\.$/, '')}; it is converted to an interface on the way${at(a)}, which allocates nothing for it (a pointer or an interface fits in one as it is).`,
  chain: (t, then) => `${t.replace(/\.$/, '')}: ${then}`,
  doesNotEscape: (x) => `${x} does not escape`,
  note: {
    truncated: () => 'the compiler truncated this explanation (assignment cycle, golang.org/issue/35518)',
    'stays-where-inlined': (n) => {
      const where = n.into.map((c) => `${c.caller ?? 'its caller'} (${c.file}:${c.line})`);
      const listed = where.length <= 3 ? where.join(', ') : `${where.slice(0, 3).join(', ')} and ${where.length - 3} more`;
      return `${n.subject} escapes in ${n.fn}'s own body, but stays on the stack where ${n.fn} is inlined into ${listed} (golang/go#32850)`;
    },
    'escapes-only-inlined': (n) =>
      `${n.subject} escapes only where ${n.fn} is inlined into ${n.into.caller ?? 'its caller'} (${n.into.file}:${n.into.line}); in ${n.fn}'s own body it stays on the stack (golang/go#32850)`,
    'inlined-from': (n) => `inlined from ${n.fn} at ${n.at.file}:${n.at.line}; it escapes in ${n.fn}'s own body too`,
  },
};

const runs = (n: number): string => `${n} run${n === 1 ? '' : 's'}`;

const check: CheckMessages = {
  runHeader: (pkgs, go, platform, flags) => `heapsight check ${pkgs} (${go} ${platform}; ${flags})`,
  runsEach: (count, ns) =>
    ns.length === 1 && ns[0] === count ? `${runs(count)} each` : ns.length === 1 ? `${runs(ns[0]!)} each, of ${count} planned` : `${ns[0]}–${runs(ns[ns.length - 1]!)} per benchmark, of ${count} planned`,
  benchmarksHeading: (r) => `Benchmarks (median ±95% CI over ${r})`,
  noBenchmarks: 'Benchmarks: none ran (no benchmark matched); compiler evidence only.',
  noBenchmarksMarkdown: 'No benchmark ran: compiler evidence only.',
  failedHeading: 'Failed benchmarks',
  verdictsHeading: (t) => `Verdicts: ${t}`,
  column: {
    benchmark: 'benchmark',
    package: 'package',
    gcs: 'GCs',
    stwMax: 'STW max',
    kind: 'kind',
    message: 'message',
    verdict: 'verdict',
    function: 'function',
    location: 'location',
    why: 'why',
    status: 'status',
    directive: 'directive',
    evidence: 'evidence',
    purpose: 'purpose',
    bytes: 'bytes',
    share: 'share',
    objects: 'objects',
    reduce: 'what would reduce it',
    source: 'source',
    note: 'note',
    yourLine: 'your line',
    reason: 'reason',
  },
  sitesHeading: (profiles, bytes, objects, rate) => `Allocation sites by alloc_space (heap profile of ${runs(profiles)}, total ${bytes} in ${objects} objects; MemProfileRate ${rate})`,
  sitesHeadingMarkdown: 'Top allocation sites by alloc_space',
  sitesTotalMarkdown: (bytes, objects, profiles) => `Total ${bytes} in ${objects} objects (heap profile of ${runs(profiles)}).`,
  noneSampled: 'none: the benchmarks allocated nothing the profile sampled',
  moreSites: (n) => `… ${n} more (use --nodecount or --format json)`,
  moreSitesMarkdown: (n) => `… ${n} more sites (see --format json).`,
  moreUnmeasured: (n) => `… ${n} more`,
  objectsAbbrev: 'obj',
  cum: 'cum',
  flat: 'flat',
  rounds: 'rounds',
  compiler: 'compiler',
  note: 'note',
  runtime: 'runtime',
  moreDecisions: (n) => `… ${n} more compiler decision${n === 1 ? '' : 's'} at this line (--format json has them)`,
  userLinesHeading: 'Your lines by cumulative alloc_space (what each line and the calls it makes allocate)',
  testLinesLeftOut: '(lines in _test.go files left out: benchmark bodies sit on every stack; JSON has them)',
  unmeasuredHeading: 'Heap decisions at lines that allocated nothing in this run',
  assertionsHeading: 'Assertions in source',
  malformed: 'malformed',
  copies: (callers, all) =>
    ` (the same decision in ${all ? `all ${callers} callers it is inlined into` : `its own body and the ${callers} caller${callers === 1 ? '' : 's'} it is inlined into`}; --format json lists them in inlinedInto)`,
  inlinedHere: (story, callee, where) => `${story} (recorded in ${callee ?? 'an inlined callee'} at ${where}, inlined here)`,
  userFrame: (fn, where, share, more) =>
    `via ${fn} ${where}${share !== null ? ` (${share} of this line's bytes)` : ''}${more > 0 ? `; ${more} more of your lines lead here too` : ''}`,
  noEvidence: 'no compiler evidence at this line',
  itsPackage: 'its package',
  rules: {
    heading: 'Rules: anti-patterns settled by measurement',
    headingWith: (tally, coverage) => `Rules: anti-patterns settled by measurement (${tally}; ${coverage})`,
    titled: (title, subject) => `${title}: ${subject}`,
    coverage: (n) => (n === null ? 'no coverage run' : `coverage run of ${n} benchmark${n === 1 ? '' : 's'}`),
    fix: (fix) => `fix: ${fix}`,
    summary: (tally, coverage) => `${tally}; ${coverage}.`,
    column: { verdict: 'verdict', rule: 'rule', location: 'location', code: 'code', evidence: 'evidence', fix: 'fix' },
    more: (n, tally, markdown) => `… ${n} more hit${n === 1 ? '' : 's'} not shown (${tally}): ${markdown ? 'see --format json' : '--nodecount N shows more, --format json has all'}`,
    sarif: (verdict, title, subject, evidence, fix) => `${verdict.toUpperCase()}: ${title} (${subject}). Evidence: ${evidence.join('; ')}.${fix === null ? '' : ` Fix: ${fix}.`}`,
  },
  sarif: {
    verdict: (label, summary, reasons) => `${label}: ${summary}. Evidence: ${reasons.join('; ')}`,
    site: (fn, bytes, share, objects, c) => `${fn} allocated ${bytes} (${share} of alloc_space) in ${objects} objects here during the benchmarks. Cause: ${c}`,
    leadsTo: (fn, bytes, share, allocatedIn, c) => `${fn} leads to ${bytes} (${share} of alloc_space) allocated in ${allocatedIn} during the benchmarks. Cause there: ${c}`,
    assertionFailed: (directive, h, evidence) => `${directive} failed: ${h}.${evidence.length > 0 ? ` Evidence: ${evidence.join('; ')}` : ''}`,
    mapGrowth: (fn, bytes, share, objects, source) =>
      `${fn} allocated ${bytes} (${share} of alloc_space) in ${objects} objects growing a map${source ? ` at \`${source}\`` : ''}. Cause: the map outgrew its table; a size hint, make(map[K]V, n), would remove this.`,
    failed: (name, kind, message) => `${name} failed (${kind}): ${message}`,
  },
  html: {
    lang: 'en',
    runProfile: 'heap profile of the run (alloc_space)',
    benchmarks: 'Benchmarks',
    benchmarksNote: (r) => `median ±95% CI over ${r}`,
    mapsTotal: (bytes, share, objects) =>
      `${bytes} (${share} of alloc_space, ${objects} objects) is map work. Growth is what a size hint, make(map[K]V, n), replaces with one allocation at make; a small map's first group is not removed by a hint.`,
    sites: 'Allocation sites by alloc_space',
    sitesTotal: (bytes, objects) => `total ${bytes} in ${objects} objects`,
    source: 'Source',
    warnings: 'Warnings',
    allocated: (bytes) => `${bytes} allocated`,
    noMeasured: 'no measured allocation',
    unreadable: 'source not readable',
    line: 'line',
    compilerAndProfile: 'compiler and profile',
    mapGrowth: (bytes, share) => `map growth: ${bytes} (${share}): a size hint would replace it`,
    mapAmbiguous: (bytes) => `map, ambiguous: ${bytes}`,
    firstGroup: (bytes) => `first group of a small map: ${bytes}`,
    mapOther: (purpose, bytes) => `map ${purpose}: ${bytes}`,
  },
};

const maps: MapMessages = {
  total: (bytes, share, objects, basis) => `Maps: ${bytes} (${share} of alloc_space, ${objects} objects) by purpose (${basis})`,
  none: (basis) => `Maps: none measured (${basis})`,
  basisHidden: 'classified by allocation-site source line and object size; heap profiles hide runtime frames',
  basisFrames: 'classified by runtime frames',
  row: { grow: 'growth', 'first-group': 'first groups', create: 'creation', assign: 'assignment', other: 'other' },
  fix: {
    create: mapPurposeInfo.create.fix,
    'first-group': mapPurposeInfo['first-group'].fix,
    grow: mapPurposeInfo.grow.fix,
    assign: mapPurposeInfo.assign.fix,
    other: mapPurposeInfo.other.fix,
  },
  siteHeading: {
    grow: 'Growth sites',
    'first-group': 'First groups of small maps (a size hint does not remove them)',
    create: 'Creation sites',
    assign: 'Assignment sites (keys or elements over 128 bytes, stored apart)',
    other: 'Other map sites',
    ambiguous: 'Ambiguous sites (not in the total)',
  },
  growNone: 'none measured: no map in these benchmarks outgrew its table',
  firstGroupNone: 'none measured',
  ambiguous: 'ambiguous',
  ambiguousWhat: 'not in the total: the sites below say why',
  more: (n) => `… ${n} more (use --format json)`,
  ambiguity: {
    'line-allocates': 'the line allocates by itself too (m[k] = make(…)): heapsight list',
    'unexplained-size': 'object sizes no map group, table or large key/elem fits',
    undersampled: 'too few samples to tell a first group from the growth after it',
    'no-object-size': 'the profile has no object sizes (`bytes` label)',
  },
  objectSizes: (shown, sizes) => `${shown}${sizes !== null ? `, … (${sizes} sizes)` : ''} objects`,
  via: (fn) => `via ${fn}`,
  markdownHeading: 'Maps by purpose',
  markdownTotal: (bytes, share, objects) =>
    `${bytes} (${share} of alloc_space, ${objects} objects) is map work. Growth is what a size hint, make(map\\[K\\]V, n), replaces with one allocation at make; a small map's first group is not removed by a hint.`,
  markdownNone: 'None measured: no map allocation in these benchmarks.',
  ambiguousRow: 'ambiguous (not in the total)',
  seeBelow: 'see the sites below',
};

/** listed names the first few items and counts the rest: "a, b, c and 18 more". */
function listed(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

const escape: EscapeMessages = {
  header: (pkgs, go) => `compiler evidence for ${pkgs} (${go})`,
  unknownFunction: '(function unknown)',
  inlinedAt: (chain) => `inlined at ${chain}`,
  sameInCallers: (ownBody, n, all) => `the same in ${ownBody ? 'its own body and ' : ''}${n} caller${n === 1 ? '' : 's'} it is inlined into${all ? ':' : ' (list with --all)'}`,
  calls: (names, reasons) => `calls ${names}: ${reasons}`,
  inlinedInto: (fns) => `(inlined into ${fns})`,
  tally: (heap, copies, calls, hidden) =>
    `${plural(heap, 'heap decision')}${copies !== null ? ` (${copies} compiled copies)` : ''}, ${plural(calls, 'runtime allocation call')}` +
    (hidden > 0 ? `; ${plural(hidden, 'other decision')} (leaks, does not escape) hidden, --all shows them` : ''),
  testsLeftOut: (files) => `${plural(files, '_test.go file')} not compiled (decisions in tests not collected): --tests compiles them`,
  nothingAt: (where) => `${where}: the compiler reported nothing at this line: no escape decision, no inlining and no runtime allocation call.`,
  decisions: (n, records) => plural(n, 'decision') + (records !== null ? ` (told once for ${records} compiler records: the compiler decides again wherever the code is inlined)` : ''),
  runtimeCalls: (n) => plural(n, 'runtime allocation call'),
  inliningDecisions: (n) => plural(n, 'inlining decision'),
  context: (fn, calls, ownBody) =>
    calls.length === 0 ? `in ${fn}` : !ownBody ? `in ${fn}, inlined at ${plural(calls.length, 'call site')}: ${listed(calls)}` : `in ${fn}, and the same where it is inlined at ${plural(calls.length, 'call site')}: ${listed(calls)}`,
  flowHeading: (inlinedAt, ownBody, copies) =>
    `the compiler's flow${inlinedAt !== null ? ` where inlined at ${inlinedAt}` : ownBody ? ' in its own body' : ''}${copies > 1 ? ` (the same in ${copies} copies)` : ''}:`,
  at: 'at',
  moreFlows: (rest, shown, total) =>
    `… ${plural(rest, shown > 0 ? 'more flow' : 'flow', shown > 0 ? 'more flows' : 'flows')} (--flows ${total} shows ${total === 1 ? 'it' : 'all'})`,
  callsOne: (fn, call, reason) => `${fn} calls ${call}: ${reason}`,
  callsInlinedInto: (ownBody, fns) => {
    const into = `inlined into ${plural(fns.length, 'function')}: ${listed(fns)}`;
    return ownBody ? `in its own body, and ${into}` : into;
  },
  callsMany: (call, reason) => `calls ${call}: ${reason}`,
  inFunctions: (fns) => `in ${plural(fns.length, 'function')}: ${listed(fns)}`,
  inlinedCall: (fn, callers) => `call to ${fn} is inlined${callers.length > 0 ? ` into ${listed(callers)}` : ''}`,
  canInline: (fn, cost) => `${fn} can be inlined${cost !== undefined ? ` (cost ${cost})` : ''}`,
  cannotInline: (fn, reason) => `${fn} cannot be inlined: ${reason}`,
  why: 'why',
  whatToDo: 'what to do',
  note: 'note',
};

const change: ChangeMessages = {
  header: (base, head) => `heapsight change: ${base} → ${head}`,
  settings: (platform, flags) => `${platform}; ${flags}, runs interleaved base/head`,
  verdict: (t, failed) => `verdict: ${t}${failed ? ' — GATE FAILED' : ''}`,
  benchmarksHeading: "Benchmarks (median before → after, benchstat's delta and p):",
  advisory: 'advisory',
  direction: { worse: 'worse', better: 'better' },
  noDecisions: "Compiler decisions: none appeared, vanished or changed in the targets' non-test code.",
  decisionsHeading: (n) => `Compiler decisions that changed (${n}; ▲ worse, ▼ better):`,
  was: (m) => `was: ${m}`,
  isNew: 'new',
  now: (m) => `; now: ${m}`,
  gone: '; gone',
  cause: 'cause',
  moreDecisions: (n) => `… and ${n} more (--nodecount N, or --format json)`,
  noSites: "Allocation sites: none grew, shrank, appeared or vanished beyond the heap profiler's sampling noise.",
  sitesHeading: (n) => `Allocation sites that changed (${n}; same iterations per benchmark on both sides):`,
  moreSites: (n) => `… and ${n} more`,
  assertionsIn: (where) => ` — in ${where ?? 'the working tree'}`,
  failures: 'Failures:',
  verdictWord: {
    regression: 'regression',
    improvement: 'improvement',
    'no-change': 'no significant change',
    added: 'added (head only)',
    removed: 'removed (base only)',
    failed: 'failed on a side (see failures)',
  },
  tally: (c) => {
    const parts: string[] = [];
    const add = (n: number, one: string, many: string): void => {
      if (n > 0) parts.push(`${n} ${n === 1 ? one : many}`);
    };
    add(c.regression, 'regression', 'regressions');
    add(c.improvement, 'improvement', 'improvements');
    add(c['no-change'], 'unchanged', 'unchanged');
    add(c.added, 'added', 'added');
    add(c.removed, 'removed', 'removed');
    add(c.failed, 'failed', 'failed');
    return parts.length > 0 ? parts.join(', ') : 'no benchmarks compared';
  },
  gate: (units, alpha, minPct, failOn) =>
    `gate: ${units === 'time' ? 'allocs/op, B/op and time/op' : 'allocs/op and B/op'} (α=${alpha}, min change ${minPct}%)${units === 'time' ? '' : '; time/op advisory (--gate time to gate on it)'}; --fail-on ${failOn}`,
  revision: (name, id, subject) => `${name} (${id}${subject !== null ? `: ${subject}` : ''})`,
  workingTree: (dirty, id) => `working tree (${dirty ? 'uncommitted changes on' : 'clean, at'} ${id})`,
  stopsInlining: (fn, reason, where) => `this change stops ${fn} from being inlined (${reason ?? 'no reason given'}; ${where})`,
  inlinedAgain: (fn, cost, where) => `this change lets ${fn} be inlined again (cost ${cost}; ${where})`,
  movesToHeap: (moved, subject, fn, c, where, t) => `this change ${moved ? 'moves' : 'sends'} \`${subject}\` to the heap in ${fn} (${c}, ${where})${t}`,
  noCause: 'cause not shown by the flow',
  keepsOffHeap: (subject, fn, now, wasState, wasWhere, t) => `this change keeps \`${subject}\` off the heap in ${fn} (${now ?? 'gone'}; was ${wasState} at ${wasWhere})${t}`,
  nowState: (state, where) => `now ${state}, ${where}`,
  stateChange: (subject, fn, before, after, where) => `\`${subject}\` in ${fn}: ${before} → ${after} (${where})`,
  newIn: (fn, m, where) => `new in ${fn}: ${m} (${where})`,
  goneFrom: (fn, m, where) => `gone from ${fn}: ${m} (was ${where})`,
  line: (n) => `line ${n}`,
  noBenchmarkAtLine: ' (no benchmark allocated at this line)',
  fromZero: (d) => `${d} (from 0)`,
  costNoChange: (bench, stats) => `no significant change in ${bench} (${stats})`,
  costChange: (deltas, bench, p) => `${deltas} in ${bench} (p=${p})`,
  notCompared: 'not compared',
  siteIn: (benches) => ` in ${benches.slice(0, 3).join(', ')}${benches.length > 3 ? ` and ${benches.length - 3} more` : ''}`,
  siteChange: { grew: 'grew', shrank: 'shrank', appeared: 'appeared', vanished: 'vanished' },
  stateWord: (k) => (k === 'can-inline' ? 'can inline' : 'cannot inline'),
  regressionMd: 'regression',
  improvementMd: 'improvement',
  assertionFailedMd: 'assertion failed',
  malformedMd: 'malformed directive',
  atMd: 'at',
  inMd: 'in',
  decisionsMd: 'Compiler decisions',
  gateFailedMd: ' — ❌ gate failed',
  benchmarksSummary: (n, count) => `Benchmarks (${n}; runs interleaved, -count ${count})`,
  decisionsSummary: (n) => `Compiler decisions (${n})`,
  sitesSummary: (n) => `Allocation sites (${n})`,
  column: {
    benchmark: 'benchmark',
    verdict: 'verdict',
    gcCycles: 'GC cycles/Mop',
    where: 'where',
    function: 'function',
    before: 'before',
    after: 'after',
    cause: 'cause',
    site: 'site',
    change: 'change',
    benchmarks: 'benchmarks',
  },
  regressionSarif: (benchmark, pkg, unit, delta, p) => `${benchmark} (${pkg}): ${unit} rose ${delta === null ? 'from 0' : `${delta}%`} (p=${p})`,
};

const finding: Messages['finding'] = {
  kinds: Object.fromEntries(Object.entries(findingKinds).map(([k, { title, explanation, fix }]) => [k, { title, explanation, fix }])) as Messages['finding']['kinds'],
  harmless: Object.fromEntries(Object.entries(ruleDocs).map(([k, d]) => [k, d.harmless])) as Messages['finding']['harmless'],
  verdict: { confirmed: verdictInfo.confirmed.label, refuted: verdictInfo.refuted.label, 'not-measurable': verdictInfo['not-measurable'].label },
};

function pct(v: number): string {
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}

const ruleVerdictWord = { confirmed: 'confirmed', refuted: 'refuted', 'not-exercised': 'not exercised', 'not-measurable': 'not measurable' } as const;

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
    'param-leaks': (r, m) => `compiler: ${r.message} — ${storyText(m, r.cause.story)}`,
    'caller-moved': (r) =>
      `compiler: moved to heap: ${r.variable} in ${r.function} (line ${r.line}) because its address is passed here` +
      (r.allocBytes > 0 ? `; measured ${formatBytes(r.allocBytes)} allocated at that line in the heap profile` : ''),
    'param-does-not-escape': (r) => `compiler: ${r.param} does not escape${r.contentOnly ? ' (only the map it points to leaks, as a map value would)' : ''}`,
    'no-caller-moved': (r) => `compiler: no caller's variable is moved to the heap by passing its address (${r.callSites} call site${r.callSites === 1 ? '' : 's'})`,
    'measured-more': (r) =>
      `measured: ${r.subject} allocates ${r.deltaPct === null ? `${r.subjectMedian} ${r.unit} where ${r.twin} allocates none` : `${pct(r.deltaPct)} ${r.unit} vs ${r.twin}`} (p=${r.p.toFixed(3)}); the compiler says the pointer does not escape, so the difference comes from elsewhere in the benchmark`,
    measured: (r) =>
      `measured: ${r.unit} ${r.subjectMedian} by pointer vs ${r.twinMedian} by value (${
        r.significant ? `${r.deltaPct === null ? 'from 0' : pct(r.deltaPct)}, p=${r.p.toFixed(3)}` : `~ no significant difference, p=${r.p.toFixed(3)}`
      })`,
    'not-measured': (r) =>
      r.twin !== null
        ? `not measured: no benchmark calls ${r.function} and ${r.twin} separately; the verdict rests on the compiler`
        : `not measured: no by-value twin of ${r.function}; the verdict rests on the compiler`,
    'no-compiler-evidence': (r) => `the compiler reported nothing for parameter ${r.param} (was ${r.function} compiled with these build tags?)`,
    'other-cause': (r, m) => `${r.variable} in ${r.function} is moved to the heap (line ${r.line}), but not because of this call: ${storyText(m, r.cause.story)}`,
  },
  knownFunction: {
    'reflect-new': 'reflection allocates a new value here (reflect.New, or a decoder filling a value through reflection)',
    'reflect-map': 'reflection writes into a map (reflect.Value.SetMapIndex, a decoder filling a map)',
    'reflect-slice': 'reflection allocates or grows a slice (reflect.MakeSlice, Append, a decoder filling a slice)',
    'runtime-internal': 'the runtime allocates for its own bookkeeping here (goroutine descriptors and stacks, timers, channels, profiling buckets)',
    'runtime-linkname':
      "runtime code that another package calls under its own name (a linkname, such as internal/bytealg.MakeNoZero behind strings.Builder.Grow and bytes.Buffer) allocates here; the runtime is not compiled with diagnostics, so the reason is at the caller's line",
  },
  harness:
    'allocated by the test harness: no stack that reached this line passes through the target packages (testing parsing its flags and the -test.bench pattern, the runtime starting up)',
  noDecision: 'compiled with diagnostics, and the compiler reported no escape and no allocating runtime call at this line',
  textNotRead:
    "compiled with -json only, and it reports no escape at this line; the -m=2/-S text that names this line's runtime calls was not read (check reads it for test files, and the generic code they instantiate, with --tests)",
  notCollected: {
    'below-threshold': (pkg, depsMin) =>
      `compiler evidence not collected for ${pkg}: its lines are below --deps-min ${formatPercent(depsMin ?? 0, 1)} of alloc_space (--deps-min 0 collects it)`,
    disabled: (pkg) => `compiler evidence not collected for ${pkg} (--deps-min off; give a share such as 0.5% to collect it)`,
    'build-failed': (pkg) => `compiler evidence not collected for ${pkg}: the dependency build failed (see the warnings)`,
    'unknown-package': () => 'compiler evidence not collected: the file belongs to no package of this build (generated or cgo code?)',
  },
  runtimeCall: Object.fromEntries(Object.entries(ALLOCATING_CALLS).map(([k, v]) => [k, v.reason])) as Messages['runtimeCall'],
  assertion,
  cause,
  finding,
  check,
  maps,
  escape,
  change,
  profile: {
    file: (name) => `File: ${name}`,
    type: (type, why) => `Type: ${type}${why === null ? '' : ` (${sampleIndexReasonInfo[why]})`}`,
    reason: sampleIndexReasonInfo,
    showing: (shown, pct, total) => `Showing nodes accounting for ${shown}, ${pct} of ${total} total`,
    dropped: (n, cutoff) => `Dropped ${n} node${n === 1 ? '' : 's'} (cum <= ${cutoff})`,
    showingTop: (shown, all) => `Showing top ${shown} nodes out of ${all}`,
    total: (total) => `Total: ${total}`,
    ofTotal: (pct) => `${pct} of Total`,
    sourceNotFound: (file) => `(source not found: ${file})`,
    context: 'context',
    mapsHeading: (type, fromFrames) =>
      `Maps by purpose (${type}; from ${fromFrames ? 'runtime frames' : 'allocation-site source lines and object sizes (Go hides runtime frames in heap profiles)'}):`,
    mapPurposeTitle: {
      create: mapPurposeInfo.create.title,
      'first-group': mapPurposeInfo['first-group'].title,
      grow: mapPurposeInfo.grow.title,
      assign: mapPurposeInfo.assign.title,
      other: mapPurposeInfo.other.title,
    },
    mapAmbiguous: 'map line, ambiguous',
    mapColumns: { purpose: 'purpose', value: 'value', share: 'share', reduce: 'what would reduce it' },
  },
  diff: {
    header: (type, unit, g) => `diff of ${type} (${unit}): new − base, per ${g.replace(/s$/, '')}`,
    sampleIndex: (type, why) => `sample index: ${type} — ${why}`,
    side: (side, label, total) => `${side === 'base' ? 'base:' : 'new: '} ${label}  total ${total}`,
    change: (d, pct) => `change: ${d}${pct !== null ? ` (${pct} of base)` : ''}`,
    normalized: (scale) => `normalised: yes — base scaled by ×${scale} so its total equals new's (pprof -normalize scales new to base's total instead: same shape, other scale)`,
    raw: 'normalised: no — raw values (use --normalize when the runs differ in length or load)',
    pctBasis: (total) => `Δ% is relative to the base's total of |values| (${total}), as pprof -diff_base prints it`,
    warning: 'warning',
    grew: (n) => `grew (${n}):`,
    shrank: (n) => `shrank or vanished (${n}):`,
    nothingGrew: 'nothing grew',
    nothingShrank: 'nothing shrank',
    baseCum: 'base cum',
    newCum: 'new cum',
    more: (n) => `(${n} more; raise --nodecount or use --format json)`,
    status: { vanished: 'vanished', appeared: 'appeared' },
  },
  bench: {
    benchmark: 'benchmark',
    moved: ' (moved)',
    inFunction: (fn) => ` in ${fn}`,
    more: (n) => `+${n} more`,
    variant: (b) => `variant (vs ${b})`,
    escapes: 'escapes',
    decisions: 'heap decisions (first 2)',
    ruleHits: 'rule hits (first 2)',
    ruleHitsNote: 'rule hits: the anti-patterns heapsight check settles by measurement, in the code each benchmark reaches; heapsight check gives each its verdict.',
    baseline: ' (baseline)',
    deltaNote: 'Δ: change of the median vs the baseline, two-sided Mann-Whitney U test; "~" means p > alpha (no detectable change), "?" an undefined ratio.',
    escapesNotCollected: 'escapes: n/a — compiler evidence was not collected.',
    escapesNote:
      'escapes: heap decisions (moved to heap, escapes to heap) the compiler reports in the benchmark and the package functions it calls, directly or not; each once, at its own source line ("in F": inside callee F). --format json lists them all.',
    starNote: "*: where the compiler inlined that function, it decided this copy does not escape (golang/go#32850); the count keeps the function's own decision.",
    noTestFiles: 'no test files',
    noneMatched: 'no benchmarks matched',
    legend:
      "time/op, B/op, allocs/op: median ± 95% CI half-width (benchstat's method). GC/run: automatic GC cycles in the measured run; GC/Mop: per million iterations; STW: stop-the-world time (gctrace clock phases 1+3); GC CPU: the runtime's GC share of CPU.",
  },
  compare: { vsBase: 'vs base', nothing: 'no benchmark results to compare' },
  ruleVerdict: ruleVerdictWord,
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
  ruleTally: (n, v) => `${n} ${ruleVerdictWord[v]}`,
  ruleTallySeparator: ', ',
  history: {
    noCommit: 'no commit',
    dirty: '+dirty',
    fromZero: 'from 0',
    machine: { go: 'go version', cpu: 'CPU', platform: 'GOOS/GOARCH' },
    change: (direction, run, commit, from, to, delta, p, machine) =>
      `${direction} at ${run} (${commit}): ${from} → ${to}, ${delta} (${p})${machine.length > 0 ? `; ${machine.join(', ')} changed too` : ''}`,
    header: (runs, database) => `heapsight history: ${plural(runs, 'run')} in ${database}`,
    noRuns: 'no runs recorded yet: `heapsight check --record` records one',
    changePointRule: (alpha, minChange) => `change point: p ≤ ${alpha} (Mann-Whitney U against the run before) and a change of at least ${minChange} in the median`,
    column: { run: 'run', commit: 'commit', recorded: 'recorded (UTC)', command: 'command', go: 'go', platform: 'GOOS/GOARCH', cpu: 'cpu', heapDecisions: 'heap decisions' },
    noBenchmark: (bench, unit) => `no benchmark${bench !== null ? ` matching ${JSON.stringify(bench)}` : ''}${unit !== null ? ` with unit ${unit}` : ''} in these runs`,
    tally: (changes, regressions, improvements) => `${plural(changes, 'change point')} (${plural(regressions, 'regression')}, ${plural(improvements, 'improvement')})`,
    caveat: (warning, series) => `note: ${warning} (${series} series)`,
    htmlIntro: (runs, database, alpha, minChange) =>
      `${runs} run${runs === 1 ? '' : 's'} in <code>${database}</code>. A change point: p ≤ ${alpha} (Mann-Whitney U against the run before) and a change of at least ${minChange} in the median.`,
    runsHeading: 'Runs',
    htmlNoBenchmark: 'No benchmark in these runs.',
  },
  experiment: {
    notMechanical: 'experiment: not run (the fix changes more than its own lines)',
    noBenchmark: 'experiment: not run (no benchmark ran the line)',
    interrupted: 'experiment: interrupted',
    doesNotBuild: (line) => `experiment: the fix does not build: ${line ?? 'see the compiler output'}`,
    changesTestResults: (tests) => `experiment: the fix changes test results (${tests.join(', ')}); not measured`,
    removes: (removed, of) => `removes ${removed} of ${of} allocs/op`,
    adds: (added) => `adds ${added} allocs/op`,
    noChange: 'no significant change in allocs/op',
    inBenchmark: (change, benchmark, allocs, bytes) => `${change} in ${benchmark} (allocs/op ${allocs}; B/op ${bytes})`,
    measured: (parts) => `experiment: the fix ${parts.join('; ')}`,
  },
};
