// server.ts is `heapsight serve`'s HTTP side (node:http, no framework). It
// binds loopback unless told otherwise and guards every request three ways:
// the Host header must name the address it listens on (a DNS-rebinding page
// cannot reach it under its own name), the random token must come with the
// request (query, cookie set from it, or header), and only the target
// packages' source files are handed out (anything else, ../ included, is a
// 404). The page is sent with a CSP that allows its one script by hash and no
// remote resource at all.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { KnownError } from '../errors.js';
import { workbenchScript } from '../render/workbench/page.js';
import { readSourceFile, type WorkbenchSession } from './session.js';

/** WorkbenchServerOptions: where to listen and the token (random when absent). */
export interface WorkbenchServerOptions {
  /** host:port; port 0 picks a free one. Default 127.0.0.1:0. */
  readonly addr?: string;
  readonly token?: string;
  /** Progress lines of a re-run, for the terminal too. */
  readonly onProgress?: (line: string) => void;
}

/** WorkbenchServer is a running server. */
export interface WorkbenchServer {
  /** The URL to open, token included. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_UPLOAD = 256 << 20;
const COOKIE = 'heapsight_token';

/** parseAddr splits host:port ([v6]:port too). */
export function parseAddr(addr: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(addr);
  if (!m) throw new KnownError(`--addr must be host:port (got ${JSON.stringify(addr)})`, 'e.g. --addr 127.0.0.1:8080, or :0 for any free port on loopback');
  const port = Number(m[3]);
  if (port > 65535) throw new KnownError(`--addr: port ${port} is out of range`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

/** isLoopback says whether a host name or address stays on this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** startWorkbenchServer listens and serves the session until closed. */
export async function startWorkbenchServer(session: WorkbenchSession, options: WorkbenchServerOptions = {}): Promise<WorkbenchServer> {
  const { host, port } = parseAddr(options.addr ?? '127.0.0.1:0');
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const scriptHash = createHash('sha256').update(workbenchScript()).digest('base64');
  const csp =
    `default-src 'none'; script-src 'sha256-${scriptHash}'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; ` +
    `base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  const sse = new Set<ServerResponse>();
  let allowedHosts = new Set<string>();

  const tokenOk = (given: string | null | undefined): boolean => {
    if (!given) return false;
    const b = Buffer.from(given);
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  };
  const cookieToken = (req: IncomingMessage): string | null => {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === COOKIE) return v.join('=');
    }
    return null;
  };
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Resource-Policy': 'same-origin',
      ...extra,
    });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, value: unknown): void => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
  const text = (res: ServerResponse, status: number, body: string): void => send(res, status, 'text/plain; charset=utf-8', body + '\n');
  const broadcast = (event: string, data: string): void => {
    const frame = `event: ${event}\n${data.split('\n').map((l) => `data: ${l}`).join('\n')}\n\n`;
    for (const r of sse) r.write(frame);
  };
  const readBody = (req: IncomingMessage): Promise<Buffer> =>
    new Promise((ok, fail) => {
      const parts: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_UPLOAD) {
          fail(new KnownError(`upload larger than ${MAX_UPLOAD >> 20} MiB`));
          req.destroy();
        } else parts.push(c);
      });
      req.on('end', () => ok(Buffer.concat(parts)));
      req.on('error', fail);
    });

  let runAbort: AbortController | null = null;
  const rerun = (): void => {
    runAbort = new AbortController();
    broadcast('progress', 'running check…');
    session
      .load(runAbort.signal, (e) => {
        const line =
          e.kind === 'note'
            ? e.text
            : e.kind === 'timing-runs'
              ? `running benchmarks of ${e.pkg} (-count ${e.count})…`
              : e.kind === 'profiling-runs'
                ? `profiling ${e.benchmarks} benchmarks of ${e.pkg}…`
                : e.kind === 'bench-progress'
                  ? `${e.phase}: ${e.progress.done}/${e.progress.total}`
                  : e.kind === 'dependency-evidence'
                    ? `compiling ${e.packages.length} dependencies for their compiler evidence…`
                    : null;
        if (line !== null) {
          broadcast('progress', line);
          options.onProgress?.(line);
        }
      })
      .then(() => broadcast('done', String(session.version)))
      .catch((e: unknown) => broadcast('failed', e instanceof Error ? e.message : String(e)));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example.
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) return text(res, 403, 'forbidden: unexpected Host header');
    const url = new URL(req.url ?? '/', 'http://workbench.invalid');
    const queryToken = url.searchParams.get('token');
    const header = req.headers['x-heapsight-token'];
    const given = queryToken ?? (typeof header === 'string' && header !== '' ? header : null) ?? cookieToken(req);
    if (!tokenOk(given)) return text(res, 401, 'unauthorized: open the URL heapsight serve printed (it carries the token)');
    // Writes need the token in a header or the query, not only the cookie a cross-site form would carry.
    if (req.method === 'POST' && !tokenOk(typeof header === 'string' ? header : queryToken)) return text(res, 403, 'forbidden: POST needs the X-Heapsight-Token header');
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /':
      case 'GET /index.html':
        return send(res, 200, 'text/html; charset=utf-8', session.page(), {
          'Content-Security-Policy': csp,
          'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          'X-Frame-Options': 'DENY',
        });
      case 'GET /api/boot':
        return json(res, 200, session.boot());
      case 'GET /api/flame':
        return send(res, 200, 'application/json; charset=utf-8', session.flame({ tagfocus: url.searchParams.get('tagfocus'), base: url.searchParams.get('base'), si: url.searchParams.get('si') }));
      case 'GET /api/source': {
        // Only the target packages' files, named exactly as the report names them: anything else is not found.
        const file = url.searchParams.get('file') ?? '';
        const files = session.sourceFiles();
        if (file === '' || !files.has(file) || resolvePath(file) !== file) return text(res, 404, 'not found');
        const lines = readSourceFile(file);
        return lines ? json(res, 200, lines) : text(res, 404, 'not found');
      }
      case 'POST /api/profiles': {
        const name = (url.searchParams.get('name') ?? 'profile').slice(0, 200);
        return json(res, 200, await session.addProfile(name, await readBody(req)));
      }
      case 'POST /api/rerun':
        if (!session.canRerun) return text(res, 409, 're-run needs packages: this serve shows files');
        if (session.isRunning) return text(res, 409, 'a run is already in progress');
        rerun();
        return json(res, 202, { started: true });
      case 'GET /api/events':
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Content-Type-Options': 'nosniff' });
        res.write(`event: hello\ndata: ${session.version}\n\n`);
        sse.add(res);
        req.on('close', () => sse.delete(res));
        return;
      default:
        return text(res, 404, 'not found');
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) return res.end();
      if (e instanceof KnownError) text(res, 400, e.message);
      else text(res, 500, `internal error: ${e instanceof Error ? e.message : String(e)}`);
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const bound = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  allowedHosts = new Set([`${hostInUrl}:${bound}`, `127.0.0.1:${bound}`, `localhost:${bound}`, `[::1]:${bound}`].map((h) => h.toLowerCase()));
  const origin = `http://${hostInUrl === '0.0.0.0' ? '127.0.0.1' : hostInUrl}:${bound}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: async () => {
      runAbort?.abort();
      for (const r of sse) r.end();
      sse.clear();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
