// escape-cause.ts turns the compiler's explanation flow into a typed cause and
// a short story in plain words (golang/go#10526, #31489 ask for exactly this).
// Reason strings come from cmd/compile/internal/escape (note/addr/deref calls
// in expr.go, stmt.go, call.go, assign.go, escape.go, utils.go).
import type { EscapeKind, FlowStep } from './model.js';
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
  | 'stays-on-stack'
  | 'unexplained'
  | 'raw-flow';

/** CauseInfo documents a cause kind. */
export interface CauseInfo {
  readonly title: string;
  readonly explanation: string;
  readonly fix: string;
}

/** CAUSES documents every cause kind; a new kind does not compile until it is described here. */
export const CAUSES: Readonly<Record<CauseKind, CauseInfo>> = {
  'interface-conversion': {
    title: 'converted to an interface (boxing)',
    explanation:
      'A non-pointer value stored in an interface needs its own memory; when the interface outlives the frame (passed to fmt, stored in any, sent to a leaking parameter) that memory is on the heap (runtime.convT*).',
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
  'stays-on-stack': {
    title: 'does not escape',
    explanation: 'The compiler proved the value does not outlive its frame; it stays on the stack and costs the GC nothing.',
    fix: 'Nothing to do.',
  },
  unexplained: {
    title: 'no explanation in the input',
    explanation:
      'The compiler output has the decision but not the flow behind it (plain -m output, or the site was explained under another flow), or heapsight skipped the flow because the report does not show the site (leaks in a whole-program report).',
    fix: 'Rerun with heapsight escape --all (or --explain FILE:LINE), which builds with -json and reads every explanation.',
  },
  'raw-flow': {
    title: 'other (see the flow)',
    explanation: 'heapsight does not recognise this flow; the compiler\'s steps are shown as they are.',
    fix: 'Read the flow from the allocation towards {heap}: the first step that stores into something long-lived is what to change.',
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
}

/** CauseVerdict is the classifier's result. */
export interface CauseVerdict {
  readonly kind: CauseKind;
  /** The story, without the "because" chain of other sites. */
  readonly text: string;
  /** When the flow ends in another allocation ("{storage for &T{...}}", or a local moved to the heap), its subject. */
  readonly via: string | null;
  /** True when the cause is "stored in `via`": the caller should take the kind of via's own cause. */
  readonly inherits: boolean;
}

const flowHeaderRe = /^flow: (.+?) (?:←|=) (.+):$/;

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
function stepExpr(step: FlowStep): string {
  return step.text.replace(/^from /, '').replace(/ \([^()]*\)$/, '');
}

/** isAllocatingExpr says whether an expression allocates by itself (so "{storage for E}" is its own allocation, not boxing). */
function isAllocatingExpr(e: string): boolean {
  return (
    e.startsWith('&') ||
    e.startsWith('new(') ||
    e.startsWith('make(') ||
    e.startsWith('append(') ||
    e === 'append' ||
    e === 'func literal' ||
    e === '... argument' ||
    /^(\[\d*\]|map\[|struct ?\{)/.test(e) ||
    /^[\w.]+\{/.test(e) ||
    / \+ /.test(e) ||
    /^(string|\[\]byte|\[\]rune)\(/.test(e)
  );
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

function classify(input: CauseInput, lineOf: Cite): CauseVerdict {
  const { kind, subject, flow } = input;
  const fn = input.function !== '' ? input.function : 'the function';
  const head = verb(kind, subject);
  if (kind === 'does-not-escape') return { kind: 'stays-on-stack', text: `${head}: it stays on the stack.`, via: null, inherits: false };
  if (input.flowUnread === true) {
    return { kind: 'unexplained', text: `${head}; heapsight skipped the compiler's explanation, which this report does not show.`, via: null, inherits: false };
  }
  const froms = flow.filter((s) => s.reason !== null);
  if (flow.length === 0) return { kind: 'unexplained', text: `${head}; the input has no explanation flow for it.`, via: null, inherits: false };
  const sink = input.sink ?? finalSink(flow);
  const storage = sink !== null ? /^\{storage for (.+)\}$/.exec(sink) : null;
  const heapVar = sink !== null && (input.heapVars?.has(sink) ?? false);
  const via = storage ? storage[1]! : heapVar ? sink : null;
  const toResult = sink !== null && sink !== '{heap}' && !storage && !heapVar && sink !== '{temp}';
  const tail = toResult ? `, which ${fn} returns` : via ? `, which itself escapes` : '';
  const find = (re: RegExp): FlowStep | undefined => froms.find((s) => s.reason !== null && re.test(s.reason));
  const findLast = (re: RegExp): FlowStep | undefined => [...froms].reverse().find((s) => s.reason !== null && re.test(s.reason));

  const large = find(/^too (large|aligned) for stack$/);
  if (large) return { kind: 'too-large', text: `${head} because it is too large for the stack${lineOf(large)}.`, via, inherits: false };
  const nonConst = find(/^non-constant size$/);
  if (nonConst) return { kind: 'non-constant-size', text: `${head} because its size is not a constant${lineOf(nonConst)}.`, via, inherits: false };
  const captured = find(/^captured by a closure$/);
  if (captured) {
    return { kind: 'closure-capture', text: `${head} because a closure captures it by reference${lineOf(captured)} and the closure outlives ${fn}.`, via, inherits: false };
  }
  const firstHeader = flow.find((s) => flowHeaderRe.test(s.text));
  const firstSrc = firstHeader ? flowHeaderRe.exec(firstHeader.text)![2]! : '';
  const converted = find(/^interface-converted$/);
  const boxed = converted !== undefined || (kind === 'escapes-to-heap' && firstSrc === `&{storage for ${subject}}` && !isAllocatingExpr(subject));
  if (boxed) {
    const at = converted ?? froms[0];
    return { kind: 'interface-conversion', text: `${head} because it is converted to an interface${at ? lineOf(at) : ''}${describeSink(froms, fn, toResult, lineOf)}.`, via, inherits: false };
  }
  const send = find(/^send$/);
  if (send) return { kind: 'channel-send', text: `${head} because it is sent on a channel: ${stepExpr(send)}${lineOf(send)}.`, via, inherits: false };
  const mapPut = find(/^key of map put$/);
  if (mapPut) return { kind: 'map-key-value', text: `${head} because it is used as a map key: ${stepExpr(mapPut)}${lineOf(mapPut)}.`, via, inherits: false };
  const addr = find(/^address-of$/);
  const assign = findLast(/^assign(-pair.*)?$/);
  if (assign && /^[^=]*\[.*\] = /.test(stepExpr(assign)) && (sink === '{heap}' || sink === null)) {
    return { kind: 'map-key-value', text: `${head} because ${addr ? 'its address ' : 'it '}is stored in a map or slice element: ${stepExpr(assign)}${lineOf(assign)}.`, via, inherits: false };
  }
  const appendee = find(/^appendee slice$/);
  const appendArg = froms.find((s) => s.reason === 'call parameter' && /^from append\(/.test(s.text));
  if (appendee || appendArg) {
    const s = (appendArg ?? appendee)!;
    return { kind: 'appended', text: `${head} because ${addr ? 'its address ' : 'it '}is appended to a slice that escapes: ${stepExpr(s)}${lineOf(s)}.`, via, inherits: false };
  }
  const call = froms.find((s) => s.reason === 'call parameter');
  if (call && !toResult && !via) {
    const callee = /^from (.+?)\(/.exec(call.text)?.[1] ?? 'a function';
    return {
      kind: 'leaky-callee',
      text: `${head} because ${addr ? 'its address ' : 'it '}is passed to ${callee}${lineOf(call)}, whose parameter leaks.`,
      via,
      inherits: false,
    };
  }
  const ret = find(/^return$/);
  // No return statement in the flow: it reached a named result ("res = p"), which the function returns.
  const intoResult = `assigned to ${sink ?? 'the result'}${assign ? lineOf(assign) : ''}${tail}`;
  if (addr && (ret || toResult)) {
    return { kind: 'address-returned', text: ret ? `${head} because its address is returned${lineOf(ret)}.` : `${head} because its address is ${intoResult}.`, via, inherits: false };
  }
  if (ret || toResult) return { kind: 'returned', text: ret ? `${head} because it is returned${lineOf(ret)}.` : `${head} because it is ${intoResult}.`, via, inherits: false };
  const lastStep = froms[froms.length - 1];
  if (addr) {
    if (sink === '{heap}' && assign && lastStep === assign) {
      return { kind: 'global-or-heap-assign', text: `${head} because its address is assigned to a global or heap object: ${stepExpr(assign)}${lineOf(assign)}.`, via, inherits: false };
    }
    const where = froms.find((s) => /literal element$|^assign/.test(s.reason ?? '')) ?? addr;
    const target = where === addr ? '' : ` in ${stepExpr(where)}`;
    return { kind: 'address-stored', text: `${head} because its address is stored${target}${lineOf(where)}${tail}.`, via, inherits: false };
  }
  if (via !== null) {
    const into = assign ?? lastStep;
    return { kind: 'raw-flow', text: `${head} because it is stored in ${via}${into ? lineOf(into) : ''}, which itself escapes.`, via, inherits: true };
  }
  if (assign && sink === '{heap}') {
    return { kind: 'global-or-heap-assign', text: `${head} because it is assigned to a global or heap object: ${stepExpr(assign)}${lineOf(assign)}.`, via, inherits: false };
  }
  const raw = flow.map((s) => s.text).join('; ');
  return { kind: 'raw-flow', text: `${head}; the compiler's flow: ${raw}`, via, inherits: false };
}

function describeSink(froms: readonly FlowStep[], fn: string, toResult: boolean, lineOf: Cite): string {
  const call = [...froms].reverse().find((s) => s.reason === 'call parameter');
  if (call) return ` and passed to ${/^from (.+?)\(/.exec(call.text)?.[1] ?? 'a function'}${lineOf(call)}, which keeps it`;
  const assign = [...froms].reverse().find((s) => /^assign/.test(s.reason ?? ''));
  if (assign) return ` and stored: ${stepExpr(assign)}${lineOf(assign)}`;
  if (toResult) return `, which ${fn} returns`;
  return '';
}
