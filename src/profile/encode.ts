// encode.ts writes a Profile back to profile.proto bytes (raw, uncompressed;
// callers gzip when writing a .pb.gz). decodeProfile(encodeProfile(p)) gives
// back an equal profile; ids keep their values. Repeated scalars are written
// packed, which every profile.proto reader must accept.
import type { Profile, ValueType } from './model.js';

const TWO_32 = 4294967296;

/** Writer is a growable protobuf byte buffer. */
class Writer {
  buf = new Uint8Array(1 << 16);
  pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** varint writes an int64 (negative values as 10-byte two's complement) or uint64 below 2^53. */
  varint(v: number): void {
    this.ensure(10);
    if (v >= 0 && v < 0x80) {
      this.buf[this.pos++] = v;
      return;
    }
    let lo: number;
    let hi: number;
    if (v >= 0) {
      lo = v % TWO_32;
      hi = (v - lo) / TWO_32;
    } else {
      hi = Math.floor(v / TWO_32);
      lo = v - hi * TWO_32;
      hi = hi >>> 0;
    }
    this.lohi(lo >>> 0, hi >>> 0);
  }

  /** big writes a uint64 bigint. */
  big(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.ensure(10);
    this.lohi(Number(u & 0xffffffffn), Number(u >> 32n));
  }

  private lohi(lo: number, hi: number): void {
    const buf = this.buf;
    while (hi > 0 || lo >= 0x80) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | ((hi & 0x7f) << 25)) >>> 0;
      hi = hi >>> 7;
    }
    buf[this.pos++] = lo;
  }

  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** uintField writes a scalar field, skipping proto3 defaults (0). */
  intField(field: number, v: number): void {
    if (v === 0) return;
    this.tag(field, 0);
    this.varint(v);
  }

  bigField(field: number, v: bigint): void {
    if (v === 0n) return;
    this.tag(field, 0);
    this.big(v);
  }

  boolField(field: number, v: boolean): void {
    if (!v) return;
    this.tag(field, 0);
    this.varint(1);
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.tag(field, 2);
    this.varint(bytes.length);
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** message writes field as a length-delimited message built by fn in a scratch writer. */
  message(field: number, scratch: Writer, fn: (w: Writer) => void): void {
    scratch.pos = 0;
    fn(scratch);
    this.bytesField(field, scratch.buf.subarray(0, scratch.pos));
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** encodeProfile serialises a Profile as raw (not gzipped) profile.proto bytes. */
export function encodeProfile(p: Profile): Uint8Array {
  // Seed the table with the profile's own strings so label columns (which
  // index p.strings) keep their indices and a round trip is exact.
  const table: string[] = p.strings[0] === '' ? [...p.strings] : ['', ...p.strings];
  const shift = p.strings[0] === '' ? 0 : 1;
  const index = new Map<string, number>();
  for (let i = table.length - 1; i >= 0; i--) index.set(table[i]!, i);
  const s = (v: string): number => {
    let i = index.get(v);
    if (i === undefined) {
      i = table.length;
      table.push(v);
      index.set(v, i);
    }
    return i;
  };
  const labelString = (i: number): number => i + shift;

  const w = new Writer();
  const scratch = new Writer();
  const inner = new Writer();
  const valueType = (field: number, t: ValueType): void =>
    w.message(field, scratch, (m) => {
      m.intField(1, s(t.type));
      m.intField(2, s(t.unit));
    });

  for (const t of p.sampleTypes) valueType(1, t);

  const samples = p.samples;
  const nTypes = samples.valueCount;
  for (let i = 0; i < samples.count; i++) {
    w.message(2, scratch, (m) => {
      const a = samples.stackStart[i]!;
      const b = samples.stackStart[i + 1]!;
      if (b > a) {
        inner.pos = 0;
        for (let j = a; j < b; j++) inner.varint(p.locations[samples.stackLocations[j]!]!.id);
        m.bytesField(1, inner.buf.subarray(0, inner.pos));
      }
      if (nTypes > 0) {
        inner.pos = 0;
        for (let k = 0; k < nTypes; k++) inner.varint(samples.values[i * nTypes + k]!);
        m.bytesField(2, inner.buf.subarray(0, inner.pos));
      }
      const l = samples.labels;
      for (let j = samples.labelStart[i]!; j < samples.labelStart[i + 1]!; j++) {
        inner.pos = 0;
        inner.intField(1, labelString(l.key[j]!));
        if (l.str[j] !== 0) inner.intField(2, labelString(l.str[j]!));
        else {
          inner.intField(3, l.num[j]!);
          inner.intField(4, labelString(l.numUnit[j]!));
        }
        m.bytesField(3, inner.buf.subarray(0, inner.pos));
      }
    });
  }

  for (const m of p.mappings) {
    w.message(3, scratch, (o) => {
      o.intField(1, m.id);
      o.bigField(2, m.start);
      o.bigField(3, m.limit);
      o.bigField(4, m.offset);
      o.intField(5, s(m.filename));
      o.intField(6, s(m.buildId));
      o.boolField(7, m.hasFunctions);
      o.boolField(8, m.hasFilenames);
      o.boolField(9, m.hasLineNumbers);
      o.boolField(10, m.hasInlineFrames);
    });
  }

  for (const loc of p.locations) {
    w.message(4, scratch, (o) => {
      o.intField(1, loc.id);
      if (loc.mapping) o.intField(2, loc.mapping.id);
      o.bigField(3, loc.address);
      for (const line of loc.lines) {
        inner.pos = 0;
        inner.intField(1, line.function.id);
        inner.intField(2, line.line);
        inner.intField(3, line.column);
        o.bytesField(4, inner.buf.subarray(0, inner.pos));
      }
      o.boolField(5, loc.isFolded);
    });
  }

  for (const f of p.functions) {
    w.message(5, scratch, (o) => {
      o.intField(1, f.id);
      o.intField(2, s(f.name));
      o.intField(3, s(f.systemName));
      o.intField(4, s(f.filename));
      o.intField(5, f.startLine);
    });
  }

  // Everything after the string table refers to it, so intern first, write after.
  const dropFrames = s(p.dropFrames);
  const keepFrames = s(p.keepFrames);
  const periodType = p.periodType;
  const ptType = periodType ? s(periodType.type) : 0;
  const ptUnit = periodType ? s(periodType.unit) : 0;
  const comments = p.comments.map(s);
  const defaultSampleType = s(p.defaultSampleType);

  const enc = new TextEncoder();
  for (const str of table) w.bytesField(6, enc.encode(str));
  w.intField(7, dropFrames);
  w.intField(8, keepFrames);
  w.bigField(9, p.timeNanos);
  w.intField(10, p.durationNanos);
  if (periodType) {
    w.message(11, scratch, (o) => {
      o.intField(1, ptType);
      o.intField(2, ptUnit);
    });
  }
  w.intField(12, p.period);
  if (comments.length > 0) {
    inner.pos = 0;
    for (const c of comments) inner.varint(c);
    w.bytesField(13, inner.buf.subarray(0, inner.pos));
  }
  w.intField(14, defaultSampleType);
  return w.finish();
}
