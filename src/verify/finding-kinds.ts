// finding-kinds.ts is the complete catalogue of what `heapsight check` can
// report. A new kind cannot compile until it has its entry here (title,
// explanation, how to fix, docs anchor), so no kind ships undocumented.

import type { AssertionFindingKind } from './assertions.js';
import type { MapPointerFinding, SiteFinding } from './check-report.js';
import type { RuleFinding } from './rule-report.js';

/**
 * FindingKind names every kind of finding check produces: derived from the
 * finding types themselves (plus map growth, which the maps section reports),
 * so a finding type with a new kind has no entry below and does not compile.
 */
export type FindingKind = SiteFinding['kind'] | MapPointerFinding['kind'] | RuleFinding['kind'] | 'map-growth' | AssertionFindingKind | ChangeFindingKind;

/** RuleFindingKind is every anti-pattern rule: the pointer-parameter rules (judged with a by-value twin) and the source rules. */
export type RuleFindingKind = MapPointerFinding['kind'] | RuleFinding['kind'];

/** ChangeFindingKind names what `change` reports at a line or a benchmark: a decision that moved a value to the heap, a gated unit that rose. */
export type ChangeFindingKind = 'new-heap-decision' | 'benchmark-regression';

/** CHANGE_FINDING_KINDS are the kinds only `change` reports (check's SARIF rules leave them out). */
export const CHANGE_FINDING_KINDS: ReadonlySet<FindingKind> = new Set<ChangeFindingKind>(['new-heap-decision', 'benchmark-regression']);

/** Verdict is how a suspected anti-pattern came out once measured. */
export type Verdict = 'confirmed' | 'refuted' | 'not-measurable';

/** FindingKindInfo documents one kind for every renderer (text, JSON, Markdown, SARIF). */
export interface FindingKindInfo {
  readonly title: string;
  readonly explanation: string;
  readonly fix: string;
  /** Anchor in README.md's "Findings" section. */
  readonly docs: string;
}

export const findingKinds: Readonly<Record<FindingKind, FindingKindInfo>> = {
  'allocation-site': {
    title: 'Allocation site',
    explanation:
      'A source line that allocated heap memory during the benchmarks, ranked by bytes (alloc_space) from the merged heap profile. ' +
      'The compiler evidence beside it says why the value lives on the heap: an escape decision, or a runtime call such as growslice or makemap that allocates regardless of escape.',
    fix: 'Read the cause: avoid the escape (keep pointers local, avoid interface boxing), preallocate (make with a size or capacity), or reuse buffers (sync.Pool) on hot paths.',
    docs: '#allocation-site',
  },
  'heap-decision-unmeasured': {
    title: 'Heap decision with no measured allocation',
    explanation:
      'The compiler moved a value to the heap at this line, but the benchmarks did not allocate there (the code did not run, ran rarely, or the heap profile sampled none of it).',
    fix: 'Nothing to fix until it is measured: add a benchmark that exercises this code if it is on a hot path.',
    docs: '#heap-decision-unmeasured',
  },
  'map-growth': {
    title: 'Map growth',
    explanation:
      'Heap bytes allocated while a map grows: each time it outgrows its table the runtime allocates a larger one and moves the entries (growToTable, rehash, split in Go 1.24+). ' +
      'Heap profiles hide runtime frames, so a growth allocation is charged to the line that wrote into the map (m[k] = v); ' +
      "heapsight tells it by object size from a small map's first group, allocated on the first insert, which a size hint does not remove.",
    fix: 'Give the map a size hint when the number of entries is known or estimable: make(map[K]V, n). Reusing a map with clear(m) also keeps its tables.',
    docs: '#map-growth',
  },
  'new-heap-decision': {
    title: 'New heap decision',
    explanation:
      'Between the two revisions the compiler changed its decision about this value: it now moves it to the heap (or it escapes), where before it stayed on the stack or did not exist. ' +
      'Matched by function and subject, so a line that only moved is no change; the cost is what the benchmarks that allocate at the line measured across the change.',
    fix: 'Read the cause the flow shows (a closure capture, a store into a longer-lived value, an interface conversion) and keep the value local, or accept the cost the benchmarks put on it.',
    docs: '#new-heap-decision',
  },
  'benchmark-regression': {
    title: 'Benchmark regression',
    explanation:
      'A gated unit (allocs/op and B/op; time/op with --gate time) rose significantly between the revisions: Mann-Whitney U as benchstat computes it, p ≤ α, and by at least the minimum change. ' +
      'The runs of both revisions were interleaved on the same machine, so drift hits both.',
    fix: 'See which compiler decisions and allocation sites changed with it: the report lists them beside the benchmark.',
    docs: '#benchmark-regression',
  },
  'map-pointer-param': {
    title: 'Parameter of type *map[K]V',
    explanation:
      'Folklore says passing *map[K]V forces the map header onto the heap. A map value is already a pointer to the runtime map, so *map adds an indirection; ' +
      'it costs an allocation only when the pointer escapes (the parameter leaks, or a caller stores &m beyond its frame), which moves the map variable to the heap.',
    fix: 'Pass the map by value (map[K]V) unless the callee must replace the caller\'s map; if it must, return the new map instead of writing through *map.',
    docs: '#map-pointer-param',
  },
  'slice-pointer-param': {
    title: 'Parameter of type *[]T',
    explanation:
      'A slice value is a three-word header (pointer, length, capacity) passed by value; *[]T adds an indirection. ' +
      'It costs an allocation only when the pointer escapes (the parameter leaks, or a caller stores &s beyond its frame), which moves the caller\'s slice header to the heap.',
    fix: 'Pass the slice ([]T) and return it when the callee appends (s = f(s)), as append does; keep *[]T only where a callee must replace the caller\'s slice in place and the pointer does not escape.',
    docs: '#slice-pointer-param',
  },
  'chan-pointer-param': {
    title: 'Parameter of type *chan T',
    explanation:
      'A channel value is already a pointer to the runtime channel; *chan T adds an indirection and costs an allocation only when the pointer escapes, which moves the caller\'s channel variable to the heap.',
    fix: 'Pass the channel (chan T, or a directional chan<- T / <-chan T).',
    docs: '#chan-pointer-param',
  },
  'map-without-size-hint': {
    title: 'Map filled in a loop without a size hint',
    explanation:
      'A map made without a hint (make(map[K]V) or map[K]V{}) and filled in a loop whose length is known grows step by step: each time it outgrows its table the runtime allocates a larger one and moves the entries. ' +
      'heapsight counts the growth bytes the heap profile charges to the insert (by object size, as the maps section does), not the first group a small map allocates on its first insert.',
    fix: 'make(map[K]V, n) with the loop\'s length (the fix record carries it).',
    docs: '#map-without-size-hint',
  },
  'append-without-capacity': {
    title: 'Slice appended in a loop without capacity',
    explanation:
      'Appending to a slice declared without capacity (var s []T, []T{}, make([]T, 0)) in a loop of known length reallocates the backing array as it grows (runtime.growslice), copying the elements each time.',
    fix: 'make([]T, 0, n) with the loop\'s length, then append.',
    docs: '#append-without-capacity',
  },
  'builder-without-grow': {
    title: 'strings.Builder or bytes.Buffer grown step by step',
    explanation:
      'Writing to a strings.Builder or bytes.Buffer in a loop of known length without calling Grow first reallocates its buffer as it fills (strings.(*Builder).grow, bytes.(*Buffer).grow); the bytes are charged to the write through the user-frame attribution.',
    fix: 'Call Grow with the expected size before the loop (the fix record carries the loop length; multiply by the typical piece size).',
    docs: '#builder-without-grow',
  },
  'string-concat-in-loop': {
    title: 'String concatenation in a loop',
    explanation:
      'Each s += x builds a new string (runtime.concatstrings) and copies everything before it, so n pieces cost n allocations and O(n²) bytes; only a result that does not escape and fits 32 bytes gets a stack buffer.',
    fix: 'Build the string with a strings.Builder (Grow it when the size is known) and call String once.',
    docs: '#string-concat-in-loop',
  },
  'fmt-simple-verbs': {
    title: 'fmt.Sprintf, Sprint or Errorf with simple verbs',
    explanation:
      'fmt boxes each argument into an interface and formats through reflection; with only %s, %d, %t (or no verb at all) strconv, concatenation or errors.New do the same work, usually with fewer allocations.',
    fix: 'strconv.Itoa / FormatBool, s1 + s2, errors.New (the fix record carries the replacement and the imports it needs).',
    docs: '#fmt-simple-verbs',
  },
  'bytes-string-conversion': {
    title: '[]byte ↔ string conversion',
    explanation:
      'string(b) and []byte(s) copy the bytes (runtime.slicebytetostring, stringtoslicebyte) unless the compiler can reuse them: a map index m[string(b)], a comparison, a range over []byte(s), or a result that stays in the frame and fits a 32-byte buffer. ' +
      'heapsight reads which from the compiled code: no copying call at the line means no copy.',
    fix: 'Keep one representation on the hot path (strings.Builder, bytes.Buffer, the []byte APIs of strconv and bytes), or index maps with m[string(b)] directly.',
    docs: '#bytes-string-conversion',
  },
  'interface-boxing': {
    title: 'Value boxed into an interface at a call',
    explanation:
      'Passing a non-pointer value where an interface is expected makes the compiler box it (runtime.convT64, convTstring, convTslice, convT) when the interface escapes; values below 256 and zero values come from the runtime\'s static tables and allocate nothing.',
    fix: 'Take the concrete type (or a generic type parameter) in the callee, pass a pointer, or keep the value from escaping through the interface.',
    docs: '#interface-boxing',
  },
  'pool-non-pointer': {
    title: 'sync.Pool holding non-pointer values (SA6002)',
    explanation:
      'Put takes an interface: a slice or struct value is boxed on every Put (runtime.convTslice, convT), which is the allocation the pool was meant to save. A pointer fits the interface word and boxes nothing.',
    fix: 'Pool pointers: Put(&buf) and Get().(*[]byte).',
    docs: '#pool-non-pointer',
  },
  'regexp-in-function': {
    title: 'regexp compiled inside a function (SA6000)',
    explanation: 'regexp.MustCompile and Compile parse and compile the pattern on every call: dozens of allocations per call for a pattern that never changes.',
    fix: 'Compile once into a package-level variable (var idPattern = regexp.MustCompile(`...`)) and use it.',
    docs: '#regexp-in-function',
  },
  'closure-capture': {
    title: 'Closure moving captured variables to the heap',
    explanation:
      'A func literal that outlives its frame (returned, stored, passed to a goroutine) takes its captured variables with it: the compiler moves them to the heap (moved to heap: x, captured by a closure) and allocates the closure. A closure called in place keeps both on the stack.',
    fix: 'Pass the values as arguments, return a struct with a method instead of a closure, or keep the closure from escaping.',
    docs: '#closure-capture',
  },
  'defer-in-loop': {
    title: 'defer inside a loop',
    explanation:
      'A defer in a loop cannot be open-coded or stack-allocated: each iteration allocates a defer record (runtime.deferproc), and every deferred call waits for the function to return.',
    fix: 'Move the loop body into a function whose defer runs per iteration, or call the cleanup directly at the end of each iteration.',
    docs: '#defer-in-loop',
  },
  'assertion-failed': {
    title: 'Failed assertion',
    explanation:
      'A //heapsight:noescape, //heapsight:inline or //heapsight:allocs N directive the evidence refutes: the compiler made a heap decision at the line (with its cause and flow), ' +
      'did not inline a call to the function (with its reason), or the benchmark\'s median allocs/op over the measured runs is over N.',
    fix: 'Read the evidence beside it: remove the cause the compiler names (an address stored beyond the frame, an interface conversion, a non-constant size), make the function cheaper than the inliner\'s budget, or raise the budget if the new cost is meant.',
    docs: '#assertion-failed',
  },
  'malformed-directive': {
    title: 'Malformed directive',
    explanation:
      'A //heapsight: comment heapsight cannot check as written: an unknown name, a space after //, a budget that is missing or not a non-negative integer, an argument a directive does not take, ' +
      'or a directive where it applies to nothing (noescape before the end of a block, inline outside a function\'s doc comment, allocs outside a benchmark\'s).',
    fix: 'Spell it as the README shows (//heapsight:noescape, //heapsight:inline, //heapsight:allocs N) and put it where it applies; an assertion that checks nothing is worse than none.',
    docs: '#malformed-directive',
  },
};

/**
 * RuleDoc is what a rule adds to its kind's record: when its hit does not
 * matter (so a reader knows what a refuted verdict looks like) and which
 * linters report the same pattern without measuring (as run on
 * testdata/rules: test/support/linters.ts has the versions).
 */
export interface RuleDoc {
  readonly harmless: string;
  readonly linters: readonly string[];
}

/** ruleDocs documents every rule; a rule without its entry does not compile. */
export const ruleDocs: Readonly<Record<RuleFindingKind, RuleDoc>> = {
  'map-pointer-param': { harmless: 'When the parameter does not escape (the compiler says so): then *map costs one load per use and nothing else.', linters: ['gocritic ptrToRefParam'] },
  'slice-pointer-param': { harmless: 'When the parameter does not escape: a read-only or in-place *[]T costs a load, not an allocation.', linters: [] },
  'chan-pointer-param': { harmless: 'When the parameter does not escape.', linters: ['gocritic ptrToRefParam'] },
  'map-without-size-hint': { harmless: 'When the map never outgrows its first group (8 entries or fewer), or the loop is not on a path the benchmarks run.', linters: [] },
  'append-without-capacity': { harmless: 'When the loop is short or rarely run, or the final length is usually far below the known bound.', linters: ['prealloc'] },
  'builder-without-grow': { harmless: "When the pieces are few and small: the builder's first growth already fits them.", linters: [] },
  'string-concat-in-loop': { harmless: 'When the result stays in the frame and fits 32 bytes, or the loop runs a handful of times off the hot path (in init, once per process).', linters: ['perfsprint concat-loop'] },
  'fmt-simple-verbs': { harmless: 'On error paths and other code the benchmarks do not run, and for values the runtime interns (one-byte strings, integers below 256).', linters: ['perfsprint'] },
  'bytes-string-conversion': { harmless: 'When the compiler elides the copy (map index, comparison, range, a small result that stays in the frame).', linters: [] },
  'interface-boxing': { harmless: 'For pointer-shaped values, zero values and integers below 256, and when the interface does not escape (the value is boxed on the stack).', linters: [] },
  'pool-non-pointer': { harmless: 'When the pool holds pointers, or the pool is not on a hot path.', linters: ['staticcheck SA6002'] },
  'regexp-in-function': { harmless: 'In init, main or other code run once.', linters: ['staticcheck SA6000 (calls in loops only)'] },
  'closure-capture': { harmless: 'When the closure is called in place or only passed to callees that do not keep it: the compiler keeps it and its captures on the stack.', linters: [] },
  'defer-in-loop': { harmless: 'When the loop runs a few times per call and the function is not hot.', linters: ['gocritic deferInLoop'] },
};

/** verdictInfo explains each verdict in one line for renderers. */
export const verdictInfo: Readonly<Record<Verdict, { readonly label: string; readonly meaning: string }>> = {
  confirmed: { label: 'confirmed', meaning: 'the evidence shows the suspected cost' },
  refuted: { label: 'refuted', meaning: 'the evidence shows no such cost' },
  'not-measurable': { label: 'not measurable', meaning: 'the evidence is missing or contradicts itself' },
};
