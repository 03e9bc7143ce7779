// benchfmt.ts reads the Go benchmark format (golang.org/x/perf proposal
// 14313; golang.org/x/perf/benchfmt/reader.go): `key: value` configuration
// lines, `BenchmarkName-N iters value unit [value unit]...` result lines and
// `Unit unit key=value` metadata lines. It is pure: text and an origin name
// in, { records, units, warnings } out. Where benchfmt yields a SyntaxError
// this yields a warning in the same `file:line: msg` shape; it additionally
// warns about lines that are neither benchmark data nor `go test` chatter,
// and about environment keys (goos, goarch, cpu, go version) that change
// mid-file, because mixing them silently corrupts a comparison.
import { tidyUnit } from './units.js';

/** BenchValue is one measurement of a result line, tidied as benchstat does. */
export interface BenchValue {
  /** value in `unit` (ns/op values are converted to sec/op). */
  readonly value: number;
  /** unit after benchstat's normalisation: "sec/op", "B/op", "allocs/op", custom ReportMetric units. */
  readonly unit: string;
  /** origValue and origUnit are what the line said ("ns/op"). */
  readonly origValue: number;
  readonly origUnit: string;
}

/** BenchResult is one parsed result line. */
export interface BenchResult {
  readonly file: string;
  /** line is 1-based. */
  readonly line: number;
  /** fullName is the name after "Benchmark", with any -N suffix: "MapByPtr/size=1000-8" (benchstat's row label). */
  readonly fullName: string;
  /** name is fullName without the -N GOMAXPROCS suffix. */
  readonly name: string;
  /** procs is the -N suffix (GOMAXPROCS); null when absent, which `go test` does when GOMAXPROCS is 1. */
  readonly procs: number | null;
  readonly iters: number;
  readonly values: readonly BenchValue[];
  /** config is the file configuration in force at this line (goos, goarch, pkg, cpu, ...). */
  readonly config: Readonly<Record<string, string>>;
}

/** UnitMetadata is one `Unit <unit> key=value` annotation (e.g. better=higher, assume=exact). */
export interface UnitMetadata {
  readonly file: string;
  readonly line: number;
  /** unit as written and its tidied form (metadata applies to the tidied unit). */
  readonly origUnit: string;
  readonly unit: string;
  readonly key: string;
  readonly value: string;
}

/** BenchFile is the parse of one benchmark file. */
export interface BenchFile {
  readonly origin: string;
  readonly records: readonly BenchResult[];
  readonly units: readonly UnitMetadata[];
  /** warnings are `file:line: msg` strings, as benchfmt.SyntaxError prints. */
  readonly warnings: readonly string[];
}

/** ENVIRONMENT_KEYS are config keys whose change mid-file means the results come from different setups. */
export const ENVIRONMENT_KEYS: readonly string[] = ['goos', 'goarch', 'cpu', 'go', 'goversion', 'go-version', 'toolchain'];

// Lines `go test` prints around benchmark results; they are not garbage.
const CHATTER: readonly RegExp[] = [
  /^PASS$/,
  /^FAIL\b/,
  /^ok\s/,
  /^\?\s/,
  /^--- (BENCH|FAIL|PASS|SKIP)/,
  /^=== (RUN|PAUSE|CONT|NAME)/,
  /^exit status \d+$/,
  /^testing: /,
  /^#/, // go build package headers and comments in hand-edited files
  /^\s/, // indented b.Log output under a --- BENCH line
];

const WS = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

/** isSpace is unicode.IsSpace on one UTF-16 unit; ASCII is decided without the regular expression. */
function isSpace(x: string, i: number): boolean {
  const c = x.charCodeAt(i);
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return WS.test(x[i]!);
}

/** splitField is benchfmt's splitField: the first whitespace-delimited field and the rest with leading space trimmed. */
function splitField(x: string): [string, string] {
  let i = 0;
  const n = x.length;
  while (i < n && !isSpace(x, i)) i++;
  const field = i === n ? x : x.slice(0, i);
  if (i === n) return [field, ''];
  let j = i + 1;
  while (j < n && isSpace(x, j)) j++;
  return [field, x.slice(j)];
}

/**
 * parseKeyValueLine is benchfmt's: the key starts with a lower-case letter,
 * has no spaces or upper-case letters, ends at the first ':' and is followed
 * by a space, a tab or the end of the line. An empty value deletes the key.
 */
function parseKeyValueLine(line: string): { key: string; value: string } | null {
  const cps = [...line];
  let idx = 0;
  for (let i = 0; i < cps.length; i++) {
    const r = cps[i]!;
    if (i === 0 && !/\p{Ll}/u.test(r)) return null;
    if (WS.test(r) || /\p{Lu}/u.test(r)) return null;
    if (i > 0 && r === ':') {
      const key = line.slice(0, idx);
      const val = line.slice(idx + 1);
      if (val.length === 0) return { key, value: '' };
      if (val[0] !== ' ' && val[0] !== '\t') return null;
      return { key, value: val.replace(/^[ \t]+/, '') };
    }
    idx += r.length;
  }
  return null;
}

/**
 * parseGoFloat accepts what Go's strconv.ParseFloat accepts for benchmark
 * values (decimal, exponent, hex floats, underscores are not allowed here,
 * Inf/NaN), returning null for anything else.
 */
function parseGoFloat(s: string): number | null {
  // Fast path: only digits, signs, '.' and exponents, where Number() and
  // ParseFloat agree on what parses ("1e", ".", "+-1" are NaN to both).
  let plain = s.length > 0;
  for (let i = 0; plain && i < s.length; i++) {
    const c = s.charCodeAt(i);
    plain = (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2b || c === 0x2d || c === 0x65 || c === 0x45;
  }
  if (plain) {
    const v = Number(s);
    return Number.isNaN(v) ? null : v;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  if (/^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+$/.test(s)) {
    const neg = s.startsWith('-');
    const body = s.replace(/^[+-]?0[xX]/, '');
    const [mant, exp] = body.split(/[pP]/) as [string, string];
    const [intPart, fracPart = ''] = mant.split('.') as [string, string?];
    const v = parseInt((intPart || '0') + fracPart, 16) * Math.pow(2, Number(exp) - 4 * fracPart.length);
    return neg ? -v : v;
  }
  return null;
}

/** splitProcs separates a trailing -N (GOMAXPROCS) from a benchmark name, as benchproc does. */
export function splitProcs(fullName: string): { name: string; procs: number | null } {
  const m = /^(.*)-(\d+)$/.exec(fullName);
  if (!m || m[1] === '') return { name: fullName, procs: null };
  return { name: m[1]!, procs: Number(m[2]) };
}

/** BenchfmtOptions tune the reader. */
export interface BenchfmtOptions {
  /**
   * The text is a test binary's own stdout: a result line whose benchmark
   * printed a fragment without a newline (fmt.Print("x")) before its figures,
   * `BenchmarkX-2  \tx     100\t  5 ns/op`, is still that benchmark's
   * result, as testing wrote it; the fragment is reported, not the line
   * dropped. benchstat's reader (the default) rejects such lines.
   */
  readonly fragments?: boolean;
  /** Keep at most this many warnings; the rest are counted in one last warning. Default 1000. */
  readonly maxWarnings?: number;
}

/** BenchfmtSummary is what a BenchfmtReader saw, without the records it handed on. */
export interface BenchfmtSummary {
  readonly origin: string;
  readonly results: number;
  readonly lines: number;
  readonly units: readonly UnitMetadata[];
  readonly warnings: readonly string[];
}

/** Fragment is text a benchmark printed on its result line, before its figures. */
export interface Fragment {
  readonly line: number;
  readonly name: string;
  /** The fragment, cut to 40 chars. */
  readonly text: string;
  /** The result line without the fragment, as benchstat reads it. */
  readonly result: string;
  /** When the figures came on a later line: the line that held the name, and what followed the name there. */
  readonly nameLine?: number;
  readonly nameLineRest?: string;
}

const DEFAULT_MAX_WARNINGS = 1000;

/**
 * BenchfmtReader reads the format line by line, in constant memory apart from
 * what its caller keeps: each result goes to onResult as it is read. Results
 * share one frozen config object until a configuration line changes it.
 */
export class BenchfmtReader {
  private readonly file: string;
  private readonly units: UnitMetadata[] = [];
  private readonly warnings: string[] = [];
  private readonly unitMeta = new Map<string, UnitMetadata>();
  private config: Readonly<Record<string, string>> = Object.freeze({});
  private lineNo = 0;
  private results = 0;
  private dropped = 0;
  private readonly maxWarnings: number;
  /** Names and units seen, so results share one string each (benchfmt interns them too) and maps hash it once. */
  private readonly interned = new Map<string, string>();
  /** A name line whose figures did not follow on it (fragments mode): they may come on a later line. */
  private pending: { fullName: string; line: number; rest: string } | null = null;
  /** fragments found (fragments mode only). */
  readonly fragments: Fragment[] = [];

  constructor(
    origin: string,
    private readonly onResult: (r: BenchResult) => void,
    private readonly opts: BenchfmtOptions = {},
  ) {
    this.file = origin === '' ? '<unknown>' : origin;
    this.maxWarnings = opts.maxWarnings ?? DEFAULT_MAX_WARNINGS;
  }

  private warn(line: number, msg: string): void {
    if (this.warnings.length < this.maxWarnings) this.warnings.push(`${this.file}:${line}: ${msg}`);
    else this.dropped++;
  }

  /** line reads the next line (without its newline). elided > 0 says the line's middle was cut (LineSplitter). */
  line(raw: string, elided = 0): void {
    const lineNo = ++this.lineNo;
    // bufio.Scanner's ScanLines drops a trailing \r.
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (elided > 0 && !this.opts.fragments) {
      this.warn(lineNo, `line of ${line.length + elided} chars skipped (longer than heapsight reads)`);
      return;
    }
    if (line.startsWith('Benchmark')) {
      this.resultLine(line, lineNo);
      return;
    }
    if (line.startsWith('U')) {
      const [f, rest] = splitField(line);
      if (f === 'Unit') {
        this.parseUnitLine(rest, lineNo);
        return;
      }
    }
    const kv = parseKeyValueLine(line);
    if (kv) {
      const prev = this.config[kv.key];
      if (kv.value === '') {
        const { [kv.key]: _removed, ...restConfig } = this.config;
        this.config = Object.freeze(restConfig);
      } else if (prev !== kv.value) {
        if (prev !== undefined && ENVIRONMENT_KEYS.includes(kv.key) && this.results > 0) {
          this.warn(lineNo, `${kv.key} changes from ${JSON.stringify(prev)} to ${JSON.stringify(kv.value)}: this file mixes results from different environments`);
        }
        this.config = Object.freeze({ ...this.config, [kv.key]: kv.value });
      }
      return;
    }
    if (this.opts.fragments && this.pendingFigures(line, lineNo)) return;
    if (line.trim() === '' || CHATTER.some((re) => re.test(line))) return;
    // A fragment printed before testing wrote the benchmark's name: "xBenchmarkX-2 …".
    if (this.opts.fragments) {
      const at = line.indexOf('Benchmark');
      if (at > 0 && this.resultLine(line.slice(at), lineNo, line.slice(0, at))) return;
    }
    this.warn(lineNo, `ignoring line that is neither a benchmark result nor configuration: ${JSON.stringify(line.length > 120 ? line.slice(0, 120) + '…' : line)}`);
  }

  /** finish ends the input and returns what was read. */
  finish(): BenchfmtSummary {
    const warnings = [...this.warnings];
    if (this.dropped > 0) warnings.push(`${this.file}: ${this.dropped} more warning${this.dropped === 1 ? '' : 's'} not shown`);
    if (this.results === 0) warnings.push(`${this.file}:${this.lineNo}: no benchmark results${this.lineNo === 0 ? ' (empty file)' : ''}`);
    return { origin: this.file, results: this.results, lines: this.lineNo, units: [...this.units], warnings };
  }

  /** resultLine parses a line that starts with "Benchmark"; false when it is not a result. */
  private resultLine(line: string, lineNo: number, before = ''): boolean {
    const body = line.slice('Benchmark'.length);
    const [fullName, rest0] = splitField(body);
    // A bare "BenchmarkX" (go test -v prints the name before the result
    // when a benchmark logs) is skipped, as benchfmt does.
    if (rest0 === '' && fullName.length === body.length) return before === '';
    let parsed = parseFigures(rest0, this.unit);
    let fragment = before;
    let figuresText = rest0;
    if ('error' in parsed && this.opts.fragments) {
      const recovered = recoverFigures(rest0);
      if (recovered) {
        parsed = recovered.figures;
        fragment += recovered.fragment;
        figuresText = recovered.figuresText;
      }
    }
    if ('error' in parsed) {
      if (before !== '') return false;
      this.warn(lineNo, parsed.error);
      // What follows the name may be the benchmark's own lines, its figures on a later line.
      if (this.opts.fragments) this.pending = { fullName, line: lineNo, rest: rest0 };
      return true;
    }
    this.pending = null;
    return this.emit(fullName, parsed, lineNo, fragment, figuresText, null);
  }

  /**
   * pendingFigures reads a line that holds only figures ("     100\t  5 ns/op")
   * as the result of the benchmark whose name line was cut by its own output
   * with newlines in it (fragments mode).
   */
  private pendingFigures(line: string, lineNo: number): boolean {
    const p = this.pending;
    if (p === null || !/^\s*\d+\s/.test(line)) return false;
    const parsed = parseFigures(line, this.unit);
    if ('error' in parsed) return false;
    this.pending = null;
    const text = p.rest.trim();
    return this.emit(p.fullName, parsed, lineNo, `${text === '' ? '' : `${text} `}(and ${lineNo - p.line - 1} more lines)`, line.trimStart(), { line: p.line, rest: p.rest });
  }

  private emit(fullName: string, parsed: { iters: number; values: BenchValue[] }, lineNo: number, fragment: string, figuresText: string, nameLine: { line: number; rest: string } | null): boolean {
    let values = parsed.values;
    const nan = values.filter((v) => Number.isNaN(v.value));
    if (nan.length > 0) {
      // benchstat runs out of memory on NaN (its U test never leaves a run of ties); a NaN is no measurement.
      values = values.filter((v) => !Number.isNaN(v.value));
      this.warn(lineNo, `NaN ${nan.map((v) => v.origUnit).join(', ')} is not a measurement; ${values.length === 0 ? 'line ignored' : 'value ignored'}`);
      if (values.length === 0) return true;
    }
    const nonFinite = values.find((v) => !Number.isFinite(v.value));
    if (nonFinite) this.warn(lineNo, `non-finite measurement ${nonFinite.origValue} ${nonFinite.origUnit}`);
    const { name, procs } = splitProcs(this.intern(fullName));
    if (fragment !== '') {
      this.fragments.push({
        line: lineNo,
        name: `Benchmark${fullName}`,
        text: fragment.length > 40 ? `${fragment.slice(0, 40)}…` : fragment,
        result: `Benchmark${fullName}\t${figuresText}`,
        ...(nameLine ? { nameLine: nameLine.line, nameLineRest: nameLine.rest } : {}),
      });
    }
    this.results++;
    this.onResult({ file: this.file, line: lineNo, fullName: this.intern(fullName), name, procs, iters: parsed.iters, values, config: this.config });
    return true;
  }

  /** unit interns a unit as read and tidies it, once per distinct unit. */
  private readonly units_ = new Map<string, Tidy & { readonly orig: string }>();
  private readonly unit = (u: string): Tidy & { readonly orig: string } => {
    const have = this.units_.get(u);
    if (have !== undefined) return have;
    const t = tidyUnit(u);
    const entry = { unit: this.intern(t.unit), factor: t.factor, orig: this.intern(u) };
    if (this.units_.size < 1 << 12) this.units_.set(entry.orig, entry);
    return entry;
  };

  /** intern returns the one copy of s kept for this file (up to 1<<16 distinct strings; past that, s itself). */
  private intern(s: string): string {
    const have = this.interned.get(s);
    if (have !== undefined) return have;
    if (this.interned.size >= 1 << 16) return s;
    // A copy: s is a slice of the chunk it was read from, and the map would keep that whole chunk alive.
    const own = Buffer.from(s, 'utf8').toString('utf8');
    this.interned.set(own, own);
    return own;
  }

  private parseUnitLine(rest0: string, lineNo: number): void {
    let [u, rest] = splitField(rest0);
    if (u === '') {
      this.warn(lineNo, 'missing unit');
      return;
    }
    const tidied = tidyUnit(u).unit;
    for (;;) {
      let f: string;
      [f, rest] = splitField(rest);
      if (f === '') break;
      const eq = f.indexOf('=');
      if (eq <= 0) {
        this.warn(lineNo, 'expected key=value');
        continue;
      }
      const key = f.slice(0, eq);
      const value = f.slice(eq + 1);
      const mapKey = `${tidied}\u0000${key}`;
      const have = this.unitMeta.get(mapKey);
      if (have) {
        if (have.value !== value) this.warn(lineNo, `metadata ${key} of unit ${u} already set to ${have.value}`);
        continue;
      }
      const m: UnitMetadata = { file: this.file, line: lineNo, origUnit: u, unit: tidied, key, value };
      this.unitMeta.set(mapKey, m);
      this.units.push(m);
    }
  }
}

type Figures = { iters: number; values: BenchValue[] } | { error: string };

/** fieldEnd is the index after the field starting at i. */
function fieldEnd(x: string, i: number): number {
  while (i < x.length && !isSpace(x, i)) i++;
  return i;
}

function skipSpace(x: string, i: number): number {
  while (i < x.length && isSpace(x, i)) i++;
  return i;
}

/** Tidy is a unit as read and what tidying makes of it. */
type Tidy = { readonly unit: string; readonly factor: number };

/**
 * parseFigures is benchfmt's parse of what follows the name: iterations,
 * then value-unit pairs. It walks indices (no remainder strings); units go
 * through `unit`, which interns and tidies them once per distinct unit.
 */
function parseFigures(x: string, unit: (u: string) => Tidy & { readonly orig: string }): Figures {
  let i = skipSpace(x, 0);
  let j = fieldEnd(x, i);
  if (j === i) return { error: 'missing iteration count' };
  const itersField = x.slice(i, j);
  if (!/^[+-]?\d+$/.test(itersField)) return { error: `parsing iteration count: invalid syntax ${JSON.stringify(itersField)}` };
  const iters = Number(itersField);
  const values: BenchValue[] = [];
  for (;;) {
    i = skipSpace(x, j);
    if (i === x.length) {
      if (values.length > 0) break;
      return { error: 'missing measurements' };
    }
    j = fieldEnd(x, i);
    const f = x.slice(i, j);
    const v = parseGoFloat(f);
    if (v === null) return { error: `parsing measurement: invalid syntax ${JSON.stringify(f)}` };
    i = skipSpace(x, j);
    if (i === x.length) return { error: `missing units after ${f}` };
    j = fieldEnd(x, i);
    values.push(benchValue(v, unit(x.slice(i, j))));
  }
  return { iters, values };
}

/**
 * benchValue tidies as benchfmt's reader does: a value that tidying leaves
 * unchanged keeps its unit, so 0 ns/op and +Inf ns/op stay "ns/op" (and
 * benchstat puts them in a table of their own).
 */
function benchValue(v: number, t: Tidy & { readonly orig: string }): BenchValue {
  const tidied = t.factor === 1 ? v : v * t.factor;
  if (tidied === v) return { value: v, unit: t.orig, origValue: v, origUnit: t.orig };
  return { value: tidied, unit: t.unit, origValue: v, origUnit: t.orig };
}

/** plainUnit tidies without interning (recovery path). */
function plainUnit(u: string): Tidy & { readonly orig: string } {
  return { ...tidyUnit(u), orig: u };
}

/**
 * recoverFigures reads a result line from its end, as testing wrote it: the
 * last fields are value-unit pairs (a unit is never a number), preceded by
 * the iteration count; whatever comes before is what the benchmark printed.
 */
function recoverFigures(rest: string): { figures: Figures; fragment: string; figuresText: string } | null {
  const tokens: { text: string; at: number }[] = [];
  for (let i = 0; i < rest.length; ) {
    while (i < rest.length && isSpace(rest, i)) i++;
    const at = i;
    while (i < rest.length && !isSpace(rest, i)) i++;
    if (i > at) tokens.push({ text: rest.slice(at, i), at });
  }
  let k = tokens.length;
  const values: BenchValue[] = [];
  while (k >= 3) {
    const unit = tokens[k - 1]!.text;
    const v = parseGoFloat(tokens[k - 2]!.text);
    if (v === null || parseGoFloat(unit) !== null) break;
    values.unshift(benchValue(v, plainUnit(unit)));
    k -= 2;
  }
  if (values.length === 0 || k < 1) return null;
  const iters = tokens[k - 1]!;
  if (!/^[+-]?\d+$/.test(iters.text)) return null;
  return { figures: { iters: Number(iters.text), values }, fragment: rest.slice(0, iters.at).trimEnd(), figuresText: rest.slice(iters.at) };
}

/**
 * parseBenchfmt reads one benchmark file held in memory. Never throws on
 * content: every line it cannot use becomes a warning `origin:line: msg`. An
 * empty file (or one with no result lines) yields a warning too, since
 * comparing nothing against something is always a mistake upstream.
 */
export function parseBenchfmt(text: string, origin: string, opts: BenchfmtOptions = {}): BenchFile & { readonly fragments: readonly Fragment[] } {
  const records: BenchResult[] = [];
  const reader = new BenchfmtReader(origin, (r) => records.push(r), opts);
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      if (start < text.length) reader.line(text.slice(start));
      break;
    }
    reader.line(text.slice(start, nl));
    start = nl + 1;
  }
  const summary = reader.finish();
  return { origin: summary.origin, records, units: summary.units, warnings: summary.warnings, fragments: reader.fragments };
}
