// test-bodies.ts blanks the bodies of Test, Example and Fuzz functions in a
// _test.go file before it is parsed: heapsight reads a test file for its
// benchmarks, the helpers they call and its directives, never for what a
// Test function calls, and Test functions are most of a real test file
// (validator's validator_test.go: 14k lines, no benchmark). Lines stay where
// they were, so every position in what is kept is unchanged. Pure.
import { scanFuncSpans, type FuncSpan } from '../go-func-spans.js';
import { guessPackageName } from '../go-symbol.js';

/**
 * A go test entry point other than a benchmark: Test, Example or Fuzz, not
 * followed by a lower-case letter (as go test decides). TestMain is kept: it
 * runs the benchmarks (m.Run) and may set up what they use.
 */
const ENTRY = /^(Test(?!Main$)|Example|Fuzz)(?![a-z])/;

const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * withoutTestBodies empties the body lines of every top-level Test, Example
 * and Fuzz function whose header line ends in "{" and whose closing "}"
 * starts its own line (gofmt's layout; any other layout is kept as it is),
 * except those named in keep.
 * The tokenizer finds the closing brace, so strings holding "\n}" do not
 * end a body early. Returns the text unchanged when nothing is blanked.
 */
export function withoutTestBodies(text: string, keep: ReadonlySet<string> = NO_NAMES): string {
  return blankBodies(text, entrySpans(text), keep);
}

/** entrySpans is the text's function spans when it declares an entry point at all (else none: nothing to blank). */
function entrySpans(text: string): readonly FuncSpan[] {
  return /^func (Test|Example|Fuzz)/m.test(text) ? scanFuncSpans(Buffer.from(text, 'utf8')) : [];
}

/** blankBodies is withoutTestBodies given the text's spans. */
function blankBodies(text: string, spans: readonly FuncSpan[], keep: ReadonlySet<string>): string {
  if (spans.length === 0) return text;
  const lines = text.split('\n');
  let blanked = false;
  for (const s of spans) {
    if (s.literal || !ENTRY.test(s.name) || keep.has(s.name) || s.endLine - s.startLine < 2) continue;
    const head = lines[s.startLine - 1];
    const tail = lines[s.endLine - 1];
    if (head === undefined || tail === undefined || !/^func \w+\([^(){}]*\)\s*\{\s*$/.test(head) || !/^\}/.test(tail)) continue;
    for (let i = s.startLine; i < s.endLine - 1; i++) lines[i] = '';
    blanked = true;
  }
  return blanked ? lines.join('\n') : text;
}

/**
 * testFileForCoverage is a _test.go file as the coverage build compiles it:
 * the entry points' bodies blanked (benchmarks run with -test.run=^$, so no
 * Test body runs, and they are most of what the build compiles), and each
 * import no longer named in what is left imported as "_" so the file still
 * compiles. Null when nothing was blanked. nameOf gives the package name an
 * import path binds (go list's); without it the name is guessed from the
 * path. exportsOf gives the exported names of a dot import's package (the
 * file is kept whole without them). A wrong guess fails the build, after
 * which the caller builds the files as they are. Entry points named in keep
 * keep their bodies (see leanTestFiles).
 */
export function testFileForCoverage(
  text: string,
  nameOf: (importPath: string) => string | undefined = () => undefined,
  exportsOf: (importPath: string) => ReadonlySet<string> | undefined = () => undefined,
  keep: ReadonlySet<string> = NO_NAMES,
): string | null {
  return withLeanImports(text, withoutTestBodies(text, keep), nameOf, exportsOf);
}

/** withLeanImports is testFileForCoverage given the text with its bodies blanked. */
function withLeanImports(
  text: string,
  blanked: string,
  nameOf: (importPath: string) => string | undefined,
  exportsOf: (importPath: string) => ReadonlySet<string> | undefined,
): string | null {
  if (blanked === text) return null;
  const lines = blanked.split('\n');
  // Import specs: "import x \"p\"" on one line, or one spec per line inside "import (".
  const spec = /^(\s*(?:import\s+)?)(?:([A-Za-z_]\w*|\.)\s+)?("[^"]+")(.*)$/;
  let inBlock = false;
  const specLines: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (inBlock) {
      if (/^\s*\)/.test(l)) inBlock = false;
      else if (spec.test(l)) specLines.push(i);
    } else if (/^import\s*\(\s*$/.test(l)) inBlock = true;
    else if (/^import\s+(?:(?:[A-Za-z_]\w*|\.)\s+)?"/.test(l)) specLines.push(i);
    else if (/^(func|type|var|const)\b/.test(l)) break;
  }
  const rest = withoutComments(lines.filter((_, i) => !specLines.includes(i)).join('\n'));
  for (const i of specLines) {
    const m = spec.exec(lines[i]!)!;
    const alias = m[2];
    if (alias === '_') continue;
    const path = m[3]!.slice(1, -1);
    if (alias === '.') {
      // A dot import binds the package's exported names: kept when what is left names one of them.
      const names = exportsOf(path);
      if (names === undefined) return null;
      if ([...rest.matchAll(/(?<![.\w])[A-Z]\w*/g)].some((x) => names.has(x[0]))) continue;
      lines[i] = `${m[1]}_ ${m[3]}${m[4]}`;
      continue;
    }
    const name = alias ?? nameOf(path) ?? guessPackageName(path);
    if (new RegExp(`\\b${name.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}\\.`).test(rest)) continue;
    lines[i] = `${m[1]}_ ${m[3]}${m[4]}`;
  }
  return lines.join('\n');
}

/**
 * leanTestFiles is testFileForCoverage over all the test files of one
 * package, internal and external together: an entry point that what is left
 * still names (a benchmark that calls TestX, a table that holds it, an
 * external test's p.TestX) keeps its body, and so does every entry point a
 * kept body names, so that no code a benchmark can reach loses its body. One
 * result per text, null where nothing changes. Pure.
 */
export function leanTestFiles(
  texts: readonly string[],
  nameOf: (importPath: string) => string | undefined = () => undefined,
  exportsOf: (importPath: string) => ReadonlySet<string> | undefined = () => undefined,
): (string | null)[] {
  // Each declaration names its function once ("func TestX("): a name used more often than it is declared is used.
  const declared = new Map<string, number>();
  for (const t of texts) for (const m of t.matchAll(/^func ((?:Test|Example|Fuzz)\w*)\(/gm)) if (ENTRY.test(m[1]!)) declared.set(m[1]!, (declared.get(m[1]!) ?? 0) + 1);
  const keep = new Set<string>();
  // Tokenized once; each pass blanks what is not kept yet.
  const spans = texts.map(entrySpans);
  for (;;) {
    const blanked = texts.map((t, i) => blankBodies(t, spans[i]!, keep));
    const uses = new Map<string, number>();
    for (const b of blanked) {
      for (const m of withoutComments(b).matchAll(/[A-Za-z_]\w*/g)) {
        if (declared.has(m[0])) uses.set(m[0], (uses.get(m[0]) ?? 0) + 1);
      }
    }
    const more = [...declared].filter(([name, n]) => !keep.has(name) && (uses.get(name) ?? 0) > n);
    if (more.length === 0) return texts.map((t, i) => withLeanImports(t, blanked[i]!, nameOf, exportsOf));
    for (const [name] of more) keep.add(name);
  }
}

/**
 * blankImportsAt makes the import specs on the given lines (1-based) blank
 * imports: what the compiler named "imported and not used" in a lean file
 * (the import's name was taken for a use where a local variable of that name
 * was meant). Other lines stay as they are. Pure.
 */
export function blankImportsAt(text: string, lines: ReadonlySet<number>): string {
  const out = text.split('\n');
  for (const n of lines) {
    const l = out[n - 1];
    if (l === undefined) continue;
    const m = /^(\s*(?:import\s+)?)(?:(?:[A-Za-z_]\w*|\.)\s+)?("[^"]+".*)$/.exec(l);
    if (m) out[n - 1] = `${m[1]}_ ${m[2]}`;
  }
  return out.join('\n');
}

/** withoutComments drops Go comments, leaving string, raw string and rune literals as they are. Pure. */
function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      out += ' ';
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (c !== '`' && text[j] === '\\') j++;
        else if (c !== '`' && text[j] === '\n') break;
        j++;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * exportedNames lists the exported top-level names declared in Go source
 * texts (functions, types, vars, consts, also inside grouped declarations
 * laid out by gofmt): what a dot import of the package binds, or more (files
 * other build tags exclude). Pure.
 */
export function exportedNames(texts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const text of texts) {
    let group = false;
    for (const l of text.split('\n')) {
      if (group) {
        if (/^\)/.test(l)) group = false;
        else {
          const m = /^\t([A-Z]\w*)/.exec(l);
          if (m) out.add(m[1]!);
        }
        continue;
      }
      if (/^(?:var|const|type)\s*\(\s*$/.test(l)) group = true;
      const m = /^(?:func|type|var|const)\s+([A-Z]\w*)/.exec(l);
      if (m) out.add(m[1]!);
      // "var A, B = …"
      const multi = /^(?:var|const)\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)+)/.exec(l);
      if (multi) for (const n of multi[1]!.split(',')) if (/^[A-Z]/.test(n.trim())) out.add(n.trim());
    }
  }
  return out;
}
