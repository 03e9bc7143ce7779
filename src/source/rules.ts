// rules.ts finds the anti-patterns linters report (prealloc, perfsprint,
// gocritic, staticcheck's SA6000/SA6002) in Go source, as candidates: a hit
// says where the pattern is written, never whether it costs anything. The
// compiler's evidence and the benchmarks decide that (src/verify/rule-verdicts.ts).
// Pure: tree-sitter nodes and lines in, typed records out. Positions are
// 1-based lines and 1-based UTF-8 byte columns, as the Go compiler and
// coverage profiles report them; end columns are exclusive.
import type { Node } from 'web-tree-sitter';
import type { GoFunction } from './go-file.js';

/** RuleKind names every source rule (the pointer-to-reference-type parameter rule lives in the join, with its twin). */
export type RuleKind =
  | 'map-without-size-hint'
  | 'append-without-capacity'
  | 'fmt-simple-verbs'
  | 'string-concat-in-loop'
  | 'bytes-string-conversion'
  | 'interface-boxing'
  | 'pool-non-pointer'
  | 'regexp-in-function'
  | 'closure-capture'
  | 'defer-in-loop'
  | 'builder-without-grow';

/** RULE_KINDS lists them in the order reports show them. */
export const RULE_KINDS: readonly RuleKind[] = [
  'map-without-size-hint',
  'append-without-capacity',
  'builder-without-grow',
  'string-concat-in-loop',
  'fmt-simple-verbs',
  'bytes-string-conversion',
  'interface-boxing',
  'pool-non-pointer',
  'regexp-in-function',
  'closure-capture',
  'defer-in-loop',
];

/** SourceSpan is a stretch of source: start inclusive, end exclusive, with its text as written. */
export interface SourceSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly text: string;
}

/**
 * RuleFix is what a mechanical fix needs, as data: which span to replace and
 * with what values. The fix experiments (check --experiment) write it into a
 * copy of the tree; nothing here edits source.
 */
export type RuleFix =
  /** Replace `make` (make(map[K]V) or map[K]V{}) with make(mapType, length). */
  | { readonly kind: 'size-hint'; readonly make: SourceSpan; readonly mapType: string; readonly length: string }
  /**
   * Give the slice a capacity: replace `declaration` (var s []T, s := []T{},
   * s := make([]T, 0)) with `variable := make(sliceType, 0, length)`.
   */
  | { readonly kind: 'capacity'; readonly declaration: SourceSpan; readonly variable: string; readonly sliceType: string; readonly length: string }
  /** Call b.Grow(length) after `declaration`; length counts writes, not bytes: a lower bound. */
  | { readonly kind: 'grow'; readonly declaration: SourceSpan; readonly variable: string; readonly length: string }
  /**
   * Replace `call` with `replacement` (strconv, concatenation or errors.New), adding `imports`.
   * The syntax shows no types: `assumes` names the type each argument must have for the
   * replacement to compile and print the same (%s a string, %d an int, %t a bool).
   */
  | {
      readonly kind: 'replace-call';
      readonly call: SourceSpan;
      readonly replacement: string;
      readonly imports: readonly string[];
      readonly assumes: readonly { readonly argument: string; readonly type: 'string' | 'int' | 'bool' }[];
    }
  /** Build the string in a strings.Builder: `variable` is declared at `declaration`, concatenated at `concat`. */
  | { readonly kind: 'strings-builder'; readonly declaration: SourceSpan; readonly concat: SourceSpan; readonly variable: string }
  /** Move `call` to a package-level var (`name = call.text`) and use the name in its place. */
  | { readonly kind: 'hoist-regexp'; readonly call: SourceSpan; readonly name: string }
  /** Put a pointer in the pool: Put(&arg) and Get().(*T) at the pool's other uses. */
  | { readonly kind: 'pool-pointer'; readonly put: SourceSpan; readonly argument: string };

/** RuleHit is one place the source has a rule's pattern. */
export interface RuleHit {
  readonly rule: RuleKind;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The enclosing declaration ("f", "(*T).M"). */
  readonly function: string;
  /** The construct as written (a call, an assignment, a statement), on one line. */
  readonly subject: string;
  /** The known length of the enclosing loop (len(xs), n), when the rule needs one. */
  readonly length: string | null;
  /** The line of the enclosing loop, for rules about loops. */
  readonly loopLine: number | null;
  /**
   * Variables the rule is about: the captured ones for a closure, the map,
   * slice, string or builder variable for the loop rules; empty otherwise.
   */
  readonly variables: readonly string[];
  /** For bytes-string-conversion: which way it converts, and whether the context lets the compiler skip the copy. */
  readonly conversion: { readonly direction: 'bytes-to-string' | 'string-to-bytes'; readonly context: ConversionContext } | null;
  readonly fix: RuleFix | null;
}

/**
 * ConversionContext is where a conversion sits: map-index (m[string(b)]),
 * comparison (string(b) == "x"), concatenation operand, range operand, switch
 * tag — the places cmd/compile turns into slicebytetostringtmp or a no-copy
 * range (walk/convert.go, walk/order.go) — or plain.
 */
export type ConversionContext = 'map-index' | 'comparison' | 'concatenation' | 'range' | 'switch' | 'plain';

function utf8Column(lines: readonly string[], row: number, utf16Col: number): number {
  return Buffer.byteLength((lines[row] ?? '').slice(0, utf16Col), 'utf8') + 1;
}

function spanOf(n: Node, lines: readonly string[]): SourceSpan {
  return {
    line: n.startPosition.row + 1,
    column: utf8Column(lines, n.startPosition.row, n.startPosition.column),
    endLine: n.endPosition.row + 1,
    endColumn: utf8Column(lines, n.endPosition.row, n.endPosition.column),
    text: n.text,
  };
}

function oneLine(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

/** Decl is what the loop rules remember about a local variable. */
interface Decl {
  readonly kind: 'map-no-hint' | 'slice-no-cap' | 'string' | 'builder';
  readonly node: Node;
  /** The make call or literal (maps), the declaration (slices, builders, strings). */
  readonly init: Node;
  readonly typeText: string;
  readonly line: number;
}

function named(n: Node | null | undefined): Node[] {
  return (n?.namedChildren ?? []).filter((c): c is Node => c !== null);
}

/** declOf classifies `x := init` / `var x T [= init]` for the loop rules. */
function declOf(stmt: Node, name: Node, type: Node | null, init: Node | null): Decl | null {
  const line = stmt.startPosition.row + 1;
  if (init === null) {
    if (type?.type === 'slice_type') return { kind: 'slice-no-cap', node: stmt, init: stmt, typeText: type.text, line };
    if (type?.type === 'type_identifier' && type.text === 'string') return { kind: 'string', node: stmt, init: stmt, typeText: 'string', line };
    if (type?.type === 'qualified_type' && /^(strings\.Builder|bytes\.Buffer)$/.test(type.text.replace(/\s+/g, ''))) {
      return { kind: 'builder', node: stmt, init: stmt, typeText: type.text, line };
    }
    return null;
  }
  // Any string literal starts a string the loop may concatenate onto ("", `^(`).
  if (init.type === 'interpreted_string_literal' || init.type === 'raw_string_literal') return { kind: 'string', node: stmt, init: stmt, typeText: 'string', line };
  if (init.type === 'composite_literal') {
    const t = init.childForFieldName('type');
    const body = init.childForFieldName('body');
    const empty = named(body).length === 0;
    if (t?.type === 'map_type' && empty) return { kind: 'map-no-hint', node: stmt, init, typeText: t.text, line };
    if (t?.type === 'slice_type' && empty) return { kind: 'slice-no-cap', node: stmt, init: stmt, typeText: t.text, line };
    return null;
  }
  if (init.type === 'call_expression' && init.childForFieldName('function')?.text === 'make') {
    const args = named(init.childForFieldName('arguments'));
    const t = args[0];
    if (t?.type === 'map_type' && args.length === 1) return { kind: 'map-no-hint', node: stmt, init, typeText: t.text, line };
    if (t?.type === 'slice_type' && args.length === 2 && args[1]!.text === '0') return { kind: 'slice-no-cap', node: stmt, init: stmt, typeText: t.text, line };
  }
  void name;
  return null;
}

/** loopLength is the number of iterations a loop header makes known: len(xs) for range xs, n for range n or i := 0; i < n. */
function loopLength(loop: Node): string | null {
  const clause = named(loop).find((c) => c.type === 'range_clause' || c.type === 'for_clause');
  if (!clause) return null;
  if (clause.type === 'range_clause') {
    const right = clause.childForFieldName('right');
    if (!right) return null;
    if (right.type === 'int_literal') return right.text;
    if (right.type === 'call_expression' && right.childForFieldName('function')?.text === 'len') return null;
    if (['identifier', 'selector_expression', 'index_expression', 'slice_expression', 'unary_expression', 'parenthesized_expression'].includes(right.type)) {
      return `len(${right.text})`;
    }
    return null;
  }
  const init = clause.childForFieldName('initializer');
  const cond = clause.childForFieldName('condition');
  if (init?.type !== 'short_var_declaration' || cond?.type !== 'binary_expression') return null;
  const iv = named(init.childForFieldName('left'))[0]?.text;
  const start = named(init.childForFieldName('right'))[0]?.text;
  const op = cond.childForFieldName('operator')?.text ?? cond.children.find((c) => c && ['<', '<=', '>', '>='].includes(c.type))?.type;
  if (start !== '0' || op !== '<' || cond.childForFieldName('left')?.text !== iv) return null;
  return cond.childForFieldName('right')?.text ?? null;
}

/** SIMPLE_VERBS are the verbs perfsprint replaces without changing output for the types it expects. */
const SIMPLE_VERB = /%([sdtvxq])/g;

/** fmtFix builds the mechanical replacement of a fmt call with simple verbs, or null when there is none. */
function fmtFix(
  fn: 'Sprintf' | 'Sprint' | 'Errorf',
  format: string | null,
  args: readonly string[],
): { replacement: string; imports: string[]; assumes: { argument: string; type: 'string' | 'int' | 'bool' }[] } | null {
  if (fn === 'Sprint') return null;
  if (format === null) return null;
  const body = JSON.parse(format) as string;
  const pieces: string[] = [];
  const imports = new Set<string>();
  const assumes: { argument: string; type: 'string' | 'int' | 'bool' }[] = [];
  let last = 0;
  let i = 0;
  for (const m of body.matchAll(SIMPLE_VERB)) {
    const lit = body.slice(last, m.index);
    if (lit !== '') pieces.push(JSON.stringify(lit));
    const a = args[i++]!;
    switch (m[1]) {
      case 's':
        pieces.push(a);
        assumes.push({ argument: a, type: 'string' });
        break;
      case 'd':
        pieces.push(`strconv.Itoa(${a})`);
        imports.add('strconv');
        assumes.push({ argument: a, type: 'int' });
        break;
      case 't':
        pieces.push(`strconv.FormatBool(${a})`);
        imports.add('strconv');
        assumes.push({ argument: a, type: 'bool' });
        break;
      default:
        return null;
    }
    last = m.index + m[0].length;
  }
  const tail = body.slice(last);
  if (tail !== '') pieces.push(JSON.stringify(tail));
  const expr = pieces.length === 0 ? '""' : pieces.join(' + ');
  if (fn === 'Errorf') {
    imports.add('errors');
    return { replacement: `errors.New(${expr})`, imports: [...imports].sort(), assumes };
  }
  return { replacement: expr, imports: [...imports].sort(), assumes };
}

/** fmtHit says whether a fmt call has only simple verbs (no flags, widths or %w), each with its argument. */
function fmtSimple(fn: string, args: readonly Node[]): { format: string | null } | null {
  if (fn === 'Sprint') return args.length === 1 ? { format: null } : null;
  const f = args[0];
  if (f?.type !== 'interpreted_string_literal') return null;
  let body: string;
  try {
    body = JSON.parse(f.text) as string;
  } catch {
    return null;
  }
  const verbs = [...body.matchAll(/%(.)/g)].map((m) => m[1]!);
  if (verbs.some((v) => !'sdtvxq'.includes(v))) return null;
  if (verbs.length !== args.length - 1) return null;
  return { format: f.text };
}

/** ancestorLoop is the nearest for statement around n inside the function body (not across a func literal). */
function ancestorLoop(n: Node, stop: Node): Node | null {
  for (let p = n.parent; p && p.id !== stop.id; p = p.parent) {
    if (p.type === 'func_literal') return null;
    if (p.type === 'for_statement') return p;
  }
  return null;
}

function conversionContext(n: Node): ConversionContext {
  const p = n.parent;
  if (!p) return 'plain';
  if (p.type === 'index_expression' && p.childForFieldName('index')?.id === n.id) return 'map-index';
  if (p.type === 'binary_expression') {
    const op = p.childForFieldName('operator')?.text ?? '';
    if (['==', '!=', '<', '<=', '>', '>='].includes(op)) return 'comparison';
    if (op === '+') return 'concatenation';
  }
  if (p.type === 'range_clause') return 'range';
  if (p.type === 'expression_switch_statement') return 'switch';
  return 'plain';
}

/** identifiersIn lists the identifiers used in n, not descending into nested func literals' parameter lists. */
function identifiersIn(n: Node): Set<string> {
  const out = new Set<string>();
  const stack: Node[] = [n];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.type === 'identifier') out.add(x.text);
    for (const c of named(x)) stack.push(c);
  }
  return out;
}

/** localNames are the names declared in a function: parameters, := and var, each with its first line. */
function localNames(fnNode: Node): Map<string, number> {
  const out = new Map<string, number>();
  const add = (n: Node | null | undefined): void => {
    if (n?.type === 'identifier' && !out.has(n.text)) out.set(n.text, n.startPosition.row + 1);
  };
  for (const p of named(fnNode.childForFieldName('parameters'))) for (const nm of p.childrenForFieldName('name')) add(nm);
  const recv = fnNode.childForFieldName('receiver');
  for (const p of named(recv)) for (const nm of p.childrenForFieldName('name')) add(nm);
  const stack: Node[] = [];
  const body = fnNode.childForFieldName('body');
  if (body) stack.push(body);
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.type === 'func_literal') continue;
    if (x.type === 'short_var_declaration' || x.type === 'range_clause') for (const nm of named(x.childForFieldName('left'))) add(nm);
    if (x.type === 'var_spec') for (const nm of x.childrenForFieldName('name')) add(nm);
    for (const c of named(x)) stack.push(c);
  }
  return out;
}

/** poolNames are the package-level variables declared as a sync.Pool (var p sync.Pool, var p = sync.Pool{...}). */
export function poolNames(root: Node): string[] {
  const out: string[] = [];
  for (const d of named(root)) {
    if (d.type !== 'var_declaration') continue;
    const specs = named(d).flatMap((c) => (c.type === 'var_spec_list' ? named(c) : [c])).filter((c) => c.type === 'var_spec');
    for (const s of specs) {
      const t = s.childForFieldName('type')?.text.replace(/\s+/g, '');
      const v = named(s.childForFieldName('value'))[0];
      const isPool = t === 'sync.Pool' || (v?.type === 'composite_literal' && v.childForFieldName('type')?.text.replace(/\s+/g, '') === 'sync.Pool');
      if (isPool) for (const nm of s.childrenForFieldName('name')) if (nm) out.push(nm.text);
    }
  }
  return out;
}

/**
 * findRuleHits walks every function declaration of a file for the rules'
 * patterns. pools names the package's sync.Pool variables (null: keep every
 * Put, for the caller to filter once all files are read);
 * fmtName and regexpName are what the file's imports bind fmt and regexp to
 * (null: not imported).
 */
export function findRuleHits(
  root: Node,
  lines: readonly string[],
  file: string,
  functions: readonly GoFunction[],
  imports: { readonly fmt: string | null; readonly regexp: string | null },
  pools: readonly string[] | null,
): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const fnNode of named(root)) {
    if (fnNode.type !== 'function_declaration' && fnNode.type !== 'method_declaration') continue;
    const body = fnNode.childForFieldName('body');
    if (!body) continue;
    const startLine = fnNode.startPosition.row + 1;
    const fn = functions.find((f) => f.startLine === startLine)?.name ?? fnNode.childForFieldName('name')?.text ?? '';
    hits.push(...functionHits(fnNode, body, lines, file, fn, imports, pools));
  }
  hits.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  return hits;
}

function functionHits(
  fnNode: Node,
  body: Node,
  lines: readonly string[],
  file: string,
  fn: string,
  imports: { readonly fmt: string | null; readonly regexp: string | null },
  pools: readonly string[] | null,
): RuleHit[] {
  const hits: RuleHit[] = [];
  const decls = new Map<string, Decl>();
  const grown = new Set<string>();
  const reported = new Set<string>();
  const base = (rule: RuleKind, n: Node): Omit<RuleHit, 'length' | 'loopLine' | 'variables' | 'conversion' | 'fix'> => ({
    rule,
    file,
    line: n.startPosition.row + 1,
    column: utf8Column(lines, n.startPosition.row, n.startPosition.column),
    function: fn,
    subject: oneLine(n.text),
  });
  const plain = { length: null, loopLine: null, variables: [], conversion: null, fix: null } as const;
  const locals = localNames(fnNode);

  // Pass 1: declarations and Grow calls, so pass 2 knows each variable's start.
  const walk = (n: Node, visit: (x: Node) => void): void => {
    const stack: Node[] = [n];
    while (stack.length > 0) {
      const x = stack.pop()!;
      visit(x);
      const kids = named(x);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
  };
  walk(body, (x) => {
    if (x.type === 'short_var_declaration') {
      const left = named(x.childForFieldName('left'));
      const right = named(x.childForFieldName('right'));
      if (left.length === 1 && right.length === 1) {
        const d = declOf(x, left[0]!, null, right[0]!);
        if (d && !decls.has(left[0]!.text)) decls.set(left[0]!.text, d);
      }
    } else if (x.type === 'var_spec') {
      const names = x.childrenForFieldName('name').filter((c): c is Node => c !== null);
      const value = named(x.childForFieldName('value'));
      if (names.length === 1 && value.length <= 1) {
        // The statement a fix replaces is the whole `var x T` when it declares one spec.
        const stmt = x.parent?.type === 'var_declaration' && named(x.parent).length === 1 ? x.parent : x;
        const d = declOf(stmt, names[0]!, x.childForFieldName('type'), value[0] ?? null);
        if (d && !decls.has(names[0]!.text)) decls.set(names[0]!.text, d);
      }
    } else if (x.type === 'call_expression') {
      const f = x.childForFieldName('function');
      if (f?.type === 'selector_expression' && f.childForFieldName('field')?.text === 'Grow') grown.add(f.childForFieldName('operand')?.text ?? '');
    }
  });

  const loopFacts = (n: Node): { loop: Node; length: string | null } | null => {
    const loop = ancestorLoop(n, body);
    return loop ? { loop, length: loopLength(loop) } : null;
  };
  const declBefore = (name: string, kind: Decl['kind'], loop: Node): Decl | null => {
    const d = decls.get(name);
    return d && d.kind === kind && d.line < loop.startPosition.row + 1 && !isInside(d.node, loop) ? d : null;
  };

  walk(body, (x) => {
    switch (x.type) {
      case 'assignment_statement': {
        const left = named(x.childForFieldName('left'));
        const right = named(x.childForFieldName('right'));
        const op = x.childForFieldName('operator')?.text ?? x.children.find((c) => c && /^[-+*/%&|^]?=$|^<<=$|^>>=$|^&\^=$/.test(c.type))?.type ?? '=';
        if (left.length !== 1 || right.length !== 1) break;
        const l = left[0]!;
        const r = right[0]!;
        const lf = loopFacts(x);
        if (!lf) break;
        // m[k] = v into a map made without a hint, in a loop of known length.
        if (l.type === 'index_expression' && op === '=') {
          const m = l.childForFieldName('operand')?.text ?? '';
          const d = declBefore(m, 'map-no-hint', lf.loop);
          if (d && lf.length !== null && !reported.has(`map:${m}`)) {
            reported.add(`map:${m}`);
            hits.push({
              ...base('map-without-size-hint', x),
              length: lf.length,
              loopLine: lf.loop.startPosition.row + 1,
              variables: [m],
              conversion: null,
              fix: { kind: 'size-hint', make: spanOf(d.init, lines), mapType: d.typeText, length: lf.length },
            });
          }
        }
        // s = append(s, ...) onto a slice declared without capacity, in a loop of known length.
        if (l.type === 'identifier' && op === '=' && r.type === 'call_expression' && r.childForFieldName('function')?.text === 'append') {
          const first = named(r.childForFieldName('arguments'))[0];
          const d = first?.text === l.text ? declBefore(l.text, 'slice-no-cap', lf.loop) : null;
          if (d && lf.length !== null && !reported.has(`append:${l.text}`)) {
            reported.add(`append:${l.text}`);
            hits.push({
              ...base('append-without-capacity', x),
              length: lf.length,
              loopLine: lf.loop.startPosition.row + 1,
              variables: [l.text],
              conversion: null,
              fix: { kind: 'capacity', declaration: spanOf(d.node, lines), variable: l.text, sliceType: d.typeText, length: lf.length },
            });
          }
        }
        // s += x or s = s + x on a string, in any loop.
        const concat = (op === '+=' && l.type === 'identifier') || (op === '=' && l.type === 'identifier' && r.type === 'binary_expression' && r.childForFieldName('left')?.text === l.text && (r.childForFieldName('operator')?.text ?? '') === '+');
        if (concat) {
          const d = declBefore(l.text, 'string', lf.loop);
          if (d && !reported.has(`concat:${l.text}`)) {
            reported.add(`concat:${l.text}`);
            hits.push({
              ...base('string-concat-in-loop', x),
              length: lf.length,
              loopLine: lf.loop.startPosition.row + 1,
              variables: [l.text],
              conversion: null,
              fix: { kind: 'strings-builder', declaration: spanOf(d.node, lines), concat: spanOf(x, lines), variable: l.text },
            });
          }
        }
        break;
      }
      case 'defer_statement': {
        const lf = loopFacts(x);
        if (lf) hits.push({ ...base('defer-in-loop', x), ...plain, loopLine: lf.loop.startPosition.row + 1 });
        break;
      }
      case 'func_literal': {
        const params = new Set(named(x.childForFieldName('parameters')).flatMap((p) => p.childrenForFieldName('name').map((c) => c?.text ?? '')));
        const inner = localNames(x);
        const used = identifiersIn(x.childForFieldName('body') ?? x);
        const line = x.startPosition.row + 1;
        const captured = [...used].filter((u) => !params.has(u) && !inner.has(u) && (locals.get(u) ?? Infinity) <= line).sort();
        if (captured.length > 0) hits.push({ ...base('closure-capture', x), ...plain, variables: captured, subject: oneLine(`func literal capturing ${captured.join(', ')}`) });
        break;
      }
      case 'type_conversion_expression': {
        const t = x.childForFieldName('type')?.text.replace(/\s+/g, '');
        if (t === '[]byte') hits.push({ ...base('bytes-string-conversion', x), ...plain, conversion: { direction: 'string-to-bytes', context: conversionContext(x) } });
        break;
      }
      case 'call_expression': {
        const f = x.childForFieldName('function');
        const args = named(x.childForFieldName('arguments'));
        if (!f) break;
        if (f.type === 'identifier' && f.text === 'string' && args.length === 1 && args[0]!.type !== 'int_literal' && args[0]!.type !== 'rune_literal') {
          hits.push({ ...base('bytes-string-conversion', x), ...plain, conversion: { direction: 'bytes-to-string', context: conversionContext(x) } });
          break;
        }
        if (f.type === 'parenthesized_expression' && f.text.replace(/\s+/g, '') === '([]byte)' && args.length === 1) {
          hits.push({ ...base('bytes-string-conversion', x), ...plain, conversion: { direction: 'string-to-bytes', context: conversionContext(x) } });
          break;
        }
        if (f.type !== 'selector_expression') break;
        const pkg = f.childForFieldName('operand')?.text ?? '';
        const name = f.childForFieldName('field')?.text ?? '';
        if (imports.fmt !== null && pkg === imports.fmt && (name === 'Sprintf' || name === 'Sprint' || name === 'Errorf')) {
          const simple = fmtSimple(name, args);
          if (simple) {
            const fx = fmtFix(name, simple.format, args.slice(1).map((a) => a.text));
            hits.push({
              ...base('fmt-simple-verbs', x),
              ...plain,
              fix: fx ? { kind: 'replace-call', call: spanOf(x, lines), replacement: fx.replacement, imports: fx.imports, assumes: fx.assumes } : null,
            });
          }
        } else if (imports.regexp !== null && pkg === imports.regexp && /^(Must)?Compile(POSIX)?$/.test(name) && args.length === 1 && /string_literal$/.test(args[0]!.type)) {
          hits.push({ ...base('regexp-in-function', x), ...plain, fix: { kind: 'hoist-regexp', call: spanOf(x, lines), name: `${fn.replace(/[^A-Za-z0-9]/g, '')}Pattern` } });
        } else if (name === 'Put' && args.length === 1 && (pools === null || pools.includes(pkg))) {
          // pools null: the package's pools are not known yet; packageRuleHits keeps the Puts on one of them.
          hits.push({ ...base('pool-non-pointer', x), ...plain, variables: [pkg], fix: args[0]!.type === 'identifier' ? { kind: 'pool-pointer', put: spanOf(x, lines), argument: args[0]!.text } : null });
        } else if (/^Write(String|Byte|Rune)?$/.test(name)) {
          const lf = loopFacts(x);
          const d = lf ? declBefore(pkg, 'builder', lf.loop) : null;
          if (lf && d && lf.length !== null && !grown.has(pkg) && !reported.has(`builder:${pkg}`)) {
            reported.add(`builder:${pkg}`);
            hits.push({
              ...base('builder-without-grow', x),
              length: lf.length,
              loopLine: lf.loop.startPosition.row + 1,
              variables: [pkg],
              conversion: null,
              fix: { kind: 'grow', declaration: spanOf(d.node, lines), variable: pkg, length: lf.length },
            });
          }
        }
        break;
      }
    }
  });
  return hits;
}

function isInside(n: Node, outer: Node): boolean {
  return n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;
}
