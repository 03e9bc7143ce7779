// bin.ts is the process entry: it binds main() to the real terminal, handles
// Ctrl-C (kill children, remove temp dirs, exit 2) and sets the exit code.
import { writeSync } from 'node:fs';
import { killAllChildren } from '../toolchain/process.js';
import type { CliIO } from './command.js';
import { ExitCode } from './exit-codes.js';
import { main } from './main.js';

function write(fd: number, data: string | Uint8Array): void {
  // writeSync keeps output ordered and complete even when we exit right after;
  // EAGAIN on a non-blocking pipe is retried, EPIPE (reader went away) is ignored.
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EPIPE') return;
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
const onSignal = (sig: NodeJS.Signals): void => {
  if (interrupted) process.exit(ExitCode.Failure);
  interrupted = true;
  controller.abort();
  io.stderr(`\nheapsight: interrupted (${sig}); stopping child processes and removing temporary files\n`);
  void killAllChildren().finally(() => process.exit(ExitCode.Failure));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await main(process.argv.slice(2), io, { signal: controller.signal });
if (!interrupted) process.exitCode = code;
