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
 * ESCAPE_AND_INLINE_CODES are the diagnostic codes heapsight models. The rest
 * (nilcheck, isInBounds, copy, loopvar codes, …) are skipped before JSON.parse,
 * which is most of the bytes when building std (289 MB on go1.26.8).
 */
// "escapes" is an escape explained at the moment an address flows straight into
// something already escaping (escape/graph.go); "escape" the ones found by the solver.
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
// Diagnostic (field order is the struct order in logopt/log_opts.go), from a
// latin1 string: latin1 decoding is a byte-for-byte copy that keeps V8's
// one-byte strings, and regexes over it are ~4x faster than JSON.parse
// (measured on std: 270 MB of escape records, 6.1 s → 1.6 s). Any line the
// regexes do not match falls back to JSON.parse, so a format change costs
// speed, not correctness.
const fastHead = /^\{"range":\{"start":\{"line":(\d+),"character":(\d+)\},"end":\{[^}]*\}\},"severity":\d+,"code":"([^"]*)","source":"[^"]*","message":"((?:[^"\\]|\\.)*)"(,"relatedInformation":\[)?/;
const fastRelated = /\{"location":\{"uri":"([^"]*)","range":\{"start":\{"line":(\d+),"character":(\d+)\},"end":\{[^}]*\}\}\},"message":"((?:[^"\\]|\\.)*)"\}([,\]])/y;
const highByte = /[\x80-\xff]/;

/**
 * fromLatin1 turns a JSON string body read as latin1 back into text:
 * unescape, then re-decode UTF-8 bytes. The result is always a fresh string:
 * a substring would be a V8 sliced string that keeps the whole file (hundreds
 * of MB on std) alive.
 */
function fromLatin1(body: string): string {
  const s = body.includes('\\') ? (JSON.parse(`"${body}"`) as string) : body;
  if (highByte.test(s)) return Buffer.from(s, 'latin1').toString('utf8');
  return s === body ? flatCopy(s) : s;
}

function flatCopy(s: string): string {
  // Concatenation then slicing flattens into a new string that owns its characters.
  return (' ' + s).slice(1);
}

/** NO_POSITIONS is shared by every flow step that was not inlined (most of them), to save an array each. */
const NO_POSITIONS: readonly SourcePos[] = Object.freeze([]);

/**
 * parseCompilerJsonBytes parses one -json file from its bytes (the fast path
 * used on whole builds); the result equals parseCompilerJson's on the same text.
 */
export function parseCompilerJsonBytes(bytes: Uint8Array, origin: string): CompilerJsonFile {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const nl = text.indexOf('\n');
  const headerText = nl < 0 ? text : text.slice(0, nl);
  const headerUtf8 = Buffer.from(headerText, 'latin1').toString('utf8');
  const first = parseCompilerJson(headerUtf8, origin);
  if (!first.header) return first;
  const header = first.header;
  const records: JsonDiagnostic[] = [];
  const warnings: string[] = [...first.warnings];
  const unknownCodes = new Map<string, number>();
  const uriCache = new Map<string, string>();
  // Consecutive entries mostly share a uri: compare with the last one before hashing.
  let lastUri = '';
  let lastPath = '';
  const pathOf = (uri: string): string => {
    if (uri === lastUri) return lastPath;
    let p = uriCache.get(uri);
    if (p === undefined) uriCache.set(flatCopy(uri), (p = uriToPath(fromLatin1(uri))));
    lastUri = uri;
    lastPath = p;
    return p;
  };
  let lineNo = 1;
  let i = nl < 0 ? text.length : nl + 1;
  while (i < text.length) {
    let j = text.indexOf('\n', i);
    if (j < 0) j = text.length;
    lineNo++;
    const c = text.indexOf('"code":"', i);
    if (c < 0 || c >= j) {
      if (j > i) warnings.push(`${origin}:${lineNo}: line without a diagnostic code (truncated file?)`);
      i = j + 1;
      continue;
    }
    const codeEnd = text.indexOf('"', c + 8);
    const code = text.slice(c + 8, codeEnd);
    if (!MODELLED_CODES.has(code)) {
      if (!KNOWN_OTHER_CODES.has(code)) unknownCodes.set(code, (unknownCodes.get(code) ?? 0) + 1);
      i = j + 1;
      continue;
    }
    const line = text.slice(i, j);
    const rec = fastRecord(line, header.file, pathOf);
    if (rec) records.push(rec);
    else {
      const slow = parseCompilerJson(`${headerUtf8}\n${Buffer.from(line, 'latin1').toString('utf8')}`, origin);
      records.push(...slow.records);
      warnings.push(...slow.warnings.map((w) => w.replace(`${origin}:2:`, `${origin}:${lineNo}:`)));
    }
    i = j + 1;
  }
  if (unknownCodes.size > 0) {
    const list = [...unknownCodes].map(([code, n]) => `${code} (${n})`).join(', ');
    warnings.push(`${origin}: skipped diagnostics with codes heapsight does not know: ${list}`);
  }
  return { header, records, warnings };
}

function fastRecord(line: string, file: string, pathOf: (uri: string) => string): JsonDiagnostic | null {
  const h = fastHead.exec(line);
  if (!h) return null;
  const pos: SourcePos = { file, line: Number(h[1]), column: Number(h[2]) };
  const inline: SourcePos[] = [];
  const flow: { pos: SourcePos; inline: readonly SourcePos[]; text: string }[] = [];
  if (h[5] !== undefined) {
    fastRelated.lastIndex = h[0].length;
    let m: RegExpExecArray | null;
    let closed = false;
    let prev: SourcePos | null = null;
    while ((m = fastRelated.exec(line))) {
      const file = pathOf(m[1]!);
      const ln = Number(m[2]);
      const col = Number(m[3]);
      // A "flow:" entry and its first "from" step usually share a position: share the object (std has ~10^6 steps).
      const relPos: SourcePos = prev !== null && prev.file === file && prev.line === ln && prev.column === col ? prev : { file, line: ln, column: col };
      prev = relPos;
      const msg = fromLatin1(m[4]!);
      if (msg === 'inlineLoc') {
        const last = flow[flow.length - 1];
        if (!last) inline.push(relPos);
        else if (last.inline === NO_POSITIONS) last.inline = [relPos];
        else (last.inline as SourcePos[]).push(relPos);
      } else {
        flow.push({ pos: relPos, inline: NO_POSITIONS, text: flatCopy((msg.startsWith('escflow:') ? msg.slice('escflow:'.length) : msg).trim()) });
      }
      if (m[5] === ']') {
        closed = true;
        break;
      }
    }
    if (!closed) return null;
  }
  return { code: flatCopy(h[3]!), message: fromLatin1(h[4]!), pos, inline, flow };
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
