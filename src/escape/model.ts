// model.ts holds heapsight's typed model of compiler evidence: escape
// decisions with their explanation flow, inlining decisions and the runtime
// allocation calls a function really makes. Built once, never mutated.
import type { CauseKind } from './escape-cause.js';

/**
 * SourcePos is a compiler position. Invariant: line is 1-based and column is a
 * 1-based UTF-8 byte offset — the compiler's convention in both -m text and
 * -json output (not LSP's 0-based UTF-16, despite the LSP-shaped JSON).
 */
export interface SourcePos {
  /** Absolute path (as the compiler saw it; relative only when a pasted log gave no base). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** EscapeKind is the compiler's decision for one site. */
export type EscapeKind =
  | 'moved-to-heap'
  | 'escapes-to-heap'
  | 'leaking-param'
  | 'leaking-param-content'
  | 'leaks-to-result'
  | 'does-not-escape';

/** ESCAPE_KINDS lists every kind with whether it means a heap allocation at that site. */
export const ESCAPE_KINDS: Readonly<Record<EscapeKind, { readonly title: string; readonly allocates: boolean }>> = {
  'moved-to-heap': { title: 'moved to heap', allocates: true },
  'escapes-to-heap': { title: 'escapes to heap', allocates: true },
  // A leaking parameter allocates nothing itself; it makes callers' arguments escape.
  'leaking-param': { title: 'leaking param', allocates: false },
  'leaking-param-content': { title: 'leaking param content', allocates: false },
  'leaks-to-result': { title: 'leaks to result', allocates: false },
  'does-not-escape': { title: 'does not escape', allocates: false },
};

/** FlowStep is one line of the compiler's explanation ("flow: {heap} ← &x:" or "from &x (address-of)"). */
export interface FlowStep {
  /** Innermost position of the step (inside an inlined callee when the step happened there). */
  readonly pos: SourcePos | null;
  /** The raw text, trimmed, as the compiler printed it. */
  readonly text: string;
  /** The note in parentheses for "from" steps ('address-of', 'assign', 'call parameter', ...); null for "flow:" headers. */
  readonly reason: string | null;
}

/** CauseStep cites one step of a site's own flow: its index in EscapeSite.flow and its reason (null for a "flow:" header). */
export interface CauseStep {
  readonly stepIndex: number;
  readonly reason: string | null;
}

/**
 * BoxEvidence is what shows that a site's storage is the box of an interface
 * conversion. The site's own flow never shows it: the compiler notes
 * "interface-converted" on the operand flowing into the box, not on the box
 * (cmd/compile/internal/escape/expr.go, OCONVIFACE). So it is either the -S
 * listing (a runtime.convT* call on the site's line, and no other allocation
 * call there), or another site's flow storing into "{storage for E}" with an
 * "interface-converted" step on E at the site's position.
 */
export type BoxEvidence =
  | { readonly source: 'runtime-call'; readonly call: string; readonly file: string; readonly line: number }
  | { readonly source: 'flow'; readonly pos: SourcePos; readonly subject: string; readonly stepIndex: number };

/**
 * StoryAt is a position a story cites: a line of the site's own file, or, in
 * another file (an inlined callee), that file's base name and line.
 */
export interface StoryAt {
  readonly line: number;
  readonly file?: string;
}

/** BoxSink is where a boxed value goes after its conversion to an interface. */
export type BoxSink =
  | { readonly to: 'callee'; readonly callee: string | null; readonly at: StoryAt | null }
  | { readonly to: 'returned'; readonly at: StoryAt | null }
  | { readonly to: 'allocation'; readonly into: string; readonly at: StoryAt | null }
  | { readonly to: 'stored'; readonly expr: string; readonly at: StoryAt | null }
  | { readonly to: 'result' }
  | { readonly to: 'unknown' };

/** StoryTail is what happens next to what the site is stored in: the function returns it, or it escapes itself. */
export type StoryTail = 'returned' | 'escapes' | null;

/**
 * StoryWhy is the reason a story tells, with the values it cites: the
 * compiler's expressions (verbatim, as the compiler printed them), callees and
 * positions. Sentences are composed from it in render/cause-words.ts, per
 * language; `address` says the site's address (not its value) goes there.
 */
export type StoryWhy =
  | { readonly why: 'stays-on-stack' }
  | { readonly why: 'flow-skipped' }
  | { readonly why: 'no-flow' }
  | { readonly why: 'too-large'; readonly at: StoryAt | null }
  | { readonly why: 'non-constant-size'; readonly at: StoryAt | null }
  | { readonly why: 'closure-capture'; readonly byReference: boolean; readonly at: StoryAt | null }
  | { readonly why: 'boxed'; readonly at: StoryAt | null; readonly call: string | null; readonly then: BoxSink }
  | { readonly why: 'sent'; readonly expr: string; readonly at: StoryAt | null }
  | { readonly why: 'map-key'; readonly expr: string; readonly at: StoryAt | null }
  | { readonly why: 'map-literal'; readonly address: boolean; readonly expr: string; readonly at: StoryAt | null }
  | { readonly why: 'element'; readonly address: boolean; readonly expr: string; readonly at: StoryAt | null }
  | { readonly why: 'appended'; readonly address: boolean; readonly expr: string; readonly at: StoryAt | null }
  | { readonly why: 'leaky-callee'; readonly address: boolean; readonly callee: string | null; readonly at: StoryAt | null }
  | { readonly why: 'returned'; readonly address: boolean; readonly at: StoryAt | null }
  | { readonly why: 'assigned-to-result'; readonly address: boolean; readonly result: string | null; readonly at: StoryAt | null; readonly tail: StoryTail }
  | { readonly why: 'assigned-to-global'; readonly address: boolean; readonly expr: string; readonly at: StoryAt | null }
  | { readonly why: 'address-stored'; readonly target: string | null; readonly at: StoryAt | null; readonly tail: StoryTail }
  | { readonly why: 'stored-in-allocation'; readonly into: string; readonly inBox: boolean; readonly at: StoryAt | null }
  | { readonly why: 'raw-flow'; readonly steps: readonly string[] };

/** StoryWhyKind names every reason a story can tell. */
export type StoryWhyKind = StoryWhy['why'];

/**
 * CauseStory is a cause as a typed record: the decision (kind and subject),
 * the function (short name; null when unknown), the reason with the values it
 * cites, a conversion to an interface on the way that boxes nothing, and the
 * story of the allocation the site is stored in when that one was found.
 */
export interface CauseStory {
  readonly kind: EscapeKind;
  readonly subject: string;
  readonly fn: string | null;
  readonly why: StoryWhy;
  /** Where the value is converted to an interface that needs no box (a pointer or an interface); absent when none is. */
  readonly unboxed?: { readonly at: StoryAt | null };
  /** The story of the allocation it is stored in ("which itself escapes: …"). */
  readonly then?: CauseStory;
}

/** NoteCall is a call site a note cites: the calling function (null when unknown), the call's file base name and line. */
export interface NoteCall {
  readonly caller: string | null;
  readonly file: string;
  readonly line: number;
}

/**
 * SiteNote is a remark on a decision, with the values it cites (render/ words
 * it): the compiler truncated the explanation (an assignment cycle); the site
 * escapes in its function's own body but stays on the stack where it is
 * inlined (golang/go#32850), or the reverse; a copy inlined from a function
 * that escapes in its own body too.
 */
export type SiteNote =
  | { readonly kind: 'truncated' }
  | { readonly kind: 'stays-where-inlined'; readonly subject: string; readonly fn: string; readonly into: readonly NoteCall[] }
  | { readonly kind: 'escapes-only-inlined'; readonly subject: string; readonly fn: string; readonly into: NoteCall }
  | { readonly kind: 'inlined-from'; readonly fn: string; readonly at: NoteCall };

/** CauseNote is a cause as reports carry it: its kind and its story; renderers word both. */
export interface CauseNote {
  readonly kind: CauseKind;
  readonly story: CauseStory;
}

/** EscapeCause is the classified reason a site escapes, as a typed record (render/cause-words.ts words it). */
export interface EscapeCause {
  readonly kind: CauseKind;
  /** The story: the decision, the reason with the lines and expressions it cites, and the sink. */
  readonly story: CauseStory;
  /**
   * steps are the steps of the site's own flow the cause rests on, the
   * deciding one first (its reason is one of CAUSES[kind].decidedBy). Empty
   * for stays-on-stack (the decision alone), unexplained (no flow read) and
   * raw-flow (no step recognised).
   */
  readonly steps: readonly CauseStep[];
  /** For interface-conversion: what shows the site's storage is an interface box. */
  readonly box?: BoxEvidence;
  /** When the flow ends in another allocation the site is stored in: its subject, and its cause kind when its site was found. */
  readonly via?: { readonly subject: string; readonly kind?: CauseKind };
}

/** EscapeSite is one escape decision. */
export interface EscapeSite {
  /** Innermost position: where pprof attributes the allocation. */
  readonly pos: SourcePos;
  /** Call sites this code was inlined at, outermost first; empty when not inlined. */
  readonly inlinedAt: readonly SourcePos[];
  /** pprof-style name of the function the compiler was compiling (e.g. main.processWithMapPtr); '' when unknown. */
  readonly function: string;
  readonly kind: EscapeKind;
  /** The variable or expression ("m", "&Registry{...}", "make([]int, n)"). */
  readonly subject: string;
  /** The compiler's message, normalized to the -m wording ("moved to heap: m"). */
  readonly message: string;
  readonly cause: EscapeCause;
  readonly flow: readonly FlowStep[];
  /** Extra remarks as typed records, e.g. the inlined-versus-own-body difference (golang/go#32850). */
  readonly notes: readonly SiteNote[];
}

/** InlineDecision is a can-inline / cannot-inline verdict on a function, or one inlined call. */
export interface InlineDecision {
  readonly pos: SourcePos;
  /** For can/cannot-inline: the function; for inlined-call: the callee (as the compiler prints it). */
  readonly function: string;
  readonly kind: 'can-inline' | 'cannot-inline' | 'inlined-call';
  readonly cost?: number;
  readonly reason?: string;
  /** For inlined-call: the pprof-style name of the function the call sits in, when known. */
  readonly caller?: string;
}

/** RuntimeCall is a call into a runtime allocation function found in -S output. */
export interface RuntimeCall {
  /** Innermost file and line of the CALL instruction (inlined callees keep their own position). */
  readonly file: string;
  readonly line: number;
  /** pprof-style name of the compiled function (the -S symbol) that contains the call. */
  readonly function: string;
  /** e.g. 'runtime.growslice' */
  readonly call: string;
  /** Plain words: 'append grows the slice'. */
  readonly reason: string;
  /** The -S symbol the instruction is in, when it differs from function (the call was inlined into it). */
  readonly compiledIn?: string;
}

/** PackageRef names one target package. */
export interface PackageRef {
  readonly importPath: string;
  readonly dir: string;
}

/** CompilerEvidence is everything the compiler said about the target packages. */
export interface CompilerEvidence {
  readonly goVersion: string;
  readonly packages: readonly PackageRef[];
  readonly sites: readonly EscapeSite[];
  readonly inlining: readonly InlineDecision[];
  readonly runtimeCalls: readonly RuntimeCall[];
  /**
   * Files compiled with -json only, their -m=2/-S text not read (check
   * leaves the _test.go files' text out unless --tests): their decisions are
   * the heap decisions and leaks -json records, with no "does not escape",
   * no inlined calls and no runtime calls, because none were read, not
   * because there are none. Nor are those of generic code instantiated
   * there only. Absent: every compiled file's text was read.
   */
  readonly textLeftOut?: readonly string[];
  readonly warnings: readonly string[];
}

/** posKey is the join key file:line:col. */
export function posKey(p: SourcePos): string {
  return `${p.file}:${p.line}:${p.column}`;
}

/** formatPos prints file:line:col (or file:line when column is 0). */
export function formatPos(p: SourcePos): string {
  return p.column > 0 ? `${p.file}:${p.line}:${p.column}` : `${p.file}:${p.line}`;
}

/** mergeEvidence puts two builds' evidence side by side (the targets' and their dependencies'; no site belongs to both builds' own files). */
export function mergeEvidence(a: CompilerEvidence, b: CompilerEvidence): CompilerEvidence {
  return {
    goVersion: a.goVersion,
    packages: [...a.packages, ...b.packages.filter((p) => !a.packages.some((q) => q.importPath === p.importPath))],
    sites: [...a.sites, ...b.sites],
    inlining: [...a.inlining, ...b.inlining],
    runtimeCalls: [...a.runtimeCalls, ...b.runtimeCalls],
    ...(a.textLeftOut || b.textLeftOut ? { textLeftOut: [...new Set([...(a.textLeftOut ?? []), ...(b.textLeftOut ?? [])])] } : {}),
    warnings: [...a.warnings, ...b.warnings],
  };
}
