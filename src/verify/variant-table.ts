// variant-table.ts builds the article's table measured: one row per
// benchmark variant of one run, compared against a baseline benchmark with
// benchstat's statistics (compareSamples), plus GC cycles and stop-the-world
// pauses from gctrace and, when compiler evidence and the package's source
// are given, the heap decisions of the code each benchmark reaches. Pure.
import { isAbsolute, relative, sep } from 'node:path';
import type { CauseNote, CompilerEvidence, EscapeKind, EscapeSite, SourcePos } from '../escape/index.js';
import { ESCAPE_KINDS, posKey } from '../escape/index.js';
import type { GoFunction } from '../source/go-file.js';
import type { PackageSource } from '../source/package-source.js';
import type { BenchmarkResult, BenchRun } from '../bench/runner.js';
import { compareSamples, median, type Comparison, type StatOptions, type Summary } from '../bench/statistics.js';
import { declaringFunction, localName } from '../go-symbol.js';
import { packageHits } from './rule-verdicts.js';
import type { RuleKind } from '../source/rules.js';

/** VARIANT_UNITS are the units a variant row compares, named as benchstat names them. */
export const VARIANT_UNITS = ['sec/op', 'B/op', 'allocs/op'] as const;
export type VariantUnit = (typeof VARIANT_UNITS)[number];

/** VariantRow is one benchmark against the baseline. */
export interface VariantRow {
  readonly name: string;
  readonly procs: number | null;
  readonly isBaseline: boolean;
  /**
   * Heap decisions (moved to heap / escapes to heap) in the benchmark's body
   * and the package functions it reaches, each once (heapDecisions); null
   * without compiler evidence.
   */
  readonly escapes: number | null;
  /** What escapes counts, in call order; null without compiler evidence. */
  readonly heapDecisions: readonly HeapDecision[] | null;
  /**
   * The anti-pattern rules' hits (check's rules, without verdicts: bench
   * takes no heap profile) in the benchmark's body and the package functions
   * it reaches; null without compiler evidence.
   */
  readonly ruleHits: readonly VariantRuleHit[] | null;
  readonly summaries: Readonly<Partial<Record<VariantUnit, Summary>>>;
  /** Measured-run GC cycles per run (median) and per million ops. */
  readonly gcCyclesPerRun: number | null;
  readonly gcCyclesPerMillionOps: number | null;
  /** Median stop-the-world time per run, ns. */
  readonly pausePerRunNs: number | null;
  /** Comparison with the baseline per unit; empty for the baseline itself. */
  readonly vsBaseline: Readonly<Partial<Record<VariantUnit, Comparison>>>;
}

/** VariantTable is the whole table. */
export interface VariantTable {
  readonly baseline: string;
  readonly rows: readonly VariantRow[];
  readonly warnings: readonly string[];
}

/** matchesBaseline accepts "BenchmarkByValue", "ByValue" and either with a -N suffix. */
export function matchesBaseline(b: Pick<BenchmarkResult, 'name' | 'procs'>, wanted: string): boolean {
  const strip = (s: string): string => s.replace(/^Benchmark/, '');
  const full = b.procs === null ? b.name : `${b.name}-${b.procs}`;
  return strip(b.name) === strip(wanted) || strip(full) === strip(wanted);
}

/** VariantEvidence is what the escapes column is computed from: the compiler's decisions and the package's parsed source (its call graph). */
export interface VariantEvidence {
  readonly compiler: CompilerEvidence;
  readonly source: PackageSource;
}

/** HeapDecision is one allocating escape decision (moved to heap / escapes to heap) in code a benchmark reaches. */
export interface HeapDecision {
  readonly kind: EscapeKind;
  /** The variable or expression, as the compiler names it ("m", "make([]int, n)"). */
  readonly subject: string;
  /**
   * Where the decision is made in source: the innermost position (the
   * callee's own line when the compiler reports an inlined copy). file is
   * relative to the package directory when inside it.
   */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The declaration holding the position ("fillNewSized", "(*T).M"), or the compiler's name when it lies outside the package ("net/http.ListenAndServe", inlined). */
  readonly function: string;
  /** Package functions called from the benchmark down to the one whose code holds the decision; empty for the benchmark's own body. */
  readonly via: readonly string[];
  /** The compiler's message ("moved to heap: m"). */
  readonly message: string;
  /** The classified cause, as a typed story (renderers word it). */
  readonly cause: CauseNote;
  /**
   * Calls in the benchmark's code (file:line:col) where the compiler
   * inlined the declaration and decided that copy of the subject does not
   * escape; empty when none was reported (needs the -m=2 text evidence).
   */
  readonly inlinedCopiesNotEscaping: readonly string[];
}

/** VariantRuleHit is one rule hit in code a benchmark reaches; file relative to the package directory when inside it. */
export interface VariantRuleHit {
  readonly rule: RuleKind;
  readonly file: string;
  readonly line: number;
  readonly function: string;
  readonly subject: string;
}

/** variantRuleHits lists the rule hits in the functions the benchmark reaches (reachFunctions), in call order. */
export function variantRuleHits(ev: VariantEvidence, benchmarkName: string): VariantRuleHit[] {
  const top = benchmarkName.split('/')[0]!;
  const all = ev.source.files.flatMap((f) => f.functions);
  const start = all.find((f) => f.isBenchmark && f.name === top) ?? all.find((f) => f.name === top);
  if (!start) return [];
  const reached = reachFunctions(ev.source, start);
  const order = new Map(reached.map((r, i) => [`${r.fn.file}\u0000${r.fn.name}`, i] as const));
  const rel = (file: string): string => {
    const r = relative(ev.source.dir, file);
    return r === '' || r.startsWith('..') || isAbsolute(r) ? file : r.split(sep).join('/');
  };
  return packageHits(ev.source, ev.compiler.runtimeCalls)
    .filter((h) => order.has(`${h.file}\u0000${h.function}`))
    .sort((a, b) => order.get(`${a.file}\u0000${a.function}`)! - order.get(`${b.file}\u0000${b.function}`)! || a.line - b.line)
    .map((h) => ({ rule: h.rule, file: rel(h.file), line: h.line, function: h.function, subject: h.subject }));
}

/** ReachedFunction is a package function a benchmark reaches through calls, with the shortest call chain to it. */
export interface ReachedFunction {
  readonly fn: GoFunction;
  /** Call chain below the benchmark, the function itself last; empty for the benchmark. */
  readonly via: readonly string[];
}

/** splitCallee splits a callee as written into qualifier and final identifier, dropping type arguments ("x.f[int]" → x, f). */
function splitCallee(callee: string): { qualifier: string | null; name: string } | null {
  const m = /^(?:(.*)\.)?([A-Za-z_\p{L}][\w\p{L}\p{N}]*)(?:\[[^\]]*\])?$/u.exec(callee.trim());
  if (!m) return null;
  return { qualifier: m[1] ?? null, name: m[2]! };
}

/**
 * reachFunctions walks the package's call graph from one function: plain
 * calls ("f", "pkg.f" for the package's own name, as external test files
 * write it), method calls ("x.M", resolved by name to every method M in the
 * package: types are not known here, so this over-approximates) and
 * package functions passed as values to a call (b.Run(name, benchFoo)).
 * Calls through interfaces or func variables are not followed. Breadth
 * first, in call order, each function once, so recursion and cycles end.
 */
export function reachFunctions(src: PackageSource, start: GoFunction): ReachedFunction[] {
  const plain = new Map<string, GoFunction[]>();
  const methods = new Map<string, GoFunction[]>();
  for (const f of src.files.flatMap((x) => x.functions)) {
    const dot = f.name.lastIndexOf('.');
    const [map, key] = dot < 0 ? [plain, f.name] : [methods, f.name.slice(dot + 1)];
    map.set(key, [...(map.get(key) ?? []), f]);
  }
  const resolve = (callee: string): readonly GoFunction[] => {
    const c = splitCallee(callee);
    if (!c) return [];
    if (c.qualifier === null || c.qualifier === src.name) return plain.get(c.name) ?? [];
    return methods.get(c.name) ?? [];
  };
  const seen = new Set<GoFunction>([start]);
  const out: ReachedFunction[] = [{ fn: start, via: [] }];
  for (let i = 0; i < out.length; i++) {
    const { fn, via } = out[i]!;
    for (const call of fn.calls) {
      const targets = [...resolve(call.callee), ...call.args.flatMap((a) => (a.addressOf === null && /^[A-Za-z_]\w*$/.test(a.text) ? (plain.get(a.text) ?? []) : []))];
      for (const t of targets) {
        if (seen.has(t)) continue;
        seen.add(t);
        out.push({ fn: t, via: [...via, t.name] });
      }
    }
  }
  return out;
}

/** declName is the declaration a closure or instantiation belongs to ("F.func1.2" → "F"), so a closure counts as its declaration. */
function declName(fn: string): string {
  return declaringFunction(localName(fn));
}

/**
 * heapDecisions lists the allocating escape decisions in the benchmark's
 * body (closures included) and in every package function it reaches
 * (reachFunctions), each decision once: the compiler reports a callee's
 * decision in its own body and again for each copy inlined elsewhere (with
 * inlinedAt, or at the inlined call's position in -m text); those are one
 * decision, kept at the callee's own position. Decisions inlined from other
 * packages into reached code count too. Ordered by call order, then position.
 *
 * A callee's own-body decision is counted even where the callee was inlined
 * and the inlined copy was decided differently (golang/go#32850): the column
 * answers which code puts values on the heap, not which copy was compiled.
 */
export function heapDecisions(ev: VariantEvidence, benchmarkName: string): { decisions: HeapDecision[]; warnings: string[] } {
  const { compiler, source } = ev;
  const top = benchmarkName.split('/')[0]!;
  const all = source.files.flatMap((f) => f.functions);
  const start = all.find((f) => f.isBenchmark && f.name === top) ?? all.find((f) => f.name === top);
  const warnings: string[] = [];
  const reached = start ? reachFunctions(source, start) : [];
  if (!start) warnings.push(`${top}: not found in the source of ${source.importPath}; its escapes are counted from its own body only`);
  const order = new Map<GoFunction, number>(reached.map((r, i) => [r.fn, i]));
  const viaOf = new Map<GoFunction, readonly string[]>(reached.map((r) => [r.fn, r.via]));
  const byDeclName = new Map<string, GoFunction>(all.map((f) => [f.name, f]));
  const sourceFiles = new Set(source.files.map((f) => f.file));

  const declAt = (p: SourcePos): GoFunction | null => {
    for (const f of source.files) {
      if (f.file !== p.file) continue;
      for (const fn of f.functions) if (fn.startLine <= p.line && p.line <= fn.endLine) return fn;
    }
    return null;
  };
  /** holder is the reached declaration whose compiled code holds the site, or null. */
  const holder = (s: EscapeSite): GoFunction | null => {
    const inner = sourceFiles.has(s.pos.file) ? declAt(s.pos) : (byDeclName.get(declName(s.function)) ?? null);
    if (inner && order.has(inner)) return inner;
    for (const at of [...s.inlinedAt].reverse()) {
      const outer = declAt(at);
      if (outer && order.has(outer)) return outer;
    }
    return null;
  };

  const rel = (file: string): string => {
    const r = relative(source.dir, file);
    return r === '' || r.startsWith('..') || isAbsolute(r) ? file : r.split(sep).join('/');
  };
  // Calls the compiler inlined, by position: -m text reports an inlined
  // copy's decision at that position instead of the callee's own line.
  const inlinedCallees = new Map<string, Set<string>>();
  for (const d of compiler.inlining) {
    if (d.kind !== 'inlined-call') continue;
    const k = posKey(d.pos);
    // The compiler names callees of the same package without a qualifier ("T.M", "f"), others with one ("sync.(*Map).Store").
    const names = inlinedCallees.get(k) ?? new Set<string>();
    names.add(d.function.replace(/\[.*\]/g, '')).add(declName(d.function));
    inlinedCallees.set(k, names);
  }
  const allocating = compiler.sites.filter((s) => ESCAPE_KINDS[s.kind].allocates);
  const sameSubject = (own: string, copy: string): boolean => own === copy || own.startsWith(`${copy}(`);
  /** stayOnStack lists where, in this benchmark's code, an inlined copy of the subject was decided "does not escape". */
  const stayOnStack = (own: EscapeSite, decl: string): string[] =>
    compiler.sites.flatMap((t) => {
      const at = t.inlinedAt[0] ?? t.pos;
      if (t.kind !== 'does-not-escape' || !sameSubject(own.subject, t.subject) || !inlinedCallees.get(posKey(at))?.has(decl)) return [];
      const outer = declAt(at);
      return outer && order.has(outer) ? [`${rel(at.file)}:${at.line}:${at.column}`] : [];
    });
  /** canonical is the own-body site an outer-position inlined copy stands for, or the site itself. */
  const canonical = (s: EscapeSite): EscapeSite => {
    const callees = s.inlinedAt.length === 0 ? inlinedCallees.get(posKey(s.pos)) : undefined;
    if (!callees) return s;
    const own = allocating.find(
      (t) =>
        t !== s &&
        t.kind === s.kind &&
        t.inlinedAt.length === 0 &&
        sameSubject(t.subject, s.subject) &&
        callees.has(declAt(t.pos)?.name ?? declName(t.function)),
    );
    return own ?? s;
  };

  const picked = new Map<string, { site: EscapeSite; at: GoFunction | null }>();
  for (const s of allocating) {
    let at: GoFunction | null;
    if (start) {
      at = holder(s);
      if (!at) continue;
    } else {
      if (declName(s.function) !== top) continue;
      at = null;
    }
    const c = canonical(s);
    const key = `${c.kind}@${posKey(c.pos)}`;
    if (picked.has(key)) continue;
    // The own-body copy names the declaration that holds it; an inlined copy from elsewhere keeps its holder.
    const cAt = c === s ? at : (declAt(c.pos) ?? at);
    picked.set(key, { site: c, at: cAt });
  }
  const decisions = [...picked.values()]
    .sort(
      (a, b) =>
        (a.at ? (order.get(a.at) ?? 0) : 0) - (b.at ? (order.get(b.at) ?? 0) : 0) ||
        a.site.pos.file.localeCompare(b.site.pos.file) ||
        a.site.pos.line - b.site.pos.line ||
        a.site.pos.column - b.site.pos.column,
    )
    .map(({ site, at }): HeapDecision => {
      const inner = sourceFiles.has(site.pos.file) ? declAt(site.pos) : null;
      return {
        kind: site.kind,
        subject: site.subject,
        file: rel(site.pos.file),
        line: site.pos.line,
        column: site.pos.column,
        function: inner?.name ?? (site.function === '' ? (at?.name ?? '') : localName(site.function)),
        via: at ? (viaOf.get(at) ?? []) : [],
        message: site.message,
        cause: { kind: site.cause.kind, story: site.cause.story },
        inlinedCopiesNotEscaping: inner ? stayOnStack(site, inner.name) : [],
      };
    });
  return { decisions, warnings };
}

/**
 * buildVariantTable compares every benchmark of run with the one named
 * baseline (per GOMAXPROCS). A baseline that is missing is a warning and an
 * empty table, not an exception: the caller reports it plainly.
 */
export function buildVariantTable(run: BenchRun, baseline: string, evidence: VariantEvidence | null, opts?: StatOptions): VariantTable {
  const warnings: string[] = [];
  const bases = run.benchmarks.filter((b) => matchesBaseline(b, baseline));
  if (bases.length === 0) {
    const failed = run.failures.find((f) => matchesBaseline({ name: f.name, procs: null }, baseline));
    warnings.push(
      failed
        ? `baseline ${baseline} has no results: it failed (${failed.kind}: ${failed.message})`
        : `baseline ${baseline} is not among the benchmarks run (${run.benchmarks.map((b) => b.name).join(', ') || 'none'})`,
    );
    return { baseline, rows: [], warnings };
  }
  const decided = new Map<string, HeapDecision[]>();
  const rows = run.benchmarks.map((b): VariantRow => {
    let decisions: HeapDecision[] | null = null;
    if (evidence) {
      const top = b.name.split('/')[0]!;
      decisions = decided.get(top) ?? null;
      if (!decisions) {
        const r = heapDecisions(evidence, top);
        decisions = r.decisions;
        decided.set(top, decisions);
        warnings.push(...r.warnings);
      }
    }
    const base = bases.find((x) => x.procs === b.procs) ?? bases[0]!;
    const isBaseline = b === base;
    const summaries: Partial<Record<VariantUnit, Summary>> = {};
    const vs: Partial<Record<VariantUnit, Comparison>> = {};
    for (const u of VARIANT_UNITS) {
      const s = b.summaries[u];
      if (s) summaries[u] = s;
      const mine = b.samples[u];
      const theirs = base.samples[u];
      if (!isBaseline && mine && theirs) vs[u] = compareSamples(theirs, mine, opts);
    }
    return {
      name: b.name,
      procs: b.procs,
      isBaseline,
      escapes: decisions ? decisions.length : null,
      heapDecisions: decisions,
      ruleHits: evidence ? variantRuleHits(evidence, b.name) : null,
      summaries,
      gcCyclesPerRun: median(b.gc.cyclesPerRun),
      gcCyclesPerMillionOps: b.gc.cyclesPerMillionOps,
      pausePerRunNs: median(b.gc.pausePerRunNs),
      vsBaseline: vs,
    };
  });
  return { baseline: bases[0]!.name, rows, warnings };
}
