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

/** splitField is benchfmt's splitField: the first whitespace-delimited field and the rest with leading space trimmed. */
function splitField(x: string): [string, string] {
  let i = 0;
  let rest = '';
  let found = false;
  for (; i < x.length; i++) {
    if (WS.test(x[i]!)) {
      rest = x.slice(i + 1);
      found = true;
      break;
    }
  }
  const field = x.slice(0, i);
  if (!found) return [field, ''];
  let j = 0;
  while (j < rest.length && WS.test(rest[j]!)) j++;
  return [field, rest.slice(j)];
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

/**
 * parseBenchfmt reads one benchmark file. Never throws on content: every
 * line it cannot use becomes a warning `origin:line: msg`. An empty file (or
 * one with no result lines) yields a warning too, since comparing nothing
 * against something is always a mistake upstream.
 */
export function parseBenchfmt(text: string, origin: string): BenchFile {
  const file = origin === '' ? '<unknown>' : origin;
  const records: BenchResult[] = [];
  const units: UnitMetadata[] = [];
  const warnings: string[] = [];
  const unitMeta = new Map<string, UnitMetadata>();
  let config: Record<string, string> = {};
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const warn = (line: number, msg: string): void => {
    warnings.push(`${file}:${line}: ${msg}`);
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    // bufio.Scanner's ScanLines drops a trailing \r.
    const line = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    if (line.startsWith('Benchmark')) {
      const body = line.slice('Benchmark'.length);
      const [fullName, rest0] = splitField(body);
      // A bare "BenchmarkX" (go test -v prints the name before the result
      // when a benchmark logs) is skipped, as benchfmt does.
      if (rest0 === '' && fullName.length === body.length) continue;
      const [itersField, rest1] = splitField(rest0);
      if (itersField === '') {
        warn(lineNo, 'missing iteration count');
        continue;
      }
      if (!/^[+-]?\d+$/.test(itersField)) {
        warn(lineNo, `parsing iteration count: invalid syntax ${JSON.stringify(itersField)}`);
        continue;
      }
      const iters = Number(itersField);
      const values: BenchValue[] = [];
      let rest = rest1;
      let error: string | null = null;
      for (;;) {
        let f: string;
        [f, rest] = splitField(rest);
        if (f === '') {
          if (values.length > 0) break;
          error = 'missing measurements';
          break;
        }
        const v = parseGoFloat(f);
        if (v === null) {
          error = `parsing measurement: invalid syntax ${JSON.stringify(f)}`;
          break;
        }
        let u: string;
        [u, rest] = splitField(rest);
        if (u === '') {
          error = `missing units after ${f}`;
          break;
        }
        const t = tidyUnit(u);
        values.push({ value: t.factor === 1 ? v : v * t.factor, unit: t.unit, origValue: v, origUnit: u });
      }
      if (error !== null) {
        warn(lineNo, error);
        continue;
      }
      const nonFinite = values.find((v) => !Number.isFinite(v.value));
      if (nonFinite) warn(lineNo, `non-finite measurement ${nonFinite.origValue} ${nonFinite.origUnit}`);
      const { name, procs } = splitProcs(fullName);
      records.push({ file, line: lineNo, fullName, name, procs, iters, values, config: { ...config } });
      continue;
    }
    if (line.startsWith('U')) {
      const [f, rest] = splitField(line);
      if (f === 'Unit') {
        parseUnitLine(rest, lineNo);
        continue;
      }
    }
    const kv = parseKeyValueLine(line);
    if (kv) {
      const prev = config[kv.key];
      if (kv.value === '') {
        const { [kv.key]: _removed, ...restConfig } = config;
        config = restConfig;
      } else {
        if (prev !== undefined && prev !== kv.value && ENVIRONMENT_KEYS.includes(kv.key) && records.length > 0) {
          warn(lineNo, `${kv.key} changes from ${JSON.stringify(prev)} to ${JSON.stringify(kv.value)}: this file mixes results from different environments`);
        }
        config = { ...config, [kv.key]: kv.value };
      }
      continue;
    }
    if (line.trim() === '' || CHATTER.some((re) => re.test(line))) continue;
    warn(lineNo, `ignoring line that is neither a benchmark result nor configuration: ${JSON.stringify(line.length > 120 ? line.slice(0, 120) + '…' : line)}`);
  }
  if (records.length === 0) {
    warnings.push(`${file}:${lines.length}: no benchmark results${lines.length === 0 ? ' (empty file)' : ''}`);
  }
  return { origin: file, records, units, warnings };

  function parseUnitLine(rest0: string, lineNo: number): void {
    let [u, rest] = splitField(rest0);
    if (u === '') {
      warn(lineNo, 'missing unit');
      return;
    }
    const tidied = tidyUnit(u).unit;
    for (;;) {
      let f: string;
      [f, rest] = splitField(rest);
      if (f === '') break;
      const eq = f.indexOf('=');
      if (eq <= 0) {
        warn(lineNo, 'expected key=value');
        continue;
      }
      const key = f.slice(0, eq);
      const value = f.slice(eq + 1);
      const mapKey = `${tidied}\u0000${key}`;
      const have = unitMeta.get(mapKey);
      if (have) {
        if (have.value !== value) warn(lineNo, `metadata ${key} of unit ${u} already set to ${have.value}`);
        continue;
      }
      const m: UnitMetadata = { file, line: lineNo, origUnit: u, unit: tidied, key, value };
      unitMeta.set(mapKey, m);
      units.push(m);
    }
  }
}
