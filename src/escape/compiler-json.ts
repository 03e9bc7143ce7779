// compiler-json.ts parses one file written by `go build -gcflags=-json=0,DIR`
// (cmd/compile/internal/logopt). Layout, from logopt/log_opts.go:
//   line 1: header {"version":0,"package":…,"gc_version":…,"file":"/abs/x.go"}
//   then one LSP-shaped Diagnostic per line. range = the OUTERMOST position;
//   relatedInformation = "inlineLoc" entries (second-outermost … innermost),
//   then the escape explanation ("escflow: …"), each entry followed by its own
//   inlineLoc entries when that step happened inside an inlined callee.
// Positions are 1-based lines and 1-based UTF-8 byte columns.
import type { SourcePos } from './model.js';

/** CompilerJsonHeader is the first line of each -json file. */
export interface CompilerJsonHeader {
  readonly version: number;
  readonly package: string;
  readonly goos: string;
  readonly goarch: string;
  readonly gcVersion: string;
  readonly file: string;
}

/** JsonFlowEntry is one "escflow:" related entry with its own inline positions. */
export interface JsonFlowEntry {
  /** Outermost position of the step. */
  readonly pos: SourcePos;
  /** Inline positions after pos, second-outermost to innermost. */
  readonly inline: readonly SourcePos[];
  /** The text after "escflow:", trimmed. */
  readonly text: string;
}

/** JsonDiagnostic is one compiler diagnostic line. */
export interface JsonDiagnostic {
  readonly code: string;
  readonly message: string;
  /** Outermost position (the range start). */
  readonly pos: SourcePos;
  /** Inline positions of the diagnostic itself, second-outermost to innermost. */
  readonly inline: readonly SourcePos[];
  readonly flow: readonly JsonFlowEntry[];
}

/** CompilerJsonFile is the parse result of one file. */
export interface CompilerJsonFile {
  readonly header: CompilerJsonHeader | null;
  readonly records: readonly JsonDiagnostic[];
  readonly warnings: readonly string[];
}

/**
 * MODELLED_CODES are the diagnostic codes heapsight models. The rest
 * (nilcheck, isInBounds, copy, loopvar codes, …) are skipped before JSON.parse,
 * which is most of the bytes when building std (289 MB on go1.26.8).
 * "escapes" is an escape explained at the moment an address flows straight
 * into something already escaping (escape/graph.go); "escape" the ones found
 * by the solver.
 */
export const MODELLED_CODES: ReadonlySet<string> = new Set(['escape', 'escapes', 'leak', 'canInlineFunction', 'cannotInlineFunction', 'cannotInlineCall']);

/** KNOWN_OTHER_CODES are codes the compiler emits that heapsight knowingly ignores (no warning). */
const KNOWN_OTHER_CODES: ReadonlySet<string> = new Set([
  'nilcheck',
  'isInBounds',
  'isSliceInBounds',
  'copy',
  'iteration-variable-to-heap',
  'iteration-variable-to-stack',
  'loop-modified-for',
  'loop-modified-range',
  'transformed-range',
  'transformed-for',
]);

interface RawPosition {
  line: number;
  character: number;
}
interface RawRelated {
  location?: { uri?: string; range?: { start?: RawPosition } };
  message?: string;
}
interface RawDiagnostic {
  range?: { start?: RawPosition };
  code?: string;
  message?: string;
  relatedInformation?: RawRelated[];
}

const codeRe = /"code":"([^"]*)"/;

/** uriToPath turns file:///abs/path into /abs/path (percent-decoded). */
export function uriToPath(uri: string): string {
  if (!uri.startsWith('file://')) return uri;
  try {
    return decodeURIComponent(uri.slice('file://'.length));
  } catch {
    return uri.slice('file://'.length);
  }
}

function toPos(file: string, p: RawPosition | undefined): SourcePos | null {
  if (!p || typeof p.line !== 'number' || typeof p.character !== 'number') return null;
  return { file, line: p.line, column: p.character };
}

// The fast path reads the exact shape Go's encoding/json writes for logopt's
// Diagnostic (field order is the struct order in logopt/log_opts.go) straight
// from the bytes: no string is made of a whole file or line, only of the
// strings kept (messages, flow texts, a uri when it changes), so a whole-std
// build (289 MB, ~1.5 million lines, ~10^6 flow steps on go1.26.8) costs
// little more than the records it keeps. Any line the scanner does not match
// falls back to JSON.parse, so a format change costs speed, not correctness.

const lit = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const L_CODE_KEY = lit('"code":"');
const L_HEAD = lit('{"range":{"start":{"line":');
const L_CHARACTER = lit(',"character":');
const L_END = lit('},"end":{');
const L_SEVERITY = lit('}},"severity":');
const L_CODE = lit(',"code":"');
const L_SOURCE = lit('","source":"');
const L_MESSAGE = lit(',"message":"');
const L_RELATED = lit(',"relatedInformation":[');
const L_LOCATION = lit('{"location":{"uri":"');
const L_RANGE = lit('","range":{"start":{"line":');
const L_REL_MESSAGE = lit('}}},"message":"');
const L_ESCFLOW = lit('escflow:');
const L_INLINELOC = lit('inlineLoc');

/** CODE_NAMES are the codes the scanner recognises without making a string, by length. */
const CODE_NAMES = new Map<number, { name: string; bytes: Uint8Array }[]>();
for (const name of [...MODELLED_CODES, ...KNOWN_OTHER_CODES]) {
  const list = CODE_NAMES.get(name.length) ?? [];
  list.push({ name, bytes: lit(name) });
  CODE_NAMES.set(name.length, list);
}

/** matchAt returns the offset after `l` when b holds it at k (before end), else -1. */
function matchAt(b: Uint8Array, k: number, end: number, l: Uint8Array): number {
  if (k < 0 || k + l.length > end) return -1;
  for (let x = 0; x < l.length; x++) if (b[k + x] !== l[x]) return -1;
  return k + l.length;
}

/**
 * ByteScanner holds the cursor state of the fast path (numbers and string
 * flags come back through fields, not allocated tuples).
 */
class ByteScanner {
  num = 0;
  escaped = false;
  high = false;
  constructor(
    readonly b: Buffer,
    readonly end: number,
  ) {}

  /** int reads decimal digits at k into num; returns the offset after them or -1. */
  int(k: number): number {
    const b = this.b;
    let n = 0;
    const s = k;
    while (k < this.end) {
      const c = b[k]!;
      if (c < 0x30 || c > 0x39) break;
      n = n * 10 + (c - 0x30);
      k++;
    }
    this.num = n;
    return k === s ? -1 : k;
  }

  /** strEnd returns the offset of the quote closing a JSON string body starting at k, or -1; sets escaped/high. */
  strEnd(k: number): number {
    const b = this.b;
    this.escaped = false;
    this.high = false;
    while (k < this.end) {
      const c = b[k]!;
      if (c === 0x22) return k;
      if (c === 0x5c) {
        this.escaped = true;
        k += 2;
        continue;
      }
      if (c >= 0x80) this.high = true;
      k++;
    }
    return -1;
  }

  /** skipTo returns the offset of the next byte c at or after k, or -1. */
  skipTo(k: number, c: number): number {
    const i = this.b.indexOf(c, k);
    return i < 0 || i >= this.end ? -1 : i;
  }

  /** text decodes the string body [s, e) as strEnd flagged it; always a fresh flat string. */
  text(s: number, e: number): string {
    const t = this.b.toString(this.high ? 'utf8' : 'latin1', s, e);
    return this.escaped ? (JSON.parse(`"${t}"`) as string) : t;
  }
}

/** NO_POSITIONS is shared by every flow step that was not inlined (most of them), to save an array each. */
const NO_POSITIONS: readonly SourcePos[] = Object.freeze([]);

/**
 * parseCompilerJsonBytes parses one -json file from its bytes (the fast path
 * used on whole builds); the result equals parseCompilerJson's on the same text.
 */
export function parseCompilerJsonBytes(bytes: Uint8Array, origin: string): CompilerJsonFile {
  const records: JsonDiagnostic[] = [];
  const { header, warnings } = scanCompilerJsonBytes(bytes, origin, (d) => records.push(d));
  return { header, records, warnings };
}

/**
 * scanCompilerJsonBytes is parseCompilerJsonBytes handing each record to
 * onRecord as soon as it is read, so a caller that keeps a little of each
 * record never holds a whole file's records (a big std package has ~10^4).
 * onHeader, when given, sees the header before the first record.
 */
export function scanCompilerJsonBytes(
  bytes: Uint8Array,
  origin: string,
  onRecord: (d: JsonDiagnostic) => void,
  onHeader?: (h: CompilerJsonHeader) => void,
  needFlow?: (code: string, message: string, pos: SourcePos) => boolean,
  /** The codes to read (a subset of MODELLED_CODES); the others are skipped like unmodelled ones. */
  codes: ReadonlySet<string> = MODELLED_CODES,
): { header: CompilerJsonHeader | null; warnings: string[] } {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nl = buf.indexOf(0x0a);
  const headerUtf8 = buf.toString('utf8', 0, nl < 0 ? buf.length : nl);
  const first = parseCompilerJson(headerUtf8, origin);
  if (!first.header) {
    for (const d of first.records) onRecord(d);
    return { header: first.header, warnings: [...first.warnings] };
  }
  const header = first.header;
  onHeader?.(header);
  const warnings: string[] = [...first.warnings];
  const unknownCodes = new Map<string, number>();
  const uris = new UriPaths(buf);
  let lineNo = 1;
  let i = nl < 0 ? buf.length : nl + 1;
  while (i < buf.length) {
    let j = buf.indexOf(0x0a, i);
    if (j < 0) j = buf.length;
    lineNo++;
    const c = buf.indexOf(L_CODE_KEY, i);
    if (c < 0 || c >= j) {
      if (j > i) warnings.push(`${origin}:${lineNo}: line without a diagnostic code (truncated file?)`);
      i = j + 1;
      continue;
    }
    const codeStart = c + L_CODE_KEY.length;
    let codeEnd = buf.indexOf(0x22, codeStart);
    if (codeEnd < 0 || codeEnd > j) codeEnd = j;
    const code = codeName(buf, codeStart, codeEnd);
    if (code === null || !codes.has(code)) {
      if (code === null) {
        const name = buf.toString('utf8', codeStart, codeEnd);
        unknownCodes.set(name, (unknownCodes.get(name) ?? 0) + 1);
      }
      i = j + 1;
      continue;
    }
    const rec = scanRecord(new ByteScanner(buf, j), i, code, header.file, uris, needFlow);
    if (rec) onRecord(rec);
    else {
      const slow = parseCompilerJson(`${headerUtf8}\n${buf.toString('utf8', i, j)}`, origin);
      for (const d of slow.records) onRecord(d);
      warnings.push(...slow.warnings.map((w) => w.replace(`${origin}:2:`, `${origin}:${lineNo}:`)));
    }
    i = j + 1;
  }
  if (unknownCodes.size > 0) {
    const list = [...unknownCodes].map(([code, n]) => `${code} (${n})`).join(', ');
    warnings.push(`${origin}: skipped diagnostics with codes heapsight does not know: ${list}`);
  }
  return { header, warnings };
}

/** codeName returns the known code at [s, e) without making a string, or null for an unknown one. */
function codeName(b: Uint8Array, s: number, e: number): string | null {
  for (const c of CODE_NAMES.get(e - s) ?? []) if (matchAt(b, s, e, c.bytes) === e) return c.name;
  return null;
}

/** UriPaths turns related-information uris into paths; consecutive entries mostly share one, compared as bytes. */
class UriPaths {
  private lastStart = -1;
  private lastEnd = -1;
  private lastPath = '';
  private readonly cache = new Map<string, string>();
  constructor(private readonly b: Buffer) {}

  pathOf(s: number, e: number, high: boolean, escaped: boolean): string {
    const b = this.b;
    if (this.lastStart >= 0 && e - s === this.lastEnd - this.lastStart && b.compare(b, this.lastStart, this.lastEnd, s, e) === 0) return this.lastPath;
    const raw = b.toString('latin1', s, e);
    let p = this.cache.get(raw);
    if (p === undefined) {
      let uri = high ? b.toString('utf8', s, e) : raw;
      if (escaped) uri = JSON.parse(`"${uri}"`) as string;
      this.cache.set(raw, (p = uriToPath(uri)));
    }
    this.lastStart = s;
    this.lastEnd = e;
    this.lastPath = p;
    return p;
  }
}

/**
 * scanRecord reads one modelled diagnostic line starting at k; null when its
 * shape is not the expected one. When needFlow says no, the record comes back
 * with its own inline positions and an empty flow, the flow left unread.
 */
function scanRecord(
  sc: ByteScanner,
  k: number,
  code: string,
  file: string,
  uris: UriPaths,
  needFlow?: (code: string, message: string, pos: SourcePos) => boolean,
): JsonDiagnostic | null {
  const b = sc.b;
  const end = sc.end;
  if ((k = sc.int(matchAt(b, k, end, L_HEAD))) < 0) return null;
  const line = sc.num;
  if ((k = sc.int(matchAt(b, k, end, L_CHARACTER))) < 0) return null;
  const column = sc.num;
  if ((k = matchAt(b, k, end, L_END)) < 0 || (k = sc.skipTo(k, 0x7d)) < 0) return null;
  if ((k = sc.int(matchAt(b, k, end, L_SEVERITY))) < 0) return null;
  if ((k = matchAt(b, k, end, L_CODE)) < 0 || (k = sc.skipTo(k, 0x22)) < 0) return null;
  if ((k = matchAt(b, k, end, L_SOURCE)) < 0 || (k = sc.skipTo(k, 0x22)) < 0) return null;
  if ((k = matchAt(b, k + 1, end, L_MESSAGE)) < 0) return null;
  const msgEnd = sc.strEnd(k);
  if (msgEnd < 0) return null;
  const message = sc.text(k, msgEnd);
  k = msgEnd + 1;
  const pos: SourcePos = { file, line, column };
  const skipFlow = needFlow !== undefined && !needFlow(code, message, pos);
  const inline: SourcePos[] = [];
  const flow: { pos: SourcePos; inline: readonly SourcePos[]; text: string }[] = [];
  if ((k = matchAt(b, k, end, L_RELATED)) >= 0) {
    let prev: SourcePos | null = null;
    for (;;) {
      if ((k = matchAt(b, k, end, L_LOCATION)) < 0) return null;
      const uriEnd = sc.strEnd(k);
      if (uriEnd < 0) return null;
      const relFile = uris.pathOf(k, uriEnd, sc.high, sc.escaped);
      if ((k = sc.int(matchAt(b, uriEnd, end, L_RANGE))) < 0) return null;
      const ln = sc.num;
      if ((k = sc.int(matchAt(b, k, end, L_CHARACTER))) < 0) return null;
      const col = sc.num;
      if ((k = matchAt(b, k, end, L_END)) < 0 || (k = sc.skipTo(k, 0x7d)) < 0) return null;
      if ((k = matchAt(b, k, end, L_REL_MESSAGE)) < 0) return null;
      let s = k;
      const e = sc.strEnd(k);
      if (e < 0 || b[e + 1] !== 0x7d) return null;
      const sep = b[e + 2];
      if (sep !== 0x2c && sep !== 0x5d) return null;
      k = e + 3;
      // A "flow:" entry and its first "from" step usually share a position: share the object (std has ~10^6 steps).
      const relPos: SourcePos = prev !== null && prev.file === relFile && prev.line === ln && prev.column === col ? prev : { file: relFile, line: ln, column: col };
      prev = relPos;
      // The first flow step: what follows belongs to the flow, which is not wanted.
      // A line cut short still goes to the slow path, for its warning.
      if (skipFlow && matchAt(b, s, e, L_INLINELOC) !== e) {
        if (b[end - 1] !== 0x7d || b[end - 2] !== 0x5d) return null;
        break;
      }
      if (matchAt(b, s, e, L_INLINELOC) === e) {
        const last = flow[flow.length - 1];
        if (!last) inline.push(relPos);
        else if (last.inline === NO_POSITIONS) last.inline = [relPos];
        else (last.inline as SourcePos[]).push(relPos);
      } else {
        if (matchAt(b, s, e, L_ESCFLOW) >= 0) s += L_ESCFLOW.length;
        let t = e;
        while (s < t && b[s] === 0x20) s++;
        while (t > s && b[t - 1] === 0x20) t--;
        let text = sc.text(s, t);
        if (text.length > 0 && (text.charCodeAt(0) <= 0x20 || text.charCodeAt(text.length - 1) <= 0x20)) text = text.trim();
        flow.push({ pos: relPos, inline: NO_POSITIONS, text });
      }
      if (sep === 0x5d) break;
    }
  }
  return { code, message, pos, inline, flow };
}

/**
 * parseCompilerJson parses the text of one -json file. `origin` names the file
 * in warnings. Lines with codes outside MODELLED_CODES are skipped unparsed;
 * unknown codes are counted in one warning.
 */
export function parseCompilerJson(text: string, origin: string): CompilerJsonFile {
  const warnings: string[] = [];
  const records: JsonDiagnostic[] = [];
  const lines = text.split('\n');
  let header: CompilerJsonHeader | null = null;
  const unknownCodes = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (i === 0) {
      try {
        const h = JSON.parse(line) as Record<string, unknown>;
        if (typeof h['file'] !== 'string') throw new Error('no "file" field');
        header = {
          version: typeof h['version'] === 'number' ? h['version'] : -1,
          package: String(h['package'] ?? ''),
          goos: String(h['goos'] ?? ''),
          goarch: String(h['goarch'] ?? ''),
          gcVersion: String(h['gc_version'] ?? ''),
          file: h['file'],
        };
        if (header.version !== 0) warnings.push(`${origin}:1: unknown -json version ${header.version}; reading it as version 0`);
      } catch (e) {
        warnings.push(`${origin}:1: not a compiler -json header (${e instanceof Error ? e.message : String(e)})`);
        return { header: null, records, warnings };
      }
      continue;
    }
    const cm = codeRe.exec(line);
    const code = cm?.[1];
    if (code === undefined || !MODELLED_CODES.has(code)) {
      if (code !== undefined && !KNOWN_OTHER_CODES.has(code)) unknownCodes.set(code, (unknownCodes.get(code) ?? 0) + 1);
      if (code === undefined) warnings.push(`${origin}:${i + 1}: line without a diagnostic code (truncated file?)`);
      continue;
    }
    let raw: RawDiagnostic;
    try {
      raw = JSON.parse(line) as RawDiagnostic;
    } catch {
      warnings.push(`${origin}:${i + 1}: malformed JSON diagnostic (truncated file?)`);
      continue;
    }
    const file = header!.file;
    const pos = toPos(file, raw.range?.start);
    if (!pos) {
      warnings.push(`${origin}:${i + 1}: diagnostic without a position`);
      continue;
    }
    const inline: SourcePos[] = [];
    const flow: { pos: SourcePos; inline: SourcePos[]; text: string }[] = [];
    for (const rel of raw.relatedInformation ?? []) {
      const relPos = toPos(uriToPath(rel.location?.uri ?? file), rel.location?.range?.start);
      const msg = rel.message ?? '';
      if (msg === 'inlineLoc') {
        if (!relPos) continue;
        const last = flow[flow.length - 1];
        (last ? last.inline : inline).push(relPos);
      } else if (msg.startsWith('escflow:')) {
        flow.push({ pos: relPos ?? pos, inline: [], text: msg.slice('escflow:'.length).trim() });
      } else {
        flow.push({ pos: relPos ?? pos, inline: [], text: msg.trim() });
      }
    }
    records.push({ code, message: raw.message ?? '', pos, inline, flow });
  }
  if (unknownCodes.size > 0) {
    const list = [...unknownCodes].map(([c, n]) => `${c} (${n})`).join(', ');
    warnings.push(`${origin}: skipped diagnostics with codes heapsight does not know: ${list}`);
  }
  return { header, records, warnings };
}
