// directives.ts reads heapsight's assertions in Go source:
//
//   //heapsight:noescape   no heap decision on a line: as a trailing comment its
//                          own line, on a line of its own the next code line
//   //heapsight:inline     in a function's doc comment: every call to it in the
//                          package is inlined
//   //heapsight:allocs N   in a benchmark's doc comment: at most N allocs/op
//                          (the median over the measured runs)
//
// Like Go's own directives (//go:noinline) they have no space after "//".
// A directive that is misspelt, misplaced or missing its number is a
// MalformedDirective, never silently dropped: an assertion that quietly
// checks nothing is worse than none. Pure: tree-sitter nodes and lines in,
// typed records out (positions 1-based lines, 1-based UTF-8 byte columns,
// as the compiler reports them).
import { readFileSync } from 'node:fs';
import type { Node } from 'web-tree-sitter';
import type { GoFunction } from './go-file.js';
import type { PackageSource } from './package-source.js';

/** DirectiveName is every directive heapsight knows. */
export type DirectiveName = 'noescape' | 'inline' | 'allocs';

/** DIRECTIVE_NAMES lists them, in the order the docs give them. */
export const DIRECTIVE_NAMES: readonly DirectiveName[] = ['noescape', 'inline', 'allocs'];

/** DirectivePos is where a directive comment starts: file, 1-based line, 1-based UTF-8 byte column of its "//". */
export interface DirectivePos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** NoescapeDirective asserts that the compiler makes no heap decision at line (the line it applies to). */
export interface NoescapeDirective {
  readonly kind: 'noescape';
  readonly pos: DirectivePos;
  /** The code line the assertion is about. */
  readonly line: number;
  /** The declaration whose lines enclose that line ("f", "(*T).M"), or null at package level. */
  readonly function: string | null;
  /** trailing: after code on the same line; above: on its own line, applying to the next code line. */
  readonly placement: 'trailing' | 'above';
}

/** InlineDirective asserts that every call to function in its package is inlined. */
export interface InlineDirective {
  readonly kind: 'inline';
  readonly pos: DirectivePos;
  /** The function's local name as pprof spells it after the package path: "f", "(*T).M", "T.M". */
  readonly function: string;
  /** Its declaration's first line. */
  readonly functionLine: number;
}

/** AllocsDirective asserts that a benchmark's median allocs/op is at most max. */
export interface AllocsDirective {
  readonly kind: 'allocs';
  readonly pos: DirectivePos;
  /** The benchmark function ("BenchmarkEncode"). */
  readonly benchmark: string;
  readonly max: number;
}

/** AssertionDirective is a well-formed directive. */
export type AssertionDirective = NoescapeDirective | InlineDirective | AllocsDirective;

/**
 * MalformedWhy says what is wrong with a directive:
 * unknown-name: not one of DIRECTIVE_NAMES; spaced: "// heapsight:" (Go
 * directives have no space, and a spaced one reads as prose to every other
 * tool); missing-budget: allocs without N; bad-budget: N not a non-negative
 * integer; extra-argument: text after a directive that takes none;
 * on-nothing: noescape with no code line after it; not-on-function: inline
 * outside a function's doc comment; not-on-benchmark: allocs outside a
 * benchmark's doc comment.
 */
export type MalformedWhy =
  | 'unknown-name'
  | 'spaced'
  | 'missing-budget'
  | 'bad-budget'
  | 'extra-argument'
  | 'on-nothing'
  | 'not-on-function'
  | 'not-on-benchmark';

/** MalformedDirective is a directive heapsight cannot check, with why. */
export interface MalformedDirective {
  readonly kind: 'malformed';
  readonly pos: DirectivePos;
  /** The name as written ("noescpae"); '' when there is none. */
  readonly name: string;
  /** The comment's text as written. */
  readonly text: string;
  readonly why: MalformedWhy;
}

/** SourceDirective is anything a file's heapsight comments say. */
export type SourceDirective = AssertionDirective | MalformedDirective;

// "//heapsight:" exactly, or with spaces after the slashes (malformed, but recognisably meant).
const DIRECTIVE_RE = /^\/\/(\s*)heapsight:(\S*)(?:\s+(.*?))?\s*$/;

function utf8Column(line: string, utf16Col: number): number {
  return Buffer.byteLength(line.slice(0, utf16Col), 'utf8') + 1;
}

/** isCommentOnly: a line holding nothing but a // comment (or nothing at all is not one). */
function isCommentOnly(text: string): boolean {
  return text.trimStart().startsWith('//');
}

/** closesOnly: a line with only closing brackets (`}`, `})`, `),`): the end of a block, no code of its own. */
function closesOnly(text: string): boolean {
  return /^[)}\]]+[,;]?$/.test(text.trim());
}

/** nextCodeLine is the 0-based row of the first line after row with code on it, or null (end of file, or only a block's end). */
function nextCodeLine(lines: readonly string[], row: number): number | null {
  for (let r = row + 1; r < lines.length; r++) {
    const t = lines[r]!.trim();
    if (t === '' || isCommentOnly(t)) continue;
    return closesOnly(t) ? null : r;
  }
  return null;
}

/** docOwner is the function whose doc comment holds row (0-based): the comment lines right above its declaration. */
function docOwner(lines: readonly string[], row: number, functions: readonly GoFunction[]): GoFunction | null {
  for (const f of functions) {
    const declRow = f.startLine - 1;
    if (row >= declRow) continue;
    let r = declRow - 1;
    while (r >= 0 && isCommentOnly(lines[r]!)) {
      if (r === row) return f;
      r--;
    }
  }
  return null;
}

function commentNodes(root: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'comment') {
      out.push(n);
      continue;
    }
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
  return out.sort((a, b) => a.startPosition.row - b.startPosition.row || a.startPosition.column - b.startPosition.column);
}

/**
 * parseDirectives finds every heapsight directive among a parsed file's
 * comments (comments only: a directive-looking string literal is not one)
 * and places it: noescape on its line, inline on the function whose doc
 * comment holds it, allocs on the benchmark whose doc comment holds it.
 */
export function parseDirectives(root: Node, lines: readonly string[], file: string, functions: readonly GoFunction[]): SourceDirective[] {
  const out: SourceDirective[] = [];
  for (const c of commentNodes(root)) {
    const text = c.text;
    const m = DIRECTIVE_RE.exec(text);
    if (!m) continue;
    const row = c.startPosition.row;
    const lineText = lines[row] ?? '';
    const pos: DirectivePos = { file, line: row + 1, column: utf8Column(lineText, c.startPosition.column) };
    const name = m[2]!;
    const arg = m[3] ?? '';
    const malformed = (why: MalformedWhy): MalformedDirective => ({ kind: 'malformed', pos, name, text, why });
    if (m[1] !== '') {
      out.push(malformed('spaced'));
      continue;
    }
    if (!(DIRECTIVE_NAMES as readonly string[]).includes(name)) {
      out.push(malformed('unknown-name'));
      continue;
    }
    const trailing = lineText.slice(0, c.startPosition.column).trim() !== '';
    if (name === 'noescape') {
      if (arg !== '') {
        out.push(malformed('extra-argument'));
        continue;
      }
      const target = trailing ? row : nextCodeLine(lines, row);
      if (target === null) {
        out.push(malformed('on-nothing'));
        continue;
      }
      const enclosing = functions.find((f) => f.startLine <= target + 1 && target + 1 <= f.endLine);
      out.push({ kind: 'noescape', pos, line: target + 1, function: enclosing?.name ?? null, placement: trailing ? 'trailing' : 'above' });
      continue;
    }
    const owner = trailing ? null : docOwner(lines, row, functions);
    if (name === 'inline') {
      if (arg !== '') out.push(malformed('extra-argument'));
      else if (!owner) out.push(malformed('not-on-function'));
      else out.push({ kind: 'inline', pos, function: owner.name, functionLine: owner.startLine });
      continue;
    }
    // allocs N
    if (arg === '') out.push(malformed('missing-budget'));
    else if (!/^\d+$/.test(arg)) out.push(malformed('bad-budget'));
    else if (!owner || !owner.isBenchmark) out.push(malformed('not-on-benchmark'));
    else out.push({ kind: 'allocs', pos, benchmark: owner.name, max: Number(arg) });
  }
  return out;
}

/** InlineCallSite is one call, in the source, of a function that carries //heapsight:inline. */
export interface InlineCallSite {
  readonly file: string;
  readonly line: number;
  /** 1-based UTF-8 byte column of the call's "(": where the compiler reports "inlining call to". */
  readonly column: number;
  /** The callee as written ("add", "t.Get", "asx.Add"). */
  readonly callee: string;
  /** The declaration the call is in. */
  readonly caller: string;
}

/** ResolvedInlineDirective is an inline directive with the calls its package makes to the function. */
export interface ResolvedInlineDirective extends InlineDirective {
  readonly calls: readonly InlineCallSite[];
  /**
   * Selector calls x.M whose receiver type the source alone cannot tell
   * (another type of the package has a method M too): left out of calls, and
   * judged only by the compiler's "inlining call to" notes at them.
   */
  readonly ambiguous: readonly InlineCallSite[];
}

/** PackageDirective is a directive as checkAssertions takes it. */
export type PackageDirective = NoescapeDirective | ResolvedInlineDirective | AllocsDirective | MalformedDirective;

/** PackageDirectives is one package's directives, inline ones with their call sites. */
export interface PackageDirectives {
  readonly importPath: string;
  readonly name: string;
  readonly directives: readonly PackageDirective[];
}

/** methodName is M of "(*T).M" or "T.M"; null for a plain function. */
function methodName(local: string): string | null {
  const m = /^(?:\(\*[^)]+\)|[^.()]+)\.([^.]+)$/.exec(local);
  return m ? m[1]! : null;
}

function stripTypeArgs(callee: string): string {
  return callee.replace(/\[[^\]]*\]$/, '');
}

/**
 * packageDirectives gathers a package's directives and resolves each inline
 * directive's call sites by name, without type information: f() in the
 * package's files and pkg.F() in its external test files for a function;
 * x.M() for a method, unless another type of the package also has a method M
 * (those calls are ambiguous). Calls through function values are not found
 * here; the compiler's notes name them when it inlines them.
 */
export function packageDirectives(src: PackageSource): PackageDirectives {
  const functions = src.files.flatMap((f) => f.functions);
  const out: PackageDirective[] = [];
  for (const f of src.files) {
    for (const d of f.directives) {
      if (d.kind !== 'inline') {
        out.push(d);
        continue;
      }
      const method = methodName(d.function);
      const calls: InlineCallSite[] = [];
      const ambiguous: InlineCallSite[] = [];
      const sameNamed = method === null ? 0 : functions.filter((g) => methodName(g.name) === method).length;
      for (const file of src.files) {
        const external = file.packageName !== src.name;
        for (const g of file.functions) {
          for (const c of g.calls) {
            const callee = stripTypeArgs(c.callee);
            const site: InlineCallSite = { file: file.file, line: c.line, column: c.parenColumn, callee: c.callee, caller: g.name };
            if (method === null) {
              if (callee === (external ? `${src.name}.${d.function}` : d.function)) calls.push(site);
            } else if (callee.endsWith(`.${method}`) && !file.importNames.includes(callee.slice(0, -method.length - 1))) {
              // pkg.M() of an imported package is a function, not the method.
              (sameNamed > 1 ? ambiguous : calls).push(site);
            }
          }
        }
      }
      out.push({ ...d, calls, ambiguous });
    }
  }
  out.sort((a, b) => (a.pos.file < b.pos.file ? -1 : a.pos.file > b.pos.file ? 1 : a.pos.line - b.pos.line || a.pos.column - b.pos.column));
  return { importPath: src.importPath, name: src.name, directives: out };
}

/**
 * mentionsDirective: does the file mention "heapsight:" at all (a directive,
 * or a malformed one)? A byte search, before any parse: it decides whether a
 * build must read the file's -m=2/-S text. Unreadable: no.
 */
export function mentionsDirective(file: string): boolean {
  try {
    return readFileSync(file).includes('heapsight:');
  } catch {
    return false;
  }
}
