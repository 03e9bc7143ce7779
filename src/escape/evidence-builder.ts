// evidence-builder.ts joins what one build said — the -json files, the -m=2
// text and the -S runtime calls — into one CompilerEvidence. Pure: all input
// is passed in, including a source reader for function spans.
//
// Join rules (checked on go1.26.8):
// - Every heap decision has a text line ("moved to heap: x", "X escapes to
//   heap", "leaking param: p", …) at the OUTERMOST position; "does not escape"
//   exists only in text.
// - JSON has the same decisions at the same outermost position plus the
//   inline chain (innermost last) and the flow with per-step inline positions.
//   A non-name that escapes has an explained record and an empty twin; a name
//   that moves to the heap only the explained record (escape/escape.go).
import { ESCAPE_KINDS, posKey, type BoxEvidence, type CompilerEvidence, type EscapeKind, type EscapeSite, type FlowStep, type InlineDecision, type PackageRef, type NoteCall, type RuntimeCall, type SiteNote, type SourcePos } from './model.js';
import { scanCompilerJsonBytes, type CompilerJsonFile, type CompilerJsonHeader, type JsonDiagnostic, type JsonFlowEntry } from './compiler-json.js';
import type { EscapeLog, LogExplanation } from './escape-log.js';
import { boxedConversions, classifyCause, finalSink, isHeapSink, type CauseKind, type CauseVerdict } from './escape-cause.js';
import { innermostSpan, type FuncSpan } from '../go-func-spans.js';
import { flat } from '../flat-string.js';
import { guessPackageName, lastComponent, lastPathElement, localName, splitSymbol } from '../go-symbol.js';

/** BuildInputs is everything buildEvidence joins. */
export interface BuildInputs {
  readonly goVersion: string;
  readonly packages: readonly PackageRef[];
  /**
   * targetFiles maps each absolute .go file of the targets (test files included
   * when tests were built) to what pprof prefixes its functions with: the
   * import path, "main", or "path_test" for external test files.
   */
  readonly targetFiles: ReadonlyMap<string, string>;
  readonly json: JsonEvidence;
  readonly log: EscapeLog | null;
  readonly runtimeCalls: readonly RuntimeCall[];
  /**
   * Files the log does not cover, though compiled with -json (the test files
   * when a companion build printed the packages' own text): their decisions
   * are the JSON drafts whose outermost position is in one of them. Default: none.
   */
  readonly jsonOnlyFiles?: ReadonlySet<string>;
  /** Returns the function spans of a source file, or null when it cannot be read. */
  readonly spansOf: (file: string) => readonly FuncSpan[] | null;
  /** Qualifier for files outside the targets (GOROOT packages), or null. */
  readonly qualifierOf: (file: string) => string | null;
  /** Keep every file's evidence (all=), not only the targets' own files. */
  readonly allFiles: boolean;
  readonly warnings: readonly string[];
}

/**
 * Draft is one decision on its way to an EscapeSite. Each step of
 * buildEvidence returns new drafts (a changed kind, position or note is a
 * copy); only JsonEvidence fills in `verdict`, its cache, before it hands
 * its drafts on in finish().
 */
interface Draft {
  readonly pos: SourcePos;
  readonly outer: SourcePos;
  readonly inlinedAt: readonly SourcePos[];
  readonly kind: EscapeKind;
  readonly subject: string;
  readonly message: string;
  readonly textFunc: string | null;
  readonly pkgQualifier: string | null;
  readonly flow: FlowStep[] | PackedFlow;
  readonly sink: string | null;
  /** For leaks from -json: the record's derefs (0: the pointer itself, 1+: what it points to). */
  readonly derefs?: number;
  readonly notes: readonly SiteNote[];
  /** True when the record's flow was deliberately left unread (a leak, with JsonContext.detail 'heap'). */
  readonly flowUnread?: boolean;
  /** The function at pos (funcAt(pos, pkgQualifier)), resolved while the build ran; valid while pos is unchanged. */
  readonly fn?: string;
  /** The cause classified while the build ran, and what it was classified with (see classifyDraft). */
  verdict?: CachedVerdict;
}

/** Named is a draft with the pprof-style name of its function ('' when unknown). */
interface Named {
  readonly d: Draft;
  readonly fn: string;
}

/**
 * CachedVerdict is a cause classified with no heap variables and no box
 * evidence known; it holds while kind, function and sink are the same,
 * sinkName is not a heap variable and no evidence shows the site is a box.
 */
interface CachedVerdict {
  readonly v: CauseVerdict;
  readonly kind: EscapeKind;
  readonly shortFn: string;
  readonly sink: string | null;
  /** The sink classifyCause looked up in heapVars. */
  readonly sinkName: string | null;
}

// The sink is a name ("~r0") or braced ("{heap}", "{storage for &T{...}}", which holds spaces and braces).
const leakRe = /^parameter (.+?) leaks to (\{.*\}|\S+) with derefs=(-?\d+)$/;
const escapeMsgRe = /^(.+) escapes to heap$/;

function leakKind(sink: string, derefs: number): EscapeKind {
  if (isHeapSink(sink)) return derefs > 0 ? 'leaking-param-content' : 'leaking-param';
  return 'leaks-to-result';
}

function message(kind: EscapeKind, subject: string, sink: string | null): string {
  switch (kind) {
    case 'moved-to-heap':
      return `moved to heap: ${subject}`;
    case 'escapes-to-heap':
      return `${subject} escapes to heap`;
    case 'leaking-param':
      return `leaking param: ${subject}`;
    case 'leaking-param-content':
      return `leaking param content: ${subject}`;
    case 'leaks-to-result':
      return `leaking param: ${subject} to result ${sink ?? '~r0'}`;
    case 'does-not-escape':
      return `${subject} does not escape`;
  }
}

/** chainKey is the join key of a position with its inline chain (second-outermost … innermost). */
function chainKey(outer: SourcePos, inline: readonly SourcePos[]): string {
  let k = posKey(outer);
  for (const p of inline) k += `|${posKey(p)}`;
  return k;
}

/** FileTable numbers the files of flow positions (a few thousand paths on std, ~10^6 steps). */
class FileTable {
  readonly paths: string[] = [];
  private readonly ids = new Map<string, number>();
  id(path: string): number {
    let i = this.ids.get(path);
    if (i === undefined) {
      this.ids.set(path, (i = this.paths.length));
      this.paths.push(path);
    }
    return i;
  }
}

/**
 * PackedFlow is a JSON record's flow kept compact until someone reads it: the
 * step texts as one string and the innermost positions as numbers. A whole-std
 * build has ~10^6 steps; as FlowStep objects with their own strings they were
 * the largest part of the heap and of the GC's marking work.
 */
class PackedFlow {
  constructor(
    /** Step texts joined by "\n" (a step text never holds one: the compiler prints one line per step), arrows as ARROW_MARK when arrowMarked. */
    private readonly texts: string,
    private readonly arrowMarked: boolean,
    /** [file id, line, column] per step. */
    private readonly positions: Int32Array,
    private readonly files: FileTable,
    private readonly reasons: Map<string, string>,
  ) {}

  get length(): number {
    return this.positions.length / 3;
  }

  /** mentions says whether some step's text holds s (without building the steps). */
  mentions(s: string): boolean {
    return this.texts.includes(s);
  }

  /** steps builds the FlowStep objects (fresh ones each call). */
  steps(): FlowStep[] {
    const texts = (this.arrowMarked ? this.texts.replaceAll(ARROW_MARK, '\u2190') : this.texts).split('\n');
    const out: FlowStep[] = [];
    let prev: SourcePos | null = null;
    for (let k = 0; k < texts.length; k++) {
      const file = this.files.paths[this.positions[3 * k]!]!;
      const line = this.positions[3 * k + 1]!;
      const column = this.positions[3 * k + 2]!;
      const pos: SourcePos = prev !== null && prev.file === file && prev.line === line && prev.column === column ? prev : { file, line, column };
      prev = pos;
      out.push({ pos, text: texts[k]!, reason: stepReason(texts[k]!, this.reasons) });
    }
    return out;
  }
}

/** NOT_INLINED is the inline chain of every site that was not inlined (most of them), shared. */
const NOT_INLINED: readonly SourcePos[] = Object.freeze([]);

/**
 * ARROW_MARK stands for "←" in packed flow texts. Every go1.26 "flow:" header
 * holds that arrow, which alone makes V8 store the whole joined text with two
 * bytes per character; with the mark it is one byte (~10 MB less on std).
 */
const ARROW_MARK = '\u0001';

function stepReason(text: string, reasons: Map<string, string>): string | null {
  const rm = /^from .* \(([^()]*)\)$/.exec(text);
  if (!rm) return null;
  // Reasons are a few dozen strings repeated ~10^6 times on std: share them.
  let reason = reasons.get(rm[1]!);
  if (reason === undefined) reasons.set(rm[1]!, (reason = rm[1]!));
  return reason;
}

/**
 * withLazyFlow makes a site whose flow is packed build its FlowSteps on each
 * read of `flow` (the report of a whole-std build reads a flow once, if at
 * all). Declared at module level so the accessor holds the flow only, not
 * buildEvidence's scope, which reaches every intermediate map of the join.
 */
function withLazyFlow(site: EscapeSite, flow: FlowStep[] | PackedFlow): EscapeSite {
  if (!(flow instanceof PackedFlow)) return site;
  // A getter in the literal keeps the object in V8's fast mode; defineProperty
  // on a built object turned each of std's ~4·10^4 sites into a hash table.
  return {
    pos: site.pos,
    inlinedAt: site.inlinedAt,
    function: site.function,
    kind: site.kind,
    subject: site.subject,
    message: site.message,
    cause: site.cause,
    get flow(): FlowStep[] {
      return flow.steps();
    },
    notes: site.notes,
  };
}

function flowSteps(flow: FlowStep[] | PackedFlow): FlowStep[] {
  return flow instanceof PackedFlow ? flow.steps() : flow;
}

/** mentionsConversion says whether a flow has an "interface-converted" step, reading a packed flow's text only. */
function mentionsConversion(flow: FlowStep[] | PackedFlow): boolean {
  return flow instanceof PackedFlow ? flow.mentions('(interface-converted)') : flow.some((s) => s.reason === 'interface-converted');
}

/**
 * isBoxingCall: the runtime calls that make an interface's box
 * (runtime/iface.go). mapassign* (map growth) is listed among the allocating
 * calls but is never an escape site's storage, so it does not compete.
 */
function isBoxingCall(call: string): boolean {
  return call.startsWith('runtime.convT');
}

/**
 * boxEvidenceFinder returns, per site, what shows that its storage is an
 * interface box: another site's flow storing into "{storage for E}" through
 * an "interface-converted" step on E at the site's position; else the -S
 * listing, when every allocation call on the site's line makes a box (a line
 * that also calls newobject or stringtoslicebyte could hold either). The
 * classifier uses it only for a site whose flow starts with its own storage.
 */
function boxEvidenceFinder(sites: readonly Draft[], runtimeCalls: readonly RuntimeCall[]): (d: Draft) => BoxEvidence | null {
  const byFlow = new Map<string, { holder: Draft; stepIndex: number }[]>();
  for (const d of sites) {
    if (!mentionsConversion(d.flow)) continue;
    for (const b of boxedConversions(flowSteps(d.flow))) {
      if (b.pos === null) continue;
      const k = `${posKey(b.pos)}\u0000${b.subject}`;
      const list = byFlow.get(k);
      if (list) list.push({ holder: d, stepIndex: b.stepIndex });
      else byFlow.set(k, [{ holder: d, stepIndex: b.stepIndex }]);
    }
  }
  const callsAt = new Map<string, Set<string>>();
  for (const c of runtimeCalls) {
    if (c.call.startsWith('runtime.mapassign')) continue;
    const k = `${c.file}:${c.line}`;
    const set = callsAt.get(k);
    if (set) set.add(c.call);
    else callsAt.set(k, new Set([c.call]));
  }
  return (d) => {
    const f = byFlow.get(`${posKey(d.pos)}\u0000${d.subject}`)?.find((b) => b.holder !== d);
    if (f) return { source: 'flow', pos: f.holder.pos, subject: f.holder.subject, stepIndex: f.stepIndex };
    const calls = callsAt.get(`${d.pos.file}:${d.pos.line}`);
    if (calls === undefined || ![...calls].every(isBoxingCall)) return null;
    return { source: 'runtime-call', call: [...calls].sort()[0]!, file: d.pos.file, line: d.pos.line };
  };
}

function jsonFlow(entries: readonly JsonFlowEntry[], files: FileTable, reasons: Map<string, string>): FlowStep[] | PackedFlow {
  // Packed, no steps would read back as one empty step ("".split gives [""]).
  if (entries.length === 0) return [];
  if (entries.some((e) => e.text.includes('\n'))) {
    return entries.map((e) => ({ pos: e.inline.length > 0 ? e.inline[e.inline.length - 1]! : e.pos, text: e.text, reason: stepReason(e.text, reasons) }));
  }
  const positions = new Int32Array(entries.length * 3);
  entries.forEach((e, k) => {
    const inner = e.inline.length > 0 ? e.inline[e.inline.length - 1]! : e.pos;
    positions[3 * k] = files.id(inner.file);
    positions[3 * k + 1] = inner.line;
    positions[3 * k + 2] = inner.column;
  });
  const joined = entries.map((e) => e.text).join('\n');
  const mark = !joined.includes(ARROW_MARK) && joined.includes('\u2190');
  return new PackedFlow(flat(mark ? joined.replaceAll('\u2190', ARROW_MARK) : joined), mark, positions, files, reasons);
}

/**
 * JsonContext lets JsonEvidence do part of the join while the build runs:
 * name each site's function and classify its cause as its file arrives, so
 * that little is left when the last package compiles. It must be the same
 * sources and qualifiers buildEvidence is given.
 */
export interface JsonContext {
  readonly targetFiles: ReadonlyMap<string, string>;
  readonly spansOf: (file: string) => readonly FuncSpan[] | null;
  readonly qualifierOf: (file: string) => string | null;
  /**
   * What to read. 'all' (the default): everything. 'heap': what a report of
   * heap allocations shows. On a whole-std build the leak records are 224 of
   * 289 MB of -json (a leak's flow follows the parameter through every
   * callee), and such a report prints neither them nor can/cannot-inline
   * verdicts: 'heap' keeps each leak's decision without its flow (its cause
   * says so) and skips the inlining verdicts.
   */
  readonly detail?: EvidenceDetail;
}

/** EvidenceDetail: 'all' reads every record; 'heap' only what a report of heap allocations shows (see JsonContext.detail). */
export type EvidenceDetail = 'all' | 'heap';

/** HEAP_CODES are the codes read with detail 'heap'. */
const HEAP_CODES: ReadonlySet<string> = new Set(['escape', 'escapes', 'leak']);

interface OriginEntry {
  /** This file's drafts and their keys in JsonEvidence.sites, index by index. */
  draftKeys: string[];
  drafts: Draft[];
  /** This file's escape-family drafts with their flows, classified in end() once the file's empty twins are known. */
  pending: [Draft, FlowStep[]][];
  twins: string[];
  /** Raw inlining records (no JsonContext), resolved by buildEvidence. */
  inline: { d: JsonDiagnostic; qualifier: string }[];
  /** Inlining decisions resolved as the file arrived (with a JsonContext). */
  decisions: InlineDecision[];
  warnings: string[];
}

/**
 * JsonEvidence accumulates -json files one at a time, keeping only what the
 * join needs (drafts with packed flows), so a whole-std build never holds all
 * of its parsed JSON at once.
 */
export class JsonEvidence {
  private readonly sites = new Map<string, Draft[]>();
  /** Empty-twin counts per position (a count, not a set, so a file can be taken back out). */
  private readonly emptyTwins = new Map<string, number>();
  private readonly byOrigin = new Map<string, OriginEntry>();
  private readonly reasons = new Map<string, string>();
  private readonly files = new FileTable();

  private readonly heapOnly: boolean;
  /** Names functions as buildEvidence will, when a context gives the sources. */
  private readonly names: Namer | null;

  constructor(
    private readonly keepFile: (file: string) => boolean,
    private readonly context?: JsonContext,
  ) {
    this.heapOnly = context?.detail === 'heap';
    this.names = context ? namer(context) : null;
  }

  /** warnings of every file added. */
  get warnings(): string[] {
    return [...this.byOrigin.values()].flatMap((o) => o.warnings);
  }

  /**
   * add takes one parsed file (named by origin); its records are converted and
   * the file can be dropped. Adding an origin again replaces its earlier
   * contribution (a file read while the compiler was still writing it).
   */
  add(origin: string, file: CompilerJsonFile): void {
    const mine = this.begin(origin, [...file.warnings]);
    if (!file.header) return;
    for (const d of file.records) this.record(mine, file.header, d);
    this.end(mine);
  }

  /** addBytes is add on a file's bytes, converting each record as it is read (no array of the file's records); returns the file's header. */
  addBytes(origin: string, bytes: Uint8Array): CompilerJsonHeader | null {
    const mine = this.begin(origin, []);
    let header: CompilerJsonHeader | null = null;
    const r = scanCompilerJsonBytes(
      bytes,
      origin,
      (d) => {
        if (header) this.record(mine, header, d);
      },
      (h) => (header = h),
      // A record record() would drop as a duplicate needs no flow (a fifth of std's steps), nor a leak when leak flows are not wanted.
      (code, message, pos) => !(code === 'leak' && this.heapOnly) && !(header !== null && this.keepFile(pos.file) && this.isDuplicate(code, message, posKey(pos))),
      this.heapOnly ? HEAP_CODES : undefined,
    );
    // The reader's warnings first, then the records' (as add orders them).
    mine.warnings = [...r.warnings, ...mine.warnings];
    if (r.header) this.end(mine);
    return r.header;
  }

  private begin(origin: string, warnings: string[]): OriginEntry {
    this.remove(origin);
    const mine: OriginEntry = { draftKeys: [], drafts: [], pending: [], twins: [], inline: [], decisions: [], warnings };
    this.byOrigin.set(origin, mine);
    return mine;
  }

  /** isDuplicate says whether record() would drop a record with this code and message at key as a repeat. */
  private isDuplicate(code: string, message: string, key: string): boolean {
    const list = this.sites.get(key);
    if (!list) return false;
    let m: RegExpExecArray | null;
    if ((code === 'escape' || code === 'escapes') && (m = escapeMsgRe.exec(message))) {
      const subject = m[1]!;
      return list.some((x) => x.kind === 'moved-to-heap' && x.subject === subject && x.sink === null);
    }
    if (code === 'leak' && (m = leakRe.exec(message))) return decided(list, leakKind(m[2]!, Number(m[3])), m[1]!, m[2]!);
    return false;
  }

  private record(mine: OriginEntry, header: CompilerJsonHeader, d: JsonDiagnostic): void {
    if (!this.keepFile(d.pos.file)) return;
    const qualifier = header.package;
    if (d.code === 'canInlineFunction' || d.code === 'cannotInlineFunction' || d.code === 'cannotInlineCall') {
      if (!this.context) mine.inline.push({ d, qualifier });
      else {
        const decision = inlineDecision(d, this.context.spansOf);
        if (decision) mine.decisions.push(decision);
      }
      return;
    }
    // Kept as a map key for the whole build (~10^5 on std): flat, not a cons string.
    const key = flat(posKey(d.pos));
    if (d.code === 'escape' && d.message === '') {
      // Keyed by the whole inline chain: code inlined at one call site shares
      // its outermost position ("c" and "func literal" of an inlined
      // constructor both sit at the call), so the position alone would turn
      // "moved to heap: c" into "escapes to heap" and break the text join.
      const twin = flat(chainKey(d.pos, d.inline));
      this.emptyTwins.set(twin, (this.emptyTwins.get(twin) ?? 0) + 1);
      mine.twins.push(twin);
      return;
    }
    const inner = d.inline.length > 0 ? d.inline[d.inline.length - 1]! : d.pos;
    const inlinedAt = d.inline.length > 0 ? [d.pos, ...d.inline.slice(0, -1)] : NOT_INLINED;
    let m: RegExpExecArray | null;
    let kind: EscapeKind;
    let sink: string | null = null;
    let derefs: number | undefined;
    if ((d.code === 'escape' || d.code === 'escapes') && (m = escapeMsgRe.exec(d.message))) {
      kind = 'moved-to-heap'; // settled in finish(), once all empty twins are known
    } else if (d.code === 'leak' && (m = leakRe.exec(d.message))) {
      kind = leakKind(m[2]!, Number(m[3]));
      sink = m[2]!;
      derefs = Number(m[3]);
    } else {
      mine.warnings.push(`${d.pos.file}:${d.pos.line}: compiler ${d.code} record of an unknown shape kept out: ${JSON.stringify(d.message)}`);
      return;
    }
    const subject = m[1]!;
    const list = this.sites.get(key);
    // Dedupe: the same package compiled twice (p and p [p.test]) repeats every record.
    if (list && decided(list, kind, subject, sink)) return;
    const draft: Draft = {
      pos: inner,
      outer: d.pos,
      inlinedAt,
      textFunc: null,
      pkgQualifier: qualifier,
      flow: jsonFlow(d.flow, this.files, this.reasons),
      notes: NO_NOTES,
      kind,
      subject,
      message: '',
      sink,
      ...(derefs !== undefined ? { derefs } : {}),
      ...(d.code === 'leak' && this.heapOnly ? { flowUnread: true } : {}),
      // Named now, while the compiler runs (and classified below, from the flow in hand).
      ...(this.names ? { fn: this.names.funcAt(inner, qualifier) } : {}),
    };
    if (this.context) {
      // Heap kinds wait for end(): the empty twin may come later in the file.
      const steps = d.flow.map((e) => jsonStep(e, this.reasons));
      if (kind === 'moved-to-heap') mine.pending.push([draft, steps]);
      else draft.verdict = classifyDraft(draft, steps);
    }
    if (list) list.push(draft);
    else this.sites.set(key, [draft]);
    mine.draftKeys.push(key);
    mine.drafts.push(draft);
  }

  /**
   * end classifies one file's heap drafts with the kind the empty twins known
   * so far give; finish() settles the kind for good, and buildEvidence
   * reclassifies a draft whose kind changed (a twin in a later file).
   */
  private end(mine: OriginEntry): void {
    for (const [d, steps] of mine.pending) d.verdict = classifyDraft(this.hasTwin(d) ? { ...d, kind: 'escapes-to-heap' } : d, steps);
    mine.pending = [];
  }

  private hasTwin(d: Draft): boolean {
    const twin = d.inlinedAt.length > 0 ? chainKey(d.inlinedAt[0]!, [...d.inlinedAt.slice(1), d.pos]) : posKey(d.pos);
    return (this.emptyTwins.get(twin) ?? 0) > 0;
  }

  private remove(origin: string): void {
    const old = this.byOrigin.get(origin);
    if (!old) return;
    for (let k = 0; k < old.drafts.length; k++) {
      const key = old.draftKeys[k]!;
      const draft = old.drafts[k]!;
      const list = this.sites.get(key)?.filter((x) => x !== draft) ?? [];
      if (list.length > 0) this.sites.set(key, list);
      else this.sites.delete(key);
    }
    for (const key of old.twins) this.emptyTwins.set(key, (this.emptyTwins.get(key) ?? 1) - 1);
    this.byOrigin.delete(origin);
  }

  /**
   * finish settles moved-to-heap versus escapes-to-heap (a draft with an
   * empty twin escapes; the settled one is a copy) and hands the drafts over.
   * Nothing is added after it.
   */
  finish(): JsonDrafts {
    const sites = new Map<string, readonly Draft[]>();
    for (const [key, list] of this.sites) {
      const settled = list.some((d) => d.kind === 'moved-to-heap' && this.hasTwin(d));
      sites.set(key, settled ? list.map((d): Draft => (d.kind === 'moved-to-heap' && this.hasTwin(d) ? { ...d, kind: 'escapes-to-heap' } : d)) : list);
    }
    const origins = [...this.byOrigin.values()];
    return { sites, inline: origins.flatMap((o) => o.inline), decisions: origins.flatMap((o) => o.decisions) };
  }
}

/** JsonDrafts is what JsonEvidence hands to buildEvidence: drafts by outermost position, and the inlining records. */
interface JsonDrafts {
  readonly sites: ReadonlyMap<string, readonly Draft[]>;
  /** Raw inlining records (no JsonContext). */
  readonly inline: readonly { readonly d: JsonDiagnostic; readonly qualifier: string }[];
  /** Inlining decisions resolved as the files arrived (with a JsonContext). */
  readonly decisions: readonly InlineDecision[];
}

/** NO_NOTES is the notes of every draft that has none (most of them), shared. */
const NO_NOTES: readonly SiteNote[] = Object.freeze([]);

/** TRUNCATED is the note of a flow the compiler cut short (an assignment cycle, golang.org/issue/35518). */
const TRUNCATED: readonly SiteNote[] = Object.freeze([{ kind: 'truncated' }]);

/**
 * decided says whether list already holds the decision a record of this
 * kind, subject and sink would make. A heap leak (to {heap} or to the storage
 * of an escaping allocation) is one decision per parameter whatever its sink;
 * "leaking param" also covers a later "leaking param content".
 */
function decided(list: readonly Draft[], kind: EscapeKind, subject: string, sink: string | null): boolean {
  if (isHeapLeak(kind)) return list.some((x) => x.subject === subject && (x.kind === 'leaking-param' || x.kind === kind));
  return list.some((x) => x.kind === kind && x.subject === subject && x.sink === sink);
}

/** isHeapLeak: the kinds of a parameter leaking to the heap. */
function isHeapLeak(kind: EscapeKind): boolean {
  return kind === 'leaking-param' || kind === 'leaking-param-content';
}

/** isResultName says whether a leak's named sink is an unnamed result ("~r0", "pkg.~r1" when inlined). */
function isResultName(sink: string): boolean {
  return /(^|\.)~r\d+$/.test(sink);
}

/**
 * collapseHeapLeaks keeps one heap-leak decision per parameter (at one
 * position), as -m prints it: a parameter leaking to several sinks is
 * "leaking param" when any heap leak has derefs 0 (the compiler keeps the
 * least), else "leaking param content"; the first such record otherwise.
 */
function collapseHeapLeaks<T extends { d: Draft }>(named: readonly T[]): T[] {
  const best = new Map<string, T>();
  for (const x of named) {
    if (!isHeapLeak(x.d.kind)) continue;
    const k = `${posKey(x.d.pos)}\u0000${x.d.subject}`;
    const b = best.get(k);
    if (!b || (b.d.kind === 'leaking-param-content' && x.d.kind === 'leaking-param')) best.set(k, x);
  }
  return named.filter((x) => !isHeapLeak(x.d.kind) || best.get(`${posKey(x.d.pos)}\u0000${x.d.subject}`) === x);
}

/** jsonStep is a JSON flow entry as a FlowStep (innermost position). */
function jsonStep(e: JsonFlowEntry, reasons: Map<string, string>): FlowStep {
  return { pos: e.inline.length > 0 ? e.inline[e.inline.length - 1]! : e.pos, text: e.text, reason: stepReason(e.text, reasons) };
}



/** classifyDraft classifies a JSON draft as buildEvidence would when no local of its function is moved to the heap. */
function classifyDraft(d: Draft, flow: readonly FlowStep[]): CachedVerdict {
  const shortFn = d.fn === undefined || d.fn === '' ? (d.textFunc ?? '') : localName(d.fn);
  const v = classifyCause({ kind: d.kind, subject: d.subject, function: shortFn, flow, sink: d.sink, file: d.pos.file, heapVars: NO_HEAP_VARS, flowUnread: d.flowUnread ?? false });
  return { v, kind: d.kind, shortFn, sink: d.sink, sinkName: d.sink ?? finalSink(flow) };
}

const NO_HEAP_VARS: ReadonlySet<string> = new Set();

/** inlineDecision is a can-inline / cannot-inline record as an InlineDecision (null for cannotInlineCall, which is not modelled). */
function inlineDecision(d: JsonDiagnostic, spansOf: (file: string) => readonly FuncSpan[] | null): InlineDecision | null {
  if (d.code !== 'canInlineFunction' && d.code !== 'cannotInlineFunction') return null;
  const span = (spansOf(d.pos.file) ?? []).find((s) => s.nameLine === d.pos.line && s.nameColumn === d.pos.column);
  const fn = span ? span.name : '';
  if (d.code === 'canInlineFunction') {
    const cost = /cost: (\d+)/.exec(d.message);
    return { pos: d.pos, function: fn, kind: 'can-inline', ...(cost ? { cost: Number(cost[1]) } : {}) };
  }
  return { pos: d.pos, function: fn, kind: 'cannot-inline', reason: d.message };
}

/**
 * buildEvidence joins one build's outputs into CompilerEvidence, as named
 * steps that each return new values (no draft is changed once a step has
 * handed it on):
 *
 *   settled JSON drafts (finish)
 *   → decisions: the text's, each enriched with its JSON record (or JSON alone without a log)
 *   → attributeInward: text-only decisions inside inlined code at the callee's position
 *   → nameDrafts, dropGenericWrappers: the function of each, as pprof names it
 *   → withInlineNotes: inlined versus own body (golang/go#32850)
 *   → settleLeakKinds, collapseHeapLeaks: one heap-leak decision per parameter
 *   → explainSites: causes, with one hop through "{storage for E}"
 *   → nameRuntimeCalls
 */
export function buildEvidence(input: BuildInputs): CompilerEvidence {
  const names = namer(input);
  const json = input.json.finish();
  const warnings = [...input.warnings, ...input.json.warnings];
  const decisions =
    input.log !== null
      ? logDecisions(input.log, json, evidenceFileFilter(input.targetFiles, input.allFiles), input.spansOf, input.jsonOnlyFiles, input.targetFiles)
      : jsonDecisions(json, input.spansOf);
  const inlining = decisions.inlining.map((d) => (d.kind === 'inlined-call' ? { ...d, caller: names.funcAt(d.pos, null) } : d));
  const drafts = attributeInward(decisions.drafts, decisions.textOnly, decisions.inlining, (p) => names.funcAt(p, null));
  const named = withInlineNotes(dropGenericWrappers(nameDrafts(drafts, names), input.spansOf), inlining, names, {
    ownCompiled: (file) => input.targetFiles.has(file) || input.allFiles,
    fromLog: input.log !== null,
  });
  const heapVarsOf = heapVariables(named);
  const kept = collapseHeapLeaks(settleLeakKinds(named, heapVarsOf));
  const sites = explainSites(kept, named, heapVarsOf, input.runtimeCalls, names);
  return {
    goVersion: input.goVersion,
    packages: input.packages.map((p) => ({ importPath: p.importPath, dir: p.dir })),
    sites,
    inlining: inlining.sort(comparePos),
    runtimeCalls: nameRuntimeCalls(input.runtimeCalls, input.spansOf, names),
    warnings,
  };
}

/** Namer names the function at a position as pprof does, from the build's sources and qualifiers. */
interface Namer {
  /** qualify is what pprof prefixes a file's functions with (import path, "main", "path_test"), else the fallback. */
  qualify(file: string, fallbackQualifier: string | null): string | null;
  /** funcAt is the innermost function at p, qualified ('' when unknown). */
  funcAt(p: SourcePos, fallbackQualifier: string | null): string;
}

/** namer names functions from a build's target files, qualifiers for other files and source spans. */
function namer(input: Pick<BuildInputs, 'targetFiles' | 'qualifierOf' | 'spansOf'>): Namer {
  const qualify = (file: string, fallbackQualifier: string | null): string | null => input.targetFiles.get(file) ?? input.qualifierOf(file) ?? fallbackQualifier;
  return {
    qualify,
    funcAt: (p, fallbackQualifier) => {
      const span = innermostSpan(input.spansOf(p.file) ?? [], p.line, p.column);
      const q = qualify(p.file, fallbackQualifier);
      if (!span || q === null) return '';
      return `${q}.${span.name}`;
    },
  };
}

/** Decisions are the drafts of a build before naming, the text-only ones among them, and the inlining decisions. */
interface Decisions {
  readonly drafts: readonly Draft[];
  /** Text decisions with no JSON record ("does not escape" above all): positioned at the outermost call until attributeInward. */
  readonly textOnly: readonly Draft[];
  readonly inlining: readonly InlineDecision[];
}

/**
 * jsonDecisions: without a log, the JSON drafts are the decisions (not copied: their message is '', and the site takes message(kind, subject, sink)).
 * keepFile, when given, keeps the drafts compiled in those files (by outermost position) and the inlining decisions there.
 */
function jsonDecisions(json: JsonDrafts, spansOf: BuildInputs['spansOf'], keepFile?: (file: string) => boolean): Decisions {
  const drafts: Draft[] = [];
  for (const list of json.sites.values()) for (const d of list) if (!keepFile || keepFile(d.outer.file)) drafts.push(d);
  const inlining: InlineDecision[] = [];
  for (const { d } of json.inline) {
    const decision = inlineDecision(d, spansOf);
    if (decision && (!keepFile || keepFile(decision.pos.file))) inlining.push(decision);
  }
  for (const d of json.decisions) if (!keepFile || keepFile(d.pos.file)) inlining.push(d);
  return { drafts, textOnly: [], inlining };
}

/**
 * logDecisions: the text's decisions where the log covers the code, the
 * JSON's alone where it does not: in the jsonOnly files (compiled in a
 * build that printed no text), and at positions of the targets' other files
 * where the text decided nothing because its build did not compile that
 * code (a generic function only the test files instantiate). Other
 * packages' code is left to the text, as in a build that read it all (-m
 * says less than -json about generic code of other packages instantiated
 * here).
 */
function logDecisions(
  log: EscapeLog,
  json: JsonDrafts,
  keepFile: (file: string) => boolean,
  spansOf: BuildInputs['spansOf'],
  jsonOnly: ReadonlySet<string> | undefined,
  targetFiles: ReadonlyMap<string, string>,
): Decisions {
  if (!jsonOnly || jsonOnly.size === 0) return textDecisions(log, json, keepFile);
  const text = textDecisions(log, json, (f) => keepFile(f) && !jsonOnly.has(f));
  const decided = new Set<string>();
  for (const r of log.records) if (r.type === 'decision') decided.add(posKey(r.pos));
  const alone = jsonDecisions(json, spansOf, (f) => jsonOnly.has(f));
  const uncovered: Draft[] = [];
  for (const [key, list] of json.sites) {
    if (decided.has(key)) continue;
    for (const d of list) if (!jsonOnly.has(d.outer.file) && targetFiles.has(d.outer.file)) uncovered.push(d);
  }
  return { drafts: [...text.drafts, ...alone.drafts, ...uncovered], textOnly: text.textOnly, inlining: [...text.inlining, ...alone.inlining] };
}

/** textDecisions: every decision the -m text makes, enriched with the JSON record at the same position. */
function textDecisions(log: EscapeLog, json: JsonDrafts, keepFile: (file: string) => boolean): Decisions {
  const drafts: Draft[] = [];
  const textOnly: Draft[] = [];
  const inlining: InlineDecision[] = [];
  const mainPackages = log.mainPackages;
  const logQualifier = (pkg: string): string | null => (pkg === '' ? null : mainPackages.has(pkg) ? 'main' : pkg);
  const explanations = new Map<string, LogExplanation[]>();
  for (const r of log.records) {
    if (r.type !== 'explanation') continue;
    const k = posKey(r.pos);
    const list = explanations.get(k);
    if (list) list.push(r);
    else explanations.set(k, [r]);
  }
  const seen = new Set<string>();
  const usedJson = new Set<Draft>();
  for (const r of log.records) {
    if (r.type === 'inline') {
      if (!keepFile(r.decision.pos.file)) continue;
      inlining.push(r.decision);
      continue;
    }
    if (r.type !== 'decision' || !keepFile(r.pos.file)) continue;
    const key = posKey(r.pos);
    const dedupe = `${key}|${r.kind}|${r.subject}|${r.message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const resultSink = /to result (\S+)/.exec(r.message)?.[1] ?? null;
    // The decision line says "append escapes to heap"; JSON and the explanation say "append(s, x)".
    const sameSubject = (other: string) => other === r.subject || (r.subject === 'append' && other.startsWith('append('));
    const atKey = json.sites.get(key) ?? [];
    const isHeap = (k: EscapeKind) => k === 'moved-to-heap' || k === 'escapes-to-heap';
    // Exact kind first; then the other heap kind (the text's wording wins):
    // an inlined callee's records all share the call's outer position, so
    // a JSON-side kind can be wrong where the text's is not.
    const fromJson =
      atKey.find((j) => !usedJson.has(j) && sameSubject(j.subject) && (j.kind === r.kind || (r.kind === 'leaks-to-result' && j.sink === resultSink))) ??
      (isHeap(r.kind) ? atKey.find((j) => !usedJson.has(j) && sameSubject(j.subject) && isHeap(j.kind)) : undefined) ??
      // "leaking param: p" whose record leaks to a named local moved to the heap ("parameter p leaks to copy"):
      // the -json reader took the name for a result.
      (isHeapLeak(r.kind) ? atKey.find((j) => !usedJson.has(j) && sameSubject(j.subject) && j.kind === 'leaks-to-result' && j.sink !== null && !isResultName(j.sink)) : undefined);
    if (fromJson) usedJson.add(fromJson);
    const expl =
      (explanations.get(key) ?? []).find(
        (e) =>
          sameSubject(e.subject) &&
          (r.kind === 'moved-to-heap' || r.kind === 'escapes-to-heap'
            ? e.family === 'escape'
            : r.kind === 'leaks-to-result'
              ? e.family === 'leak' && e.sink === resultSink
              : e.family === 'leak' && e.sink !== null && isHeapSink(e.sink) && (r.kind === 'leaking-param-content') === (e.derefs ?? 0) > 0),
      ) ??
      (r.kind === 'moved-to-heap' || r.kind === 'escapes-to-heap' ? (explanations.get(key) ?? []).find((e) => e.family === 'escape') : undefined) ??
      (isHeapLeak(r.kind)
        ? (explanations.get(key) ?? []).find((e) => sameSubject(e.subject) && e.family === 'leak' && e.sink !== null && !isHeapSink(e.sink) && !isResultName(e.sink))
        : undefined);
    const textFunc = expl?.func ?? null;
    if (fromJson) {
      drafts.push({ ...fromJson, kind: r.kind, message: r.message, textFunc, pkgQualifier: fromJson.pkgQualifier ?? logQualifier(r.pkg), sink: fromJson.sink ?? resultSink });
      continue;
    }
    const draft: Draft = {
      pos: r.pos,
      outer: r.pos,
      inlinedAt: [],
      kind: r.kind,
      subject: expl?.subject ?? r.subject,
      message: r.message,
      textFunc,
      pkgQualifier: logQualifier(r.pkg),
      flow: expl ? [...expl.flow] : [],
      sink: expl?.sink ?? resultSink,
      notes: expl?.truncated ? TRUNCATED : NO_NOTES,
    };
    drafts.push(draft);
    textOnly.push(draft);
  }
  return { drafts, textOnly, inlining };
}

/** nameDrafts names each draft's function: the innermost function at the innermost position (what pprof shows). */
function nameDrafts(drafts: readonly Draft[], names: Namer): Named[] {
  return drafts.map((d) => {
    let fn = d.fn ?? names.funcAt(d.pos, d.pkgQualifier);
    if (fn === '' && d.textFunc !== null && d.pkgQualifier !== null && d.inlinedAt.length === 0) fn = `${d.pkgQualifier}.${d.textFunc}`;
    return { d, fn };
  });
}

/**
 * dropGenericWrappers: a generic function F[T] is compiled as a shaped body
 * plus a wrapper, positioned at F's declaration, that inlines it: the wrapper
 * repeats every decision "inlined at" (or at) the declaration. Keep the body's.
 */
function dropGenericWrappers(named: readonly Named[], spansOf: BuildInputs['spansOf']): Named[] {
  const isDeclPos = (p: SourcePos | undefined): boolean =>
    p !== undefined && (spansOf(p.file) ?? []).some((s) => !s.literal && s.nameLine === p.line && s.nameColumn === p.column);
  // Indexed by function, subject and kind: std has ~10^5 sites, so no quadratic scans.
  const bodySites = new Set<string>();
  const wrapperCandidate = named.map(({ d, fn }) => {
    const w = (d.inlinedAt.length === 1 && isDeclPos(d.inlinedAt[0])) || (d.inlinedAt.length === 0 && d.kind === 'escapes-to-heap' && isDeclPos(d.pos));
    if (!w && d.inlinedAt.length === 0) bodySites.add(`${fn}\u0000${d.subject}\u0000${d.kind}`);
    return w;
  });
  return named.filter(({ d, fn }, k) => !wrapperCandidate[k] || !bodySites.has(`${fn}\u0000${d.subject}\u0000${d.kind}`));
}

/**
 * withInlineNotes says, for each allocating decision, how its inlined copies
 * and its own body differ (golang/go#32850): one note per site, as a copy of
 * the draft with the note added. ownCompiled: the file's package was compiled
 * with diagnostics (its own body's decisions are known); fromLog: the -m text
 * was read (text-only decisions exist).
 */
function withInlineNotes(
  named: readonly Named[],
  inlining: readonly InlineDecision[],
  names: Namer,
  ctx: { readonly ownCompiled: (file: string) => boolean; readonly fromLog: boolean },
): Named[] {
  const byInner = new Map<string, Named[]>();
  for (const x of named) {
    const k = posKey(x.d.pos);
    const list = byInner.get(k);
    if (list) list.push(x);
    else byInner.set(k, [x]);
  }
  // Inlined calls by the callee's last name component ("newPoint", "(*T).M").
  const callsByCallee = new Map<string, InlineDecision[]>();
  for (const c of inlining) {
    if (c.kind !== 'inlined-call') continue;
    const k = lastComponent(c.function);
    const list = callsByCallee.get(k);
    if (list) list.push(c);
    else callsByCallee.set(k, [c]);
  }
  const noteOf = (x: Named): SiteNote | null => {
    if (!ESCAPE_KINDS[x.d.kind].allocates || x.fn === '') return null;
    const short = localName(x.fn);
    const copies = byInner.get(posKey(x.d.pos)) ?? [];
    if (x.d.inlinedAt.length === 0) {
      const calls = (callsByCallee.get(lastComponent(short)) ?? []).filter((c) => calleeMatches(c.function, x.fn, c.caller ?? ''));
      // A call "stays" when no allocating copy of the site was inlined there ("does not escape" copies are not allocations).
      const stays = calls.filter((c) => !copies.some((o) => o.d.inlinedAt.length > 0 && ESCAPE_KINDS[o.d.kind].allocates && sameCallSite(o.d.inlinedAt, c.pos)));
      if (stays.length === 0) return null;
      // One note per site, however many callers inline it (a helper inlined into six benchmarks is one fact).
      const into = stays.map((c): NoteCall => ({ caller: c.caller !== '' && c.caller !== undefined ? c.caller : null, file: base(c.pos.file), line: c.pos.line }));
      return { kind: 'stays-where-inlined', subject: x.d.subject, fn: short, into };
    }
    const own = copies.some((o) => o.d.inlinedAt.length === 0 && ESCAPE_KINDS[o.d.kind].allocates);
    const call = x.d.inlinedAt[x.d.inlinedAt.length - 1]!;
    if (!own && ctx.ownCompiled(x.d.pos.file) && ctx.fromLog) {
      return { kind: 'escapes-only-inlined', subject: x.d.subject, fn: short, into: { caller: names.funcAt(x.d.outer, null) || null, file: base(call.file), line: call.line } };
    }
    return own ? { kind: 'inlined-from', fn: short, at: { caller: null, file: base(call.file), line: call.line } } : null;
  };
  return named.map((x) => {
    const note = noteOf(x);
    return note === null ? x : { d: { ...x.d, notes: [...x.d.notes, note] }, fn: x.fn };
  });
}

/** heapVariables lists, per function, the variables moved to the heap in it. */
function heapVariables(named: readonly Named[]): ReadonlyMap<string, ReadonlySet<string>> {
  const heapVarsOf = new Map<string, Set<string>>();
  for (const { d, fn } of named) {
    if (d.kind !== 'moved-to-heap') continue;
    heapVarsOf.set(fn, (heapVarsOf.get(fn) ?? new Set()).add(d.subject));
  }
  return heapVarsOf;
}

/**
 * settleLeakKinds: "parameter p leaks to copy" names a sink that is a result
 * unless it is a local of the same function moved to the heap, whose memory
 * outlives the call — then the compiler tags p a heap leak ("leaking param: p").
 */
function settleLeakKinds(named: readonly Named[], heapVarsOf: ReadonlyMap<string, ReadonlySet<string>>): Named[] {
  return named.map((x) => {
    const { d, fn } = x;
    if (d.kind !== 'leaks-to-result' || d.sink === null || d.derefs === undefined || heapVarsOf.get(fn)?.has(d.sink) !== true) return x;
    return { d: { ...d, kind: d.derefs > 0 ? 'leaking-param-content' : 'leaking-param' }, fn };
  });
}

/**
 * explainSites makes each kept draft an EscapeSite with its cause, with one
 * hop through "{storage for E}" to the site of E. E is looked up among the
 * allocating decisions of the function being compiled (the outermost
 * position's), not the innermost one: a literal made by an inlined callee
 * (&Iterator{...} of ParseBytes, inlined into ParseString) holds what the
 * caller stores in it. Ties (inlined copies of one site) are ordered by
 * their call sites, so the order does not depend on which -json file arrived first.
 */
function explainSites(
  kept: readonly Named[],
  named: readonly Named[],
  heapVarsOf: ReadonlyMap<string, ReadonlySet<string>>,
  runtimeCalls: readonly RuntimeCall[],
  names: Namer,
): EscapeSite[] {
  const compiledOf = (x: Named): string => {
    if (x.d.inlinedAt.length === 0) return x.fn;
    const outer = names.funcAt(x.d.outer, x.d.pkgQualifier);
    if (outer !== '') return outer;
    return x.d.textFunc !== null && x.d.pkgQualifier !== null ? `${x.d.pkgQualifier}.${x.d.textFunc}` : '';
  };
  const bySubject = new Map<string, Named[]>();
  for (const x of named) {
    if (!ESCAPE_KINDS[x.d.kind].allocates) continue;
    const k = `${compiledOf(x)}\u0000${x.d.subject}`;
    const list = bySubject.get(k);
    if (list) list.push(x);
    else bySubject.set(k, [x]);
  }
  const boxOf = boxEvidenceFinder(
    kept.map((x) => x.d),
    runtimeCalls,
  );
  const sites = kept.map((x) => {
    const { d, fn } = x;
    const shortFn = fn === '' ? (d.textFunc ?? '') : localName(fn);
    const heapVars = heapVarsOf.get(fn) ?? NO_HEAP_VARS;
    const cause = (x: Draft): CauseVerdict => {
      // The cause classified while the build ran holds unless the join changed what it depends on.
      const c = x.verdict;
      const box = boxOf(x);
      if (c !== undefined && box === null && c.kind === x.kind && c.shortFn === shortFn && c.sink === x.sink && (c.sinkName === null || !heapVars.has(c.sinkName))) return c.v;
      return classifyCause({ kind: x.kind, subject: x.subject, function: shortFn, flow: flowSteps(x.flow), sink: x.sink, file: x.pos.file, heapVars, flowUnread: x.flowUnread ?? false, box });
    };
    const v = cause(d);
    let story = v.story;
    let via: { subject: string; kind?: CauseKind } | undefined;
    if (v.via !== null) {
      via = { subject: v.via };
      // The allocation it is stored in, preferably in the same inlined copy
      // (the same inline chain), so the story does not depend on which
      // package's -json arrived first.
      const candidates = (bySubject.get(`${compiledOf(x)}\u0000${v.via}`) ?? []).filter((o) => o.d !== d);
      const at = v.viaPos;
      const other =
        (at !== null ? candidates.find((o) => o.d.pos.line === at.line && o.d.pos.column === at.column && o.d.pos.file === at.file) : undefined) ??
        candidates.find((o) => sameChain(o.d.inlinedAt, d.inlinedAt)) ??
        candidates.find((o) => o.d.pos.file === d.pos.file) ??
        candidates[0];
      if (other) {
        const ov = cause(other.d);
        story = { ...story, then: ov.story };
        via = { subject: v.via, kind: ov.kind };
      }
    }
    const site: EscapeSite = {
      pos: d.pos,
      inlinedAt: d.inlinedAt,
      function: fn,
      kind: d.kind,
      subject: d.subject,
      message: d.message !== '' ? d.message : message(d.kind, d.subject, d.sink),
      cause: {
        kind: v.kind,
        story,
        steps: v.steps,
        ...(v.box !== null ? { box: v.box } : {}),
        ...(via !== undefined ? { via } : {}),
      },
      flow: d.flow instanceof PackedFlow ? [] : d.flow,
      notes: d.notes,
    };
    return withLazyFlow(site, d.flow);
  });
  return sites.sort((a, b) => comparePos(a, b) || compareChains(a.inlinedAt, b.inlinedAt));
}

/**
 * nameRuntimeCalls names the function of each runtime call: the innermost
 * function at the call's line, as pprof names it. -S gives lines, not
 * columns: on a line where a closure starts (`return func() {`) the compiled
 * function itself is the better guess.
 */
function nameRuntimeCalls(calls: readonly RuntimeCall[], spansOf: BuildInputs['spansOf'], names: Namer): RuntimeCall[] {
  return calls.map((c) => {
    const spans = spansOf(c.file) ?? [];
    const q = names.qualify(c.file, null);
    const own = q !== null ? spans.find((s) => `${q}.${s.name}` === c.function && s.startLine <= c.line && c.line <= s.endLine) : undefined;
    const fn = own ? c.function : names.funcAt({ file: c.file, line: c.line, column: 0 }, null);
    return fn !== '' && fn !== c.function ? { ...c, function: fn, compiledIn: c.function } : c;
  });
}

/**
 * attributeInward moves text-only decisions made inside inlined code to the
 * callee's own position. The -m text prints them at the outermost call ("func
 * literal does not escape" at the call to counter) and no JSON record exists
 * for them, but pprof and the user look at the callee's line. The callee's own
 * body, compiled on its own, has a decision on the same subject: its position
 * (and inline chain, for nested inlining) is the inner one. When a callee has
 * several such subjects, the k-th decision at the call takes the k-th one in
 * the body (the compiler visits both in source order). Outside the compiled
 * files (a callee from another package) the body is unknown: the decision
 * stays at the call. Returns the drafts with each moved one a copy at its new
 * position.
 */
function attributeInward(drafts: readonly Draft[], textOnly: readonly Draft[], inlining: readonly InlineDecision[], funcAt: (p: SourcePos) => string): readonly Draft[] {
  const callees = new Map<string, string[]>();
  for (const c of inlining) if (c.kind === 'inlined-call') callees.set(posKey(c.pos), [...(callees.get(posKey(c.pos)) ?? []), c.function]);
  if (callees.size === 0) return drafts;
  // "append" (decision line) and "append(s, x)" (JSON, explanation) are one subject.
  const subjectKey = (s: string) => (s.startsWith('append(') ? 'append' : s);
  const bySubject = new Map<string, Draft[]>();
  const outerKey = new Map<Draft, string>();
  for (const o of drafts) {
    outerKey.set(o, posKey(o.outer));
    const k = subjectKey(o.subject);
    const list = bySubject.get(k);
    if (list) list.push(o);
    else bySubject.set(k, [o]);
  }
  // Sorted once, so each draft's candidates come out in source order without a sort per draft.
  for (const list of bySubject.values()) list.sort((a, b) => comparePos({ pos: a.outer }, { pos: b.outer }));
  const bodyOf = new Map<Draft, string>();
  const ownBody = (d: Draft): string => {
    let f = bodyOf.get(d);
    if (f === undefined) bodyOf.set(d, (f = funcAt(d.outer)));
    return f;
  };
  // On a big package most candidates share a few bodies: ask calleeMatches once per callee, body and caller.
  const matched = new Map<string, boolean>();
  const matches = (callee: string, body: string, caller: string): boolean => {
    const k = `${callee}\u0000${body}\u0000${caller}`;
    let m = matched.get(k);
    if (m === undefined) matched.set(k, (m = calleeMatches(callee, body, caller)));
    return m;
  };
  /** Where each moved draft goes; a draft not in it stays where it is. */
  const moved = new Map<Draft, Pick<Draft, 'pos' | 'inlinedAt'>>();
  const placeOf = (d: Draft): Pick<Draft, 'pos' | 'inlinedAt'> => moved.get(d) ?? d;
  const ordinal = new Map<string, number>();
  const resolving = new Set<Draft>();
  const done = new Set<Draft>();
  const resolve = (d: Draft): void => {
    if (done.has(d) || resolving.has(d)) return;
    resolving.add(d);
    const key = posKey(d.outer);
    const names = callees.get(key);
    if (names) {
      const caller = funcAt(d.outer);
      const k = `${key}\u0000${d.subject}`;
      const n = ordinal.get(k) ?? 0;
      ordinal.set(k, n + 1);
      const candidates = (bySubject.get(subjectKey(d.subject)) ?? []).filter((o) => o !== d && outerKey.get(o) !== key && names.some((c) => matches(c, ownBody(o), caller)));
      const inner = candidates[n];
      if (inner) {
        // The inner decision may itself sit at an inlined call: place it first.
        resolve(inner);
        const at = placeOf(inner);
        moved.set(d, { pos: at.pos, inlinedAt: [d.outer, ...at.inlinedAt] });
      }
    }
    resolving.delete(d);
    done.add(d);
  };
  for (const d of textOnly) resolve(d);
  if (moved.size === 0) return drafts;
  return drafts.map((d) => {
    const m = moved.get(d);
    return m === undefined ? d : { ...d, pos: m.pos, inlinedAt: m.inlinedAt };
  });
}

/**
 * calleeMatches says whether a callee as -m prints it in "inlining call to X"
 * names fn (pprof-style, "example.com/p.(*T).M"), for a call made in caller.
 * The compiler qualifies callees from other packages by package name
 * ("strconv.Itoa") and leaves its own package's bare ("Itoa", "(*T).M" or
 * "T.M"): a bare name matches only in the caller's package.
 */
export function calleeMatches(callee: string, fn: string, caller: string): boolean {
  if (fn === '') return false;
  if (callee === fn) return true;
  const { pkgPath: pkg, local: short } = splitSymbol(fn);
  const plain = (s: string) => s.replace(/^\(\*([^)]*)\)\./, '$1.'); // (*T).M → T.M
  const c = plain(callee);
  // The compiler qualifies by package name, which go list knows and this does not: the last
  // path element ("strconv") or, for a /vN path, the element before it.
  if (c === `${lastPathElement(pkg)}.${plain(short)}` || c === `${guessPackageName(pkg)}.${plain(short)}`) return true;
  return c === plain(short) && caller !== '' && splitSymbol(caller).pkgPath === pkg;
}


function base(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function sameCallSite(inlinedAt: readonly SourcePos[], call: SourcePos): boolean {
  const last = inlinedAt[inlinedAt.length - 1];
  return last !== undefined && last.file === call.file && last.line === call.line && last.column === call.column;
}

function sameChain(a: readonly SourcePos[], b: readonly SourcePos[]): boolean {
  return a.length === b.length && a.every((p, k) => comparePos({ pos: p }, { pos: b[k]! }) === 0);
}

/** compareChains orders inline chains position by position, shorter first on a common prefix. */
function compareChains(a: readonly SourcePos[], b: readonly SourcePos[]): number {
  for (let k = 0; k < a.length && k < b.length; k++) {
    const c = comparePos({ pos: a[k]! }, { pos: b[k]! });
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function comparePos(a: { pos: SourcePos }, b: { pos: SourcePos }): number {
  return a.pos.file < b.pos.file ? -1 : a.pos.file > b.pos.file ? 1 : a.pos.line - b.pos.line || a.pos.column - b.pos.column;
}

/** evidenceFileFilter keeps the targets' own files, or every real file with all=. */
export function evidenceFileFilter(targetFiles: ReadonlyMap<string, string>, allFiles: boolean): (file: string) => boolean {
  return (file) => (allFiles ? !isGenerated(file) : targetFiles.has(file));
}

/** isGenerated says whether a compiler "file" is not a real source file. */
export function isGenerated(file: string): boolean {
  return file === '<autogenerated>' || file.endsWith('_testmain.go') || file.includes('/go-build') || file === '';
}
