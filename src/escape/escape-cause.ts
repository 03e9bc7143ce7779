// escape-cause.ts turns the compiler's explanation flow into a typed cause and
// its story as a typed record (render/cause-words.ts puts it into words) (golang/go#10526, #31489 ask for exactly this).
// Reason strings come from cmd/compile/internal/escape (note/addr/deref calls
// in expr.go, stmt.go, call.go, assign.go, escape.go, utils.go).
//
// Every cause rests on steps of the site's own flow and cites them
// (EscapeCause.steps); none is read from the subject's text. "spill" only
// says that storage is allocated for an expression (expr.go, spill): it is
// not evidence of an interface conversion. Boxing needs evidence from outside
// the site's flow (BoxEvidence), which the caller finds.
import type { BoxEvidence, BoxSink, CauseStep, CauseStory, EscapeKind, FlowStep, SourcePos, StoryAt, StoryTail, StoryWhy, StoryWhyKind } from './model.js';

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

/** CauseInfo is what the classifier knows of a cause kind; its title, explanation and fix are words (i18n/, causeKinds). */
export interface CauseInfo {
  /**
   * decidedBy lists the step reasons that can decide this kind: the first
   * step a cause of this kind cites has one of them (null: a "flow:"
   * header). Empty for kinds that rest on no step.
   */
  readonly decidedBy: readonly (string | null)[];
}

/** ASSIGN_REASONS are the compiler's assignment notes (stmt.go). */
const ASSIGN_REASONS: readonly string[] = ['assign', 'assign-pair', 'assign-pair-dot-type', 'assign-pair-mapr', 'assign-pair-receive'];

/** CAUSES lists every cause kind; a new kind does not compile until it is listed here and worded in each catalogue. */
export const CAUSES: Readonly<Record<CauseKind, CauseInfo>> = {
  'interface-conversion': {
    decidedBy: ['spill'],
  },
  'closure-capture': {
    decidedBy: ['captured by a closure'],
  },
  'address-stored': {
    decidedBy: ['address-of'],
  },
  'address-returned': {
    decidedBy: ['address-of'],
  },
  returned: {
    decidedBy: ['return', ...ASSIGN_REASONS, null],
  },
  'global-or-heap-assign': {
    decidedBy: ASSIGN_REASONS,
  },
  'too-large': {
    decidedBy: ['too large for stack', 'too aligned for stack'],
  },
  'non-constant-size': {
    decidedBy: ['non-constant size'],
  },
  appended: {
    decidedBy: ['appendee slice', 'appended slice...', 'call parameter'],
  },
  'map-key-value': {
    decidedBy: ['key of map put', 'map literal key', 'map literal value', ...ASSIGN_REASONS],
  },
  'channel-send': {
    decidedBy: ['send'],
  },
  'leaky-callee': {
    decidedBy: ['call parameter'],
  },
  'stored-in-allocation': {
    decidedBy: [null],
  },
  'stays-on-stack': {
    decidedBy: [],
  },
  unexplained: {
    decidedBy: [],
  },
  'raw-flow': {
    decidedBy: [],
  },
};

/** STORY_WHYS lists every reason a story can tell (for readers of stored evidence). */
export const STORY_WHYS: Readonly<Record<StoryWhyKind, true>> = {
  'stays-on-stack': true,
  'flow-skipped': true,
  'no-flow': true,
  'too-large': true,
  'non-constant-size': true,
  'closure-capture': true,
  boxed: true,
  sent: true,
  'map-key': true,
  'map-literal': true,
  element: true,
  appended: true,
  'leaky-callee': true,
  returned: true,
  'assigned-to-result': true,
  'assigned-to-global': true,
  'address-stored': true,
  'stored-in-allocation': true,
  'raw-flow': true,
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
  /** The story, without the chain of other sites (CauseStory.then, which the join adds). */
  readonly story: CauseStory;
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

/** Cite is a step's position as a story cites it. */
type Cite = (step: FlowStep) => StoryAt | null;

/** citer cites a step's position: a line in the site's own file, base name and line elsewhere. */
function citer(siteFile: string | undefined): Cite {
  return (step) => {
    if (!step.pos) return null;
    if (siteFile === undefined || step.pos.file === siteFile) return { line: step.pos.line };
    return { line: step.pos.line, file: step.pos.file.slice(step.pos.file.lastIndexOf('/') + 1) };
  };
}

/** stepExpr returns the expression of a "from EXPR (reason)" step. */
export function stepExpr(step: FlowStep): string {
  return step.text.replace(/^from /, '').replace(/ \([^()]*\)$/, '');
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
  return classify(input, citer(input.file));
}

const cite = (x: Indexed): CauseStep => ({ stepIndex: x.i, reason: x.s.reason });

/** calleeOf reads the callee of a "from f(args) (call parameter)" step; null when the step names none. */
function calleeOf(step: FlowStep): string | null {
  return /^from (.+?)\(/.exec(step.text)?.[1] ?? null;
}

function classify(input: CauseInput, lineOf: Cite): CauseVerdict {
  const { kind, subject, flow } = input;
  const fn = input.function !== '' ? input.function : null;
  const story = (why: StoryWhy): CauseStory => ({ kind, subject, fn, why });
  const verdict = (k: CauseKind, why: StoryWhy, steps: readonly (Indexed | undefined)[], via: string | null = null, box: BoxEvidence | null = null, viaPos: SourcePos | null = null): CauseVerdict => ({
    kind: k,
    story: story(why),
    via,
    viaPos,
    steps: steps.filter((x): x is Indexed => x !== undefined).map(cite),
    box,
  });
  if (kind === 'does-not-escape') return verdict('stays-on-stack', { why: 'stays-on-stack' }, []);
  if (input.flowUnread === true) return verdict('unexplained', { why: 'flow-skipped' }, []);
  if (flow.length === 0) return verdict('unexplained', { why: 'no-flow' }, []);
  const groups = groupsOf(flow);
  const froms = groups.flatMap((g) => g.steps);
  const sink = input.sink ?? finalSink(flow);
  const storage = sink !== null ? storageRe.exec(sink) : null;
  const heapVar = sink !== null && (input.heapVars?.has(sink) ?? false);
  const via = storage ? storage[1]! : heapVar ? sink : null;
  const toResult = sink !== null && sink !== '{heap}' && !storage && !heapVar && sink !== '{temp}';
  const tail: StoryTail = toResult ? 'returned' : via ? 'escapes' : null;
  const find = (re: RegExp): Indexed | undefined => froms.find((x) => x.s.reason !== null && re.test(x.s.reason));
  const findLast = (re: RegExp): Indexed | undefined => [...froms].reverse().find((x) => x.s.reason !== null && re.test(x.s.reason));
  const lastGroup = groups[groups.length - 1];
  const lastStep = froms[froms.length - 1];

  // Conversions to an interface that need no box of their own (pointer-shaped values, interfaces) do not change the cause; the story names them.
  const boxed = new Set(boxedConversions(flow).map((b) => b.stepIndex));
  const direct = froms.find((x) => x.s.reason === 'interface-converted' && !boxed.has(x.i));
  const noBox = (v: CauseVerdict): CauseVerdict =>
    direct === undefined || v.kind === 'raw-flow' ? v : { ...v, story: { ...v.story, unboxed: { at: lineOf(direct.s) } }, steps: [...v.steps, cite(direct)] };

  const large = find(/^too (large|aligned) for stack$/);
  if (large) return verdict('too-large', { why: 'too-large', at: lineOf(large.s) }, [large], via);
  const nonConst = find(/^non-constant size$/);
  if (nonConst) return verdict('non-constant-size', { why: 'non-constant-size', at: lineOf(nonConst.s) }, [nonConst], via);
  const captured = find(/^captured by a closure$/);
  if (captured) {
    // By reference, the compiler adds a "reference" (address) step after the capture (escape.go, flowClosure).
    const next = flow[captured.i + 1];
    const byRef = next !== undefined && next.reason === 'reference' ? { i: captured.i + 1, s: next } : undefined;
    return verdict('closure-capture', { why: 'closure-capture', byReference: byRef !== undefined, at: lineOf(captured.s) }, [captured, byRef], via);
  }

  // The site's own storage: the flow starts "flow: X ← &{storage for SUBJECT}:" with "from SUBJECT (spill)".
  const first = groups[0];
  const ownSpill = first !== undefined && first.src === `&{storage for ${subject}}` ? first.steps.find((x) => x.s.reason === 'spill' && stepExpr(x.s) === subject) : undefined;
  if (ownSpill && input.box) {
    const call = input.box.source === 'runtime-call' ? input.box.call : null;
    const where = describeSink(froms, groups, toResult, via, lineOf);
    return verdict('interface-conversion', { why: 'boxed', at: lineOf(ownSpill.s), call, then: where.sink }, [ownSpill, where.step], via, input.box);
  }
  const send = find(/^send$/);
  if (send) return noBox(verdict('channel-send', { why: 'sent', expr: stepExpr(send.s), at: lineOf(send.s) }, [send], via));
  const mapPut = find(/^key of map put$/);
  if (mapPut) return noBox(verdict('map-key-value', { why: 'map-key', expr: stepExpr(mapPut.s), at: lineOf(mapPut.s) }, [mapPut], via));
  const addr = find(/^address-of$/);
  const address = addr !== undefined;
  const mapLit = find(/^map literal (key|value)$/);
  if (mapLit) return noBox(verdict('map-key-value', { why: 'map-literal', address, expr: stepExpr(mapLit.s), at: lineOf(mapLit.s) }, [mapLit, addr], via));
  const assign = findLast(/^assign(-pair.*)?$/);
  if (assign && /^[^=]*\[.*\] = /.test(stepExpr(assign.s)) && (sink === '{heap}' || sink === null)) {
    return noBox(verdict('map-key-value', { why: 'element', address, expr: stepExpr(assign.s), at: lineOf(assign.s) }, [assign, addr], via));
  }
  const appendee = find(/^(appendee slice|appended slice\.\.\.)$/);
  const appendArg = froms.find((x) => x.s.reason === 'call parameter' && /^from append\(/.test(x.s.text));
  const appended = appendArg ?? appendee;
  if (appended) return noBox(verdict('appended', { why: 'appended', address, expr: stepExpr(appended.s), at: lineOf(appended.s) }, [appended, addr], via));
  const call = froms.find((x) => x.s.reason === 'call parameter');
  if (call && !toResult && !via) {
    return noBox(verdict('leaky-callee', { why: 'leaky-callee', address, callee: calleeOf(call.s), at: lineOf(call.s) }, [call, addr], via));
  }
  const ret = find(/^return$/);
  // No return statement in the flow: it reached a named result ("res = p"), which the function returns.
  const intoResult = (address: boolean): StoryWhy => ({ why: 'assigned-to-result', address, result: sink, at: assign ? lineOf(assign.s) : null, tail });
  const resultStep = ret ?? assign ?? lastGroup?.header ?? undefined;
  if (addr && (ret || toResult)) {
    return noBox(verdict('address-returned', ret ? { why: 'returned', address: true, at: lineOf(ret.s) } : intoResult(true), [addr, resultStep], via));
  }
  if (ret || toResult) return noBox(verdict('returned', ret ? { why: 'returned', address: false, at: lineOf(ret.s) } : intoResult(false), [resultStep], via));
  if (addr) {
    if (sink === '{heap}' && assign && lastStep === assign) {
      return noBox(verdict('global-or-heap-assign', { why: 'assigned-to-global', address: true, expr: stepExpr(assign.s), at: lineOf(assign.s) }, [assign, addr], via));
    }
    const where = froms.find((x) => /literal element$|^assign/.test(x.s.reason ?? '')) ?? addr;
    const target = where === addr ? null : stepExpr(where.s);
    return noBox(verdict('address-stored', { why: 'address-stored', target, at: lineOf(where.s), tail }, [addr, where], via));
  }
  if (via !== null && lastGroup !== undefined) {
    // The last header stores into via; its last step says how (a literal element, an interface box, an assignment).
    const into = lastGroup.steps[lastGroup.steps.length - 1];
    const inBox = into !== undefined && into.s.reason === 'interface-converted' && boxed.has(into.i);
    const at = into ?? lastGroup.header ?? undefined;
    return noBox(
      verdict('stored-in-allocation', { why: 'stored-in-allocation', into: via, inBox, at: at ? lineOf(at.s) : null }, [lastGroup.header ?? undefined, into], via, null, inBox ? into.s.pos : null),
    );
  }
  if (assign && sink === '{heap}') {
    return noBox(verdict('global-or-heap-assign', { why: 'assigned-to-global', address: false, expr: stepExpr(assign.s), at: lineOf(assign.s) }, [assign], via));
  }
  return verdict('raw-flow', { why: 'raw-flow', steps: flow.map((s) => s.text) }, [], via);
}

/** describeSink tells where a boxed value goes, citing the step that says so. */
function describeSink(froms: readonly Indexed[], groups: readonly FlowGroup[], toResult: boolean, via: string | null, lineOf: Cite): { sink: BoxSink; step: Indexed | undefined } {
  const call = [...froms].reverse().find((x) => x.s.reason === 'call parameter');
  if (call) return { sink: { to: 'callee', callee: calleeOf(call.s), at: lineOf(call.s) }, step: call };
  const ret = froms.find((x) => x.s.reason === 'return');
  if (ret) return { sink: { to: 'returned', at: lineOf(ret.s) }, step: ret };
  if (via !== null) {
    const last = groups[groups.length - 1];
    const into = last?.steps[last.steps.length - 1];
    return { sink: { to: 'allocation', into: via, at: into ? lineOf(into.s) : null }, step: into };
  }
  const assign = [...froms].reverse().find((x) => /^assign/.test(x.s.reason ?? ''));
  if (assign) return { sink: { to: 'stored', expr: stepExpr(assign.s), at: lineOf(assign.s) }, step: assign };
  if (toResult) return { sink: { to: 'result' }, step: groups[groups.length - 1]?.header ?? undefined };
  return { sink: { to: 'unknown' }, step: undefined };
}
