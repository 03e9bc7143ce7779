// decode.ts turns profile.proto bytes (gzip-compressed or raw) into a
// Profile. It is a hand-written protobuf reader: FACTS.md measured a generic
// reader at ~16 MB/s, and heapsight's bar is gunzip plus one indexing pass.
//
// The decoding itself is profile-stream-decoder.ts (one pass, chunk by
// chunk); this module sniffs formats, gunzips with a size limit, streams
// files and turns wire errors into errors that name the file.
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import type { Profile } from './model.js';
import { ProfileCapError, ProfileStreamDecoder, type ProfileCaps } from './profile-stream-decoder.js';
import { WireError } from './wire-reader.js';
import { CorruptProfileError, NotAProfileError, ProfileCapExceededError, ProfileTooLargeError } from './profile-error.js';

export { CorruptProfileError, NotAProfileError, ProfileCapExceededError, ProfileTooLargeError } from './profile-error.js';

/** DEFAULT_MAX_PROFILE_BYTES caps the decompressed size: 1 GiB, far above real profiles (a 738k-sample allocs profile is ~30 MB). */
export const DEFAULT_MAX_PROFILE_BYTES = 1 << 30;

/** DecodeOptions tunes decoding. */
export interface DecodeOptions {
  /** Refuse profiles larger than this after gunzip (gzip-bomb guard); default HEAPSIGHT_MAX_PROFILE_BYTES or 1 GiB. */
  readonly maxDecompressedBytes?: number;
  /** Caps on what the decoded profile may hold (DEFAULT_PROFILE_CAPS). */
  readonly caps?: Partial<ProfileCaps>;
}

/** maxProfileBytes is the decompressed-size limit: the option, else HEAPSIGHT_MAX_PROFILE_BYTES, else 1 GiB. */
function maxProfileBytes(options: DecodeOptions): number {
  if (options.maxDecompressedBytes !== undefined) return options.maxDecompressedBytes;
  const env = process.env['HEAPSIGHT_MAX_PROFILE_BYTES'];
  const n = env === undefined ? NaN : Number(env);
  return Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_MAX_PROFILE_BYTES;
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

/**
 * wrapErrors runs fn, a decode of file, and turns what the decoder throws on
 * bad bytes (wire errors, caps, absurd typed-array sizes) into the profile
 * errors that name the file; anything else passes through.
 */
function wrapErrors<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ProfileCapError) throw new ProfileCapExceededError(file, e.offset, e.cap, e.limit, e.message);
    if (e instanceof WireError) throw new CorruptProfileError(file, e.offset, e.message);
    // Typed-array allocation failures on absurd counts: corrupt input, not a crash.
    if (e instanceof RangeError) throw new CorruptProfileError(file, null, e.message);
    throw e;
  }
}

/** checkDecoded turns "decoded, but nothing a profile has" into NotAProfileError. */
function checkDecoded(profile: Profile, file: string): Profile {
  if (profile.sampleTypes.length === 0) {
    throw new NotAProfileError(file, 'protobuf without sample types (not a pprof profile)');
  }
  return profile;
}

/**
 * decodeProfile decodes profile.proto bytes (gzip or raw). `file` names the
 * origin in errors. Throws NotAProfileError, CorruptProfileError or
 * ProfileTooLargeError (all InputError); never anything else for bad input.
 */
export function decodeProfile(data: Uint8Array, file: string, options: DecodeOptions = {}): Profile {
  const limit = maxProfileBytes(options);
  if (data.length === 0) throw new NotAProfileError(file, 'empty file');
  let raw: Uint8Array = data;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      raw = gunzipSync(data, { maxOutputLength: limit });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new ProfileTooLargeError(file, limit);
      throw new CorruptProfileError(file, null, `decompressing profile: ${err.message}`);
    }
  } else if (data.length > limit) {
    throw new ProfileTooLargeError(file, limit);
  }
  if (raw.length === 0) throw new NotAProfileError(file, 'empty file');
  const sniff = sniffNotProfile(raw);
  if (sniff) throw new NotAProfileError(file, sniff.reason);
  const plain = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  return checkDecoded(
    wrapErrors(file, () => {
      const d = new ProfileStreamDecoder(plain.length, options.caps);
      d.push(plain);
      return d.finish();
    }),
    file,
  );
}

/**
 * readProfile reads and decodes a profile file; a missing file is an
 * InputError too. The file is streamed: gunzip output goes straight into the
 * decoder chunk by chunk, so neither the compressed nor the decompressed
 * profile is ever held whole — only the decoded columns are. `-` and
 * /dev/stdin (any non-regular file) are read as a stream.
 */
export async function readProfile(path: string, options: DecodeOptions = {}): Promise<Profile> {
  const limit = maxProfileBytes(options);
  if (path === '-') return decodeStream(process.stdin, '<stdin>', null, 0, limit, options.caps);
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // /dev/stdin on a socket (a parent process's stdio) cannot be opened again: read the stream itself.
    if (err.code === 'ENXIO' && /^\/(dev\/stdin|dev\/fd\/0|proc\/self\/fd\/0)$/.test(path)) return decodeStream(process.stdin, path, null, 0, limit, options.caps);
    throw new NotAProfileError(path, err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : err.message);
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new NotAProfileError(path, 'is a directory');
    if (!st.isFile()) {
      // A pipe, a terminal or /dev/stdin: no size, no seeking; sniff gzip from the stream itself.
      return await decodeStream(fh.createReadStream({ autoClose: false, highWaterMark: 1 << 18 }), path, null, 0, limit, options.caps);
    }
    if (st.size === 0) throw new NotAProfileError(path, 'empty file');
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    const gzipped = st.size >= 18 && head[0] === 0x1f && head[1] === 0x8b;
    let hint = st.size;
    if (gzipped) {
      // ISIZE: uncompressed size mod 2^32 of the last member; a hint, not a promise.
      const tail = Buffer.alloc(4);
      await fh.read(tail, 0, 4, st.size - 4);
      hint = Math.min(tail.readUInt32LE(0), limit);
    } else if (st.size > limit) {
      throw new ProfileTooLargeError(path, limit);
    }
    return await decodeStream(fh.createReadStream({ start: 0, autoClose: false, highWaterMark: 1 << 18 }), path, gzipped, hint, limit, options.caps);
  } finally {
    await fh.close();
  }
}

/**
 * decodeProfileBytes decodes bytes already in memory (an HTTP body) the way
 * readProfile decodes a file: gunzip output is decoded chunk by chunk, so a
 * small gzip that inflates to a gigabyte is stopped by the caps long before
 * the gigabyte exists.
 */
export function decodeProfileBytes(data: Uint8Array, file: string, options: DecodeOptions = {}): Promise<Profile> {
  if (data.length === 0) return Promise.reject(new NotAProfileError(file, 'empty file'));
  const gzipped = data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
  const limit = maxProfileBytes(options);
  if (!gzipped && data.length > limit) return Promise.reject(new ProfileTooLargeError(file, limit));
  return decodeStream(Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]), file, gzipped, gzipped ? 0 : data.length, limit, options.caps);
}

/**
 * decodeStream runs the stream decoder over a byte stream. gzipped null
 * means unknown (a pipe): the first two bytes decide.
 */
async function decodeStream(
  source: Readable,
  path: string,
  gzippedKnown: boolean | null,
  hint: number,
  limit: number,
  caps: Partial<ProfileCaps> | undefined,
): Promise<Profile> {
  const decoder = new ProfileStreamDecoder(hint, caps);
  let gzipped = gzippedKnown ?? false;
  let gunzip: ReturnType<typeof createGunzip> | null = null;
  let sniffed = false;
  let head4k: Uint8Array = new Uint8Array(0);
  const sniffOnce = (chunk: Uint8Array, final: boolean): void => {
    if (sniffed) return;
    head4k = concatBytes(head4k, chunk.subarray(0, 4096 - head4k.length));
    if (head4k.length < 4096 && !final) return;
    sniffed = true;
    if (head4k.length === 0) throw new NotAProfileError(path, 'empty file');
    const s = sniffNotProfile(head4k);
    if (s) throw new NotAProfileError(path, s.reason);
  };
  try {
    let stream: AsyncIterable<Buffer> = source;
    if (gzippedKnown === null) {
      // Peek at the first bytes of an unseekable stream to tell gzip from raw.
      const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      let first: Buffer = Buffer.alloc(0);
      let done = false;
      while (first.length < 2 && !done) {
        const n = await it.next();
        if (n.done) done = true;
        else first = Buffer.concat([first, n.value]);
      }
      if (first.length === 0) throw new NotAProfileError(path, 'empty file');
      gzipped = first[0] === 0x1f && first[1] === 0x8b;
      const rest = (async function* () {
        yield first;
        for (;;) {
          const n = await it.next();
          if (n.done) return;
          yield n.value;
        }
      })();
      stream = Readable.from(rest);
    }
    if (gzipped) {
      gunzip = createGunzip({ chunkSize: 1 << 18 });
      stream = (stream instanceof Readable ? stream : Readable.from(stream)).pipe(gunzip);
    }
    let pending: Buffer[] = [];
    for await (const chunk of stream) {
      if (decoder.bytesSeen + chunk.length > limit) throw new ProfileTooLargeError(path, limit);
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (!sniffed) {
        // Hold chunks until the head is sniffed, so a text file is "not a profile", not "corrupt".
        sniffOnce(bytes, false);
        pending.push(chunk);
        if (!sniffed) continue;
        for (const c of pending) wrapErrors(path, () => decoder.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength)));
        pending = [];
        continue;
      }
      wrapErrors(path, () => decoder.push(bytes));
    }
    if (!sniffed) {
      sniffOnce(new Uint8Array(0), true);
      for (const c of pending) wrapErrors(path, () => decoder.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength)));
    }
  } catch (e) {
    if (e instanceof NotAProfileError || e instanceof CorruptProfileError || e instanceof ProfileTooLargeError || e instanceof ProfileCapExceededError) throw e;
    throw new CorruptProfileError(path, null, `${gzipped ? 'decompressing' : 'reading'} profile: ${(e as Error).message}`);
  } finally {
    source.destroy();
    gunzip?.destroy();
  }
  return checkDecoded(wrapErrors(path, () => decoder.finish()), path);
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
