// rule-verdicts.ts settles each anti-pattern hit with both kinds of
// evidence: the compiler's (where it decides: an elided conversion has no
// copying runtime call, a pointer Put boxes nothing, a closure whose captures
// stay on the stack costs nothing) and the benchmarks' (bytes the merged heap
// profile charges to the hit, per op over the benchmarks that ran it, and a
// coverage run of the same benchmarks that says whether they ran it at all).
// Pure: no I/O.
import type { CompilerEvidence, EscapeSite, RuntimeCall } from '../escape/index.js';
import { blockCovers, type CoverBlock } from '../bench/coverprofile.js';
import { allFunctions, packageRuleHits, type PackageSource } from '../source/package-source.js';
import type { RuleHit } from '../source/rules.js';
import type { MapsSection, RuntimeCallNote } from './check-report.js';
import { compilerNote, type AllocationRow } from './join.js';
import type { RuleFinding, RuleMeasurement, RuleReason, RuleVerdict } from './rule-report.js';

/** CoverageRun is one top-level benchmark's coverage run, its blocks' files made absolute. */
export interface CoverageRun {
  /** Import path of the package whose test binary ran it. */
  readonly package: string;
  readonly benchmark: string;
  readonly blocks: readonly CoverBlock[];
}

/** UserLineBytes is a target line's own (flat) and with-callees (cum) bytes, as user-frames.ts attributes them. */
export interface UserLineBytes {
  readonly file: string;
  readonly line: number;
  readonly flatBytes: number;
  readonly flatObjects: number;
  readonly cumBytes: number;
  readonly cumObjects: number;
}

/** RuleInput is everything the rule verdicts read. */
export interface RuleInput {
  readonly sources: readonly PackageSource[];
  readonly evidence: CompilerEvidence;
  readonly allocations: readonly AllocationRow[];
  readonly totalBytes: number;
  readonly userLines: readonly UserLineBytes[];
  readonly maps: MapsSection | null;
  /** null: no coverage run (off, or a race build). */
  readonly coverage: readonly CoverageRun[] | null;
  /** Profiled iterations per `${package}\u0000${top-level benchmark}`. */
  readonly ops: ReadonlyMap<string, number>;
  readonly memProfileRate: number;
  /** False when no heap profile was taken: no bytes are known. */
  readonly profiled: boolean;
  /** Below this many objects per op a hit's allocations are occasional (pool refills, first-call setup), not per op. Default DEFAULT_MIN_ALLOCS_PER_OP. */
  readonly minAllocsPerOp?: number;
}

/**
 * DEFAULT_MIN_ALLOCS_PER_OP: a hit charged fewer than one object per 100 ops
 * does not allocate per op: fmt's first calls refilling its printer pool
 * after a GC, a one-time setup. go test's allocs/op (integer division) shows
 * such a benchmark as 0.
 */
export const DEFAULT_MIN_ALLOCS_PER_OP = 0.01;

function key(file: string, line: number): string {
  return `${file}\u0000${line}`;
}

/** CONVERSION_CALLS are the runtime calls that copy for a []byte↔string conversion. */
const CONVERSION_CALLS: Readonly<Record<'bytes-to-string' | 'string-to-bytes', readonly string[]>> = {
  'bytes-to-string': ['runtime.slicebytetostring'],
  'string-to-bytes': ['runtime.stringtoslicebyte'],
};

function isBoxing(c: RuntimeCall): boolean {
  return c.call.startsWith('runtime.convT');
}

/** LineBytes sums the flat rows and the user lines per file:line. */
interface LineBytes {
  readonly flat: ReadonlyMap<string, { bytes: number; objects: number }>;
  readonly cum: ReadonlyMap<string, { bytes: number; objects: number }>;
}

function lineBytes(input: RuleInput): LineBytes {
  const flat = new Map<string, { bytes: number; objects: number }>();
  for (const r of input.allocations) {
    const k = key(r.file, r.line);
    const v = flat.get(k) ?? { bytes: 0, objects: 0 };
    flat.set(k, { bytes: v.bytes + r.bytes, objects: v.objects + r.objects });
  }
  const cum = new Map<string, { bytes: number; objects: number }>();
  for (const u of input.userLines) {
    const k = key(u.file, u.line);
    const v = cum.get(k) ?? { bytes: 0, objects: 0 };
    cum.set(k, { bytes: v.bytes + u.cumBytes, objects: v.objects + u.cumObjects });
  }
  return { flat, cum };
}

/**
 * packageHits are a package's rule hits outside its _test.go files: the
 * source rules' and the convT* calls the compiler emitted at calls (lines a
 * fmt or Put hit already explains are left to that hit).
 */
export function packageHits(src: PackageSource, runtimeCalls: readonly RuntimeCall[]): RuleHit[] {
  const source = packageRuleHits(src).filter((h) => !h.file.endsWith('_test.go'));
  const explained = new Set(source.filter((h) => h.rule === 'fmt-simple-verbs' || h.rule === 'pool-non-pointer').map((h) => key(h.file, h.line)));
  return [...source, ...interfaceBoxingHits(src, runtimeCalls, explained)].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** brief puts code on one line of at most 80 characters, as rules.ts does. */
function brief(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}

/** interfaceBoxingHits are the calls the compiled code boxes a value for (convT*), outside lines another rule explains. */
function interfaceBoxingHits(src: PackageSource, calls: readonly RuntimeCall[], explained: ReadonlySet<string>): RuleHit[] {
  const hits: RuleHit[] = [];
  const seen = new Set<string>();
  for (const file of src.files) {
    if (file.file.endsWith('_test.go')) continue;
    for (const c of calls) {
      if (c.file !== file.file || !isBoxing(c)) continue;
      const k = key(c.file, c.line);
      if (seen.has(k) || explained.has(k)) continue;
      const fn = file.functions.find((f) => f.startLine <= c.line && c.line <= f.endLine);
      const call = fn?.calls.find((x) => x.line === c.line);
      if (!fn || !call) continue;
      seen.add(k);
      hits.push({
        rule: 'interface-boxing',
        file: c.file,
        line: c.line,
        column: call.column,
        function: fn.name,
        subject: brief(`${call.callee}(${call.args.map((a) => a.text).join(', ')})`),
        length: null,
        loopLine: null,
        variables: [],
        conversion: null,
        fix: null,
      });
    }
  }
  return hits;
}

/**
 * ruleVerdicts judges every hit of the target packages: source hits
 * (rules.ts) and the convT* calls the compiler emitted at calls.
 */
export function ruleVerdicts(input: RuleInput): RuleFinding[] {
  const bytes = lineBytes(input);
  const callsByLine = new Map<string, RuntimeCall[]>();
  for (const c of input.evidence.runtimeCalls) {
    const k = key(c.file, c.line);
    const list = callsByLine.get(k);
    if (list) list.push(c);
    else callsByLine.set(k, [c]);
  }
  const sitesByLine = new Map<string, EscapeSite[]>();
  for (const s of input.evidence.sites) {
    const k = key(s.pos.file, s.pos.line);
    const list = sitesByLine.get(k);
    if (list) list.push(s);
    else sitesByLine.set(k, [s]);
  }
  const blocksByFile = new Map<string, { run: CoverageRun; block: CoverBlock }[]>();
  for (const run of input.coverage ?? []) {
    for (const b of run.blocks) {
      const list = blocksByFile.get(b.file);
      if (list) list.push({ run, block: b });
      else blocksByFile.set(b.file, [{ run, block: b }]);
    }
  }
  const mapRows = new Map<string, { grow: number; growObjects: number; first: number; firstObjects: number }>();
  for (const s of input.maps?.sites ?? []) {
    const k = key(s.file, s.line);
    const v = mapRows.get(k) ?? { grow: 0, growObjects: 0, first: 0, firstObjects: 0 };
    if (s.purpose === 'grow' || s.purpose === 'ambiguous') mapRows.set(k, { ...v, grow: v.grow + s.allocBytes, growObjects: v.growObjects + s.allocObjects });
    else if (s.purpose === 'first-group') mapRows.set(k, { ...v, first: v.first + s.allocBytes, firstObjects: v.firstObjects + s.allocObjects });
  }

  const out: RuleFinding[] = [];
  const minAllocsPerOp = input.minAllocsPerOp ?? DEFAULT_MIN_ALLOCS_PER_OP;
  for (const src of input.sources) {
    const hits = packageHits(src, input.evidence.runtimeCalls);
    const fns = allFunctions(src);
    for (const h of hits) {
      // string(r) of a rune or byte is runtime.intstring, not a []byte copy: not this rule's.
      const lineCalls = callsByLine.get(key(h.file, h.line)) ?? [];
      if (h.rule === 'bytes-string-conversion' && lineCalls.some((c) => c.call === 'runtime.intstring') && !lineCalls.some((c) => c.call === 'runtime.slicebytetostring')) continue;
      const fn = fns.find((f) => f.file === h.file && f.name === h.function && f.startLine <= h.line && h.line <= f.endLine);
      out.push(judge(input, src, h, fn ? { start: fn.startLine, end: fn.endLine } : { start: h.line, end: h.line }));
    }
  }
  return out;

  function judge(inp: RuleInput, src: PackageSource, h: RuleHit, span: { start: number; end: number }): RuleFinding {
    const k = key(h.file, h.line);
    const calls = callsByLine.get(k) ?? [];
    const lineSites = sitesByLine.get(k) ?? [];
    const reasons: RuleReason[] = [];
    let compilerSites: EscapeSite[] = lineSites.filter((s) => s.kind === 'moved-to-heap' || s.kind === 'escapes-to-heap');
    let compilerSaysNone = false;
    // Which lines carry the hit's bytes, and whether callees count.
    let lines: number[] = [h.line];
    let through: 'line' | 'callees' = 'callees';
    let growth: { bytes: number; objects: number } | null = null;
    switch (h.rule) {
      case 'bytes-string-conversion': {
        const conv = h.conversion!;
        const copy = calls.find((c) => CONVERSION_CALLS[conv.direction].includes(c.call));
        if (copy) reasons.push({ kind: 'runtime-call', call: copy.call });
        else {
          compilerSaysNone = true;
          reasons.push({ kind: 'conversion-elided', direction: conv.direction, context: conv.context });
        }
        through = 'line';
        break;
      }
      case 'pool-non-pointer': {
        const box = calls.find(isBoxing);
        const escapes = lineSites.find((s) => s.kind === 'escapes-to-heap' && s.cause.kind === 'interface-conversion');
        if (box || escapes) reasons.push({ kind: 'pool-boxes', call: box?.call ?? null });
        else {
          compilerSaysNone = true;
          reasons.push({ kind: 'pool-boxes-nothing' });
        }
        through = 'line';
        break;
      }
      case 'interface-boxing': {
        const box = calls.find(isBoxing)!;
        reasons.push({ kind: 'runtime-call', call: box.call });
        through = 'line';
        break;
      }
      case 'closure-capture': {
        const inFn = inp.evidence.sites.filter((s) => s.pos.file === h.file && s.pos.line >= span.start && s.pos.line <= span.end && s.inlinedAt.length === 0);
        const moved = inFn.filter((s) => s.kind === 'moved-to-heap' && h.variables.includes(s.subject));
        const escapes = lineSites.filter((s) => s.kind === 'escapes-to-heap' && /^func literal$/.test(s.subject));
        compilerSites = [...moved, ...escapes];
        if (compilerSites.length === 0) {
          compilerSaysNone = true;
          reasons.push({ kind: 'captured-on-stack', variables: h.variables });
        } else {
          reasons.push({ kind: 'captured-to-heap', variables: [...new Set(moved.map((s) => s.subject))], closureEscapes: escapes.length > 0 });
        }
        lines = [...new Set([h.line, ...compilerSites.map((s) => s.pos.line)])];
        through = 'line';
        break;
      }
      case 'map-without-size-hint': {
        const m = mapRows.get(k);
        if (m) {
          growth = { bytes: m.grow, objects: m.growObjects };
          if (m.grow > 0) reasons.push({ kind: 'map-growth', allocBytes: m.grow, allocObjects: m.growObjects });
          else if (m.first > 0) reasons.push({ kind: 'first-group-only', allocBytes: m.first, allocObjects: m.firstObjects });
        } else if (inp.maps !== null) growth = { bytes: 0, objects: 0 };
        through = 'line';
        break;
      }
      case 'append-without-capacity':
      case 'defer-in-loop':
        through = 'line';
        break;
      default:
        break;
    }
    const amount = growth ?? sumLines(h.file, lines, through);
    const cover = coverageAt(h);
    const ops = cover.ops;
    const measured: RuleMeasurement = {
      allocBytes: amount.bytes,
      allocObjects: amount.objects,
      share: inp.totalBytes > 0 ? amount.bytes / inp.totalBytes : 0,
      through,
      ops,
      bytesPerOp: ops > 0 ? amount.bytes / ops : null,
      allocsPerOp: ops > 0 ? amount.objects / ops : null,
      exercised: cover.exercised,
      exercisedBy: cover.exercisedBy,
      executions: cover.executions,
    };
    let verdict: RuleVerdict;
    if (h.function === 'init' && cover.exercised !== false) {
      // Package initialization runs once per process, before testing sets -test.memprofilerate: no per-op cost,
      // and its bytes are sampled at the default rate if at all.
      verdict = 'refuted';
      reasons.unshift({ kind: 'package-init' });
    } else if (!inp.profiled) {
      verdict = compilerSaysNone ? 'refuted' : cover.exercised === false ? 'not-exercised' : 'not-measurable';
      reasons.push({ kind: 'no-profile' });
    } else if (amount.bytes > 0 && !compilerSaysNone && measured.allocsPerOp !== null && measured.allocsPerOp < minAllocsPerOp) {
      verdict = 'refuted';
      reasons.unshift({ kind: 'occasional', allocBytes: amount.bytes, allocObjects: amount.objects, ops, minAllocsPerOp });
    } else if (amount.bytes > 0 && !compilerSaysNone) {
      verdict = 'confirmed';
      reasons.unshift({ kind: 'allocates', allocBytes: amount.bytes, allocObjects: amount.objects, share: measured.share, bytesPerOp: measured.bytesPerOp, allocsPerOp: measured.allocsPerOp, through });
    } else if (compilerSaysNone) {
      verdict = 'refuted';
      if (cover.exercised === true) reasons.push({ kind: 'allocates-nothing', executions: cover.executions, benchmarks: cover.exercisedBy, memProfileRate: inp.memProfileRate });
      else if (cover.exercised === false) reasons.push({ kind: 'not-exercised', benchmarks: cover.runs });
    } else if (cover.exercised === true) {
      verdict = 'refuted';
      // A small map's first group is what it allocated: that reason says so already.
      if (!reasons.some((r) => r.kind === 'first-group-only')) reasons.unshift({ kind: 'allocates-nothing', executions: cover.executions, benchmarks: cover.exercisedBy, memProfileRate: inp.memProfileRate });
    } else if (cover.exercised === false) {
      verdict = 'not-exercised';
      reasons.unshift({ kind: 'not-exercised', benchmarks: cover.runs });
    } else {
      verdict = 'not-measurable';
      reasons.push({ kind: 'no-coverage', why: inp.coverage === null ? 'off' : 'no-block' });
    }
    const runtimeCalls: RuntimeCallNote[] = [];
    for (const l of lines) for (const c of callsByLine.get(key(h.file, l)) ?? []) if (!runtimeCalls.some((r) => r.call === c.call)) runtimeCalls.push({ call: c.call, reason: c.reason });
    return {
      kind: h.rule,
      file: h.file,
      line: h.line,
      column: h.column,
      function: h.function,
      package: src.importPath,
      subject: h.subject,
      length: h.length,
      verdict,
      reasons,
      measured,
      compiler: compilerSites.map((s) => compilerNote(s)),
      runtimeCalls,
      fix: h.fix,
    };
  }

  function sumLines(file: string, lines: readonly number[], through: 'line' | 'callees'): { bytes: number; objects: number } {
    let b = 0;
    let o = 0;
    for (const l of lines) {
      const flat = bytes.flat.get(key(file, l)) ?? { bytes: 0, objects: 0 };
      const cum = bytes.cum.get(key(file, l));
      const v = through === 'callees' && cum && cum.bytes >= flat.bytes ? cum : flat;
      b += v.bytes;
      o += v.objects;
    }
    return { bytes: b, objects: o };
  }

  /** coverageAt reads the coverage runs at the hit's position; ops sums the profiled iterations of the benchmarks that ran it. */
  function coverageAt(h: RuleHit): { exercised: boolean | null; exercisedBy: string[]; executions: number | null; runs: number; ops: number } {
    const runs = input.coverage ?? [];
    const holding = (blocksByFile.get(h.file) ?? []).filter((x) => blockCovers(x.block, h.line, h.column));
    if (holding.length === 0) return { exercised: null, exercisedBy: [], executions: null, runs: runs.length, ops: 0 };
    const ran = [...new Set(holding.filter((x) => x.block.count > 0).map((x) => x.run))];
    const executions = holding.reduce((n, x) => n + x.block.count, 0);
    const ops = ran.reduce((n, r) => n + (input.ops.get(`${r.package}\u0000${r.benchmark}`) ?? 0), 0);
    return { exercised: ran.length > 0, exercisedBy: [...new Set(ran.map((r) => r.benchmark))].sort(), executions, runs: runs.length, ops };
  }
}
