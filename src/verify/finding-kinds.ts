// finding-kinds.ts is the complete catalogue of what `heapsight check` can
// report. A new kind cannot compile until it has its entry here (title,
// explanation, how to fix, docs anchor), so no kind ships undocumented.

import type { AssertionFindingKind } from './assertions.js';
import type { MapPointerFinding, SiteFinding } from './check-report.js';

/**
 * FindingKind names every kind of finding check produces: derived from the
 * finding types themselves (plus map growth, which the maps section reports),
 * so a finding type with a new kind has no entry below and does not compile.
 */
export type FindingKind = SiteFinding['kind'] | MapPointerFinding['kind'] | 'map-growth' | AssertionFindingKind | ChangeFindingKind;

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

/** verdictInfo explains each verdict in one line for renderers. */
export const verdictInfo: Readonly<Record<Verdict, { readonly label: string; readonly meaning: string }>> = {
  confirmed: { label: 'confirmed', meaning: 'the evidence shows the suspected cost' },
  refuted: { label: 'refuted', meaning: 'the evidence shows no such cost' },
  'not-measurable': { label: 'not measurable', meaning: 'the evidence is missing or contradicts itself' },
};
