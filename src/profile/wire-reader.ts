// wire-reader.ts reads protobuf wire format: varints (as exact doubles while
// below 2^53, signed int64 via two 32-bit halves), lengths checked against
// the enclosing message, and growable typed columns for the decoder.

/** Internal: a protobuf-level failure at a byte offset, named with the file later. */
export class WireError extends Error {
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
export class Reader {
  pos: number;
  constructor(
    public buf: Uint8Array,
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
    let pos = this.pos;
    // Fast path, unrolled: varints of up to 4 bytes (< 2^28) are nearly all
    // tags, lengths, ids, string indices and sample values.
    if (pos + 4 <= this.end) {
      let b = buf[pos++]!;
      let v = b & 0x7f;
      if (b < 0x80) {
        this.pos = pos;
        return v;
      }
      b = buf[pos++]!;
      v |= (b & 0x7f) << 7;
      if (b < 0x80) {
        this.pos = pos;
        return v;
      }
      b = buf[pos++]!;
      v |= (b & 0x7f) << 14;
      if (b < 0x80) {
        this.pos = pos;
        return v;
      }
      b = buf[pos++]!;
      v |= (b & 0x7f) << 21;
      if (b < 0x80) {
        this.pos = pos;
        return v;
      }
    }
    this.readRaw();
    return this.hi * TWO_32 + this.lo;
  }

  /** int reads a varint as signed int64 (two's complement), as a double. */
  int(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos + 4 <= this.end) {
      let b = buf[pos++]!;
      let v = b & 0x7f;
      if (b < 0x80) {
        this.pos = pos;
        return v;
      }
      b = buf[pos++]!;
      v |= (b & 0x7f) << 7;
      if (b < 0x80) {
        this.pos = pos;
        return v;
      }
      b = buf[pos++]!;
      v |= (b & 0x7f) << 14;
      if (b < 0x80) {
        this.pos = pos;
        return v;
      }
      b = buf[pos++]!;
      v |= (b & 0x7f) << 21;
      if (b < 0x80) {
        this.pos = pos;
        return v;
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
export class U32Column {
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
  /** done returns the filled part; a mostly-empty buffer is copied so its slack can be freed. */
  done(): Uint32Array {
    return this.size > this.data.length / 2 ? this.data.subarray(0, this.size) : this.data.slice(0, this.size);
  }
}

export class F64Column {
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
    return this.size > this.data.length / 2 ? this.data.subarray(0, this.size) : this.data.slice(0, this.size);
  }
}

/** grow doubles a stack column, keeping its element type. */
export function grow(a: Uint16Array | Uint32Array): Uint16Array | Uint32Array {
  const next = a instanceof Uint16Array ? new Uint16Array(a.length * 2) : new Uint32Array(a.length * 2);
  next.set(a);
  return next;
}

