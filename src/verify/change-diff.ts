// change-diff.ts compares two revisions' evidence, pure: benchmarks unit by
// unit with benchstat's statistics, compiler decisions matched by function
// and subject (so a line that only moved is no change), allocation sites
// matched by function and source text, and the gate over all of it.
//
// Matching is by occurrence: the k-th decision about `buf` in Encode before
// pairs with the k-th after, in source order. Only a function's own-body
// decisions are compared (an inlined copy repeats its callee's), and only in
// the targets' non-test files. Site amounts compare as they are because
// change profiles both revisions with the same iterations per benchmark; a
// site counts as grown or shrunk only beyond the heap profiler's sampling
// noise (3σ of its sample count, Poisson) and the minimum relative change.
import { basename, relative } from 'node:path';
import { compareSamples } from '../bench/statistics.js';
import type { CompilerEvidence, EscapeKind, EscapeSite, InlineDecision } from '../escape/model.js';
import type { AllocationSiteFinding, SiteFinding } from './check-report.js';
import type {
  BenchmarkChange,
  BenchmarkCost,
  BenchmarkVerdict,
  DecisionCategory,
  DecisionChange,
  DecisionCost,
  DecisionState,
  Direction,
  GateReason,
  GateSettings,
  SiteAmount,
  SiteChange,
  UnitChange,
} from './change-report.js';
import { intervalOf } from './join.js';

/** BenchmarkSeries is one benchmark's per-run samples on one side. */
export interface BenchmarkSeries {
  readonly package: string;
  readonly name: string;
  readonly samples: Readonly<Record<string, readonly number[]>>;
  readonly iterations: readonly number[];
  readonly gcCyclesPerRun: readonly number[];
  readonly pausePerRunNs: readonly number[];
  readonly failed: boolean;
}

/** ChangeSide is one revision's evidence, as the diff reads it. */
export interface ChangeSide {
  /** The revision's repository root: files are compared relative to it. */
  readonly root: string;
  readonly evidence: CompilerEvidence;
  /** The target packages' own files (absolute), non-test and test. */
  readonly ownFiles: ReadonlySet<string>;
  /** Import path of the target package that holds a file, or null. */
  readonly packageOfFile: (file: string) => string | null;
  readonly benchmarks: readonly BenchmarkSeries[];
  readonly findings: readonly SiteFinding[];
  /** Leaf line (lineKey) → top-level benchmark → bytes, from the side's merged profile. */
  readonly benchLines: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** The trimmed text of a source line, or null when it cannot be read. */
  readonly lineText: (file: string, line: number) => string | null;
  readonly memProfileRate: number;
}

const HEAP_KINDS: ReadonlySet<EscapeKind> = new Set(['moved-to-heap', 'escapes-to-heap']);
const LEAK_RANK: Readonly<Record<EscapeKind, number>> = {
  'does-not-escape': 0,
  'leaks-to-result': 1,
  'leaking-param-content': 1,
  'leaking-param': 2,
  'moved-to-heap': 3,
  'escapes-to-heap': 3,
};

// ---------------------------------------------------------------- benchmarks

function perRun(values: readonly number[], iterations: readonly number[], scale: number): number[] | undefined {
  if (values.length === 0 || values.length !== iterations.length) return undefined;
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (iterations[i]! > 0) out.push((values[i]! / iterations[i]!) * scale);
  return out.length === values.length ? out : undefined;
}

/** unitSamples are a benchmark's samples per compared unit; GC units per op from gctrace's per-run figures. */
function unitSamples(b: BenchmarkSeries): Map<string, readonly number[]> {
  const out = new Map<string, readonly number[]>();
  for (const unit of ['sec/op', 'B/op', 'allocs/op']) {
    const v = b.samples[unit];
    if (v && v.length > 0) out.set(unit, v);
  }
  const cycles = perRun(b.gcCyclesPerRun, b.iterations, 1e6);
  if (cycles) out.set('gc-cycles/Mop', cycles);
  const stw = perRun(b.pausePerRunNs, b.iterations, 1);
  if (stw) out.set('stw-ns/op', stw);
  return out;
}

function isGated(unit: string, gate: GateSettings): boolean {
  return unit === 'allocs/op' || unit === 'B/op' || (gate.gate === 'time' && unit === 'sec/op');
}

/** compareUnit is benchstat's comparison of one unit, with the direction the gate reads. */
export function compareUnit(unit: string, before: readonly number[], after: readonly number[], gate: GateSettings): UnitChange {
  const c = compareSamples(before, after, { alpha: gate.alpha });
  const b = c.oldSummary.center;
  const a = c.newSummary.center;
  let direction: Direction = 'same';
  if (c.significant) {
    if (b === 0) direction = a > 0 ? 'worse' : 'same';
    else if (Math.abs(a / b - 1) >= gate.minChange) direction = a > b ? 'worse' : 'better';
  }
  return {
    unit,
    before: intervalOf(before, { alpha: gate.alpha }),
    after: intervalOf(after, { alpha: gate.alpha }),
    p: c.p,
    significant: c.significant,
    deltaPct: c.deltaPct,
    direction,
    gated: isGated(unit, gate),
  };
}

const benchKey = (b: { package: string; name: string }): string => `${b.package}\u0000${b.name}`;

/** compareBenchmarks pairs benchmarks by package and name; one side only is added or removed. */
export function compareBenchmarks(before: readonly BenchmarkSeries[], after: readonly BenchmarkSeries[], gate: GateSettings): BenchmarkChange[] {
  const afterBy = new Map(after.map((b) => [benchKey(b), b]));
  const beforeBy = new Map(before.map((b) => [benchKey(b), b]));
  const out: BenchmarkChange[] = [];
  for (const b of before) {
    const a = afterBy.get(benchKey(b));
    if (!a) {
      out.push({ package: b.package, name: b.name, verdict: 'removed', units: [] });
      continue;
    }
    const bs = unitSamples(b);
    const as = unitSamples(a);
    const units = [...bs.keys()].filter((u) => as.has(u)).map((u) => compareUnit(u, bs.get(u)!, as.get(u)!, gate));
    let verdict: BenchmarkVerdict = 'no-change';
    if (b.failed || a.failed) verdict = 'failed';
    else if (units.some((u) => u.gated && u.direction === 'worse')) verdict = 'regression';
    else if (units.some((u) => u.gated && u.direction === 'better')) verdict = 'improvement';
    out.push({ package: b.package, name: b.name, verdict, units });
  }
  for (const a of after) if (!beforeBy.has(benchKey(a))) out.push({ package: a.package, name: a.name, verdict: 'added', units: [] });
  return out;
}

/** gateReasons are the gated units that got worse. */
export function gateReasons(benchmarks: readonly BenchmarkChange[]): GateReason[] {
  return benchmarks.flatMap((b) =>
    b.units.filter((u) => u.gated && u.direction === 'worse').map((u) => ({ package: b.package, benchmark: b.name, unit: u.unit, deltaPct: u.deltaPct, p: u.p })),
  );
}

// ---------------------------------------------------------------- decisions

function isComparedFile(side: ChangeSide, file: string, tests: boolean): boolean {
  return side.ownFiles.has(file) && (tests || !file.endsWith('_test.go'));
}

function groupSorted<T>(items: readonly T[], key: (t: T) => string, order: (a: T, b: T) => number): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  for (const list of out.values()) list.sort(order);
  return out;
}

function escapeState(side: ChangeSide, s: EscapeSite): DecisionState {
  return {
    kind: s.kind,
    file: relative(side.root, s.pos.file),
    line: s.pos.line,
    column: s.pos.column,
    message: s.message,
    cause: s.kind === 'does-not-escape' ? null : { kind: s.cause.kind, story: s.cause.story },
    reason: null,
    cost: null,
  };
}

function inlineState(side: ChangeSide, d: InlineDecision): DecisionState {
  return {
    kind: d.kind === 'cannot-inline' ? 'cannot-inline' : 'can-inline',
    file: relative(side.root, d.pos.file),
    line: d.pos.line,
    column: d.pos.column,
    message: d.kind === 'cannot-inline' ? `cannot inline ${d.function}${d.reason ? `: ${d.reason}` : ''}` : `can inline ${d.function}`,
    cause: null,
    reason: d.reason ?? null,
    cost: d.cost ?? null,
  };
}

function escapeCategory(a: EscapeKind | null, b: EscapeKind | null): DecisionCategory {
  return (a !== null && HEAP_KINDS.has(a)) || (b !== null && HEAP_KINDS.has(b)) ? 'heap' : 'leak';
}

/** escapeDirection: onto the heap or a wider leak is worse; the reverse better. */
function escapeDirection(before: EscapeKind | null, after: EscapeKind | null): 'worse' | 'better' | 'neutral' {
  const rank = (k: EscapeKind | null): number => (k === null ? 0 : LEAK_RANK[k]);
  const b = rank(before);
  const a = rank(after);
  return a > b ? 'worse' : a < b ? 'better' : 'neutral';
}

/**
 * siteCost is what the side's profile measured at a decision's line: the
 * line's bytes, and each benchmark that allocated there with its allocs/op and
 * B/op across the change.
 */
function siteCost(side: ChangeSide, which: 'before' | 'after', state: DecisionState, pkg: string, benchmarks: readonly BenchmarkChange[]): DecisionCost | null {
  const file = `${side.root}/${state.file}`;
  const hits = side.findings.filter((f): f is AllocationSiteFinding => f.kind === 'allocation-site' && f.file === file && f.line === state.line);
  if (hits.length === 0) return null;
  const perBench = new Map<string, number>();
  for (const h of hits) {
    for (const [name, bytes] of side.benchLines.get(`${h.function}\u0000${h.file}\u0000${h.line}`) ?? []) perBench.set(name, (perBench.get(name) ?? 0) + bytes);
  }
  const costs: BenchmarkCost[] = [];
  for (const [top, lineBytes] of [...perBench.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    // The top-level benchmark and its sub-benchmarks, the decision's own package first.
    const rows = benchmarks.filter((b) => b.name === top || b.name.startsWith(`${top}/`)).sort((a, b) => Number(b.package === pkg) - Number(a.package === pkg));
    for (const b of rows) {
      const unit = (u: string): UnitChange | null => b.units.find((x) => x.unit === u) ?? null;
      costs.push({ package: b.package, name: b.name, lineBytes, allocsPerOp: unit('allocs/op'), bytesPerOp: unit('B/op') });
    }
  }
  return {
    side: which,
    allocBytes: hits.reduce((s, h) => s + h.allocBytes, 0),
    allocObjects: hits.reduce((s, h) => s + h.allocObjects, 0),
    share: hits.reduce((s, h) => s + h.share, 0),
    benchmarks: costs,
  };
}

/** diffDecisions lists the escape and inlining decisions that appeared, vanished or changed. */
export function diffDecisions(before: ChangeSide, after: ChangeSide, benchmarks: readonly BenchmarkChange[], opts: { readonly tests?: boolean } = {}): DecisionChange[] {
  const tests = opts.tests === true;
  const out: DecisionChange[] = [];
  const own = (side: ChangeSide) => side.evidence.sites.filter((s) => s.inlinedAt.length === 0 && isComparedFile(side, s.pos.file, tests));
  const key = (s: EscapeSite): string => `${s.function}\u0000${s.subject}`;
  const order = (a: EscapeSite, b: EscapeSite): number => a.pos.line - b.pos.line || a.pos.column - b.pos.column;
  const bs = groupSorted(own(before), key, order);
  const as = groupSorted(own(after), key, order);
  const pairs: [EscapeSite | null, EscapeSite | null][] = [];
  const leftBefore: EscapeSite[] = [];
  const leftAfter: EscapeSite[] = [];
  for (const k of new Set([...bs.keys(), ...as.keys()])) {
    const bl = bs.get(k) ?? [];
    const al = as.get(k) ?? [];
    for (let i = 0; i < Math.min(bl.length, al.length); i++) pairs.push([bl[i]!, al[i]!]);
    leftBefore.push(...bl.slice(al.length));
    leftAfter.push(...al.slice(bl.length));
  }
  // An edited expression keeps its decision: make(map[int]int) that escaped before is make(map[int]int, n) that
  // escapes after. The leftovers pair by function, the expression's head (up to its first parenthesis) and kind.
  // Then by function and head alone (make([]byte, n) escaped; make([]byte, 64) does not): the decision changed.
  const head = (s: EscapeSite): string => `${s.function}\u0000${s.subject.split('(')[0]}`;
  let rest = { before: leftBefore, after: leftAfter };
  for (const shape of [(s: EscapeSite): string => `${head(s)}\u0000${s.kind}`, head]) {
    const ba = groupSorted(rest.before, shape, order);
    const aa = groupSorted(rest.after, shape, order);
    const next = { before: [] as EscapeSite[], after: [] as EscapeSite[] };
    for (const k of new Set([...ba.keys(), ...aa.keys()])) {
      const bl = ba.get(k) ?? [];
      const al = aa.get(k) ?? [];
      for (let i = 0; i < Math.min(bl.length, al.length); i++) pairs.push([bl[i]!, al[i]!]);
      next.before.push(...bl.slice(al.length));
      next.after.push(...al.slice(bl.length));
    }
    rest = next;
  }
  for (const b of rest.before) pairs.push([b, null]);
  for (const a of rest.after) pairs.push([null, a]);
  for (const [b, a] of pairs) {
    if (b && a && b.kind === a.kind) continue;
    const direction = escapeDirection(b?.kind ?? null, a?.kind ?? null);
    // A new or vanished function's decisions that allocate nothing and leak nothing are not news.
    if (direction === 'neutral' && (!b || !a)) continue;
    const site = (a ?? b)!;
    const pkg = (a ? after.packageOfFile(a.pos.file) : before.packageOfFile(b!.pos.file)) ?? '';
    const beforeState = b ? escapeState(before, b) : null;
    const afterState = a ? escapeState(after, a) : null;
    const cost = afterState && a && HEAP_KINDS.has(a.kind)
      ? siteCost(after, 'after', afterState, pkg, benchmarks)
      : beforeState && b && HEAP_KINDS.has(b.kind)
        ? siteCost(before, 'before', beforeState, pkg, benchmarks)
        : null;
    out.push({
      change: b && a ? 'changed' : a ? 'appeared' : 'vanished',
      category: escapeCategory(b?.kind ?? null, a?.kind ?? null),
      direction,
      package: pkg,
      function: site.function,
      subject: site.subject,
      before: beforeState,
      after: afterState,
      cost,
    });
  }
  out.push(...diffInlining(before, after, tests));
  const rank = { worse: 0, better: 1, neutral: 2 } as const;
  return out.sort(
    (x, y) =>
      rank[x.direction] - rank[y.direction] ||
      (y.cost?.allocBytes ?? 0) - (x.cost?.allocBytes ?? 0) ||
      x.function.localeCompare(y.function) ||
      (x.after ?? x.before)!.line - (y.after ?? y.before)!.line,
  );
}

/** diffInlining: a function that could be inlined before and cannot now (or the reverse). New and removed functions are not changes. */
function diffInlining(before: ChangeSide, after: ChangeSide, tests: boolean): DecisionChange[] {
  const verdicts = (side: ChangeSide): Map<string, InlineDecision> => {
    const m = new Map<string, InlineDecision>();
    for (const d of side.evidence.inlining) {
      if (d.kind === 'inlined-call' || !isComparedFile(side, d.pos.file, tests)) continue;
      m.set(`${side.packageOfFile(d.pos.file) ?? ''}\u0000${d.function}`, d);
    }
    return m;
  };
  const bv = verdicts(before);
  const av = verdicts(after);
  const out: DecisionChange[] = [];
  for (const [k, b] of bv) {
    const a = av.get(k);
    if (!a || a.kind === b.kind) continue;
    out.push({
      change: 'changed',
      category: 'inline',
      direction: a.kind === 'cannot-inline' ? 'worse' : 'better',
      package: k.split('\u0000')[0]!,
      function: a.function,
      subject: a.function,
      before: inlineState(before, b),
      after: inlineState(after, a),
      cost: null,
    });
  }
  return out;
}

/**
 * relativeFiles rewrites every string of a record that is a path below root
 * to the path relative to it: the head revision's worktree is gone when the
 * report is read, the repository-relative path is not.
 */
export function relativeFiles<T>(value: T, root: string): T {
  return rebaseFiles(value, root, '');
}

/** rebaseFiles rewrites every path below from to the same path below to ('' makes them relative). */
export function rebaseFiles<T>(value: T, from: string, to: string): T {
  const prefix = from.endsWith('/') ? from : `${from}/`;
  const target = to === '' || to.endsWith('/') ? to : `${to}/`;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.startsWith(prefix) ? target + v.slice(prefix.length) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

// ---------------------------------------------------------------- sites

/** SITE_SIGMAS: a site's change must exceed this many standard deviations of its sampled count. */
const SITE_SIGMAS = 3;

/** sampledCount estimates how many heap-profile samples stand behind a site's bytes (each sample stands for ~rate bytes, or one object when larger). */
function sampledCount(bytes: number, objects: number, rate: number): number {
  if (bytes <= 0) return 0;
  return rate <= 0 ? objects : Math.min(objects, bytes / rate);
}

function amount(side: ChangeSide, f: AllocationSiteFinding): SiteAmount {
  return { file: f.inTargets ? relative(side.root, f.file) : f.file, line: f.line, allocBytes: f.allocBytes, allocObjects: f.allocObjects, share: f.share };
}

/** diffSites lists the allocation sites that grew, shrank, appeared or vanished beyond sampling noise and minChange. */
export function diffSites(before: ChangeSide, after: ChangeSide, minChange: number): SiteChange[] {
  const sites = (side: ChangeSide): AllocationSiteFinding[] => side.findings.filter((f): f is AllocationSiteFinding => f.kind === 'allocation-site');
  const textOf = new Map<AllocationSiteFinding, string>();
  const keyOf = (side: ChangeSide) => (f: AllocationSiteFinding): string => {
    const text = side.lineText(f.file, f.line) ?? `${basename(f.file)}:${f.line}`;
    textOf.set(f, text);
    return `${f.function}\u0000${text}`;
  };
  const order = (a: AllocationSiteFinding, b: AllocationSiteFinding): number => a.line - b.line;
  const bs = groupSorted(sites(before), keyOf(before), order);
  const as = groupSorted(sites(after), keyOf(after), order);
  const out: SiteChange[] = [];
  for (const k of new Set([...bs.keys(), ...as.keys()])) {
    const bl = bs.get(k) ?? [];
    const al = as.get(k) ?? [];
    for (let i = 0; i < Math.max(bl.length, al.length); i++) {
      const b = bl[i] ?? null;
      const a = al[i] ?? null;
      const nb = b ? sampledCount(b.allocBytes, b.allocObjects, before.memProfileRate) : 0;
      const na = a ? sampledCount(a.allocBytes, a.allocObjects, after.memProfileRate) : 0;
      const noise = SITE_SIGMAS * Math.sqrt(nb + na);
      if (Math.abs(na - nb) <= noise) continue;
      const bb = b?.allocBytes ?? 0;
      const ab = a?.allocBytes ?? 0;
      if (b && a && (bb === 0 || Math.abs(ab / bb - 1) < minChange)) continue;
      const f = (a ?? b)!;
      const benches = new Set<string>();
      for (const [side, x] of [[before, b], [after, a]] as const) {
        if (x) for (const name of side.benchLines.get(`${x.function}\u0000${x.file}\u0000${x.line}`)?.keys() ?? []) benches.add(name);
      }
      out.push({
        change: !b ? 'appeared' : !a ? 'vanished' : ab > bb ? 'grew' : 'shrank',
        function: f.function,
        package: f.package,
        text: textOf.get(f) ?? '',
        inTargets: f.inTargets,
        before: b ? amount(before, b) : null,
        after: a ? amount(after, a) : null,
        deltaBytes: ab - bb,
        benchmarks: [...benches].sort(),
      });
    }
  }
  return out.sort((x, y) => Math.abs(y.deltaBytes) - Math.abs(x.deltaBytes) || x.function.localeCompare(y.function));
}
