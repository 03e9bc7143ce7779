// func-spans.ts finds the functions of a Go source file and the byte span of
// each body, so a compiler position can be mapped to the function pprof would
// name for it. It is a small tokenizer, not a parser: it skips comments,
// strings and runes, and matches brackets. It works on bytes, so columns are
// 1-based UTF-8 byte offsets like the compiler's, and non-UTF-8 files are fine.

/** FuncSpan is one function declaration or literal. Lines/columns are 1-based, columns in bytes. */
export interface FuncSpan {
  /** pprof-style name without the package: "F", "(*T).M", "T.M", "F[...]", "F.func1", "F.func1.1", "init.func1". */
  readonly name: string;
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Column of the declared name (decls) or of the `func` keyword (literals) — the compiler's position for the function. */
  readonly nameLine: number;
  readonly nameColumn: number;
  readonly literal: boolean;
}

interface Tok {
  readonly kind: 'ident' | 'punct' | 'other';
  /** Punctuation, the keywords the scanner looks at (func, struct, interface), '' for other identifiers (see identText). */
  readonly text: string;
  readonly line: number;
  readonly col: number;
  /** Byte span of an identifier in the source. */
  readonly start: number;
  readonly end: number;
}

function isIdentByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b >= 0x80;
}

const utf8 = new TextDecoder('utf-8');

const FUNC = [0x66, 0x75, 0x6e, 0x63];
const STRUCT = [0x73, 0x74, 0x72, 0x75, 0x63, 0x74];
const INTERFACE = [0x69, 0x6e, 0x74, 0x65, 0x72, 0x66, 0x61, 0x63, 0x65];

function isWord(src: Uint8Array, s: number, e: number, w: readonly number[]): boolean {
  if (e - s !== w.length) return false;
  for (let k = 0; k < w.length; k++) if (src[s + k] !== w[k]) return false;
  return true;
}

/**
 * identText decodes an identifier token. Only names are decoded, on demand:
 * decoding every identifier of every file cost more than the rest of the scan
 * on a whole-std build.
 */
function identText(src: Uint8Array, t: Tok): string {
  if (t.text !== '' || t.kind !== 'ident') return t.text;
  // Identifiers may be non-ASCII (func Café); decode them as UTF-8.
  return t.end - t.start < 256 ? utf8.decode(src.subarray(t.start, t.end)) : '';
}

function tokenize(src: Uint8Array): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = src.length;
  while (i < n) {
    const b = src[i]!;
    if (b === 0x0a) {
      line++;
      i++;
      lineStart = i;
      continue;
    }
    if (b === 0x20 || b === 0x09 || b === 0x0d) {
      i++;
      continue;
    }
    const col = i - lineStart + 1;
    if (b === 0x2f && src[i + 1] === 0x2f) {
      while (i < n && src[i] !== 0x0a) i++;
      continue;
    }
    if (b === 0x2f && src[i + 1] === 0x2a) {
      i += 2;
      while (i < n && !(src[i] === 0x2a && src[i + 1] === 0x2f)) {
        if (src[i] === 0x0a) {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      i += 2;
      continue;
    }
    if (b === 0x22 || b === 0x27) {
      // "string" or 'rune' with escapes; never spans lines.
      i++;
      while (i < n && src[i] !== b && src[i] !== 0x0a) i += src[i] === 0x5c ? 2 : 1;
      i++;
      toks.push({ kind: 'other', text: 'lit', line, col, start: 0, end: 0 });
      continue;
    }
    if (b === 0x60) {
      i++;
      while (i < n && src[i] !== 0x60) {
        if (src[i] === 0x0a) {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      i++;
      toks.push({ kind: 'other', text: 'lit', line, col, start: 0, end: 0 });
      continue;
    }
    if (isIdentByte(b)) {
      const s = i;
      while (i < n && isIdentByte(src[i]!)) i++;
      const text = isWord(src, s, i, FUNC) ? 'func' : isWord(src, s, i, STRUCT) ? 'struct' : isWord(src, s, i, INTERFACE) ? 'interface' : '';
      toks.push({ kind: 'ident', text, line, col, start: s, end: i });
      continue;
    }
    toks.push({ kind: 'punct', text: String.fromCharCode(b), line, col, start: 0, end: 0 });
    i++;
  }
  return toks;
}

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** matchClose returns the index of the bracket closing toks[i], or toks.length - 1 when unbalanced. */
function matchClose(toks: readonly Tok[], i: number): number {
  let depth = 0;
  for (let k = i; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
    else if (t.text === ')' || t.text === ']' || t.text === '}') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return toks.length - 1;
}

/**
 * bodyOpen finds the `{` that opens a function body, starting right after the
 * parameter list at index i; -1 when what follows is not a body (a func type,
 * or a declaration implemented in assembly). Result types may contain
 * brackets and struct{}/interface{} braces, which are skipped as units. The
 * `{` must be on the line of the last result token: at a line end Go inserts a
 * semicolon, which ends a func type.
 */
function bodyOpen(toks: readonly Tok[], i: number): number {
  let prevLine = toks[i - 1]?.line ?? 0;
  for (let k = i; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.line !== prevLine) return -1;
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) {
      k = matchClose(toks, k);
      prevLine = toks[k]!.line;
      continue;
    }
    if (t.kind === 'ident' && (t.text === 'struct' || t.text === 'interface') && toks[k + 1]?.text === '{') {
      k = matchClose(toks, k + 1);
      prevLine = toks[k]!.line;
      continue;
    }
    if (t.kind === 'punct' && t.text === '{') return k;
    if (t.kind === 'ident' || t.text === '.' || t.text === '*' || t.text === '<' || t.text === '-') {
      prevLine = t.line;
      continue;
    }
    return -1;
  }
  return -1;
}

function receiverName(src: Uint8Array, toks: readonly Tok[], open: number, close: number): string {
  // (r *T[K, V]) → "(*T[...])"; (T) → "T"
  let star = false;
  let typeName = '';
  let generic = false;
  for (let k = open + 1; k < close; k++) {
    const t = toks[k]!;
    if (t.text === '*') star = true;
    else if (t.kind === 'ident') typeName = identText(src, t);
    else if (t.text === '[') {
      generic = true;
      break;
    }
  }
  const base = typeName + (generic ? '[...]' : '');
  return star ? `(*${base})` : base;
}

/** scanFuncSpans lists every function declaration and literal in a Go source file. */
export function scanFuncSpans(src: Uint8Array): FuncSpan[] {
  const toks = tokenize(src);
  const spans: FuncSpan[] = [];
  // Stack of enclosing functions for numbering literals: name + next literal number.
  interface Frame {
    name: string;
    closeIdx: number;
    next: number;
    top: boolean;
  }
  const stack: Frame[] = [];
  let initLiterals = 0;
  let depth = 0;
  for (let i = 0; i < toks.length; i++) {
    while (stack.length > 0 && i > stack[stack.length - 1]!.closeIdx) stack.pop();
    const t = toks[i]!;
    if (t.kind === 'punct') {
      if (t.text in OPEN) depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
      continue;
    }
    if (t.kind !== 'ident' || t.text !== 'func') continue;
    const next = toks[i + 1];
    if (!next) break;
    const decl = depth === 0 && stack.length === 0 && (next.kind === 'ident' || (next.text === '(' && toks[matchClose(toks, i + 1) + 1]?.kind === 'ident'));
    if (decl) {
      // Declaration: func Name[...](...) or func (recv) Name[...](...)
      let k = i + 1;
      let prefix = '';
      if (next.text === '(') {
        const close = matchClose(toks, k);
        prefix = receiverName(src, toks, k, close) + '.';
        k = close + 1;
      }
      const nameTok = toks[k];
      if (!nameTok || nameTok.kind !== 'ident') continue;
      let name = prefix + identText(src, nameTok);
      k++;
      if (toks[k]?.text === '[') {
        name += '[...]';
        k = matchClose(toks, k) + 1;
      }
      if (toks[k]?.text !== '(') continue;
      const paramsClose = matchClose(toks, k);
      const open = bodyOpen(toks, paramsClose + 1);
      if (open < 0) continue;
      const close = matchClose(toks, open);
      const end = toks[close]!;
      spans.push({ name, startLine: t.line, startColumn: t.col, endLine: end.line, endColumn: end.col, nameLine: nameTok.line, nameColumn: nameTok.col, literal: false });
      stack.push({ name, closeIdx: close, next: 1, top: true });
      // Continue scanning inside the body for literals; the body's `{` is depth 1.
      i = open;
      depth = 1;
      continue;
    }
    if (next.text !== '(') continue;
    // Literal: func(...) results { body }. A func type (`var f func(int) int`) has no body: bodyOpen says -1.
    const paramsClose = matchClose(toks, i + 1);
    const open = bodyOpen(toks, paramsClose + 1);
    if (open < 0) continue;
    const close = matchClose(toks, open);
    const parent = stack[stack.length - 1];
    let name: string;
    if (!parent) {
      initLiterals++;
      name = `init.func${initLiterals}`;
    } else {
      name = parent.top ? `${parent.name}.func${parent.next}` : `${parent.name}.${parent.next}`;
      parent.next++;
    }
    const end = toks[close]!;
    spans.push({ name, startLine: t.line, startColumn: t.col, endLine: end.line, endColumn: end.col, nameLine: t.line, nameColumn: t.col, literal: true });
    stack.push({ name, closeIdx: close, next: 1, top: false });
  }
  return spans;
}

function before(l1: number, c1: number, l2: number, c2: number): boolean {
  return l1 < l2 || (l1 === l2 && c1 <= c2);
}

/** innermostSpan returns the innermost function containing line:column (column 0 = anywhere on the line). */
export function innermostSpan(spans: readonly FuncSpan[], line: number, column: number): FuncSpan | null {
  let best: FuncSpan | null = null;
  for (const s of spans) {
    const col = column === 0 ? s.startColumn : column;
    const endCol = column === 0 ? s.endColumn : column;
    if (!before(s.startLine, s.startColumn, line, col) || !before(line, endCol, s.endLine, s.endColumn)) continue;
    // A func literal's own position (its `func` keyword) is the closure expression, which belongs to the enclosing function.
    if (s.literal && column !== 0 && line === s.startLine && column === s.startColumn) continue;
    if (!best || before(best.startLine, best.startColumn, s.startLine, s.startColumn)) best = s;
  }
  return best;
}
