// escape-cause.ts turns the compiler's explanation flow into a typed cause and
// a short story in plain words (golang/go#10526, #31489 ask for exactly this).
// Reason strings come from cmd/compile/internal/escape (note/addr/deref calls
// in expr.go, stmt.go, call.go, assign.go, escape.go, utils.go).
//
// Every cause rests on steps of the site's own flow and cites them
// (EscapeCause.steps); none is read from the subject's text. "spill" only
// says that storage is allocated for an expression (expr.go, spill): it is
// not evidence of an interface conversion. Boxing needs evidence from outside
// the site's flow (BoxEvidence), which the caller finds.
import type { BoxEvidence, CauseStep, EscapeKind, FlowStep, SourcePos } from './model.js';
import { flat } from './flat-string.js';

/** CauseKind is why a site escapes (or does not). Every kind is documented in CAUSES. */
export type CauseKind =
  | 'interface-conversion'
  | 'closure-capture'
  | 'address-stored'
  | 'address-returned'
  | 'returned'
  | 'global-or-heap-assign'
  | 'too-large'
  | 'non-constant-size'
  | 'appended'
  | 'map-key-value'
  | 'channel-send'
  | 'leaky-callee'
  | 'stored-in-allocation'
  | 'stays-on-stack'
  | 'unexplained'
  | 'raw-flow';

/** CauseInfo documents a cause kind. */
export interface CauseInfo {
  readonly title: string;
  readonly explanation: string;
  readonly fix: string;
  /**
   * decidedBy lists the step reasons that can decide this kind: the first
   * step a cause of this kind cites has one of them (null: a "flow:"
   * header). Empty for kinds that rest on no step.
   */
  readonly decidedBy: readonly (string | null)[];
}

/** ASSIGN_REASONS are the compiler's assignment notes (stmt.go). */
const ASSIGN_REASONS: readonly string[] = ['assign', 'assign-pair', 'assign-pair-dot-type', 'assign-pair-mapr', 'assign-pair-receive'];

/** CAUSES documents every cause kind; a new kind does not compile until it is described here. */
export const CAUSES: Readonly<Record<CauseKind, CauseInfo>> = {
  'interface-conversion': {
    title: 'converted to an interface (boxing)',
    explanation:
      'A value that is not pointer-shaped needs memory of its own to be stored in an interface (the box, made by runtime.convT*); when the interface outlives the frame (passed to fmt, stored in any, passed to a leaking parameter) the box is on the heap. A pointer converted to an interface needs no box: it escapes, if at all, by where the interface goes.',
    decidedBy: ['spill'],
    fix: 'Keep concrete types on hot paths: use typed functions (strconv.AppendInt instead of fmt), generics, or pass pointers to values that already live on the heap.',
  },
  'closure-capture': {
    title: 'captured by a closure that escapes',
    explanation:
      'A variable captured by reference lives as long as the closure; when the closure is returned, stored or run as a goroutine, the variable moves to the heap.',
    fix: 'Pass the value as an argument instead of capturing it, capture a copy, or keep the closure from outliving the function.',
    decidedBy: ['captured by a closure'],
  },
  'address-stored': {
    title: 'address taken and stored',
    explanation:
      'Its address is stored in a struct, slice or other object that outlives the function, so the variable itself must outlive the function.',
    fix: 'Store the value rather than a pointer to it, or allocate once and reuse it across calls.',
    decidedBy: ['address-of'],
  },
  'address-returned': {
    title: 'address returned',
    explanation: 'The function returns a pointer to a local variable, so the variable must outlive the call.',
    fix: 'Return the value instead of a pointer, or let the caller pass in the memory to fill (func F(dst *T)). When the function is inlined the caller may keep it on the stack.',
    decidedBy: ['address-of'],
  },
  returned: {
    title: 'returned to the caller',
    explanation: 'The value (or the memory behind it) is returned, so it outlives the function that made it.',
    fix: 'Let the caller provide the buffer (append-style APIs: func AppendX(dst []byte, …) []byte), or make the function small enough to inline.',
    decidedBy: ['return', ...ASSIGN_REASONS, null],
  },
  'global-or-heap-assign': {
    title: 'assigned to a global or heap object',
    explanation: 'It is stored in a package variable or through a pointer the compiler cannot track, which may live forever.',
    fix: 'Avoid storing per-call data in globals or long-lived objects; copy the value, or pass it down instead of storing it.',
    decidedBy: ASSIGN_REASONS,
  },
  'too-large': {
    title: 'too large for the stack',
    explanation:
      'Variables larger than the compiler\'s stack limit (10 MB for explicit variables, 64 KB for implicit ones such as new(T), &T{} and make([]T, const)) always go to the heap.',
    fix: 'Allocate large buffers once and reuse them (a field, sync.Pool), or process data in smaller chunks.',
    decidedBy: ['too large for stack', 'too aligned for stack'],
  },
  'non-constant-size': {
    title: 'size not known at compile time',
    explanation:
      'make with a size that is not a constant cannot be placed on the stack (since go1.25 small ones use a 32-byte stack buffer and fall back to runtime.makeslice).',
    fix: 'Use a constant capacity when an upper bound is known (make([]T, n, 64)), or reuse a buffer across calls.',
    decidedBy: ['non-constant size'],
  },
  appended: {
    title: 'appended to a slice that escapes',
    explanation: 'Values appended to a slice live in its backing array; when that slice outlives the function, so must what is stored in it.',
    fix: 'Append values instead of pointers to locals, or keep the slice local to the function.',
    decidedBy: ['appendee slice', 'appended slice...', 'call parameter'],
  },
  'map-key-value': {
    title: 'stored in a map or slice element',
    explanation: 'Map entries and slice elements live in heap memory the compiler does not track per element, so anything stored there must be on the heap.',
    fix: 'Store values instead of pointers in the map or slice (map[K]V rather than map[K]*V) when the values are small.',
    decidedBy: ['key of map put', 'map literal key', 'map literal value', ...ASSIGN_REASONS],
  },
  'channel-send': {
    title: 'sent on a channel',
    explanation: 'A value sent on a channel may be received by any goroutine at any later time, so it must live on the heap.',
    fix: 'Send values instead of pointers, or reuse objects through a pool when they are large.',
    decidedBy: ['send'],
  },
  'leaky-callee': {
    title: 'passed to a parameter that leaks',
    explanation:
      'The callee keeps its parameter beyond the call (stores it, returns it to something that escapes, or calls through an interface or function value the compiler cannot see into), so arguments passed to it escape.',
    fix: 'Change the callee so its parameter does not leak (heapsight escape on its package shows why it leaks), make it inlinable, or pass a copy.',
    decidedBy: ['call parameter'],
  },
  'stored-in-allocation': {
    title: 'stored in an allocation that escapes',
    explanation:
      'It is stored in (or referenced from) another allocation: a struct or slice literal, an interface box, a closure, a variable moved to the heap. That allocation escapes, so what it holds must live on the heap too.',
    fix: 'Look at why the allocation it is stored in escapes (the story continues there): keeping that one on the stack keeps this one there too. Or store a copy, not a reference.',
    decidedBy: [null],
  },
  'stays-on-stack': {
    title: 'does not escape',
    explanation: 'The compiler proved the value does not outlive its frame; it stays on the stack and costs the GC nothing.',
    fix: 'Nothing to do.',
    decidedBy: [],
  },
  unexplained: {
    title: 'no explanation in the input',
    explanation:
      'The compiler output has the decision but not the flow behind it (plain -m output, or the site was explained under another flow), or heapsight did not collect the flow because the report does not show the site (leaks in a whole-program report). heapsight does not guess a cause without it.',
    fix: 'Rerun with heapsight escape --all (or --explain FILE:LINE), which builds with -json and reads every explanation.',
    decidedBy: [],
  },
  'raw-flow': {
    title: 'other (see the flow)',
    explanation: 'heapsight does not recognise this flow; the compiler\'s steps are shown as they are.',
    fix: 'Read the flow from the allocation towards {heap}: the first step that stores into something long-lived is what to change.',
    decidedBy: [],
  },
};

/** CauseInput is what the classifier needs about one site. */
export interface CauseInput {
  readonly kind: EscapeKind;
  readonly subject: string;
  /** Short function name, for the story ("NewRegistry"); '' when unknown. */
  readonly function: string;
  readonly flow: readonly FlowStep[];
  /** For leak sites: where the parameter leaks ("{heap}", "~r0"). */
  readonly sink?: string | null;
  /** The site's file: steps in other files (inlined callees) are cited as file:line. */
  readonly file?: string;
  /** Locals of the same function that are moved to the heap: a flow ending in one of them continues there. */
  readonly heapVars?: ReadonlySet<string>;
  /** The compiler gave a flow but heapsight skipped it (a leak in a report that shows only heap allocations). */
  readonly flowUnread?: boolean;
  /** Evidence, found outside this flow, that the site's storage is an interface box (see BoxEvidence); used only when the flow starts with the site's own storage. */
  readonly box?: BoxEvidence | null;
}

/** CauseVerdict is the classifier's result. */
export interface CauseVerdict {
  readonly kind: CauseKind;
  /** The story, without the "because" chain of other sites. */
  readonly text: string;
  /** When the flow ends in another allocation ("{storage for &T{...}}", or a local moved to the heap), its subject. */
  readonly via: string | null;
  /** Where via is, when the flow says (the position of the conversion whose box it is stored in); null otherwise. */
  readonly viaPos: SourcePos | null;
  /** The steps of the flow the cause rests on, the deciding one first. */
  readonly steps: readonly CauseStep[];
  /** The box evidence the cause rests on (interface-conversion only). */
  readonly box: BoxEvidence | null;
}

const flowHeaderRe = /^flow: (.+?) (?:←|=) (.+):$/;
const storageRe = /^\{storage for (.+)\}$/;

/** Cite renders a step's position for the story. */
type Cite = (step: FlowStep) => string;

/** citer cites a step's position: "line N" in the site's own file, "base.go:N" elsewhere. */
function citer(siteFile: string | undefined): Cite {
  return (step) => {
    if (!step.pos) return '';
    if (siteFile === undefined || step.pos.file === siteFile) return ` (line ${step.pos.line})`;
    return ` (${step.pos.file.slice(step.pos.file.lastIndexOf('/') + 1)}:${step.pos.line})`;
  };
}

/** stepExpr returns the expression of a "from EXPR (reason)" step. */
export function stepExpr(step: FlowStep): string {
  return step.text.replace(/^from /, '').replace(/ \([^()]*\)$/, '');
}

function verb(kind: EscapeKind, subject: string): string {
  switch (kind) {
    case 'moved-to-heap':
      return `${subject} is moved to the heap`;
    case 'escapes-to-heap':
      return `${subject} escapes to the heap`;
    case 'leaking-param':
      return `parameter ${subject} leaks`;
    case 'leaking-param-content':
      return `what parameter ${subject} points to leaks`;
    case 'leaks-to-result':
      return `parameter ${subject} leaks to the result`;
    case 'does-not-escape':
      return `${subject} does not escape`;
  }
}

/**
 * isHeapSink says whether a leak's sink makes it a heap leak ("leaking
 * param"): the heap itself, or the storage of an allocation that escapes
 * ("parameter p leaks to {storage for &T{...}}", what a constructor storing
 * its parameter in the literal it returns gets). Other sinks are results
 * ("~r0", named results).
 */
export function isHeapSink(sink: string): boolean {
  return sink === '{heap}' || sink.startsWith('{storage for ');
}

/** finalSink reads the destination of the last "flow:" header: "{heap}", a result ("~r0"), or another allocation's storage. */
export function finalSink(flow: readonly FlowStep[]): string | null {
  for (let i = flow.length - 1; i >= 0; i--) {
    const m = flowHeaderRe.exec(flow[i]!.text);
    if (m) return m[1]!;
  }
  return null;
}

/** Indexed is a flow step with its index in the flow. */
interface Indexed {
  readonly i: number;
  readonly s: FlowStep;
}

/** FlowGroup is one "flow: DST ← SRC:" header with the "from" steps under it. */
interface FlowGroup {
  /** The header (null for steps before any header, which a truncated log can give). */
  readonly header: Indexed | null;
  readonly dst: string;
  readonly src: string;
  readonly steps: readonly Indexed[];
}

function groupsOf(flow: readonly FlowStep[]): FlowGroup[] {
  const out: { header: Indexed | null; dst: string; src: string; steps: Indexed[] }[] = [];
  flow.forEach((s, i) => {
    const m = flowHeaderRe.exec(s.text);
    if (m) out.push({ header: { i, s }, dst: m[1]!, src: m[2]!, steps: [] });
    else if (s.reason !== null) {
      if (out.length === 0) out.push({ header: null, dst: '', src: '', steps: [] });
      out[out.length - 1]!.steps.push({ i, s });
    }
  });
  return out;
}

/**
 * boxedConversions finds, in one flow, the interface conversions that box:
 * a step "from E (interface-converted)" under a header whose destination is
 * "{storage for E}" is the operand flowing into the box of E (expr.go:
 * k = e.spill(k, n); e.expr(k.note(n, "interface-converted"), n.X)). A
 * conversion that needs no box (a pointer-shaped value, or an interface)
 * notes the same reason under whatever the interface flows to.
 */
export function boxedConversions(flow: readonly FlowStep[]): { readonly stepIndex: number; readonly subject: string; readonly pos: FlowStep['pos'] }[] {
  const out: { stepIndex: number; subject: string; pos: FlowStep['pos'] }[] = [];
  for (const g of groupsOf(flow)) {
    const box = storageRe.exec(g.dst)?.[1];
    if (box === undefined) continue;
    for (const x of g.steps) if (x.s.reason === 'interface-converted' && stepExpr(x.s) === box) out.push({ stepIndex: x.i, subject: box, pos: x.s.pos });
  }
  return out;
}

/**
 * classifyCause picks the cause of one site from its flow. The rules go from
 * the most specific property of the allocation (its size, a closure capture,
 * boxing) to where the flow ends (send, map, append, callee, return, global).
 */
export function classifyCause(input: CauseInput): CauseVerdict {
  const v = classify(input, citer(input.file));
  // Stories are kept per site (~4·10^4 on std), built from many pieces.
  flat(v.text);
  return v;
}

const cite = (x: Indexed): CauseStep => ({ stepIndex: x.i, reason: x.s.reason });

function classify(input: CauseInput, lineOf: Cite): CauseVerdict {
  const { kind, subject, flow } = input;
  const fn = input.function !== '' ? input.function : 'the function';
  const head = verb(kind, subject);
  const verdict = (k: CauseKind, text: string, steps: readonly (Indexed | undefined)[], via: string | null = null, box: BoxEvidence | null = null, viaPos: SourcePos | null = null): CauseVerdict => ({
    kind: k,
    text,
    via,
    viaPos,
    steps: steps.filter((x): x is Indexed => x !== undefined).map(cite),
    box,
  });
  if (kind === 'does-not-escape') return verdict('stays-on-stack', `${head}: it stays on the stack.`, []);
  if (input.flowUnread === true) return verdict('unexplained', `${head}; heapsight skipped the compiler's explanation, which this report does not show.`, []);
  if (flow.length === 0) return verdict('unexplained', `${head}; the input has no explanation flow for it (it was not collected), so heapsight names no cause.`, []);
  const groups = groupsOf(flow);
  const froms = groups.flatMap((g) => g.steps);
  const sink = input.sink ?? finalSink(flow);
  const storage = sink !== null ? storageRe.exec(sink) : null;
  const heapVar = sink !== null && (input.heapVars?.has(sink) ?? false);
  const via = storage ? storage[1]! : heapVar ? sink : null;
  const toResult = sink !== null && sink !== '{heap}' && !storage && !heapVar && sink !== '{temp}';
  const tail = toResult ? `, which ${fn} returns` : via ? `, which itself escapes` : '';
  const find = (re: RegExp): Indexed | undefined => froms.find((x) => x.s.reason !== null && re.test(x.s.reason));
  const findLast = (re: RegExp): Indexed | undefined => [...froms].reverse().find((x) => x.s.reason !== null && re.test(x.s.reason));
  const lastGroup = groups[groups.length - 1];
  const lastStep = froms[froms.length - 1];

  // Conversions to an interface that need no box of their own (pointer-shaped values, interfaces) do not change the cause; the story names them.
  const boxed = new Set(boxedConversions(flow).map((b) => b.stepIndex));
  const direct = froms.find((x) => x.s.reason === 'interface-converted' && !boxed.has(x.i));
  const noBox = (v: CauseVerdict): CauseVerdict =>
    direct === undefined || v.kind === 'raw-flow'
      ? v
      : {
          ...v,
          text: `${v.text.replace(/\.$/, '')}; it is converted to an interface on the way${lineOf(direct.s)}, which allocates nothing for it (a pointer or an interface fits in one as it is).`,
          steps: [...v.steps, cite(direct)],
        };

  const large = find(/^too (large|aligned) for stack$/);
  if (large) return verdict('too-large', `${head} because it is too large for the stack${lineOf(large.s)}.`, [large], via);
  const nonConst = find(/^non-constant size$/);
  if (nonConst) return verdict('non-constant-size', `${head} because its size is not a constant${lineOf(nonConst.s)}.`, [nonConst], via);
  const captured = find(/^captured by a closure$/);
  if (captured) {
    // By reference, the compiler adds a "reference" (address) step after the capture (escape.go, flowClosure).
    const next = flow[captured.i + 1];
    const byRef = next !== undefined && next.reason === 'reference' ? { i: captured.i + 1, s: next } : undefined;
    const how = byRef ? 'captures it by reference' : 'captures its value';
    return verdict('closure-capture', `${head} because a closure ${how}${lineOf(captured.s)} and the closure outlives ${fn}.`, [captured, byRef], via);
  }

  // The site's own storage: the flow starts "flow: X ← &{storage for SUBJECT}:" with "from SUBJECT (spill)".
  const first = groups[0];
  const ownSpill = first !== undefined && first.src === `&{storage for ${subject}}` ? first.steps.find((x) => x.s.reason === 'spill' && stepExpr(x.s) === subject) : undefined;
  if (ownSpill && input.box) {
    const line = lineOf(ownSpill.s);
    const call = input.box.source === 'runtime-call' ? input.box.call : null;
    const at = call === null ? line : line === '' ? ` (${call})` : line.replace(/\)$/, `, ${call})`);
    const where = describeSink(froms, groups, fn, toResult, via, lineOf);
    return verdict('interface-conversion', `${head} because it is converted to an interface${at}${where.text}.`, [ownSpill, where.step], via, input.box);
  }
  const send = find(/^send$/);
  if (send) return noBox(verdict('channel-send', `${head} because it is sent on a channel: ${stepExpr(send.s)}${lineOf(send.s)}.`, [send], via));
  const mapPut = find(/^key of map put$/);
  if (mapPut) return noBox(verdict('map-key-value', `${head} because it is used as a map key: ${stepExpr(mapPut.s)}${lineOf(mapPut.s)}.`, [mapPut], via));
  const addr = find(/^address-of$/);
  const its = addr ? 'its address ' : 'it ';
  const mapLit = find(/^map literal (key|value)$/);
  if (mapLit) return noBox(verdict('map-key-value', `${head} because ${its}is stored in a map literal: ${stepExpr(mapLit.s)}${lineOf(mapLit.s)}.`, [mapLit, addr], via));
  const assign = findLast(/^assign(-pair.*)?$/);
  if (assign && /^[^=]*\[.*\] = /.test(stepExpr(assign.s)) && (sink === '{heap}' || sink === null)) {
    return noBox(verdict('map-key-value', `${head} because ${its}is stored in a map or slice element: ${stepExpr(assign.s)}${lineOf(assign.s)}.`, [assign, addr], via));
  }
  const appendee = find(/^(appendee slice|appended slice\.\.\.)$/);
  const appendArg = froms.find((x) => x.s.reason === 'call parameter' && /^from append\(/.test(x.s.text));
  const appended = appendArg ?? appendee;
  if (appended) return noBox(verdict('appended', `${head} because ${its}is appended to a slice that escapes: ${stepExpr(appended.s)}${lineOf(appended.s)}.`, [appended, addr], via));
  const call = froms.find((x) => x.s.reason === 'call parameter');
  if (call && !toResult && !via) {
    const callee = /^from (.+?)\(/.exec(call.s.text)?.[1] ?? 'a function';
    return noBox(verdict('leaky-callee', `${head} because ${its}is passed to ${callee}${lineOf(call.s)}, whose parameter leaks.`, [call, addr], via));
  }
  const ret = find(/^return$/);
  // No return statement in the flow: it reached a named result ("res = p"), which the function returns.
  const intoResult = `assigned to ${sink ?? 'the result'}${assign ? lineOf(assign.s) : ''}${tail}`;
  const resultStep = ret ?? assign ?? lastGroup?.header ?? undefined;
  if (addr && (ret || toResult)) {
    return noBox(verdict('address-returned', ret ? `${head} because its address is returned${lineOf(ret.s)}.` : `${head} because its address is ${intoResult}.`, [addr, resultStep], via));
  }
  if (ret || toResult) return noBox(verdict('returned', ret ? `${head} because it is returned${lineOf(ret.s)}.` : `${head} because it is ${intoResult}.`, [resultStep], via));
  if (addr) {
    if (sink === '{heap}' && assign && lastStep === assign) {
      return noBox(verdict('global-or-heap-assign', `${head} because its address is assigned to a global or heap object: ${stepExpr(assign.s)}${lineOf(assign.s)}.`, [assign, addr], via));
    }
    const where = froms.find((x) => /literal element$|^assign/.test(x.s.reason ?? '')) ?? addr;
    const target = where === addr ? '' : ` in ${stepExpr(where.s)}`;
    return noBox(verdict('address-stored', `${head} because its address is stored${target}${lineOf(where.s)}${tail}.`, [addr, where], via));
  }
  if (via !== null && lastGroup !== undefined) {
    // The last header stores into via; its last step says how (a literal element, an interface box, an assignment).
    const into = lastGroup.steps[lastGroup.steps.length - 1];
    const inBox = into !== undefined && into.s.reason === 'interface-converted' && boxed.has(into.i);
    const what = inBox ? `the interface ${via === subject ? 'it' : via} is converted to` : via;
    const at = into ?? lastGroup.header ?? undefined;
    return noBox(
      verdict('stored-in-allocation', `${head} because it is stored in ${what}${at ? lineOf(at.s) : ''}, which itself escapes.`, [lastGroup.header ?? undefined, into], via, null, inBox ? into.s.pos : null),
    );
  }
  if (assign && sink === '{heap}') {
    return noBox(verdict('global-or-heap-assign', `${head} because it is assigned to a global or heap object: ${stepExpr(assign.s)}${lineOf(assign.s)}.`, [assign], via));
  }
  const raw = flow.map((s) => s.text).join('; ');
  return verdict('raw-flow', `${head}; the compiler's flow: ${raw}`, [], via);
}

/** describeSink tells where a boxed value goes, citing the step that says so. */
function describeSink(froms: readonly Indexed[], groups: readonly FlowGroup[], fn: string, toResult: boolean, via: string | null, lineOf: Cite): { text: string; step: Indexed | undefined } {
  const call = [...froms].reverse().find((x) => x.s.reason === 'call parameter');
  if (call) return { text: ` and passed to ${/^from (.+?)\(/.exec(call.s.text)?.[1] ?? 'a function'}${lineOf(call.s)}, which keeps it`, step: call };
  const ret = froms.find((x) => x.s.reason === 'return');
  if (ret) return { text: ` and returned${lineOf(ret.s)}`, step: ret };
  if (via !== null) {
    const last = groups[groups.length - 1];
    const into = last?.steps[last.steps.length - 1];
    return { text: ` and stored in ${via}${into ? lineOf(into.s) : ''}, which itself escapes`, step: into };
  }
  const assign = [...froms].reverse().find((x) => /^assign/.test(x.s.reason ?? ''));
  if (assign) return { text: ` and stored: ${stepExpr(assign.s)}${lineOf(assign.s)}`, step: assign };
  if (toResult) return { text: `, which ${fn} returns`, step: groups[groups.length - 1]?.header ?? undefined };
  return { text: '', step: undefined };
}
