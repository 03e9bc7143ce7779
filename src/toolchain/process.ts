// process.ts is the only module in heapsight that spawns child processes.
// Everything else receives a Runner (see RunnerOptions in callers) so tests can
// replay recorded runs and live runs alike.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { InterruptedError } from '../errors.js';
import { LineSplitter } from '../line-splitter.js';

/** RunRequest describes one process to start. argv[0] is the executable; never a shell string. */
export interface RunRequest {
  readonly argv: readonly string[];
  readonly cwd: string;
  /** Extra environment entries merged over process.env; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kill the process (SIGKILL after SIGTERM grace) when it runs longer than this. */
  readonly timeoutMs?: number;
  /**
   * Called with each complete stderr line as it arrives (progress, gctrace).
   * A line longer than 64 Ki chars keeps its head and tail; `elided` counts the chars dropped between.
   */
  readonly onStderrLine?: (line: string, elided?: number) => void;
  /** Called with each complete stdout line as it arrives, capped as onStderrLine. */
  readonly onStdoutLine?: (line: string, elided?: number) => void;
  /** Cap on captured bytes per stream; the head and tail are kept beyond it. Default 64 MiB. */
  readonly maxCaptureBytes?: number;
}

/** RunRecord is the plain record of one finished process. stderr is never thrown away. */
export interface RunRecord {
  readonly argv: readonly string[];
  readonly cwd: string;
  /** Only the variables the request set, not the inherited environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/** Runner starts processes; the live one spawns, test doubles replay records. */
export interface Runner {
  run(request: RunRequest): Promise<RunRecord>;
}

/** SpawnError is thrown when the executable itself cannot be started (ENOENT, EACCES). */
export class SpawnError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SpawnError';
  }
}

const live = new Set<import('node:child_process').ChildProcess>();
const tempDirs = new Set<string>();
/** Set once Ctrl-C began the shutdown: from then on nothing new may start. */
let shuttingDown = false;

/**
 * stopChildren ends every process heapsight started and refuses new ones.
 * The CLI calls it on the first Ctrl-C, then lets the command report what it
 * measured so far; temp dirs are removed by their own withTempDir.
 */
export async function stopChildren(): Promise<void> {
  // Refuse new processes first: the command's own flow keeps running, and a
  // benchmark it started now would outlive heapsight (children are detached
  // into their own process groups).
  shuttingDown = true;
  // SIGINT first: the go command stops its compilers cleanly on an interrupt.
  // Test binaries die at once either way.
  signalLive('SIGINT');
  const deadline = Date.now() + 1500;
  while (live.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  signalLive('SIGKILL');
  live.clear();
}

/**
 * killAllChildren stops every child and removes every temporary directory
 * still registered: the last resort on a second Ctrl-C, when heapsight exits
 * without waiting for the command.
 */
export async function killAllChildren(): Promise<void> {
  await stopChildren();
  await Promise.all([...tempDirs].map((d) => rm(d, { recursive: true, force: true })));
  tempDirs.clear();
}

function signalLive(sig: NodeJS.Signals): void {
  for (const child of live) {
    try {
      // Children run in their own process group (detached), so a negative pid
      // reaches the test binary's own children too (coreutils timeout → pkg.test).
      if (child.pid !== undefined) process.kill(-child.pid, sig);
    } catch {
      child.kill(sig);
    }
  }
}

/**
 * PIPE_GRACE_MS is how long, after the process exits and its process group
 * is killed, heapsight waits for its pipes to reach end of file. Only a
 * descendant that left the group (setsid) can still hold them then; the
 * output is the exited process's, so the wait ends there.
 */
const PIPE_GRACE_MS = 1000;

/**
 * reapGroup kills what is left of an exited child's process group: the
 * processes a benchmark started (exec.Command(…).Start()) and never waited
 * for, which would otherwise outlive heapsight and keep its pipes open.
 * Children are spawned detached, so the group is theirs alone.
 */
function reapGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing was left in the group.
  }
}

class Capture {
  private chunks: Buffer[] = [];
  private size = 0;
  private tail: Buffer[] = [];
  private tailSize = 0;
  private dropped = 0;
  constructor(private readonly limit: number) {}
  push(b: Buffer): void {
    if (this.size + b.length <= this.limit / 2) {
      this.chunks.push(b);
      this.size += b.length;
      return;
    }
    this.tail.push(b);
    this.tailSize += b.length;
    while (this.tailSize > this.limit / 2 && this.tail.length > 1) {
      const first = this.tail.shift()!;
      this.tailSize -= first.length;
      this.dropped += first.length;
    }
  }
  text(): string {
    const head = Buffer.concat(this.chunks).toString('utf8');
    if (this.tail.length === 0) return head;
    const marker = this.dropped > 0 ? `\n[heapsight: ${this.dropped} bytes of output elided]\n` : '';
    return head + marker + Buffer.concat(this.tail).toString('utf8');
  }
}

/** liveRunner spawns real processes. */
export const liveRunner: Runner = {
  run(request: RunRequest): Promise<RunRecord> {
    const started = performance.now();
    const [cmd, ...args] = request.argv;
    if (cmd === undefined) return Promise.reject(new Error('RunRequest.argv is empty'));
    if (shuttingDown) return Promise.reject(new InterruptedError('interrupted'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [k, v] of Object.entries(request.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    const limit = request.maxCaptureBytes ?? 64 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      const child = spawn(cmd, args, {
        cwd: request.cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      live.add(child);
      const out = new Capture(limit);
      const err = new Capture(limit);
      const outLines = request.onStdoutLine ? new LineSplitter(request.onStdoutLine) : null;
      const errLines = request.onStderrLine ? new LineSplitter(request.onStderrLine) : null;
      // A StringDecoder per stream: a UTF-8 character split across two reads stays whole.
      const outText = new StringDecoder('utf8');
      const errText = new StringDecoder('utf8');
      child.stdout.on('data', (b: Buffer) => {
        out.push(b);
        outLines?.push(outText.write(b));
      });
      child.stderr.on('data', (b: Buffer) => {
        err.push(b);
        errLines?.push(errText.write(b));
      });
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      let killTimer: NodeJS.Timeout | undefined;
      if (request.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          timedOut = true;
          try {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
          } catch {
            child.kill('SIGTERM');
          }
          killTimer = setTimeout(() => {
            try {
              if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
            } catch {
              child.kill('SIGKILL');
            }
          }, 2000);
        }, request.timeoutMs);
      }
      let settled = false;
      let graceTimer: NodeJS.Timeout | undefined;
      const clearTimers = (): void => {
        if (timer) clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        if (graceTimer) clearTimeout(graceTimer);
      };
      child.on('error', (e: NodeJS.ErrnoException) => {
        live.delete(child);
        clearTimers();
        if (settled) return;
        settled = true;
        reject(new SpawnError(request.argv, e.code ?? 'UNKNOWN', `cannot start ${cmd}: ${e.message}`));
      });
      let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
      const finish = (): void => {
        if (settled || exit === null) return;
        settled = true;
        live.delete(child);
        clearTimers();
        outLines?.push(outText.end());
        errLines?.push(errText.end());
        outLines?.end();
        errLines?.end();
        resolve({
          argv: [...request.argv],
          cwd: request.cwd,
          env: { ...(request.env ?? {}) },
          exitCode: exit.code,
          signal: exit.signal,
          timedOut,
          stdout: out.text(),
          stderr: err.text(),
          durationMs: performance.now() - started,
        });
      };
      // The run ends when the process exits, not when the last holder of its
      // pipes lets go: the group is reaped at once, and the pipes get a grace.
      child.on('exit', (code, signal) => {
        exit = { code, signal };
        live.delete(child);
        if (timer) clearTimeout(timer);
        if (killTimer) clearTimeout(killTimer);
        reapGroup(child.pid);
        graceTimer = setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          finish();
        }, PIPE_GRACE_MS);
      });
      child.on('close', (code, signal) => {
        exit ??= { code, signal };
        finish();
      });
    });
  },
};

/**
 * withTempDir creates a private temporary directory, passes it to fn and
 * removes it afterwards — on success, on failure, and (through the registry
 * killAllChildren drains) on Ctrl-C.
 */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  if (shuttingDown) throw new InterruptedError('interrupted');
  const dir = await mkdtemp(join(tmpdir(), `heapsight-${prefix}-`));
  if (shuttingDown) {
    // Ctrl-C came while mkdtemp ran: the shutdown's sweep may already be done.
    await rm(dir, { recursive: true, force: true });
    throw new InterruptedError('interrupted');
  }
  tempDirs.add(dir);
  try {
    return await fn(dir);
  } finally {
    tempDirs.delete(dir);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * tracingRunner runs through inner and reports every finished process with
 * when it started (ms since the runner was made) and how long it took: the
 * trace behind `-x`, the same commands a user could run by hand.
 */
export function tracingRunner(inner: Runner, onRun: (record: RunRecord, startedAtMs: number) => void): Runner {
  const origin = performance.now();
  return {
    async run(request: RunRequest): Promise<RunRecord> {
      const startedAt = performance.now() - origin;
      const record = await inner.run(request);
      onRun(record, startedAt);
      return record;
    },
  };
}
