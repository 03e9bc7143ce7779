// decode.ts turns profile.proto bytes (gzip-compressed or raw) into a
// Profile. It is a hand-written protobuf reader: FACTS.md measured a generic
// reader at ~16 MB/s, and heapsight's bar is gunzip plus one indexing pass.
//
// Two passes over the top-level message: the first decodes strings,
// functions, mappings and locations and only records where each Sample
// message lies; the second decodes samples straight into typed arrays with
// location ids already resolved to dense indices. Go writes samples before
// locations, so a single pass would have to store raw ids and fix them up.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { LabelColumns, Location, Mapping, Profile, ProfileFunction, ValueType } from './model.js';
import { CorruptProfileError, NotAProfileError, ProfileTooLargeError } from './profile-error.js';

export { CorruptProfileError, NotAProfileError, ProfileTooLargeError } from './profile-error.js';

/** DEFAULT_MAX_PROFILE_BYTES caps the decompressed size: 1 GiB, far above real profiles (a 738k-sample allocs profile is ~30 MB). */
export const DEFAULT_MAX_PROFILE_BYTES = 1 << 30;

/** DecodeOptions tunes decoding. */
export interface DecodeOptions {
  /** Refuse profiles larger than this after gunzip (gzip-bomb guard). */
  readonly maxDecompressedBytes?: number;
}

/** Internal: a protobuf-level failure at a byte offset, named with the file later. */
class WireError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const TWO_32 = 4294967296;

/**
 * Reader walks protobuf wire format over a Uint8Array. Varints are read as
 * two 32-bit halves so int64 values (negative in delta profiles: 10-byte
 * varints) come back exact as doubles while |v| < 2^53.
 */
class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    public end: number,
  ) {
    this.pos = start;
  }

  /** lohi reads a varint into this.lo / this.hi (unsigned 32-bit halves). */
  lo = 0;
  hi = 0;
  private readRaw(): void {
    const buf = this.buf;
    let pos = this.pos;
    const end = this.end;
    let lo = 0;
    let hi = 0;
    let b: number;
    // Bytes 0..3 carry bits 0..27.
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw new WireError(pos, 'truncated varint');
      b = buf[pos++]!;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = 0;
        return;
      }
    }
    // Byte 4 carries bits 28..34: 4 into lo, 3 into hi.
    if (pos >= end) throw new WireError(pos, 'truncated varint');
    b = buf[pos++]!;
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (shift > 63) throw new WireError(pos, 'varint longer than 10 bytes');
        if (pos >= end) throw new WireError(pos, 'truncated varint');
        b = buf[pos++]!;
        if (shift < 32) hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
    }
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** uint reads an unsigned varint as a double (uint64; exact below 2^53). */
  uint(): number {
    const buf = this.buf;
    const pos = this.pos;
    // Fast paths: one- and two-byte varints are most ids, string indices and tags.
    if (pos + 1 < this.end) {
      const b = buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
      const b2 = buf[pos + 1]!;
      if (b2 < 0x80) {
        this.pos = pos + 2;
        return (b & 0x7f) | (b2 << 7);
      }
    } else if (pos < this.end) {
      const b = buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    this.readRaw();
    return this.hi * TWO_32 + this.lo;
  }

  /** int reads a varint as signed int64 (two's complement), as a double. */
  int(): number {
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    this.readRaw();
    return (this.hi | 0) * TWO_32 + this.lo;
  }

  /** big reads a varint as an unsigned 64-bit bigint (addresses). */
  big(): bigint {
    this.readRaw();
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** length reads a length prefix and checks it fits the enclosing message. */
  length(): number {
    const at = this.pos;
    const n = this.uint();
    if (n > this.end - this.pos) throw new WireError(at, `length ${n} runs past the end of the message`);
    return n;
  }

  /** skip skips a field of the given wire type. */
  skip(wireType: number, tagAt: number): void {
    switch (wireType) {
      case 0:
        this.readRaw();
        return;
      case 1:
        if (this.end - this.pos < 8) throw new WireError(this.pos, 'truncated fixed64');
        this.pos += 8;
        return;
      case 2: {
        const n = this.length();
        this.pos += n;
        return;
      }
      case 5:
        if (this.end - this.pos < 4) throw new WireError(this.pos, 'truncated fixed32');
        this.pos += 4;
        return;
      default:
        throw new WireError(tagAt, `invalid wire type ${wireType}`);
    }
  }
}

/** Growable Uint32 column; doubles when full so appends stay amortised O(1). */
class U32Column {
  data: Uint32Array;
  size = 0;
  constructor(initial: number) {
    this.data = new Uint32Array(Math.max(16, initial));
  }
  push(v: number): void {
    if (this.size === this.data.length) this.grow();
    this.data[this.size++] = v;
  }
  grow(): void {
    const next = new Uint32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
  /** done returns an exact-length copy so the oversized buffer can be freed. */
  done(): Uint32Array {
    return this.data.slice(0, this.size);
  }
}

class F64Column {
  data: Float64Array;
  size = 0;
  constructor(initial: number) {
    this.data = new Float64Array(Math.max(16, initial));
  }
  push(v: number): void {
    if (this.size === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.size++] = v;
  }
  done(): Float64Array {
    return this.data.slice(0, this.size);
  }
}

/** Span is where one embedded message lies in the buffer. */
type SpanList = U32Column; // pairs: start, end

interface RawFunction {
  id: number;
  name: number;
  systemName: number;
  filename: number;
  startLine: number;
}

const legacyPrefixes: readonly [RegExp, string][] = [
  [/^heap profile:/, 'a legacy text heap profile (runtime/pprof debug=1 output)'],
  [/^heap_v2\//, 'a legacy text heap profile'],
  [/^\S+ profile: total \d+/, 'a legacy text count profile (goroutine/threadcreate debug=1 output)'],
  [/^--- (contention|mutex|threadz)/, 'a legacy text contention profile'],
  [/^goroutine \d+ \[/, 'a goroutine dump (debug=2 output), not a profile'],
];

/** sniffNotProfile says why bytes are clearly not profile.proto, or null when they may be. */
function sniffNotProfile(raw: Uint8Array): { reason: string; legacy: boolean } | null {
  if (raw.length === 0) return { reason: 'empty file', legacy: false };
  // Legacy binary CPU profile: header words 0, 3, 0 (32- or 64-bit, either endian).
  if (raw.length >= 24) {
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const w64le = dv.getBigUint64(0, true) === 0n && dv.getBigUint64(8, true) === 3n;
    const w64be = dv.getBigUint64(0, false) === 0n && dv.getBigUint64(8, false) === 3n;
    const w32le = dv.getUint32(0, true) === 0 && dv.getUint32(4, true) === 3;
    const w32be = dv.getUint32(0, false) === 0 && dv.getUint32(4, false) === 3;
    if (w64le || w64be || w32le || w32be) return { reason: 'legacy format (binary CPU profile); convert it with `go tool pprof -proto`', legacy: true };
  }
  // Text: no control bytes other than tab, newline, carriage return in the head.
  const head = raw.subarray(0, 4096);
  let text = true;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) {
      text = false;
      break;
    }
  }
  if (!text) return null;
  const start = new TextDecoder().decode(raw.subarray(0, 256)).replace(/^\s+/, '');
  for (const [re, what] of legacyPrefixes) {
    if (re.test(start)) return { reason: `legacy format: ${what}; write it with debug=0 or convert it with \`go tool pprof -proto\``, legacy: true };
  }
  return { reason: 'looks like a text file, not profile.proto (gzip or raw protobuf)', legacy: false };
}

/** decompress gunzips when the bytes start with the gzip magic, enforcing the size limit. */
function decompress(file: string, data: Uint8Array, limit: number): Uint8Array {
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      return gunzipSync(data, { maxOutputLength: limit });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new ProfileTooLargeError(file, limit);
      throw new CorruptProfileError(file, null, `decompressing profile: ${err.message}`);
    }
  }
  if (data.length > limit) throw new ProfileTooLargeError(file, limit);
  return data;
}

/**
 * decodeProfile decodes profile.proto bytes (gzip or raw). `file` names the
 * origin in errors. Throws NotAProfileError, CorruptProfileError or
 * ProfileTooLargeError (all InputError); never anything else for bad input.
 */
export function decodeProfile(data: Uint8Array, file: string, options: DecodeOptions = {}): Profile {
  const limit = options.maxDecompressedBytes ?? DEFAULT_MAX_PROFILE_BYTES;
  if (data.length === 0) throw new NotAProfileError(file, 'empty file');
  const raw = decompress(file, data, limit);
  const sniff = sniffNotProfile(raw);
  if (sniff) throw new NotAProfileError(file, sniff.reason);
  let profile: Profile;
  try {
    profile = decodeRaw(raw);
  } catch (e) {
    if (e instanceof WireError) throw new CorruptProfileError(file, e.offset, e.message);
    if (e instanceof RangeError) {
      // Typed-array allocation failures on absurd counts: treat as corrupt, not a crash.
      throw new CorruptProfileError(file, null, e.message);
    }
    throw e;
  }
  if (profile.sampleTypes.length === 0) {
    throw new NotAProfileError(file, 'protobuf without sample types (not a pprof profile)');
  }
  return profile;
}

/** readProfile reads and decodes a profile file; a missing file is an InputError too. */
export async function readProfile(path: string, options: DecodeOptions = {}): Promise<Profile> {
  let data: Uint8Array;
  try {
    data = await readFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new NotAProfileError(path, err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message);
  }
  return decodeProfile(data, path, options);
}

function decodeRaw(buf: Uint8Array): Profile {
  const r = new Reader(buf, 0, buf.length);
  const strings: string[] = [];
  const textDecoder = new TextDecoder('utf-8');
  const sampleTypes: [number, number][] = [];
  const sampleSpans: SpanList = new U32Column(1024);
  const mappingSpans: SpanList = new U32Column(16);
  const locationSpans: SpanList = new U32Column(1024);
  const functionSpans: SpanList = new U32Column(1024);
  const comments: number[] = [];
  let dropFrames = 0;
  let keepFrames = 0;
  let timeNanos = 0n;
  let durationNanos = 0;
  let periodType: [number, number] | null = null;
  let period = 0;
  let defaultSampleType = 0;
  let sampleBytes = 0;

  const readValueType = (start: number, end: number): [number, number] => {
    const m = new Reader(buf, start, end);
    let type = 0;
    let unit = 0;
    while (m.pos < m.end) {
      const tagAt = m.pos;
      const tag = m.uint();
      const f = Math.floor(tag / 8);
      const w = tag & 7;
      if (f === 1 && w === 0) type = m.int();
      else if (f === 2 && w === 0) unit = m.int();
      else m.skip(w, tagAt);
    }
    return [type, unit];
  };

  // Pass 1.
  while (r.pos < r.end) {
    const tagAt = r.pos;
    const tag = r.uint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 0) throw new WireError(tagAt, 'field number 0');
    if (wire === 2 && field <= 6) {
      const n = r.length();
      const start = r.pos;
      const end = start + n;
      r.pos = end;
      switch (field) {
        case 1:
          sampleTypes.push(readValueType(start, end));
          break;
        case 2:
          sampleSpans.push(start);
          sampleSpans.push(end);
          sampleBytes += n;
          break;
        case 3:
          mappingSpans.push(start);
          mappingSpans.push(end);
          break;
        case 4:
          locationSpans.push(start);
          locationSpans.push(end);
          break;
        case 5:
          functionSpans.push(start);
          functionSpans.push(end);
          break;
        case 6:
          strings.push(n === 0 ? '' : textDecoder.decode(buf.subarray(start, end)));
          break;
      }
      continue;
    }
    switch (field) {
      case 7:
        if (wire !== 0) r.skip(wire, tagAt);
        else dropFrames = r.int();
        break;
      case 8:
        if (wire !== 0) r.skip(wire, tagAt);
        else keepFrames = r.int();
        break;
      case 9:
        if (wire !== 0) r.skip(wire, tagAt);
        else timeNanos = BigInt.asIntN(64, r.big());
        break;
      case 10:
        if (wire !== 0) r.skip(wire, tagAt);
        else durationNanos = r.int();
        break;
      case 11:
        if (wire !== 2) r.skip(wire, tagAt);
        else {
          const n = r.length();
          periodType = readValueType(r.pos, r.pos + n);
          r.pos += n;
        }
        break;
      case 12:
        if (wire !== 0) r.skip(wire, tagAt);
        else period = r.int();
        break;
      case 13:
        if (wire === 0) comments.push(r.int());
        else if (wire === 2) {
          const n = r.length();
          const m = new Reader(buf, r.pos, r.pos + n);
          while (m.pos < m.end) comments.push(m.int());
          r.pos += n;
        } else r.skip(wire, tagAt);
        break;
      case 14:
        if (wire !== 0) r.skip(wire, tagAt);
        else defaultSampleType = r.int();
        break;
      default:
        r.skip(wire, tagAt);
    }
  }

  if (strings.length === 0) strings.push('');
  if (strings[0] !== '') throw new WireError(0, 'string_table[0] must be the empty string');
  const str = (i: number, at: number): string => {
    const s = strings[i];
    if (s === undefined || i < 0) throw new WireError(at, `string index ${i} out of range (table has ${strings.length})`);
    return s;
  };
  const vt = ([t, u]: [number, number], at: number): ValueType => Object.freeze({ type: str(t, at), unit: str(u, at) });

  // Functions.
  const functions: ProfileFunction[] = [];
  const functionById = new Map<number, ProfileFunction>();
  for (let k = 0; k < functionSpans.size; k += 2) {
    const start = functionSpans.data[k]!;
    const m = new Reader(buf, start, functionSpans.data[k + 1]!);
    const f: RawFunction = { id: 0, name: 0, systemName: 0, filename: 0, startLine: 0 };
    while (m.pos < m.end) {
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
    if (f.id === 0) throw new WireError(start, 'function with id 0');
    const fn: ProfileFunction = Object.freeze({
      id: f.id,
      name: str(f.name, start),
      systemName: str(f.systemName, start),
      filename: str(f.filename, start),
      startLine: f.startLine,
    });
    if (functionById.has(f.id)) throw new WireError(start, `duplicate function id ${f.id}`);
    functionById.set(f.id, fn);
    functions.push(fn);
  }

  // Mappings.
  const mappings: Mapping[] = [];
  const mappingById = new Map<number, Mapping>();
  for (let k = 0; k < mappingSpans.size; k += 2) {
    const startAt = mappingSpans.data[k]!;
    const m = new Reader(buf, startAt, mappingSpans.data[k + 1]!);
    let id = 0;
    let start = 0n;
    let limit = 0n;
    let offset = 0n;
    let filename = 0;
    let buildId = 0;
    const flags = [false, false, false, false];
    while (m.pos < m.end) {
      const tagAt = m.pos;
      const tag = m.uint();
      const w = tag & 7;
      const f = tag >>> 3;
      if (w !== 0) {
        m.skip(w, tagAt);
        continue;
      }
      if (f === 1) id = m.uint();
      else if (f === 2) start = m.big();
      else if (f === 3) limit = m.big();
      else if (f === 4) offset = m.big();
      else if (f === 5) filename = m.int();
      else if (f === 6) buildId = m.int();
      else if (f >= 7 && f <= 10) flags[f - 7] = m.uint() !== 0;
      else m.skip(w, tagAt);
    }
    if (id === 0) throw new WireError(startAt, 'mapping with id 0');
    const mapping: Mapping = Object.freeze({
      id,
      start,
      limit,
      offset,
      filename: str(filename, startAt),
      buildId: str(buildId, startAt),
      hasFunctions: flags[0]!,
      hasFilenames: flags[1]!,
      hasLineNumbers: flags[2]!,
      hasInlineFrames: flags[3]!,
    });
    if (mappingById.has(id)) throw new WireError(startAt, `duplicate mapping id ${id}`);
    mappingById.set(id, mapping);
    mappings.push(mapping);
  }

  // Locations.
  const locations: Location[] = [];
  const locationIds: number[] = [];
  for (let k = 0; k < locationSpans.size; k += 2) {
    const startAt = locationSpans.data[k]!;
    const m = new Reader(buf, startAt, locationSpans.data[k + 1]!);
    let id = 0;
    let mappingId = 0;
    let address = 0n;
    let isFolded = false;
    const lines: { function: ProfileFunction; line: number; column: number }[] = [];
    while (m.pos < m.end) {
      const tagAt = m.pos;
      const tag = m.uint();
      const w = tag & 7;
      const f = tag >>> 3;
      if (f === 4 && w === 2) {
        const n = m.length();
        const l = new Reader(buf, m.pos, m.pos + n);
        m.pos += n;
        let fid = 0;
        let line = 0;
        let column = 0;
        while (l.pos < l.end) {
          const lt = l.pos;
          const t = l.uint();
          const lw = t & 7;
          if (lw !== 0) l.skip(lw, lt);
          else if (t >>> 3 === 1) fid = l.uint();
          else if (t >>> 3 === 2) line = l.int();
          else if (t >>> 3 === 3) column = l.int();
          else l.skip(lw, lt);
        }
        const fn = functionById.get(fid);
        if (fn === undefined) throw new WireError(tagAt, `location line refers to missing function id ${fid}`);
        lines.push(Object.freeze({ function: fn, line, column }));
        continue;
      }
      if (w !== 0) {
        m.skip(w, tagAt);
        continue;
      }
      if (f === 1) id = m.uint();
      else if (f === 2) mappingId = m.uint();
      else if (f === 3) address = m.big();
      else if (f === 5) isFolded = m.uint() !== 0;
      else m.skip(w, tagAt);
    }
    if (id === 0) throw new WireError(startAt, 'location with id 0');
    let mapping: Mapping | null = null;
    if (mappingId !== 0) {
      mapping = mappingById.get(mappingId) ?? null;
      if (mapping === null) throw new WireError(startAt, `location ${id} refers to missing mapping id ${mappingId}`);
    }
    locations.push(Object.freeze({ id, mapping, address, lines: Object.freeze(lines), isFolded }));
    locationIds.push(id);
  }

  // Dense id → index lookup. Go numbers locations 1..N, so an array indexed
  // by id is the common case; sparse or huge ids fall back to a Map.
  let maxId = 0;
  for (const id of locationIds) if (id > maxId) maxId = id;
  let lookupArray: Int32Array | null = null;
  let lookupMap: Map<number, number> | null = null;
  if (maxId <= 4 * locationIds.length + 1024) {
    lookupArray = new Int32Array(maxId + 1).fill(-1);
    for (let i = 0; i < locationIds.length; i++) {
      if (lookupArray[locationIds[i]!] !== -1) throw new WireError(locationSpans.data[2 * i]!, `duplicate location id ${locationIds[i]}`);
      lookupArray[locationIds[i]!] = i;
    }
  } else {
    lookupMap = new Map();
    for (let i = 0; i < locationIds.length; i++) {
      if (lookupMap.has(locationIds[i]!)) throw new WireError(locationSpans.data[2 * i]!, `duplicate location id ${locationIds[i]}`);
      lookupMap.set(locationIds[i]!, i);
    }
  }

  // Pass 2: samples. This loop is the decoder's hot path (millions of
  // samples, tens of millions of location ids): one reused Reader, typed
  // arrays written directly, no per-sample allocation.
  const nTypes = sampleTypes.length;
  const count = sampleSpans.size / 2;
  const values = new Float64Array(count * nTypes);
  const stackStart = new Uint32Array(count + 1);
  const labelStart = new Uint32Array(count + 1);
  // Each location id takes at least one byte; ids ≥ 128 take two, so a
  // third of the sample bytes is a fair first guess.
  let stack = new Uint32Array(Math.max(1024, Math.floor(sampleBytes / 3)));
  let sp = 0;
  const lKey = new U32Column(count);
  const lStr = new U32Column(count);
  const lNum = new F64Column(count);
  const lUnit = new U32Column(count);
  const nStrings = strings.length;
  const spans = sampleSpans.data;
  const m = new Reader(buf, 0, 0);
  for (let i = 0; i < count; i++) {
    const start = spans[2 * i]!;
    const end = spans[2 * i + 1]!;
    m.pos = start;
    m.end = end;
    let nValues = 0;
    const base = i * nTypes;
    while (m.pos < end) {
      const tagAt = m.pos;
      const tag = m.uint();
      const f = tag >>> 3;
      const w = tag & 7;
      if (f === 1 && w === 2) {
        const n = m.length();
        const stop = m.pos + n;
        m.end = stop;
        while (m.pos < stop) {
          const at = m.pos;
          const id = m.uint();
          const idx = lookupArray !== null ? (id <= maxId ? lookupArray[id]! : -1) : (lookupMap!.get(id) ?? -1);
          if (idx < 0) throw new WireError(at, `sample refers to missing location id ${id}`);
          if (sp === stack.length) {
            const next = new Uint32Array(stack.length * 2);
            next.set(stack);
            stack = next;
          }
          stack[sp++] = idx;
        }
        m.end = end;
      } else if (f === 2 && w === 2) {
        const n = m.length();
        const stop = m.pos + n;
        m.end = stop;
        while (m.pos < stop) {
          const v = m.int();
          if (nValues < nTypes) values[base + nValues] = v;
          nValues++;
        }
        m.end = end;
      } else if (f === 1 && w === 0) {
        const id = m.uint();
        const idx = lookupArray !== null ? (id <= maxId ? lookupArray[id]! : -1) : (lookupMap!.get(id) ?? -1);
        if (idx < 0) throw new WireError(tagAt, `sample refers to missing location id ${id}`);
        if (sp === stack.length) {
          const next = new Uint32Array(stack.length * 2);
          next.set(stack);
          stack = next;
        }
        stack[sp++] = idx;
      } else if (f === 2 && w === 0) {
        const v = m.int();
        if (nValues < nTypes) values[base + nValues] = v;
        nValues++;
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
        if (key < 0 || key >= nStrings || str < 0 || str >= nStrings || unit < 0 || unit >= nStrings) {
          throw new WireError(tagAt, 'label string index out of range');
        }
        lKey.push(key);
        lStr.push(str);
        lNum.push(num);
        lUnit.push(unit);
      } else m.skip(w, tagAt);
    }
    if (nValues !== nTypes) {
      throw new WireError(start, `sample ${i} has ${nValues} values but the profile has ${nTypes} sample types`);
    }
    stackStart[i + 1] = sp;
    labelStart[i + 1] = lKey.size;
  }
  // Keep the grown buffer when it is mostly used; copying would double the peak.
  const stackLocations = sp > stack.length * 0.75 ? stack.subarray(0, sp) : stack.slice(0, sp);

  const labels: LabelColumns = Object.freeze({ key: lKey.done(), str: lStr.done(), num: lNum.done(), numUnit: lUnit.done() });
  return Object.freeze({
    sampleTypes: Object.freeze(sampleTypes.map((t) => vt(t, 0))),
    defaultSampleType: str(defaultSampleType, 0),
    samples: Object.freeze({
      count,
      valueCount: nTypes,
      values,
      stackStart,
      stackLocations,
      labelStart,
      labels,
    }),
    locations: Object.freeze(locations),
    functions: Object.freeze(functions),
    mappings: Object.freeze(mappings),
    strings: Object.freeze(strings),
    dropFrames: str(dropFrames, 0),
    keepFrames: str(keepFrames, 0),
    timeNanos,
    durationNanos,
    periodType: periodType === null ? null : vt(periodType, 0),
    period,
    comments: Object.freeze(comments.map((c) => str(c, 0))),
  });
}
