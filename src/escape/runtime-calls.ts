// runtime-calls.ts reads `-gcflags=-S` assembly listings and keeps the calls
// into runtime functions that allocate, per compiled function and source line.
// The listing is the code after inlining: an inlined callee's instructions
// keep the callee's own file:line, which is where pprof attributes them.
//   header:      "example.com/p.(*T).M STEXT size=98 args=0x8 locals=0x40 funcid=0x0 align=0x0"
//   instruction: "\t0x0014 00020 (/abs/p.go:17)\tCALL\truntime.convT64(SB)"
import type { RuntimeCall } from './model.js';
import { collapseTypeArgs } from '../go-symbol.js';

/** AllocCall names one runtime allocation entry point and what it means in plain words. */
export interface AllocCallInfo {
  readonly reason: string;
}

/**
 * ALLOCATING_CALLS maps runtime functions the compiler calls to allocate to a
 * plain-words reason. Names are those the compiler emits on go1.19–go1.26
 * (cmd/compile/internal/typecheck/_builtin/runtime.go).
 */
// Swiss tables (go1.24+): a small map's one group is allocated lazily on its first insert
// (a size hint does not remove that), later ones as the map outgrows them.
const MAP_INSERT = "a map insert (allocates a small map's first group on its first insert, and new groups or tables as the map grows)";

const CALLS = {
  'runtime.newobject': { reason: 'a variable or composite literal is allocated on the heap' },
  'runtime.mallocgc': { reason: 'heap allocation' },
  'runtime.makemap': { reason: 'a map is created (with a size hint)' },
  'runtime.makemap64': { reason: 'a map is created (with a 64-bit size hint)' },
  'runtime.makemap_small': { reason: 'a map is created' },
  // Since go1.25 a non-constant make first tries a 32-byte stack buffer; makeslice is the fallback.
  'runtime.makeslice': { reason: 'make([]T, n) allocates the backing array on the heap (for a non-constant n that fits no stack buffer)' },
  'runtime.makeslice64': { reason: 'make([]T, n) allocates the backing array on the heap' },
  'runtime.makeslicecopy': { reason: 'a slice is copied into a new backing array' },
  'runtime.growslice': { reason: 'append grows the slice' },
  'runtime.concatstring2': { reason: 'string concatenation builds a new string' },
  'runtime.concatstring3': { reason: 'string concatenation builds a new string' },
  'runtime.concatstring4': { reason: 'string concatenation builds a new string' },
  'runtime.concatstring5': { reason: 'string concatenation builds a new string' },
  'runtime.concatstrings': { reason: 'string concatenation builds a new string' },
  'runtime.concatbyte2': { reason: 'string concatenation into []byte builds a new slice' },
  'runtime.concatbyte3': { reason: 'string concatenation into []byte builds a new slice' },
  'runtime.concatbyte4': { reason: 'string concatenation into []byte builds a new slice' },
  'runtime.concatbyte5': { reason: 'string concatenation into []byte builds a new slice' },
  'runtime.concatbytes': { reason: 'string concatenation into []byte builds a new slice' },
  'runtime.slicebytetostring': { reason: 'string([]byte) copies the bytes' },
  'runtime.stringtoslicebyte': { reason: '[]byte(string) copies the string' },
  'runtime.stringtoslicerune': { reason: '[]rune(string) decodes into a new slice' },
  'runtime.slicerunetostring': { reason: 'string([]rune) encodes into a new string' },
  'runtime.intstring': { reason: 'string(rune) builds a new string' },
  'runtime.convT': { reason: 'a value is boxed into an interface' },
  'runtime.convTnoptr': { reason: 'a value is boxed into an interface' },
  'runtime.convT16': { reason: 'a 16-bit value is boxed into an interface' },
  'runtime.convT32': { reason: 'a 32-bit value is boxed into an interface' },
  'runtime.convT64': { reason: 'a 64-bit value is boxed into an interface' },
  'runtime.convTstring': { reason: 'a string is boxed into an interface' },
  'runtime.convTslice': { reason: 'a slice is boxed into an interface' },
  'runtime.makechan': { reason: 'a channel is created' },
  'runtime.makechan64': { reason: 'a channel is created' },
  // A blocking channel operation parks the goroutine on a sudog from the P's cache; an empty cache allocates one
  // (runtime.acquireSudog), charged to this line because the heap profile drops the runtime's frames.
  'runtime.chanrecv1': { reason: 'a channel receive that blocks takes a sudog, allocated when the runtime\'s cache is empty' },
  'runtime.chanrecv2': { reason: 'a channel receive that blocks takes a sudog, allocated when the runtime\'s cache is empty' },
  'runtime.chansend1': { reason: 'a channel send that blocks takes a sudog, allocated when the runtime\'s cache is empty' },
  'runtime.selectgo': { reason: 'a select that blocks takes a sudog per case, allocated when the runtime\'s cache is empty' },
  // A go statement allocates the goroutine and its stack (runtime.malg) when no dead goroutine can be reused.
  'runtime.newproc': { reason: 'a go statement allocates the new goroutine and its stack when no finished one can be reused' },
  'runtime.mapassign': { reason: MAP_INSERT },
  'runtime.mapassign_fast32': { reason: MAP_INSERT },
  'runtime.mapassign_fast32ptr': { reason: MAP_INSERT },
  'runtime.mapassign_fast64': { reason: MAP_INSERT },
  'runtime.mapassign_fast64ptr': { reason: MAP_INSERT },
  'runtime.mapassign_faststr': { reason: MAP_INSERT },
} as const satisfies Readonly<Record<string, AllocCallInfo>>;

/** AllocCall names every runtime allocation entry point heapsight knows; catalogues word each (i18n/, runtimeCall). */
export type AllocCall = keyof typeof CALLS;

/** ALLOCATING_CALLS is CALLS looked up by any symbol name. */
export const ALLOCATING_CALLS: Readonly<Record<string, AllocCallInfo>> = CALLS;

// The symbol may contain spaces (generic shapes: "go.shape.struct { F int }").
const headerRe = /^(\S.*?) (STEXT|SRODATA|SNOPTRDATA|SDATA|SBSS|SNOPTRBSS|STLSBSS|SDWARF\w*|SLIBFUZZER\w*|SCOVERAGE\w*|SPCLNTAB|SELFRXSECT|SMODULEDATA|S\w+)\b/;
const callRe = /^\t0x[0-9a-f]+ \d+ \((.+):(\d+)\)\tCALL\t([^\s(]+)\(SB\)/;

/**
 * pprofFuncName turns a compiler symbol into the name pprof prints: type
 * arguments of generic instantiations become "[...]" (runtime.FuncForPC and
 * pprof both print "pkg.F[...]").
 */
export function pprofFuncName(symbol: string): string {
  return collapseTypeArgs(symbol);
}

/**
 * RuntimeCallCollector consumes -S lines one at a time (the listing for std is
 * hundreds of megabytes, so it is streamed, never held). keepFile decides
 * which source files' calls are kept; keepFunction which compiled functions.
 */
export class RuntimeCallCollector {
  private current: string | null = null;
  /** keepFunction(current), asked once per function rather than per instruction (std's listing has ~10^7). */
  private keepCurrent = false;
  private readonly calls: RuntimeCall[] = [];
  private readonly seen = new Set<string>();
  constructor(
    private readonly keepFunction: (name: string) => boolean = () => true,
    private readonly keepFile: (file: string) => boolean = () => true,
  ) {}

  /** push reads one line of compiler output; lines that are not assembly are ignored. */
  push(line: string): void {
    if (line.length === 0) return;
    if (line.charCodeAt(0) !== 9 /* \t */) {
      const h = headerRe.exec(line);
      // "# pkg" headers and -m lines end nothing: each function's listing is contiguous.
      if (h) {
        this.current = h[2] === 'STEXT' ? pprofFuncName(h[1]!) : null;
        this.keepCurrent = this.current !== null && this.keepFunction(this.current);
      }
      return;
    }
    const fn = this.current;
    if (!this.keepCurrent || fn === null) return;
    // Most instructions are not calls into the runtime: a substring test before the regular expression.
    if (line.indexOf('\tCALL\truntime.') < 0) return;
    const c = callRe.exec(line);
    if (!c) return;
    const call = c[3]!;
    const info = ALLOCATING_CALLS[call];
    if (!info) return;
    const file = c[1]!;
    if (!this.keepFile(file)) return;
    const lineNo = Number(c[2]);
    const key = `${fn}\u0000${file}\u0000${lineNo}\u0000${call}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.calls.push({ file, line: lineNo, function: fn, call, reason: info.reason });
  }

  /** result returns the calls in listing order. */
  result(): RuntimeCall[] {
    return [...this.calls];
  }
}

/** parseRuntimeCalls is the whole-text form of RuntimeCallCollector. */
export function parseRuntimeCalls(text: string): RuntimeCall[] {
  const c = new RuntimeCallCollector();
  for (const l of text.split('\n')) c.push(l.endsWith('\r') ? l.slice(0, -1) : l);
  return c.result();
}
