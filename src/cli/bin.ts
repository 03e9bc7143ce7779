// bin.ts is the process entry: it binds main() to the real terminal and handles
// Ctrl-C: stop the children, let the command report what it measured so far,
// exit 2 (a second Ctrl-C exits at once, removing temp dirs).
import { writeSync } from 'node:fs';
import { killAllChildren, stopChildren } from '../toolchain/process.js';
import type { CliIO } from './command.js';
import { ExitCode } from './exit-codes.js';
import { main } from './main.js';

function write(fd: number, data: string | Uint8Array): void {
  // writeSync keeps output ordered and complete even when we exit right after;
  // EAGAIN on a non-blocking pipe is retried; EPIPE (reader went away) and
  // EIO (the terminal closed: SIGHUP) are ignored, so cleanup still runs.
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE' || code === 'EIO') return;
      throw e;
    }
  }
}

const io: CliIO = {
  stdout: (t) => write(1, t),
  stderr: (t) => write(2, t),
  stderrIsTTY: process.stderr.isTTY === true,
  stdoutIsTTY: process.stdout.isTTY === true,
  columns: process.stdout.columns ?? 100,
};

const controller = new AbortController();
let interrupted = false;
// LAST_WORDS_MS bounds how long the command may take, after Ctrl-C, to report
// what it measured so far before heapsight exits regardless.
const LAST_WORDS_MS = 10_000;
const forceExit = (): void => {
  void killAllChildren().finally(() => process.exit(ExitCode.Failure));
};
const onSignal = (sig: NodeJS.Signals): void => {
  if (interrupted) {
    // A second Ctrl-C: stop waiting for the report.
    forceExit();
    return;
  }
  interrupted = true;
  controller.abort();
  io.stderr(`\nheapsight: interrupted (${sig}); stopping child processes, then reporting what was measured (Ctrl-C again to quit now)\n`);
  void stopChildren();
  setTimeout(forceExit, LAST_WORDS_MS).unref();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Closing the terminal: the same orderly stop, or the benchmark, its timeout
// wrapper and the temp dirs would outlive heapsight.
process.on('SIGHUP', onSignal);

const code = await main(process.argv.slice(2), io, { signal: controller.signal });
// An interrupted run never exits 0, whatever the command made of it.
process.exitCode = interrupted ? ExitCode.Failure : code;
