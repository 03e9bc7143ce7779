// go-file.ts reads Go source with tree-sitter into the facts the join needs:
// functions with their line ranges, parameters (with types as written) and
// the calls they make, including which arguments take an address (&x).
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { guessPackageName } from '../go-symbol.js';
import { parseDirectives, type SourceDirective } from './directives.js';
import { findRuleHits, poolNames, type RuleHit } from './rules.js';

/** GoParam is one named parameter. Grouped names (`a, b *map[K]V`) give one GoParam each. */
export interface GoParam {
  readonly name: string;
  /** The type exactly as written, e.g. "*map[int]int". */
  readonly typeText: string;
  /** 1-based line and 1-based UTF-8 byte column of the name, as the Go compiler reports it. */
  readonly line: number;
  readonly column: number;
  readonly variadic: boolean;
}

/** GoCallArg is one argument of a call; addressOf names x in `&x` arguments. */
export interface GoCallArg {
  readonly text: string;
  readonly addressOf: string | null;
}

/** GoCall is one call expression inside a function body (closures included). */
export interface GoCall {
  /** The callee as written: "f", "pkg.F", "r.m". */
  readonly callee: string;
  readonly line: number;
  readonly column: number;
  /** 1-based UTF-8 byte column of the argument list's "(": where the compiler reports "inlining call to". */
  readonly parenColumn: number;
  readonly args: readonly GoCallArg[];
}

/** GoFunction is one top-level function or method declaration. */
export interface GoFunction {
  readonly file: string;
  /** Local name as pprof spells it after the package path: "f", "(*T).M", "T.M". */
  readonly name: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly params: readonly GoParam[];
  readonly calls: readonly GoCall[];
  /** func BenchmarkXxx(b *testing.B) in a _test.go file. */
  readonly isBenchmark: boolean;
}

/** GoFileFacts is what one file contributes. */
export interface GoFileFacts {
  readonly file: string;
  readonly packageName: string;
  readonly functions: readonly GoFunction[];
  /** The names the file's imports bind (an alias, else the package name guessed from the path); "." and "_" left out. */
  readonly importNames: readonly string[];
  /** The heapsight directives in its comments (see directives.ts), malformed ones included. */
  readonly directives: readonly SourceDirective[];
  /** The anti-pattern rules' candidates (rules.ts); Put calls on any receiver, which packageRuleHits narrows to the package's pools. */
  readonly ruleHits: readonly RuleHit[];
  /** Package-level sync.Pool variables this file declares. */
  readonly pools: readonly string[];
  /** Syntax errors found by tree-sitter, as `file:line: msg`. */
  readonly warnings: readonly string[];
}

/** SourceReadOptions leave out what a caller does not show. */
export interface SourceReadOptions {
  /** Look for the anti-pattern rules' hits (default true); `escape` shows none. */
  readonly rules?: boolean;
}

let parserPromise: Promise<Parser> | null = null;

/** goParser loads the tree-sitter Go grammar once (WASM; no native build needed). */
function goParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    await Parser.init();
    const lang = await Language.load(require.resolve('tree-sitter-go/tree-sitter-go.wasm'));
    const parser = new Parser();
    parser.setLanguage(lang);
    return parser;
  })();
  return parserPromise;
}

/**
 * utf8Column converts tree-sitter's 0-based column (UTF-16 code units of the
 * JS string we parsed) to the compiler's 1-based UTF-8 byte column.
 */
function utf8Column(lines: readonly string[], row: number, utf16Col: number): number {
  const text = lines[row] ?? '';
  return Buffer.byteLength(text.slice(0, utf16Col), 'utf8') + 1;
}

function receiverName(recv: Node | null): string | null {
  if (!recv) return null;
  const decl = recv.namedChildren.find((c) => c?.type === 'parameter_declaration');
  const type = decl?.childForFieldName('type');
  if (!type) return null;
  const base = (n: Node): string => {
    if (n.type === 'generic_type') return n.childForFieldName('type')?.text ?? n.text;
    return n.text;
  };
  if (type.type === 'pointer_type') {
    const inner = type.namedChildren[0];
    return inner ? `(*${base(inner)})` : null;
  }
  return base(type);
}

function collectCalls(body: Node | null, lines: readonly string[]): GoCall[] {
  const calls: GoCall[] = [];
  if (!body) return calls;
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'call_expression') {
      const fn = n.childForFieldName('function');
      const argList = n.childForFieldName('arguments');
      const args: GoCallArg[] = [];
      for (const a of argList?.namedChildren ?? []) {
        if (!a) continue;
        let addressOf: string | null = null;
        if (a.type === 'unary_expression' && a.child(0)?.text === '&') {
          const operand = a.childForFieldName('operand');
          if (operand?.type === 'identifier') addressOf = operand.text;
        }
        args.push({ text: a.text, addressOf });
      }
      if (fn) {
        calls.push({
          callee: fn.text,
          line: n.startPosition.row + 1,
          column: utf8Column(lines, n.startPosition.row, n.startPosition.column),
          parenColumn: argList ? utf8Column(lines, argList.startPosition.row, argList.startPosition.column) : 0,
          args,
        });
      }
    }
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
  calls.sort((a, b) => a.line - b.line || a.column - b.column);
  return calls;
}

function collectParams(list: Node | null, lines: readonly string[]): GoParam[] {
  const params: GoParam[] = [];
  for (const decl of list?.namedChildren ?? []) {
    if (!decl) continue;
    const variadic = decl.type === 'variadic_parameter_declaration';
    if (decl.type !== 'parameter_declaration' && !variadic) continue;
    const type = decl.childForFieldName('type');
    const typeText = (variadic ? '...' : '') + (type?.text ?? '');
    for (const nameNode of decl.childrenForFieldName('name')) {
      if (!nameNode) continue;
      params.push({
        name: nameNode.text,
        typeText,
        line: nameNode.startPosition.row + 1,
        column: utf8Column(lines, nameNode.startPosition.row, nameNode.startPosition.column),
        variadic,
      });
    }
  }
  return params;
}

/** parseGoSource extracts functions, parameters and calls from one Go file. */
export async function parseGoSource(text: string, file: string, opts: SourceReadOptions = {}): Promise<GoFileFacts> {
  const parser = await goParser();
  const tree = parser.parse(text);
  if (!tree) return { file, packageName: '', functions: [], importNames: [], directives: [], ruleHits: [], pools: [], warnings: [`${file}: tree-sitter could not parse the file`] };
  try {
    const lines = text.split('\n');
    const root = tree.rootNode;
    const warnings: string[] = [];
    let packageName = '';
    const functions: GoFunction[] = [];
    const isTestFile = file.endsWith('_test.go');
    const importNames: string[] = [];
    const boundTo = new Map<string, string>();
    for (const node of root.namedChildren) {
      if (!node) continue;
      if (node.type === 'import_declaration') {
        const specs: Node[] = [];
        for (const c of node.namedChildren) {
          if (c?.type === 'import_spec') specs.push(c);
          else if (c?.type === 'import_spec_list') for (const s of c.namedChildren) if (s?.type === 'import_spec') specs.push(s);
        }
        for (const s of specs) {
          const alias = s.childForFieldName('name')?.text;
          const path = s.childForFieldName('path')?.text.replace(/^["`]|["`]$/g, '') ?? '';
          const bound = alias ?? guessPackageName(path);
          if (bound !== '.' && bound !== '_' && bound !== '') {
            importNames.push(bound);
            boundTo.set(path, bound);
          }
        }
      } else if (node.type === 'package_clause') {
        packageName = node.namedChildren[0]?.text ?? '';
      } else if (node.type === 'function_declaration' || node.type === 'method_declaration') {
        const nameNode = node.childForFieldName('name');
        if (!nameNode) continue;
        const recv = node.type === 'method_declaration' ? receiverName(node.childForFieldName('receiver')) : null;
        const params = collectParams(node.childForFieldName('parameters'), lines);
        const name = recv ? `${recv}.${nameNode.text}` : nameNode.text;
        functions.push({
          file,
          name,
          startLine: node.startPosition.row + 1,
          endLine: node.endPosition.row + 1,
          params,
          calls: collectCalls(node.childForFieldName('body'), lines),
          isBenchmark:
            isTestFile &&
            recv === null &&
            /^Benchmark(?![a-z])/.test(nameNode.text) &&
            params.length === 1 &&
            /\*testing\.B$/.test(params[0]!.typeText),
        });
      }
    }
    if (root.hasError) {
      const errStack: Node[] = [root];
      while (errStack.length > 0 && warnings.length < 5) {
        const n = errStack.pop()!;
        if (n.isError || n.isMissing) {
          warnings.push(`${file}:${n.startPosition.row + 1}: syntax error near ${JSON.stringify(n.text.slice(0, 30))}`);
          continue;
        }
        for (const c of n.children) if (c && c.hasError) errStack.push(c);
      }
    }
    const imports = { fmt: boundTo.get('fmt') ?? null, regexp: boundTo.get('regexp') ?? null };
    return {
      file,
      packageName,
      functions,
      importNames,
      // Directives are comments naming heapsight: a file without the word has none (the walk is a tenth of the parse).
      directives: text.includes('heapsight:') ? parseDirectives(root, lines, file, functions) : [],
      ruleHits: opts.rules === false ? [] : findRuleHits(root, lines, file, functions, imports, null),
      pools: opts.rules === false ? [] : poolNames(root),
      warnings,
    };
  } finally {
    tree.delete();
  }
}

/** mapPointerType matches `*map[K]V` (the article's parameter type) and returns K and V. */
export function mapPointerType(typeText: string): { key: string; value: string } | null {
  const m = /^\*map\[(.+)\](.+)$/.exec(typeText.replace(/\s+/g, ''));
  if (!m) return null;
  // Balance the brackets: for map[[2]int]string the first "]" is not the key's end.
  const body = typeText.replace(/\s+/g, '').slice('*map['.length);
  let depth = 1;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '[') depth++;
    else if (body[i] === ']') {
      depth--;
      if (depth === 0) return { key: body.slice(0, i), value: body.slice(i + 1) };
    }
  }
  return null;
}

/** PointerParamKind is the reference type a pointer parameter points to. */
export type PointerParamKind = 'map' | 'slice' | 'chan';

/**
 * referencePointerType matches a pointer to a reference type — `*map[K]V`,
 * `*[]T`, `*chan T` (and its directional forms) — and returns the kind and
 * the pointed-to type as written without spaces (what a by-value twin takes).
 */
export function referencePointerType(typeText: string): { kind: PointerParamKind; target: string } | null {
  const t = typeText.replace(/\s+/g, ' ').trim();
  if (!t.startsWith('*')) return null;
  const target = t.slice(1).trim();
  if (mapPointerType(t)) return { kind: 'map', target: target.replace(/\s+/g, '') };
  if (/^\[\]/.test(target)) return { kind: 'slice', target: target.replace(/\s+/g, '') };
  if (/^(chan\b|<-\s*chan\b)/.test(target)) return { kind: 'chan', target };
  return null;
}
