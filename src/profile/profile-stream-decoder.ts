// profile-stream-decoder.ts decodes profile.proto incrementally, chunk by
// chunk as gunzip produces them, so the decompressed profile never has to sit
// in memory whole: only the decoded columns do. Top-level fields are parsed
// as soon as they are complete; a field cut by a chunk boundary waits in a
// small accumulator.
//
// Samples are decoded on arrival into typed columns holding raw location
// ids; Go writes samples before locations, so ids are resolved to dense
// indices in place at finish(). Columns are allocated once at an upper bound
// derived from the decompressed size (every id, value and label takes at
// least one byte): pages never written stay virtual and cost no resident
// memory, and nothing is copied to grow. When the size is unknown or the
// allocation is refused, columns fall back to doubling.
import type { LabelColumns, Line, Location, Mapping, Profile, ProfileFunction, ValueType } from './model.js';
import { Reader, WireError } from './wire-reader.js';

/**
 * ProfileCaps bounds what one profile may make the decoder hold. Each cap is
 * checked before the memory for the next entry is taken, so hostile input
 * (a 1 MB gzip of a billion empty strings, samples or locations: two bytes
 * each once decompressed) fails with a ProfileCapError instead of
 * exhausting the heap. Real profiles stay far below every cap: a 738k-sample
 * allocs profile has ~25k strings, ~60k locations and ~20M stack entries.
 */
export interface ProfileCaps {
  /** string_table entries. */
  readonly strings: number;
  /** UTF-8 bytes of all strings together. */
  readonly stringBytes: number;
  /** Functions, locations, mappings and sample types together (each becomes an object). */
  readonly entities: number;
  /** Line entries of all locations (inlined frames). */
  readonly lines: number;
  readonly samples: number;
  /** Location ids over all samples' stacks. */
  readonly stackEntries: number;
  /** Sample values over all samples. */
  readonly values: number;
  /** Labels over all samples. */
  readonly labels: number;
  readonly comments: number;
  /** One top-level field (a string, a sample, a location …). */
  readonly fieldBytes: number;
  /** Estimated bytes of everything decoded, together. */
  readonly totalBytes: number;
}

/** DEFAULT_PROFILE_CAPS: about 1.5 GiB at worst in total, 1 GiB estimated for the decoded profile. */
export const DEFAULT_PROFILE_CAPS: ProfileCaps = Object.freeze({
  strings: 1 << 22,
  stringBytes: 256 << 20,
  entities: 1 << 21,
  lines: 1 << 22,
  samples: 1 << 24,
  stackEntries: 1 << 26,
  values: 1 << 26,
  labels: 1 << 24,
  comments: 1 << 16,
  fieldBytes: 64 << 20,
  totalBytes: 1 << 30,
});

/** CapName names one cap, as in ProfileCaps. */
export type CapName = keyof ProfileCaps;

/** capWords says what each cap counts, for the error message. */
export const capWords: Readonly<Record<CapName, string>> = {
  strings: 'strings in the string table',
  stringBytes: 'bytes of strings',
  entities: 'functions, locations, mappings and sample types',
  lines: 'location lines',
  samples: 'samples',
  stackEntries: 'stack entries (location ids over all samples)',
  values: 'sample values',
  labels: 'sample labels',
  comments: 'comments',
  fieldBytes: 'bytes in one field',
  totalBytes: 'bytes of decoded profile (estimated)',
};

/** ProfileCapError: the input wants more than a cap allows; decode.ts names the file. */
export class ProfileCapError extends WireError {
  constructor(
    offset: number,
    readonly cap: CapName,
    readonly limit: number,
  ) {
    super(offset, `more than ${limit} ${capWords[cap]} (heapsight's cap): not a plausible profile`);
  }
}

// Estimated heap bytes per decoded object (V8 object, its array slot and the
// frozen public copy finish() makes): used for the total cap only.
const ENTITY_BYTES = 256;
const LINE_BYTES = 64;
const STRING_BYTES = 32;

/** Growable typed column with a bounded first allocation and a hard cap on its length. */
class Column<T extends Uint16Array | Uint32Array | Float64Array> {
  size = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
    readonly cap: number,
    readonly capName: CapName,
  ) {}
  static bounded<T extends Uint16Array | Uint32Array | Float64Array>(
    make: (n: number) => T,
    bound: number,
    fallback: number,
    cap: number,
    capName: CapName,
  ): Column<T> {
    let data: T;
    try {
      data = make(Math.max(16, Math.min(bound, cap)));
    } catch {
      data = make(Math.max(16, Math.min(fallback, cap)));
    }
    return new Column(data, make, cap, capName);
  }
  push(v: number): void {
    if (this.size === this.data.length) this.grow();
    this.data[this.size++] = v;
  }
  /** grow doubles the column, up to its cap; at the cap the next entry is a ProfileCapError. */
  grow(): void {
    if (this.data.length >= this.cap) throw new ProfileCapError(0, this.capName, this.cap);
    const n = Math.min(this.data.length * 2, this.cap);
    const next = this.make(n);
    next.set(this.data);
    this.data = next;
  }
  done(): T {
    return this.data.subarray(0, this.size) as T;
  }
  get usedBytes(): number {
    return this.size * this.data.BYTES_PER_ELEMENT;
  }
}

const u16 = (n: number): Uint16Array => new Uint16Array(n);
const u32 = (n: number): Uint32Array => new Uint32Array(n);
const f64 = (n: number): Float64Array => new Float64Array(n);

interface RawLocation {
  id: number;
  mappingId: number;
  address: bigint;
  /** Triples: function id, line, column. */
  lines: number[];
  isFolded: boolean;
  at: number;
}

/**
 * ProfileStreamDecoder: push() decompressed chunks in order, then finish().
 * Errors are WireError with absolute byte offsets into the decompressed
 * stream; decode.ts turns them into CorruptProfileError naming the file.
 */
export class ProfileStreamDecoder {
  private acc: Uint8Array = new Uint8Array(1 << 17);
  private accLen = 0;
  /** Absolute offset of acc[0] in the decompressed stream. */
  private accBase = 0;
  private readonly r = new Reader(new Uint8Array(0), 0, 0);
  private readonly text = new TextDecoder('utf-8');

  private readonly strings: string[] = [];
  private readonly sampleTypes: [number, number][] = [];
  private readonly functions: { id: number; name: number; systemName: number; filename: number; startLine: number; at: number }[] = [];
  private readonly mappings: { id: number; start: bigint; limit: bigint; offset: bigint; filename: number; buildId: number; flags: boolean[]; at: number }[] = [];
  private readonly locations: RawLocation[] = [];
  private dropFrames = 0;
  private keepFrames = 0;
  private timeNanos = 0n;
  private durationNanos = 0;
  private periodType: [number, number] | null = null;
  private period = 0;
  private defaultSampleType = 0;
  private readonly comments: number[] = [];

  private stack: Column<Uint16Array> | Column<Uint32Array>;
  private readonly stackStart: Column<Uint32Array>;
  private readonly values: Column<Float64Array>;
  private readonly labelStart: Column<Uint32Array>;
  private readonly lKey: Column<Uint32Array>;
  private readonly lStr: Column<Uint32Array>;
  private readonly lNum: Column<Float64Array>;
  private readonly lUnit: Column<Uint32Array>;
  private samples = 0;
  /** Every sample must carry the same number of values; -1 until the first sample. */
  private valuesPerSample = -1;
  private valueMismatchAt = -1;
  private maxStackId = 0;
  private entities = 0;
  private lineEntries = 0;
  private stringBytes = 0;
  /** Estimated bytes held in JS objects (strings, entities, lines); columns are measured directly. */
  private objectBytes = 0;
  private nextTotalCheck = 0;
  /** Offset in acc of the top-level field being decoded, for cap errors raised deep inside. */
  private fieldAt = 0;
  private readonly caps: ProfileCaps;

  /**
   * sizeHint is the expected decompressed size (0 = unknown); it bounds the
   * first column allocations. caps bound everything (DEFAULT_PROFILE_CAPS).
   */
  constructor(sizeHint = 0, caps: Partial<ProfileCaps> = {}) {
    const c = (this.caps = { ...DEFAULT_PROFILE_CAPS, ...caps });
    const b = sizeHint > 0 ? sizeHint : 0;
    // Every location id, value and label takes ≥ 1 byte; every sample ≥ 2 bytes; every label ≥ 4.
    this.stack = Column.bounded(u16, b, 1 << 16, c.stackEntries, 'stackEntries');
    this.values = Column.bounded(f64, b, 1 << 16, c.values, 'values');
    this.stackStart = Column.bounded(u32, b / 2 + 1, 1 << 14, c.samples + 1, 'samples');
    this.labelStart = Column.bounded(u32, b / 2 + 1, 1 << 14, c.samples + 1, 'samples');
    this.lKey = Column.bounded(u32, b / 4, 1 << 14, c.labels, 'labels');
    this.lStr = Column.bounded(u32, b / 4, 1 << 14, c.labels, 'labels');
    this.lNum = Column.bounded(f64, b / 4, 1 << 14, c.labels, 'labels');
    this.lUnit = Column.bounded(u32, b / 4, 1 << 14, c.labels, 'labels');
    this.stackStart.push(0);
    this.labelStart.push(0);
  }

  /** bytesSeen is how many decompressed bytes were pushed. */
  get bytesSeen(): number {
    return this.accBase + this.accLen;
  }

  /** push feeds the next decompressed bytes. */
  push(chunk: Uint8Array): void {
    if (this.accLen + chunk.length > this.acc.length) {
      let cap = this.acc.length;
      while (cap < this.accLen + chunk.length) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.acc.subarray(0, this.accLen));
      this.acc = next;
    }
    this.acc.set(chunk, this.accLen);
    this.accLen += chunk.length;
    let used: number;
    try {
      used = this.parse(this.acc, this.accLen);
    } catch (e) {
      // Offsets inside parse are relative to the accumulator; report absolute ones.
      if (e instanceof ProfileCapError) throw new ProfileCapError(this.fieldAt + this.accBase, e.cap, e.limit);
      if (e instanceof WireError) throw new WireError(e.offset + this.accBase, e.message);
      throw e;
    }
    // Keep the incomplete tail at the front.
    if (used > 0) {
      this.acc.copyWithin(0, used, this.accLen);
      this.accLen -= used;
      this.accBase += used;
    }
    // Shrink after a giant field has passed.
    if (this.acc.length > 1 << 20 && this.accLen < 1 << 16) {
      const next = new Uint8Array(1 << 17);
      next.set(this.acc.subarray(0, this.accLen));
      this.acc = next;
    }
  }

  /**
   * parse decodes every complete top-level field in buf[0..len) and returns
   * how many bytes it consumed.
   */
  private parse(buf: Uint8Array, len: number): number {
    const r = this.r;
    r.buf = buf;
    r.end = len;
    let pos = 0;
    while (pos < len) {
      // Is a whole field available? Look at tag and (for wire type 2) length first.
      const tagEnd = varintEnd(buf, pos, len);
      if (tagEnd < 0) break;
      r.pos = pos;
      r.end = len;
      const tag = r.uint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      const at = pos;
      if (field === 0) throw new WireError(at, 'field number 0');
      let bodyStart = tagEnd;
      let bodyEnd: number;
      if (wire === 0) {
        bodyEnd = varintEnd(buf, tagEnd, len);
        if (bodyEnd < 0) break;
      } else if (wire === 2) {
        const lenEnd = varintEnd(buf, tagEnd, len);
        if (lenEnd < 0) break;
        r.pos = tagEnd;
        const n = r.uint();
        bodyStart = lenEnd;
        bodyEnd = lenEnd + n;
        // Checked before the field is accumulated: a length prefix alone must not make heapsight buffer a gigabyte.
        if (n > this.caps.fieldBytes) {
          this.fieldAt = at;
          throw new ProfileCapError(0, 'fieldBytes', this.caps.fieldBytes);
        }
        if (bodyEnd > len) break;
      } else if (wire === 1) {
        bodyEnd = tagEnd + 8;
        if (bodyEnd > len) break;
      } else if (wire === 5) {
        bodyEnd = tagEnd + 4;
        if (bodyEnd > len) break;
      } else {
        throw new WireError(at, `invalid wire type ${wire}`);
      }
      this.field(field, wire, buf, tagEnd, bodyStart, bodyEnd, at);
      pos = bodyEnd;
    }
    return pos;
  }

  private field(field: number, wire: number, buf: Uint8Array, tagEnd: number, start: number, end: number, at: number): void {
    const r = this.r;
    this.fieldAt = at;
    // Two bytes of input can make an object (a function, a location): bound
    // how many hostile input can create, before creating the next one.
    if (wire === 2 && (field === 1 || field === 3 || field === 4 || field === 5)) {
      if (++this.entities > this.caps.entities) throw new ProfileCapError(0, 'entities', this.caps.entities);
      this.spend(ENTITY_BYTES);
    }
    r.pos = wire === 2 ? start : tagEnd;
    r.end = end;
    const base = this.accBase;
    if (wire === 2) {
      switch (field) {
        case 1:
          this.sampleTypes.push(this.valueType(start, end));
          return;
        case 2:
          this.sample(start, end, base);
          return;
        case 3:
          this.mapping(start, end, base);
          return;
        case 4:
          this.location(start, end, base);
          return;
        case 5:
          this.function(start, end, base);
          return;
        case 6:
          if (this.strings.length >= this.caps.strings) throw new ProfileCapError(0, 'strings', this.caps.strings);
          this.stringBytes += end - start;
          if (this.stringBytes > this.caps.stringBytes) throw new ProfileCapError(0, 'stringBytes', this.caps.stringBytes);
          this.spend(STRING_BYTES + (end - start));
          this.strings.push(end === start ? '' : this.text.decode(buf.subarray(start, end)));
          return;
        case 11:
          this.periodType = this.valueType(start, end);
          return;
        case 13:
          while (r.pos < end) this.comment(r.int());
          return;
        default:
          return; // unknown length-delimited field: skipped
      }
    }
    if (wire !== 0) return;
    switch (field) {
      case 7:
        this.dropFrames = r.int();
        return;
      case 8:
        this.keepFrames = r.int();
        return;
      case 9:
        this.timeNanos = BigInt.asIntN(64, r.big());
        return;
      case 10:
        this.durationNanos = r.int();
        return;
      case 12:
        this.period = r.int();
        return;
      case 13:
        this.comment(r.int());
        return;
      case 14:
        this.defaultSampleType = r.int();
        return;
      default:
        void at;
        return;
    }
  }

  private comment(i: number): void {
    if (this.comments.length >= this.caps.comments) throw new ProfileCapError(0, 'comments', this.caps.comments);
    this.comments.push(i);
  }

  /** spend charges estimated object bytes to the total cap. */
  private spend(n: number): void {
    this.objectBytes += n;
    if (this.objectBytes >= this.nextTotalCheck) {
      this.nextTotalCheck = this.objectBytes + (1 << 20);
      this.checkTotal();
    }
  }

  /** checkTotal compares everything held so far with the total cap. */
  private checkTotal(): void {
    const cols =
      this.stack.usedBytes + this.values.usedBytes + this.stackStart.usedBytes + this.labelStart.usedBytes +
      this.lKey.usedBytes + this.lStr.usedBytes + this.lNum.usedBytes + this.lUnit.usedBytes;
    if (this.objectBytes + cols > this.caps.totalBytes) throw new ProfileCapError(0, 'totalBytes', this.caps.totalBytes);
  }

  private valueType(start: number, end: number): [number, number] {
    const m = this.r;
    m.pos = start;
    m.end = end;
    let type = 0;
    let unit = 0;
    while (m.pos < end) {
      const tagAt = m.pos;
      const tag = m.uint();
      const f = tag >>> 3;
      const w = tag & 7;
      if (f === 1 && w === 0) type = m.int();
      else if (f === 2 && w === 0) unit = m.int();
      else m.skip(w, tagAt);
    }
    return [type, unit];
  }

  /** sample is the hot path: one call per sample, no allocation, column state in locals. */
  private sample(start: number, end: number, base: number): void {
    if (this.samples >= this.caps.samples) throw new ProfileCapError(0, 'samples', this.caps.samples);
    const m = this.r;
    m.pos = start;
    m.end = end;
    let nValues = 0;
    let stack = this.stack;
    let sdata = stack.data;
    let ssize = stack.size;
    const values = this.values;
    let vdata = values.data;
    let vsize = values.size;
    let maxId = this.maxStackId;
    while (m.pos < end) {
      const tagAt = m.pos;
      const tag = m.uint();
      const f = tag >>> 3;
      const w = tag & 7;
      if (f === 1 && (w === 2 || w === 0)) {
        // Location ids are stored as id - 1: for Go's dense ids (location i
        // has id i + 1) that already is the index, and finish() has nothing
        // to rewrite. Varints are decoded inline here: this is the hottest loop.
        let stop: number;
        let pos: number;
        const buf = m.buf;
        if (w === 2) {
          const n = m.length();
          pos = m.pos;
          stop = pos + n;
        } else {
          pos = m.pos;
          stop = -1;
        }
        // An empty packed field holds no ids.
        if (stop !== pos) do {
          let id: number;
          let b = buf[pos++]!;
          id = b;
          if (b >= 0x80) {
            b = buf[pos++]!;
            id = (id & 0x7f) | ((b & 0x7f) << 7);
            if (b >= 0x80) {
              b = buf[pos++]!;
              id |= (b & 0x7f) << 14;
              if (b >= 0x80) {
                m.pos = pos - 3;
                m.end = stop < 0 ? end : stop;
                id = m.uint();
                pos = m.pos;
              }
            }
          }
          if (pos > (stop < 0 ? end : stop)) throw new WireError(tagAt, 'truncated location id');
          if (id === 0) throw new WireError(tagAt, 'sample refers to location id 0');
          if (id > maxId) {
            maxId = id;
            if (id > 0xffffffff) throw new WireError(tagAt, `location id ${id} too large`);
            if (id - 1 > 0xffff && sdata instanceof Uint16Array) {
              stack.size = ssize;
              stack = this.widenStack();
              sdata = stack.data;
            }
          }
          if (ssize === sdata.length) {
            stack.size = ssize;
            stack.grow();
            sdata = stack.data;
          }
          sdata[ssize++] = id - 1;
        } while (pos < stop);
        m.pos = pos;
        m.end = end;
      } else if (f === 2 && (w === 2 || w === 0)) {
        let stop = m.pos + 1;
        if (w === 2) {
          const n = m.length();
          stop = m.pos + n;
          m.end = stop;
        }
        while (m.pos < stop) {
          const v = m.int();
          if (vsize === vdata.length) {
            values.size = vsize;
            values.grow();
            vdata = values.data;
          }
          vdata[vsize++] = v;
          nValues++;
          if (w === 0) break;
        }
        m.end = end;
      } else if (f === 3 && w === 2) {
        const n = m.length();
        const stop = m.pos + n;
        m.end = stop;
        let key = 0;
        let str = 0;
        let num = 0;
        let unit = 0;
        while (m.pos < stop) {
          const lt = m.pos;
          const t = m.uint();
          const lw = t & 7;
          const lf = t >>> 3;
          if (lw !== 0) m.skip(lw, lt);
          else if (lf === 1) key = m.int();
          else if (lf === 2) str = m.int();
          else if (lf === 3) num = m.int();
          else if (lf === 4) unit = m.int();
          else m.skip(lw, lt);
        }
        m.end = end;
        if (key < 0 || str < 0 || unit < 0 || key > 0xffffffff || str > 0xffffffff || unit > 0xffffffff) {
          throw new WireError(tagAt, 'label string index out of range');
        }
        this.lKey.push(key);
        this.lStr.push(str);
        this.lNum.push(num);
        this.lUnit.push(unit);
      } else m.skip(w, tagAt);
    }
    stack.size = ssize;
    values.size = vsize;
    this.maxStackId = maxId;
    if (this.valuesPerSample < 0) this.valuesPerSample = nValues;
    else if (nValues !== this.valuesPerSample && this.valueMismatchAt < 0) this.valueMismatchAt = base + start;
    this.samples++;
    // Columns enforce their own caps; the total is checked every 4096 samples (cheap, and a bounded overshoot).
    if ((this.samples & 4095) === 0) this.checkTotal();
    this.stackStart.push(ssize);
    this.labelStart.push(this.lKey.size);
  }

  private widenStack(): Column<Uint32Array> {
    const old = this.stack;
    let data: Uint32Array;
    try {
      data = new Uint32Array(Math.max(old.data.length, 16));
    } catch {
      data = new Uint32Array(Math.max(old.size * 2, 16));
    }
    data.set(old.data.subarray(0, old.size));
    const wide = new Column(data, u32, old.cap, old.capName);
    wide.size = old.size;
    this.stack = wide;
    return wide;
  }

  private function(start: number, end: number, base: number): void {
    const m = this.r;
    m.pos = start;
    m.end = end;
    const f = { id: 0, name: 0, systemName: 0, filename: 0, startLine: 0, at: base + start };
    while (m.pos < end) {
      const tagAt = m.pos;
      const tag = m.uint();
      const w = tag & 7;
      if (w !== 0) {
        m.skip(w, tagAt);
        continue;
      }
      switch (tag >>> 3) {
        case 1: f.id = m.uint(); break;
        case 2: f.name = m.int(); break;
        case 3: f.systemName = m.int(); break;
        case 4: f.filename = m.int(); break;
        case 5: f.startLine = m.int(); break;
        default: m.skip(w, tagAt);
      }
    }
    this.functions.push(f);
  }

  private mapping(start: number, end: number, base: number): void {
    const m = this.r;
    m.pos = start;
    m.end = end;
    const x = { id: 0, start: 0n, limit: 0n, offset: 0n, filename: 0, buildId: 0, flags: [false, false, false, false], at: base + start };
    while (m.pos < end) {
      const tagAt = m.pos;
      const tag = m.uint();
      const w = tag & 7;
      const f = tag >>> 3;
      if (w !== 0) {
        m.skip(w, tagAt);
        continue;
      }
      if (f === 1) x.id = m.uint();
      else if (f === 2) x.start = m.big();
      else if (f === 3) x.limit = m.big();
      else if (f === 4) x.offset = m.big();
      else if (f === 5) x.filename = m.int();
      else if (f === 6) x.buildId = m.int();
      else if (f >= 7 && f <= 10) x.flags[f - 7] = m.uint() !== 0;
      else m.skip(w, tagAt);
    }
    this.mappings.push(x);
  }

  private location(start: number, end: number, base: number): void {
    const m = this.r;
    m.pos = start;
    m.end = end;
    const loc: RawLocation = { id: 0, mappingId: 0, address: 0n, lines: [], isFolded: false, at: base + start };
    while (m.pos < end) {
      const tagAt = m.pos;
      const tag = m.uint();
      const w = tag & 7;
      const f = tag >>> 3;
      if (f === 4 && w === 2) {
        const n = m.length();
        const stop = m.pos + n;
        m.end = stop;
        let fid = 0;
        let line = 0;
        let column = 0;
        while (m.pos < stop) {
          const lt = m.pos;
          const t = m.uint();
          const lw = t & 7;
          if (lw !== 0) m.skip(lw, lt);
          else if (t >>> 3 === 1) fid = m.uint();
          else if (t >>> 3 === 2) line = m.int();
          else if (t >>> 3 === 3) column = m.int();
          else m.skip(lw, lt);
        }
        m.end = end;
        if (++this.lineEntries > this.caps.lines) throw new ProfileCapError(0, 'lines', this.caps.lines);
        this.spend(LINE_BYTES);
        loc.lines.push(fid, line, column);
        continue;
      }
      if (w !== 0) {
        m.skip(w, tagAt);
        continue;
      }
      if (f === 1) loc.id = m.uint();
      else if (f === 2) loc.mappingId = m.uint();
      else if (f === 3) loc.address = m.big();
      else if (f === 5) loc.isFolded = m.uint() !== 0;
      else m.skip(w, tagAt);
    }
    this.locations.push(loc);
  }

  /** finish resolves ids and string indices and returns the immutable Profile. */
  finish(): Profile {
    if (this.accLen > 0) throw new WireError(this.accBase, `truncated: ${this.accLen} bytes of an incomplete field at the end`);
    const strings = this.strings;
    if (strings.length === 0) strings.push('');
    if (strings[0] !== '') throw new WireError(0, 'string_table[0] must be the empty string');
    const str = (i: number, at: number): string => {
      const s = strings[i];
      if (s === undefined || i < 0) throw new WireError(at, `string index ${i} out of range (table has ${strings.length})`);
      return s;
    };
    const vt = ([t, u]: [number, number]): ValueType => Object.freeze({ type: str(t, 0), unit: str(u, 0) });

    const functionById = new Map<number, ProfileFunction>();
    const functions: ProfileFunction[] = [];
    for (const f of this.functions) {
      if (f.id === 0) throw new WireError(f.at, 'function with id 0');
      if (functionById.has(f.id)) throw new WireError(f.at, `duplicate function id ${f.id}`);
      const fn: ProfileFunction = Object.freeze({
        id: f.id,
        name: str(f.name, f.at),
        systemName: str(f.systemName, f.at),
        filename: str(f.filename, f.at),
        startLine: f.startLine,
      });
      functionById.set(f.id, fn);
      functions.push(fn);
    }
    const mappingById = new Map<number, Mapping>();
    const mappings: Mapping[] = [];
    for (const x of this.mappings) {
      if (x.id === 0) throw new WireError(x.at, 'mapping with id 0');
      if (mappingById.has(x.id)) throw new WireError(x.at, `duplicate mapping id ${x.id}`);
      const mp: Mapping = Object.freeze({
        id: x.id,
        start: x.start,
        limit: x.limit,
        offset: x.offset,
        filename: str(x.filename, x.at),
        buildId: str(x.buildId, x.at),
        hasFunctions: x.flags[0]!,
        hasFilenames: x.flags[1]!,
        hasLineNumbers: x.flags[2]!,
        hasInlineFrames: x.flags[3]!,
      });
      mappingById.set(x.id, mp);
      mappings.push(mp);
    }
    const locations: Location[] = [];
    let maxId = 0;
    for (const l of this.locations) {
      if (l.id === 0) throw new WireError(l.at, 'location with id 0');
      if (l.id > maxId) maxId = l.id;
      let mapping: Mapping | null = null;
      if (l.mappingId !== 0) {
        mapping = mappingById.get(l.mappingId) ?? null;
        if (mapping === null) throw new WireError(l.at, `location ${l.id} refers to missing mapping id ${l.mappingId}`);
      }
      const lines: Line[] = [];
      for (let k = 0; k < l.lines.length; k += 3) {
        const fn = functionById.get(l.lines[k]!);
        if (fn === undefined) throw new WireError(l.at, `location ${l.id} refers to missing function id ${l.lines[k]}`);
        lines.push(Object.freeze({ function: fn, line: l.lines[k + 1]!, column: l.lines[k + 2]! }));
      }
      locations.push(Object.freeze({ id: l.id, mapping, address: l.address, lines: Object.freeze(lines), isFolded: l.isFolded }));
    }

    // Resolve raw location ids to dense indices, in place. Go numbers
    // locations 1..N, so an array indexed by id is the common case.
    const span = Math.min(maxId, this.maxStackId);
    const lookup = new Int32Array(span <= 4 * locations.length + (1 << 16) ? span + 1 : 0).fill(-1);
    const sparse = new Map<number, number>();
    for (let i = 0; i < locations.length; i++) {
      const id = locations[i]!.id;
      const dup = id < lookup.length ? lookup[id] !== -1 : sparse.has(id);
      if (dup) throw new WireError(this.locations[i]!.at, `duplicate location id ${id}`);
      if (id < lookup.length) lookup[id] = i;
      else sparse.set(id, i);
    }
    let stack: Uint16Array | Uint32Array = this.stack.done();
    if (stack instanceof Uint16Array && locations.length > 0x10000) {
      const wide = new Uint32Array(stack.length);
      wide.set(stack);
      stack = wide;
    }
    const starts = this.stackStart.data;
    const missing = (i: number, id: number): WireError => {
      let s = 0;
      while (starts[s + 1]! <= i) s++;
      return new WireError(0, `sample ${s} refers to missing location id ${id}`);
    };
    let dense = true;
    for (let i = 0; dense && i < locations.length; i++) dense = locations[i]!.id === i + 1;
    if (dense) {
      // Stored values are id - 1, which for dense ids is the index: only check the range.
      if (this.maxStackId > locations.length) {
        for (let i = 0; i < stack.length; i++) if (stack[i]! >= locations.length) throw missing(i, stack[i]! + 1);
      }
    } else {
      for (let i = 0; i < stack.length; i++) {
        const id = stack[i]! + 1;
        const idx = id < lookup.length ? lookup[id]! : (sparse.get(id) ?? -1);
        if (idx < 0) throw missing(i, id);
        stack[i] = idx;
      }
    }
    return this.build(strings, str, vt, functions, mappings, locations, stack);
  }

  private build(
    strings: string[],
    str: (i: number, at: number) => string,
    vt: (t: [number, number]) => ValueType,
    functions: ProfileFunction[],
    mappings: Mapping[],
    locations: Location[],
    stack: Uint16Array | Uint32Array,
  ): Profile {
    const nTypes = this.sampleTypes.length;
    if (this.valueMismatchAt >= 0) {
      throw new WireError(this.valueMismatchAt, `samples carry different numbers of values (profile has ${nTypes} sample types)`);
    }
    if (this.samples > 0 && this.valuesPerSample !== nTypes) {
      throw new WireError(0, `samples have ${this.valuesPerSample} values but the profile has ${nTypes} sample types`);
    }
    const nStrings = strings.length;
    const lKey = this.lKey.done();
    const lStr = this.lStr.done();
    const lUnit = this.lUnit.done();
    for (let j = 0; j < lKey.length; j++) {
      if (lKey[j]! >= nStrings || lStr[j]! >= nStrings || lUnit[j]! >= nStrings) throw new WireError(0, 'label string index out of range');
    }
    const labels: LabelColumns = Object.freeze({ key: lKey, str: lStr, num: this.lNum.done(), numUnit: lUnit });
    return Object.freeze({
      sampleTypes: Object.freeze(this.sampleTypes.map(vt)),
      defaultSampleType: str(this.defaultSampleType, 0),
      samples: Object.freeze({
        count: this.samples,
        valueCount: nTypes,
        values: this.values.done(),
        stackStart: this.stackStart.done(),
        stackLocations: stack,
        labelStart: this.labelStart.done(),
        labels,
      }),
      locations: Object.freeze(locations),
      functions: Object.freeze(functions),
      mappings: Object.freeze(mappings),
      strings: Object.freeze(strings),
      dropFrames: str(this.dropFrames, 0),
      keepFrames: str(this.keepFrames, 0),
      timeNanos: this.timeNanos,
      durationNanos: this.durationNanos,
      periodType: this.periodType === null ? null : vt(this.periodType),
      period: this.period,
      comments: Object.freeze(this.comments.map((c) => str(c, 0))),
    });
  }
}

/** varintEnd returns the index after the varint at pos, or -1 when it is cut off by len. */
function varintEnd(buf: Uint8Array, pos: number, len: number): number {
  for (let i = 0; i < 10; i++) {
    if (pos + i >= len) return -1;
    if (buf[pos + i]! < 0x80) return pos + i + 1;
  }
  throw new WireError(pos, 'varint longer than 10 bytes');
}
