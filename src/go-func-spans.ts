// go-func-spans.ts finds the functions of a Go source file and the byte span of
// each body, so a compiler position can be mapped to the function pprof would
// name for it. It is a small tokenizer, not a parser: it skips comments,
// strings and runes, and matches brackets. It works on bytes, so columns are
// 1-based UTF-8 byte offsets like the compiler's, and non-UTF-8 files are fine.
import { flat } from './flat-string.js';

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

/**
 * Tokens holds a file's tokens as columns (struct of arrays): a whole-std
 * build scans ~2000 files, millions of tokens, and an object per token was
 * most of what the garbage collector did while the compiler ran.
 */
class Tokens {
  length = 0;
  kind = new Uint8Array(1024);
  /** PUNCT: the byte; IDENT: a KW_* keyword or 0; LIT: 0. */
  code = new Uint8Array(1024);
  line = new Int32Array(1024);
  col = new Int32Array(1024);
  /** Byte span of an identifier in the source. */
  start = new Int32Array(1024);
  end = new Int32Array(1024);

  push(kind: number, code: number, line: number, col: number, start: number, end: number): void {
    if (this.length === this.kind.length) this.grow();
    const k = this.length++;
    this.kind[k] = kind;
    this.code[k] = code;
    this.line[k] = line;
    this.col[k] = col;
    this.start[k] = start;
    this.end[k] = end;
  }

  private grow(): void {
    const n = this.kind.length * 2;
    const widen = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.kind = widen(this.kind, (m) => new Uint8Array(m));
    this.code = widen(this.code, (m) => new Uint8Array(m));
    this.line = widen(this.line, (m) => new Int32Array(m));
    this.col = widen(this.col, (m) => new Int32Array(m));
    this.start = widen(this.start, (m) => new Int32Array(m));
    this.end = widen(this.end, (m) => new Int32Array(m));
  }

  /** isPunct says whether token k (in range) is the punctuation byte c. */
  isPunct(k: number, c: number): boolean {
    return k >= 0 && k < this.length && this.kind[k] === PUNCT && this.code[k] === c;
  }

  isIdent(k: number): boolean {
    return k >= 0 && k < this.length && this.kind[k] === IDENT;
  }
}

const IDENT = 1;
const PUNCT = 2;
const LIT = 3;
const KW_FUNC = 1;
const KW_STRUCT = 2;
const KW_INTERFACE = 3;

const C_LPAREN = 0x28;
const C_RPAREN = 0x29;
const C_LBRACK = 0x5b;
const C_RBRACK = 0x5d;
const C_LBRACE = 0x7b;
const C_RBRACE = 0x7d;
const C_STAR = 0x2a;
const C_DOT = 0x2e;
const C_LT = 0x3c;
const C_MINUS = 0x2d;

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
 * identText decodes identifier token k. Only names are decoded, on demand:
 * decoding every identifier of every file cost more than the rest of the scan
 * on a whole-std build.
 */
function identText(src: Uint8Array, toks: Tokens, k: number): string {
  const s = toks.start[k]!;
  const e = toks.end[k]!;
  // Identifiers may be non-ASCII (func Café); decode them as UTF-8.
  return e - s < 256 ? utf8.decode(src.subarray(s, e)) : '';
}

function tokenize(src: Uint8Array): Tokens {
  const toks = new Tokens();
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
      toks.push(LIT, 0, line, col, 0, 0);
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
      toks.push(LIT, 0, line, col, 0, 0);
      continue;
    }
    if (isIdentByte(b)) {
      const s = i;
      while (i < n && isIdentByte(src[i]!)) i++;
      const kw = isWord(src, s, i, FUNC) ? KW_FUNC : isWord(src, s, i, STRUCT) ? KW_STRUCT : isWord(src, s, i, INTERFACE) ? KW_INTERFACE : 0;
      toks.push(IDENT, kw, line, col, s, i);
      continue;
    }
    toks.push(PUNCT, b, line, col, 0, 0);
    i++;
  }
  return toks;
}

function isOpen(c: number): boolean {
  return c === C_LPAREN || c === C_LBRACK || c === C_LBRACE;
}

function isClose(c: number): boolean {
  return c === C_RPAREN || c === C_RBRACK || c === C_RBRACE;
}

/** matchClose returns the index of the bracket closing token i, or the last index when unbalanced. */
function matchClose(toks: Tokens, i: number): number {
  let depth = 0;
  const kind = toks.kind;
  const code = toks.code;
  for (let k = i; k < toks.length; k++) {
    if (kind[k] !== PUNCT) continue;
    const c = code[k]!;
    if (isOpen(c)) depth++;
    else if (isClose(c)) {
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
function bodyOpen(toks: Tokens, i: number): number {
  let prevLine = i > 0 ? toks.line[i - 1]! : 0;
  for (let k = i; k < toks.length; k++) {
    if (toks.line[k] !== prevLine) return -1;
    const kind = toks.kind[k];
    const c = toks.code[k]!;
    if (kind === PUNCT && (c === C_LPAREN || c === C_LBRACK)) {
      k = matchClose(toks, k);
      prevLine = toks.line[k]!;
      continue;
    }
    if (kind === IDENT && (c === KW_STRUCT || c === KW_INTERFACE) && toks.isPunct(k + 1, C_LBRACE)) {
      k = matchClose(toks, k + 1);
      prevLine = toks.line[k]!;
      continue;
    }
    if (kind === PUNCT && c === C_LBRACE) return k;
    if (kind === IDENT || (kind === PUNCT && (c === C_DOT || c === C_STAR || c === C_LT || c === C_MINUS))) {
      prevLine = toks.line[k]!;
      continue;
    }
    return -1;
  }
  return -1;
}

function receiverName(src: Uint8Array, toks: Tokens, open: number, close: number): string {
  // (r *T[K, V]) → "(*T[...])"; (T) → "T"
  let star = false;
  let typeName = '';
  let generic = false;
  for (let k = open + 1; k < close; k++) {
    if (toks.isPunct(k, C_STAR)) star = true;
    else if (toks.kind[k] === IDENT) typeName = identText(src, toks, k);
    else if (toks.isPunct(k, C_LBRACK)) {
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
    const kind = toks.kind[i];
    if (kind === PUNCT) {
      const c = toks.code[i]!;
      if (isOpen(c)) depth++;
      else if (isClose(c)) depth--;
      continue;
    }
    if (kind !== IDENT || toks.code[i] !== KW_FUNC) continue;
    if (i + 1 >= toks.length) break;
    const nextParen = toks.isPunct(i + 1, C_LPAREN);
    const decl = depth === 0 && stack.length === 0 && (toks.isIdent(i + 1) || (nextParen && toks.isIdent(matchClose(toks, i + 1) + 1)));
    const line = toks.line[i]!;
    const col = toks.col[i]!;
    if (decl) {
      // Declaration: func Name[...](...) or func (recv) Name[...](...)
      let k = i + 1;
      let prefix = '';
      if (nextParen) {
        const close = matchClose(toks, k);
        prefix = receiverName(src, toks, k, close) + '.';
        k = close + 1;
      }
      if (!toks.isIdent(k)) continue;
      const nameTok = k;
      // Kept for the whole build (~10^5 on std): flat, not a cons string.
      let name = prefix + identText(src, toks, nameTok);
      k++;
      if (toks.isPunct(k, C_LBRACK)) {
        name += '[...]';
        k = matchClose(toks, k) + 1;
      }
      if (!toks.isPunct(k, C_LPAREN)) continue;
      const paramsClose = matchClose(toks, k);
      const open = bodyOpen(toks, paramsClose + 1);
      if (open < 0) continue;
      const close = matchClose(toks, open);
      name = flat(name);
      spans.push({ name, startLine: line, startColumn: col, endLine: toks.line[close]!, endColumn: toks.col[close]!, nameLine: toks.line[nameTok]!, nameColumn: toks.col[nameTok]!, literal: false });
      stack.push({ name, closeIdx: close, next: 1, top: true });
      // Continue scanning inside the body for literals; the body's `{` is depth 1.
      i = open;
      depth = 1;
      continue;
    }
    if (!nextParen) continue;
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
    name = flat(name);
    spans.push({ name, startLine: line, startColumn: col, endLine: toks.line[close]!, endColumn: toks.col[close]!, nameLine: line, nameColumn: col, literal: true });
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
