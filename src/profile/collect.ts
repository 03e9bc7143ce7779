// collect.ts fetches profiles from a running Go program's net/http/pprof
// endpoints over HTTP (node's fetch; no process is spawned). It checks that
// what came back is a profile before anyone writes it to disk, because a
// reverse proxy's HTML login page saved as "heap.pb.gz" fails much later and
// far from its cause.
import { KnownError } from '../errors.js';
import { CollectError, CollectTimeout, DurationNotApplicable } from './profile-error.js';
import { decodeProfileBytes } from './decode.js';

/** CollectKind names the /debug/pprof endpoints heapsight knows. */
export type CollectKind = 'heap' | 'allocs' | 'cpu' | 'goroutine';

/** CollectKindInfo describes one endpoint. */
export interface CollectKindInfo {
  /** Path below /debug/pprof/. */
  readonly path: string;
  /** Whether `?seconds=N` is accepted, and what it means for this kind. */
  readonly seconds: 'delta' | 'duration' | 'none';
  readonly title: string;
}

/**
 * collectKinds is every kind's endpoint. For heap and allocs, `seconds=N`
 * makes net/http/pprof return the difference of two snapshots N seconds apart
 * (a delta profile whose values can be negative; see serveDeltaProfile in
 * net/http/pprof/pprof.go); for cpu it is the sampling duration.
 */
export const collectKinds: Readonly<Record<CollectKind, CollectKindInfo>> = {
  heap: { path: 'heap', seconds: 'delta', title: 'heap (in-use and allocated since start; default index inuse_space)' },
  allocs: { path: 'allocs', seconds: 'delta', title: 'allocations (same data as heap; default index alloc_space)' },
  cpu: { path: 'profile', seconds: 'duration', title: 'CPU profile (samples for a duration, default 30 s)' },
  goroutine: { path: 'goroutine', seconds: 'none', title: 'goroutine stacks' },
};

export const collectKindNames = Object.keys(collectKinds) as CollectKind[];

export { CollectError, CollectTimeout, DurationNotApplicable } from './profile-error.js';

/** CollectRequest says what to fetch. */
export interface CollectRequest {
  /** Program base URL (http://host:port), a /debug/pprof/ URL, or a full profile URL. */
  readonly url: string;
  readonly kind: CollectKind;
  /** Delta interval (heap, allocs) or sampling duration (cpu). */
  readonly seconds?: number;
  /** Whole-request deadline, on top of nothing: callers add --seconds themselves. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Largest body accepted; larger responses are cut off with an error. */
  readonly maxBytes?: number;
}

/** CollectResult is a fetched profile, still in the bytes the server sent. */
export interface CollectResult {
  readonly url: string;
  readonly bytes: Uint8Array;
  readonly contentType: string;
  /** True when the server returned a delta profile (values may be negative). */
  readonly delta: boolean;
  readonly durationMs: number;
}

/**
 * profileUrl builds the endpoint URL. A URL that already names a profile
 * endpoint (…/debug/pprof/heap) is used as given, with seconds added when asked.
 */
export function profileUrl(base: string, kind: CollectKind, seconds?: number): string {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(base) ? base : `http://${base}`);
  } catch {
    throw new CollectError(`not a URL: ${JSON.stringify(base)}`, 'give the program address, e.g. http://127.0.0.1:6060');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new CollectError(`unsupported URL scheme ${u.protocol} in ${base}`, 'use http:// or https://');
  }
  const info = collectKinds[kind];
  const path = u.pathname.replace(/\/+$/, '');
  if (!/\/debug\/pprof\/[^/]+$/.test(path)) {
    u.pathname = /\/debug\/pprof$/.test(path) ? `${path}/${info.path}` : `${path}/debug/pprof/${info.path}`;
  }
  if (seconds !== undefined) {
    if (info.seconds === 'none') throw new DurationNotApplicable(kind);
    u.searchParams.set('seconds', String(seconds));
  }
  return u.toString();
}

/**
 * looksLikeProfile says whether bytes can be a profile.proto: gzip (what
 * net/http/pprof serves) or a raw message whose first field is sample_type
 * (field 1, wire type 2: byte 0x0a), which runtime/pprof always writes first.
 */
export function looksLikeProfile(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return true;
  return bytes.length > 0 && bytes[0] === 0x0a;
}

function describeBody(bytes: Uint8Array, contentType: string): string {
  const text = Buffer.from(bytes.subarray(0, 200)).toString('utf8');
  const firstLine = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
  return `${contentType || 'no content type'}${firstLine ? `: "${firstLine}"` : ''}`;
}

function networkCause(e: unknown): string {
  const cause = e instanceof Error ? (e as Error & { cause?: unknown }).cause : undefined;
  if (cause && typeof cause === 'object') {
    const c = cause as { code?: string; message?: string };
    if (c.code === 'ECONNREFUSED') return 'connection refused (is the program running and serving net/http/pprof?)';
    if (c.code === 'ENOTFOUND') return 'host not found';
    if (c.code !== undefined) return `${c.code}${c.message ? ` (${c.message})` : ''}`;
    if (c.message) return c.message;
  }
  return e instanceof Error ? e.message : String(e);
}

async function readCapped(res: Response, url: string, maxBytes: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) throw new CollectError(`${url}: response larger than ${maxBytes} bytes; refusing to buffer it`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** MAX_REDIRECTS is how many same-host redirects collect follows (fetch's own default is 20). */
const MAX_REDIRECTS = 5;

/**
 * fetchSameHost fetches url, following redirects only while they stay on the
 * same host and port: a profile endpoint that sends heapsight elsewhere is
 * reported, not followed silently, and the URL that answered is returned.
 */
async function fetchSameHost(url: string, signal: AbortSignal, fetchImpl: typeof fetch): Promise<{ res: Response; url: string }> {
  let current = url;
  for (let hops = 0; ; hops++) {
    const res = await fetchImpl(current, { signal, redirect: 'manual', headers: { Accept: 'application/octet-stream' } });
    if (res.status < 300 || res.status > 399 || res.status === 304) return { res, url: current };
    const location = res.headers.get('location');
    await res.body?.cancel();
    if (location === null) return { res, url: current };
    const next = new URL(location, current);
    const from = new URL(current);
    if (next.host !== from.host || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
      throw new CollectError(
        `${current}: the server redirects to another host (${next.origin}); heapsight does not follow it`,
        `collect from ${next.origin} directly if you trust it`,
      );
    }
    if (hops >= MAX_REDIRECTS) throw new CollectError(`${url}: more than ${MAX_REDIRECTS} redirects`);
    current = next.toString();
  }
}

/**
 * collectProfile fetches one profile and checks it is one. Every failure is
 * a CollectError naming the URL: connection refused, timeout, HTTP status
 * (with the server's message, e.g. "Unknown profile"), or a body that is not
 * a profile (an HTML page, `?debug=1` text).
 */
export async function collectProfile(req: CollectRequest, fetchImpl: typeof fetch = fetch): Promise<CollectResult> {
  const asked = profileUrl(req.url, req.kind, req.seconds);
  let url = asked;
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  const started = performance.now();
  let res: Response;
  let bytes: Uint8Array;
  try {
    ({ res, url } = await fetchSameHost(asked, signal, fetchImpl));
    bytes = await readCapped(res, url, req.maxBytes ?? 1 << 30);
  } catch (e) {
    if (e instanceof CollectError) throw e;
    if (timeout.aborted) {
      throw new CollectTimeout(url, req.timeoutMs);
    }
    if (req.signal?.aborted) throw new CollectError(`${url}: interrupted`);
    throw new CollectError(`${url}: ${networkCause(e)}`);
  }
  const contentType = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    throw new CollectError(`${url}: HTTP ${res.status} ${res.statusText} (${describeBody(bytes, contentType)})`);
  }
  if (!looksLikeProfile(bytes)) {
    throw new CollectError(
      `${url}: the response is not a pprof profile (${bytes.length === 0 ? 'empty body' : describeBody(bytes, contentType)})`,
      'point heapsight at the program itself (http://host:port) or its /debug/pprof/ path, without ?debug=',
    );
  }
  // Decode fully: a truncated or corrupt body must fail here, naming the URL,
  // not later when someone opens the saved file.
  try {
    await decodeProfileBytes(bytes, url);
  } catch (e) {
    if (e instanceof KnownError) throw new CollectError(e.message, 'the server sent something that is not a complete profile');
    throw e;
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  return {
    url,
    bytes,
    contentType,
    delta: /-delta"?$/.test(disposition) || (req.seconds !== undefined && collectKinds[req.kind].seconds === 'delta'),
    durationMs: performance.now() - started,
  };
}
