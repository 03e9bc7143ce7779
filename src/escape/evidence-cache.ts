// evidence-cache.ts keeps what one collectCompilerEvidence call returned, so
// a second `escape` or `escape --explain` on an unchanged package answers
// without compiling (a diagnostic build writes no -json on a build-cache
// hit, so without this every run compiles afresh: FACTS.md).
//
// An entry is keyed by everything that determines the evidence (see
// EvidenceKey): a changed file, build tag, flag, toolchain or dependency is a
// different key, so an entry is never stale, only unused; the oldest go first
// once the cache is over its bounds. An entry that cannot be read (corrupt,
// truncated, another format) is a miss and a warning, never trusted.
//
// Layout: DIR/evidence/<sha256 of the key>.ndjson.gz, gzipped JSON lines: a
// header {kind, format, key, goVersion, counts}, then one line per package,
// site, inlining decision, runtime call and warning, in that order. The
// counts, the key and gzip's CRC and length catch damage.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip, gunzipSync } from 'node:zlib';
import { CAUSES, STORY_WHYS } from './escape-cause.js';
import { ESCAPE_KINDS, type CompilerEvidence, type EscapeSite, type FlowStep, type InlineDecision, type PackageRef, type RuntimeCall, type SourcePos } from './model.js';

/** EVIDENCE_CACHE_FORMAT is the entry layout's version; bump it when CompilerEvidence or the layout changes shape, or what is kept (4: channel operations and go statements among the runtime calls; 5: textLeftOut). */
export const EVIDENCE_CACHE_FORMAT = 5;

/** EVIDENCE_CACHE_MAX_BYTES bounds the entries' total size on disk; the least recently used go first beyond it. */
export const EVIDENCE_CACHE_MAX_BYTES = 512 * 1024 * 1024;
/** EVIDENCE_CACHE_MAX_ENTRIES bounds their number the same way. */
export const EVIDENCE_CACHE_MAX_ENTRIES = 1000;

const ENTRY_KIND = 'heapsight-evidence-cache';
const ENTRY_SUFFIX = '.ndjson.gz';
const TMP_PREFIX = '.tmp-';

/**
 * evidenceCacheDir is where the cache lives: $HEAPSIGHT_CACHE ("off" turns
 * it off), else $XDG_CACHE_HOME/heapsight when that is an absolute path, else
 * the platform's user cache directory as Go's os.UserCacheDir picks it
 * (%LocalAppData% on Windows, ~/Library/Caches on macOS, ~/.cache elsewhere).
 * null when the cache is off or there is no home to put it in.
 */
export function evidenceCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: string = homedir()): string | null {
  const own = env['HEAPSIGHT_CACHE'];
  if (own !== undefined && own !== '') return own === 'off' ? null : resolve(own);
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'heapsight');
  if (platform === 'win32') {
    const local = env['LocalAppData'] ?? env['LOCALAPPDATA'];
    return local !== undefined && local !== '' ? join(local, 'heapsight') : null;
  }
  if (home === '') return null;
  return platform === 'darwin' ? join(home, 'Library', 'Caches', 'heapsight') : join(home, '.cache', 'heapsight');
}

/** FileDigest is one file as the key holds it: name, size and sha256 of the content (size -1: missing). */
export type FileDigest = readonly [name: string, size: number, sha256: string];

/** digestFiles hashes files of one directory. */
export function digestFiles(dir: string, names: readonly string[]): FileDigest[] {
  return [...new Set(names)].sort().map((name): FileDigest => {
    try {
      const bytes = readFileSync(join(dir, name));
      return [name, bytes.length, createHash('sha256').update(bytes).digest('hex')];
    } catch {
      return [name, -1, ''];
    }
  });
}

/** digestFile is digestFiles for one path, or null when it does not exist. */
export function digestFile(path: string): FileDigest | null {
  const d = digestFiles(dirname(path), [path.slice(dirname(path).length + 1)])[0]!;
  return d[1] < 0 ? null : d;
}

let codeIdentity: string | null = null;

/**
 * heapsightCodeId identifies the code that turns compiler output into
 * evidence: heapsight's version and a hash of every module of escape/ and
 * toolchain/ as they run (dist/*.js, or src/*.ts under a test runner). A
 * heapsight whose parsers changed, released or not, does not read entries an
 * older one wrote.
 */
export function heapsightCodeId(): string {
  if (codeIdentity !== null) return codeIdentity;
  const here = dirname(fileURLToPath(import.meta.url));
  const h = createHash('sha256');
  try {
    const pkg = JSON.parse(readFileSync(join(here, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    h.update(`version ${pkg.version ?? ''}\n`);
  } catch {
    h.update('version ?\n');
  }
  for (const dir of [here, join(here, '..', 'toolchain')]) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts')).sort();
    } catch {
      // A missing directory is part of the identity too.
    }
    for (const n of names) h.update(`${n}\n`).update(readFileSync(join(dir, n))).update('\n');
  }
  codeIdentity = h.digest('hex');
  return codeIdentity;
}

/**
 * EvidenceKey is everything a collectCompilerEvidence result depends on.
 * Why it is enough: the targets' own inputs are hashed (every file go list
 * names for the build, the go.mod that sets the language version, a
 * default.pgo); everything they import is identified by go list -export's
 * build IDs, whose action IDs cover those packages' sources, compiler,
 * flags and environment and, transitively, their dependencies' (so a
 * changed dependency, which can change what is inlined into a target, is a
 * different key); the toolchain, the go env that shapes compiles and
 * heapsight's own flags and code are named.
 */
export interface EvidenceKey {
  readonly heapsight: string;
  readonly go: { readonly version: string; readonly goroot: string; readonly goos: string; readonly goarch: string; readonly env: Readonly<Record<string, string>> };
  /** The collect options that change the result, as resolved (tests, text and detail after their defaults). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly targets: readonly {
    readonly importPath: string;
    readonly name: string;
    readonly dir: string;
    readonly standard: boolean;
    readonly module: { readonly path: string; readonly goVersion: string; readonly goMod: FileDigest | null } | null;
    readonly files: readonly FileDigest[];
    readonly pgo: FileDigest | null;
  }[];
  /** Every package the targets import, transitively: [import path, build ID]. */
  readonly dependencies: readonly (readonly [string, string])[];
  /** The package index the evidence names inlined code by: [import path, dir]; null without one. */
  readonly index: readonly (readonly [string, string])[] | null;
}

/** keyDigest is the sha256 of the key's canonical JSON (object keys sorted), in hex: the entry's name. */
export function keyDigest(key: EvidenceKey): string {
  return createHash('sha256').update(`${ENTRY_KIND} ${EVIDENCE_CACHE_FORMAT}\n`).update(canonicalJson(key)).digest('hex');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** EntryHeader is an entry's first line. */
interface EntryHeader {
  readonly kind: string;
  readonly format: number;
  readonly key: string;
  readonly goVersion: string;
  readonly counts: { readonly packages: number; readonly sites: number; readonly inlining: number; readonly runtimeCalls: number; readonly warnings: number };
  /** CompilerEvidence.textLeftOut (a few file names: in the header). */
  readonly textLeftOut?: readonly string[];
}

/** encodeEntryLines yields an entry's JSON lines (before gzip), in batches of about 1 MB: a whole-std entry is too big for one string. */
export function* encodeEntryLines(digest: string, ev: CompilerEvidence): Generator<string> {
  const header: EntryHeader = {
    kind: ENTRY_KIND,
    format: EVIDENCE_CACHE_FORMAT,
    key: digest,
    goVersion: ev.goVersion,
    counts: { packages: ev.packages.length, sites: ev.sites.length, inlining: ev.inlining.length, runtimeCalls: ev.runtimeCalls.length, warnings: ev.warnings.length },
    ...(ev.textLeftOut ? { textLeftOut: ev.textLeftOut } : {}),
  };
  let batch = JSON.stringify(header) + '\n';
  for (const list of [ev.packages, ev.sites, ev.inlining, ev.runtimeCalls, ev.warnings] as readonly (readonly unknown[])[]) {
    for (const r of list) {
      batch += JSON.stringify(r) + '\n';
      if (batch.length >= 1 << 20) {
        yield batch;
        batch = '';
      }
    }
  }
  if (batch !== '') yield batch;
}

/** DecodedEntry is an entry read back: the evidence, or why it cannot be trusted. */
export type DecodedEntry = { readonly ok: true; readonly evidence: CompilerEvidence } | { readonly ok: false; readonly reason: string };

/**
 * decodeEntry reads an entry's bytes. It checks gzip's integrity, the
 * header's kind, format and key, the record counts and the shape of every
 * record, so that a damaged or foreign entry is refused, not rendered.
 */
export function decodeEntry(bytes: Buffer, digest: string): DecodedEntry {
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch (e) {
    return { ok: false, reason: `corrupt: ${e instanceof Error ? e.message : String(e)}` };
  }
  let at = 0;
  const next = (): string | null => {
    if (at >= raw.length) return null;
    let nl = raw.indexOf(10, at);
    if (nl < 0) nl = raw.length;
    const line = raw.toString('utf8', at, nl);
    at = nl + 1;
    return line;
  };
  let header: EntryHeader;
  try {
    header = JSON.parse(next() ?? '') as EntryHeader;
  } catch {
    return { ok: false, reason: 'corrupt: the first line is not a header' };
  }
  if (header === null || typeof header !== 'object' || header.kind !== ENTRY_KIND) return { ok: false, reason: 'foreign: not a heapsight evidence entry' };
  if (header.format !== EVIDENCE_CACHE_FORMAT) return { ok: false, reason: `foreign: format ${String(header.format)}, this heapsight reads format ${EVIDENCE_CACHE_FORMAT}` };
  if (header.key !== digest) return { ok: false, reason: 'foreign: the entry was written for another key' };
  const c = header.counts;
  if (typeof header.goVersion !== 'string' || c === null || typeof c !== 'object') return { ok: false, reason: 'corrupt: bad header' };
  const leftOut: unknown = header.textLeftOut;
  if (leftOut !== undefined && !(Array.isArray(leftOut) && leftOut.every((f) => typeof f === 'string'))) return { ok: false, reason: 'corrupt: bad header' };
  const read = <T>(n: unknown, what: string, valid: (v: unknown) => boolean): T[] | string => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return `corrupt: bad ${what} count`;
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      const line = next();
      if (line === null) return `truncated: ${i} of ${n} ${what}`;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        return `corrupt: ${what} record ${i + 1} is not JSON`;
      }
      if (!valid(v)) return `corrupt: ${what} record ${i + 1} is not one`;
      out.push(v as T);
    }
    return out;
  };
  const packages = read<PackageRef>(c.packages, 'package', isPackageRef);
  if (typeof packages === 'string') return { ok: false, reason: packages };
  const sites = read<EscapeSite>(c.sites, 'site', isSite);
  if (typeof sites === 'string') return { ok: false, reason: sites };
  const inlining = read<InlineDecision>(c.inlining, 'inlining', isInlineDecision);
  if (typeof inlining === 'string') return { ok: false, reason: inlining };
  const runtimeCalls = read<RuntimeCall>(c.runtimeCalls, 'runtime call', isRuntimeCall);
  if (typeof runtimeCalls === 'string') return { ok: false, reason: runtimeCalls };
  const warnings = read<string>(c.warnings, 'warning', (v) => typeof v === 'string');
  if (typeof warnings === 'string') return { ok: false, reason: warnings };
  if (next() !== null) return { ok: false, reason: 'corrupt: records beyond the counts' };
  return {
    ok: true,
    evidence: { goVersion: header.goVersion, packages, sites, inlining, runtimeCalls, ...(leftOut !== undefined ? { textLeftOut: leftOut as string[] } : {}), warnings },
  };
}

// Shape checks: what the renderers and the join rely on, field by field.
type Rec = Record<string, unknown>;
const isObj = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const optional = (v: unknown, check: (x: unknown) => boolean): boolean => v === undefined || check(v);
const arrayOf = (v: unknown, check: (x: unknown) => boolean): boolean => Array.isArray(v) && v.every(check);

function isPos(v: unknown): v is SourcePos {
  return isObj(v) && isStr(v['file']) && isInt(v['line']) && isInt(v['column']);
}
function isPackageRef(v: unknown): boolean {
  return isObj(v) && isStr(v['importPath']) && isStr(v['dir']);
}
function isFlowStep(v: unknown): v is FlowStep {
  return isObj(v) && (v['pos'] === null || isPos(v['pos'])) && isStr(v['text']) && (v['reason'] === null || isStr(v['reason']));
}
function isStoryAt(v: unknown): boolean {
  return v === null || (isObj(v) && isInt(v['line']) && optional(v['file'], isStr));
}
/** isStory checks a cause story's shape: the decision, the reason by a known name with its cited positions, and the chain. */
function isStory(v: unknown): boolean {
  if (!isObj(v) || !isStr(v['kind']) || !Object.hasOwn(ESCAPE_KINDS, v['kind']) || !isStr(v['subject']) || !(v['fn'] === null || isStr(v['fn']))) return false;
  const why = v['why'];
  if (!isObj(why) || !isStr(why['why']) || !Object.hasOwn(STORY_WHYS, why['why']) || !optional(why['at'], isStoryAt)) return false;
  return optional(v['unboxed'], (u) => isObj(u) && isStoryAt(u['at'])) && optional(v['then'], isStory);
}
function isCause(v: unknown): boolean {
  if (!isObj(v) || !isStr(v['kind']) || !Object.hasOwn(CAUSES, v['kind']) || !isStory(v['story'])) return false;
  if (!arrayOf(v['steps'], (s) => isObj(s) && isInt(s['stepIndex']) && (s['reason'] === null || isStr(s['reason'])))) return false;
  const box = v['box'];
  const boxOk = optional(box, (b) => isObj(b) && ((b['source'] === 'runtime-call' && isStr(b['call']) && isStr(b['file']) && isInt(b['line'])) || (b['source'] === 'flow' && isPos(b['pos']) && isStr(b['subject']) && isInt(b['stepIndex']))));
  const via = v['via'];
  return boxOk && optional(via, (x) => isObj(x) && isStr(x['subject']) && optional(x['kind'], (k) => isStr(k) && Object.hasOwn(CAUSES, k)));
}
function isSite(v: unknown): boolean {
  return (
    isObj(v) &&
    isPos(v['pos']) &&
    arrayOf(v['inlinedAt'], isPos) &&
    isStr(v['function']) &&
    isStr(v['kind']) &&
    Object.hasOwn(ESCAPE_KINDS, v['kind']) &&
    isStr(v['subject']) &&
    isStr(v['message']) &&
    isCause(v['cause']) &&
    arrayOf(v['flow'], isFlowStep) &&
    arrayOf(v['notes'], (n) => isObj(n) && isStr(n['kind']))
  );
}
function isInlineDecision(v: unknown): boolean {
  return (
    isObj(v) &&
    isPos(v['pos']) &&
    isStr(v['function']) &&
    (v['kind'] === 'can-inline' || v['kind'] === 'cannot-inline' || v['kind'] === 'inlined-call') &&
    optional(v['cost'], (x) => typeof x === 'number') &&
    optional(v['reason'], isStr) &&
    optional(v['caller'], isStr)
  );
}
function isRuntimeCall(v: unknown): boolean {
  return isObj(v) && isStr(v['file']) && isInt(v['line']) && isStr(v['function']) && isStr(v['call']) && isStr(v['reason']) && optional(v['compiledIn'], isStr);
}

/** CacheLookup is what a read found: the evidence, nothing, or an entry that was refused (with the warning to show). */
export type CacheLookup = { readonly kind: 'hit'; readonly evidence: CompilerEvidence; readonly bytes: number } | { readonly kind: 'miss' } | { readonly kind: 'refused'; readonly warning: string };

/** EvidenceCache reads and writes entries under one directory. Every failure is a warning or a miss, never an error. */
export class EvidenceCache {
  readonly entries: string;
  constructor(
    readonly dir: string,
    private readonly bounds: { readonly maxBytes: number; readonly maxEntries: number } = { maxBytes: EVIDENCE_CACHE_MAX_BYTES, maxEntries: EVIDENCE_CACHE_MAX_ENTRIES },
  ) {
    this.entries = join(dir, 'evidence');
  }

  /** pathOf is the entry file for a key digest. */
  pathOf(digest: string): string {
    return join(this.entries, digest + ENTRY_SUFFIX);
  }

  /** read looks the digest up; a hit marks the entry used (its mtime orders eviction). */
  read(digest: string): CacheLookup {
    const path = this.pathOf(digest);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'miss' };
      return { kind: 'refused', warning: `cannot read the evidence cache entry ${path} (${code ?? String(e)}); compiling instead` };
    }
    const decoded = decodeEntry(bytes, digest);
    if (!decoded.ok) return { kind: 'refused', warning: `ignored the evidence cache entry ${path} (${decoded.reason}); compiling instead` };
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // A read-only cache still answers.
    }
    return { kind: 'hit', evidence: decoded.evidence, bytes: bytes.length };
  }

  /**
   * write stores the evidence under the digest, atomically (a temporary file
   * renamed over the entry, so a reader never sees half of one), then evicts
   * beyond the bounds. Returns a warning when the cache cannot be written.
   */
  async write(digest: string, ev: CompilerEvidence): Promise<{ readonly warning: string | null; readonly bytes: number }> {
    const path = this.pathOf(digest);
    const tmp = join(this.entries, `${TMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      mkdirSync(this.entries, { recursive: true });
      await pipeline(Readable.from(encodeEntryLines(digest, ev)), createGzip({ level: 3 }), createWriteStream(tmp, { flags: 'wx' }));
      renameSync(tmp, path);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // never created
      }
      return { warning: `cannot write the evidence cache in ${this.dir} (${e instanceof Error ? e.message : String(e)}); the next run compiles again`, bytes: 0 };
    }
    const bytes = statSync(path).size;
    this.evict(digest);
    return { warning: null, bytes };
  }

  /**
   * evict removes the least recently used entries beyond the bounds (never
   * keep, the one just written) and temporary files older than an hour (a
   * writer that was killed).
   */
  evict(keep: string | null): void {
    let names: string[];
    try {
      names = readdirSync(this.entries);
    } catch {
      return;
    }
    const now = Date.now();
    const entries: { path: string; size: number; mtime: number; keep: boolean }[] = [];
    for (const n of names) {
      const path = join(this.entries, n);
      let st;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      if (n.startsWith(TMP_PREFIX)) {
        if (now - st.mtimeMs > 3600_000) tryUnlink(path);
        continue;
      }
      if (n.endsWith(ENTRY_SUFFIX)) entries.push({ path, size: st.size, mtime: st.mtimeMs, keep: keep !== null && n === keep + ENTRY_SUFFIX });
    }
    entries.sort((a, b) => Number(b.keep) - Number(a.keep) || b.mtime - a.mtime);
    let total = 0;
    entries.forEach((e, i) => {
      total += e.size;
      if (!e.keep && (total > this.bounds.maxBytes || i >= this.bounds.maxEntries)) tryUnlink(e.path);
    });
  }
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Another heapsight may have removed it first.
  }
}
