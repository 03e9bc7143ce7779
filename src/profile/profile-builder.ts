// profile-builder.ts builds a Profile from parts (merge, scaling, synthetic
// test profiles). Builders mutate; the Profile they build never does.
import type { Line, Location, Mapping, Profile, ProfileFunction, ValueType } from './model.js';

/** BuilderLabel is [key, string value or null for numeric, numeric value, numeric unit]. */
export type BuilderLabel = readonly [key: string, str: string | null, num: number, unit: string];

/** ProfileMeta is the non-sample header of a built profile. */
export interface ProfileMeta {
  readonly defaultSampleType: string;
  readonly dropFrames: string;
  readonly keepFrames: string;
  readonly timeNanos: bigint;
  readonly durationNanos: number;
  readonly periodType: ValueType | null;
  readonly period: number;
  readonly comments: readonly string[];
}

/**
 * ProfileBuilder interns functions, mappings and locations by content and
 * sums samples with identical stacks and labels. Ids are assigned 1..N.
 */
export class ProfileBuilder {
  private readonly functions: ProfileFunction[] = [];
  private readonly functionKeys = new Map<string, ProfileFunction>();
  private readonly mappings: Mapping[] = [];
  private readonly mappingKeys = new Map<string, Mapping>();
  private readonly locations: Location[] = [];
  private readonly locationKeys = new Map<string, number>();
  private readonly sampleKeys = new Map<string, number>();
  private readonly stacks: number[][] = [];
  private readonly values: number[][] = [];
  private readonly labels: BuilderLabel[][] = [];

  constructor(private readonly sampleTypes: readonly ValueType[]) {}

  /** function interns a function by name, system name, file and start line. */
  function(f: Omit<ProfileFunction, 'id'>): ProfileFunction {
    const key = `${f.name}\0${f.systemName}\0${f.filename}\0${f.startLine}`;
    let fn = this.functionKeys.get(key);
    if (fn === undefined) {
      fn = Object.freeze({ id: this.functions.length + 1, name: f.name, systemName: f.systemName, filename: f.filename, startLine: f.startLine });
      this.functions.push(fn);
      this.functionKeys.set(key, fn);
    }
    return fn;
  }

  /** mapping interns a mapping by file, build id and address range. */
  mapping(m: Omit<Mapping, 'id'>): Mapping {
    const key = `${m.filename}\0${m.buildId}\0${m.start}\0${m.limit}\0${m.offset}`;
    let out = this.mappingKeys.get(key);
    if (out === undefined) {
      out = Object.freeze({ ...m, id: this.mappings.length + 1 });
      this.mappings.push(out);
      this.mappingKeys.set(key, out);
    }
    return out;
  }

  /** location interns a location and returns its dense index. `lines` must use functions from this builder. */
  location(mapping: Mapping | null, address: bigint, lines: readonly Line[], isFolded = false): number {
    const key = `${mapping?.id ?? 0}\0${address}\0${isFolded ? 1 : 0}\0${lines.map((l) => `${l.function.id}:${l.line}:${l.column}`).join(',')}`;
    let idx = this.locationKeys.get(key);
    if (idx === undefined) {
      idx = this.locations.length;
      this.locations.push(Object.freeze({ id: idx + 1, mapping, address, lines: Object.freeze(lines.map((l) => Object.freeze({ ...l }))), isFolded }));
      this.locationKeys.set(key, idx);
    }
    return idx;
  }

  /** addSample adds values (one per sample type) to the sample with this stack (location indices, leaf first) and labels. */
  addSample(stack: readonly number[], values: readonly number[], labels: readonly BuilderLabel[] = []): void {
    const sorted = [...labels].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const key = stack.join(',') + '|' + sorted.map((l) => `${l[0]}\0${l[1] ?? ''}\0${l[1] === null ? l[2] : ''}\0${l[3]}`).join('\0\0');
    const at = this.sampleKeys.get(key);
    if (at !== undefined) {
      const v = this.values[at]!;
      for (let k = 0; k < v.length; k++) v[k]! += values[k] ?? 0;
      return;
    }
    this.sampleKeys.set(key, this.stacks.length);
    this.stacks.push([...stack]);
    this.values.push(this.sampleTypes.map((_, k) => values[k] ?? 0));
    this.labels.push(sorted);
  }

  /** build freezes everything into a Profile. */
  build(meta: ProfileMeta): Profile {
    const n = this.stacks.length;
    const nTypes = this.sampleTypes.length;
    const values = new Float64Array(n * nTypes);
    const stackStart = new Uint32Array(n + 1);
    const labelStart = new Uint32Array(n + 1);
    let stackTotal = 0;
    let labelTotal = 0;
    for (let i = 0; i < n; i++) {
      stackTotal += this.stacks[i]!.length;
      labelTotal += this.labels[i]!.length;
    }
    const stackLocations = new Uint32Array(stackTotal);
    const key = new Uint32Array(labelTotal);
    const str = new Uint32Array(labelTotal);
    const num = new Float64Array(labelTotal);
    const numUnit = new Uint32Array(labelTotal);
    const strings: string[] = [''];
    const stringIndex = new Map<string, number>([['', 0]]);
    const intern = (s: string): number => {
      let i = stringIndex.get(s);
      if (i === undefined) {
        i = strings.length;
        strings.push(s);
        stringIndex.set(s, i);
      }
      return i;
    };
    let sp = 0;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < nTypes; k++) values[i * nTypes + k] = this.values[i]![k]!;
      for (const loc of this.stacks[i]!) stackLocations[sp++] = loc;
      stackStart[i + 1] = sp;
      for (const [k, s, v, u] of this.labels[i]!) {
        key[lp] = intern(k);
        // A string label with an empty value cannot be told from a numeric one in profile.proto either.
        str[lp] = s === null ? 0 : intern(s);
        num[lp] = s === null ? v : 0;
        numUnit[lp] = s === null ? intern(u) : 0;
        lp++;
      }
      labelStart[i + 1] = lp;
    }
    return Object.freeze({
      sampleTypes: Object.freeze(this.sampleTypes.map((t) => Object.freeze({ ...t }))),
      defaultSampleType: meta.defaultSampleType,
      samples: Object.freeze({
        count: n,
        valueCount: nTypes,
        values,
        stackStart,
        stackLocations,
        labelStart,
        labels: Object.freeze({ key, str, num, numUnit }),
      }),
      locations: Object.freeze([...this.locations]),
      functions: Object.freeze([...this.functions]),
      mappings: Object.freeze([...this.mappings]),
      strings: Object.freeze(strings),
      dropFrames: meta.dropFrames,
      keepFrames: meta.keepFrames,
      timeNanos: meta.timeNanos,
      durationNanos: meta.durationNanos,
      periodType: meta.periodType,
      period: meta.period,
      comments: Object.freeze([...meta.comments]),
    });
  }
}
