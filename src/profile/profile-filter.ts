// profile-filter.ts applies pprof's sample filters without copying the
// profile: a ProfileView is the profile plus a keep-mask over samples and the
// (possibly reduced) Line list of every location. Semantics follow pprof's
// profile/filter.go (FilterSamplesByName, FilterSamplesByTag) and
// driver/driver_focus.go (tag ranges): focus/ignore match a location when any
// of its lines' function name or file name, or its mapping's file, matches;
// hide/show remove lines; a location left without lines is dropped from
// stacks; --noinlines keeps only the outermost line (Location.line[last]),
// applied after hide/show as pprof's aggregate() does.
import { TagFilterError } from './profile-error.js';
import type { Line, Location, Profile } from './model.js';

/** TagFilter is a parsed --tagfocus / --tagignore value. */
export type TagFilter =
  | { readonly kind: 'range'; readonly key: string | null; readonly lo: number; readonly hi: number; readonly unit: 'bytes' | null; readonly text: string }
  | { readonly kind: 'regex'; readonly key: string | null; readonly patterns: readonly RegExp[]; readonly text: string };

/** FilterOptions are pprof's sample filters. Regexes are unanchored, like Go's MatchString. */
export interface FilterOptions {
  readonly focus?: RegExp;
  readonly ignore?: RegExp;
  readonly hide?: RegExp;
  readonly show?: RegExp;
  readonly tagFocus?: TagFilter;
  readonly tagIgnore?: TagFilter;
  readonly noInlines?: boolean;
}

/** ProfileView is a filtered look at a profile; the profile itself is untouched. */
export interface ProfileView {
  readonly profile: Profile;
  /** keep[i] = 1 when sample i passes the filters; null when no sample filter applies. */
  readonly keep: Uint8Array | null;
  /** Lines of each location after hide/show/noinlines; empty = location dropped from stacks. */
  readonly locationLines: readonly (readonly Line[])[];
  /** Filters that matched nothing, as pprof warns ("Focus expression matched no samples"). */
  readonly warnings: readonly string[];
}

const memoryUnits: Readonly<Record<string, number>> = {
  b: 1, byte: 1, bytes: 1,
  kb: 1 << 10, kbyte: 1 << 10, kilobyte: 1 << 10, kib: 1 << 10,
  mb: 1 << 20, mbyte: 1 << 20, megabyte: 1 << 20, mib: 1 << 20,
  gb: 1 << 30, gbyte: 1 << 30, gigabyte: 1 << 30, gib: 1 << 30,
  tb: 2 ** 40, tbyte: 2 ** 40, terabyte: 2 ** 40,
  pb: 2 ** 50, pbyte: 2 ** 50, petabyte: 2 ** 50,
};

/**
 * parseTagFilter reads pprof's -tagfocus syntax: `[key=]LO:HI`, `LO:`,
 * `:HI`, `V` (numbers with optional memory units, 1024-based as pprof's
 * "kb"), or `[key=]regex[,regex]` for string labels.
 */
export function parseTagFilter(spec: string): TagFilter {
  const eq = spec.indexOf('=');
  const key = eq >= 0 ? spec.slice(0, eq) : null;
  const value = eq >= 0 ? spec.slice(eq + 1) : spec;
  // A number with an optional unit, as pprof's tagFilterRangeRx.
  const parseBound = (t: string): { v: number; memory: boolean } | null | undefined => {
    if (t === '') return undefined;
    const m = /^([+-]?\d+)([a-zA-Z]+)?$/.exec(t);
    if (!m) return null;
    if (m[2] === undefined) return { v: Number(m[1]), memory: false };
    const scale = memoryUnits[m[2].toLowerCase()];
    return scale === undefined ? null : { v: Number(m[1]) * scale, memory: true };
  };
  const parts = value.split(':');
  if (parts.length <= 2) {
    const lo = parseBound(parts[0]!);
    const hi = parts.length === 2 ? parseBound(parts[1]!) : lo;
    if (lo !== null && hi !== null && (lo !== undefined || hi !== undefined)) {
      return {
        kind: 'range',
        key,
        lo: lo?.v ?? -Infinity,
        hi: hi?.v ?? Infinity,
        unit: lo?.memory || hi?.memory ? 'bytes' : null,
        text: spec,
      };
    }
  }
  try {
    return { kind: 'regex', key, patterns: value.split(',').map((s) => new RegExp(s)), text: spec };
  } catch (e) {
    throw new TagFilterError(spec, (e as Error).message);
  }
}

function matchesName(loc: Location, re: RegExp): boolean {
  for (const l of loc.lines) if (re.test(l.function.name) || re.test(l.function.filename)) return true;
  return loc.mapping !== null && re.test(loc.mapping.filename);
}

function unmatchedLines(loc: Location, lines: readonly Line[], re: RegExp): readonly Line[] {
  if (loc.mapping !== null && re.test(loc.mapping.filename)) return [];
  return lines.filter((l) => !(re.test(l.function.name) || re.test(l.function.filename)));
}

function matchedLines(loc: Location, lines: readonly Line[], re: RegExp): readonly Line[] {
  if (loc.mapping !== null && re.test(loc.mapping.filename)) return lines;
  return lines.filter((l) => re.test(l.function.name) || re.test(l.function.filename));
}

/** sampleMatchesTag tells whether sample i satisfies a tag filter. */
function sampleMatchesTag(p: Profile, i: number, f: TagFilter): boolean {
  const s = p.samples;
  const l = s.labels;
  const a = s.labelStart[i]!;
  const b = s.labelStart[i + 1]!;
  if (f.kind === 'range') {
    for (let j = a; j < b; j++) {
      if (l.str[j] !== 0) continue;
      const key = p.strings[l.key[j]!] ?? '';
      if (f.key !== null && key !== f.key) continue;
      if (f.unit === 'bytes') {
        // pprof infers unit "bytes" for the key "bytes" when num_unit is unset.
        const unit = p.strings[l.numUnit[j]!] ?? '';
        if (!(unit === 'bytes' || (unit === '' && key === 'bytes'))) continue;
      }
      const v = l.num[j]!;
      if (v >= f.lo && v <= f.hi) return true;
    }
    return false;
  }
  if (f.key !== null) {
    for (let j = a; j < b; j++) {
      if (l.str[j] === 0 || p.strings[l.key[j]!] !== f.key) continue;
      const v = p.strings[l.str[j]!] ?? '';
      if (f.patterns.some((re) => re.test(v))) return true;
    }
    return false;
  }
  // Without a key pprof matches "key:value" and every pattern must match some label.
  return f.patterns.every((re) => {
    for (let j = a; j < b; j++) {
      if (l.str[j] === 0) continue;
      if (re.test(`${p.strings[l.key[j]!] ?? ''}:${p.strings[l.str[j]!] ?? ''}`)) return true;
    }
    return false;
  });
}

/** applyFilters builds a ProfileView. Pure: the profile is not modified. */
export function applyFilters(p: Profile, o: FilterOptions = {}): ProfileView {
  const warnings: string[] = [];
  const nLoc = p.locations.length;
  let locationLines: (readonly Line[])[] = p.locations.map((l) => l.lines);
  // focusState: 0 = neither, 1 = focused, 2 = ignored.
  let focusState: Uint8Array | null = null;
  const byName = o.focus !== undefined || o.ignore !== undefined;
  if (byName) {
    focusState = new Uint8Array(nLoc);
    let fm = false;
    let im = false;
    for (let i = 0; i < nLoc; i++) {
      const loc = p.locations[i]!;
      if (o.ignore !== undefined && matchesName(loc, o.ignore)) {
        focusState[i] = 2;
        im = true;
      } else if (o.focus === undefined || matchesName(loc, o.focus)) {
        focusState[i] = 1;
        fm = true;
      }
    }
    if (o.focus !== undefined && !fm) warnings.push('focus expression matched no samples');
    if (o.ignore !== undefined && !im) warnings.push('ignore expression matched no samples');
  }
  if (o.hide !== undefined || o.show !== undefined) {
    let hm = false;
    let sm = false;
    locationLines = p.locations.map((loc, i) => {
      let lines = locationLines[i]!;
      if (o.hide !== undefined && matchesName(loc, o.hide)) {
        hm = true;
        lines = unmatchedLines(loc, lines, o.hide);
      }
      if (o.show !== undefined) {
        lines = matchedLines(loc, lines, o.show);
        if (lines.length > 0) sm = true;
      }
      return lines;
    });
    if (o.hide !== undefined && !hm) warnings.push('hide expression matched no samples');
    if (o.show !== undefined && !sm) warnings.push('show expression matched no samples');
  }
  if (o.noInlines) locationLines = locationLines.map((lines) => (lines.length > 1 ? lines.slice(-1) : lines));

  let keep: Uint8Array | null = null;
  if (byName || o.tagFocus !== undefined || o.tagIgnore !== undefined || o.hide !== undefined || o.show !== undefined) {
    const s = p.samples;
    keep = new Uint8Array(s.count);
    let tfm = false;
    let tim = false;
    const hiding = o.hide !== undefined || o.show !== undefined;
    for (let i = 0; i < s.count; i++) {
      const a = s.stackStart[i]!;
      const b = s.stackStart[i + 1]!;
      if (focusState !== null) {
        let focused = false;
        let ignored = false;
        for (let j = a; j < b; j++) {
          const st = focusState[s.stackLocations[j]!]!;
          if (st === 2) {
            ignored = true;
            break;
          }
          if (st === 1) focused = true;
        }
        if (ignored || !focused) continue;
      }
      if (hiding) {
        // pprof removes a sample whose every location was hidden.
        let any = false;
        for (let j = a; j < b && !any; j++) any = locationLines[s.stackLocations[j]!]!.length > 0;
        if (!any && b > a) continue;
      }
      if (o.tagFocus !== undefined) {
        const m = sampleMatchesTag(p, i, o.tagFocus);
        tfm ||= m;
        if (!m) continue;
      }
      if (o.tagIgnore !== undefined) {
        const m = sampleMatchesTag(p, i, o.tagIgnore);
        tim ||= m;
        if (m) continue;
      }
      keep[i] = 1;
    }
    if (o.tagFocus !== undefined && !tfm) warnings.push(`tagfocus ${JSON.stringify(o.tagFocus.text)} matched no samples`);
    if (o.tagIgnore !== undefined && !tim) warnings.push(`tagignore ${JSON.stringify(o.tagIgnore.text)} matched no samples`);
  }
  return { profile: p, keep, locationLines, warnings };
}
