// serve.ts is `heapsight serve`: the workbench. It runs check on packages
// (or reads profiles and saved check reports), then serves the page on
// loopback and prints its URL with the token; the process serves until
// Ctrl-C. The pipeline is the library's (src/core/check.ts); the session and
// the HTTP side are src/web/.
import { LANG_FLAG, LANG_USAGE, messagesOf } from '../lang-flag.js';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_DEPS_MIN, DEFAULT_MEMPROFILERATE, DEFAULT_PROFILE_COUNT } from '../../core/check.js';
import { UsageError } from '../../errors.js';
import { intFlag, parseFlags, type Command } from '../command.js';
import { benchRunFlagSpec, readBenchRunFlags } from '../bench-flags.js';
import { ExitCode } from '../exit-codes.js';
import { fileSourceReader } from '../source-reader.js';
import { parseDepsMin } from './check.js';
import { WorkbenchSession, type SessionInput } from '../../web/session.js';
import { isLoopback, parseAddr, startWorkbenchServer } from '../../web/server.js';
import { openInBrowser } from '../../toolchain/open-url.js';

const usage =
  'heapsight serve [packages | PROFILE… | REPORT.json [PROFILE…]] [--addr 127.0.0.1:0] [--open] [--bench RE] [--count N] [--benchtime D|Nx] ' +
  `[--profile-count N] [--deps-min FRACTION|N%|off] [--tags T,U] ${LANG_USAGE} [--quiet]`;

/** classifyInputs tells files (reports: .json; profiles: any other file) from package patterns. */
export function classifyInputs(positionals: readonly string[], cwd: string): { reports: string[]; profiles: string[]; patterns: string[] } {
  const reports: string[] = [];
  const profiles: string[] = [];
  const patterns: string[] = [];
  for (const p of positionals) {
    const abs = resolve(cwd, p);
    if (existsSync(abs) && statSync(abs).isFile()) (p.endsWith('.json') ? reports : profiles).push(p);
    else patterns.push(p);
  }
  if (patterns.length > 0 && reports.length + profiles.length > 0) {
    throw new UsageError('serve takes packages, or files (profiles and check reports), not both', `usage: ${usage}`);
  }
  return { reports, profiles, patterns };
}

export const command: Command = {
  name: 'serve',
  summary: 'the workbench: a local web page joining source, escape stories, flame graphs, benchmarks and GC',
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      {
        ...benchRunFlagSpec,
        addr: { type: 'string' },
        open: { type: 'boolean' },
        'deps-min': { type: 'string' },
        'profile-count': { type: 'string' },
        ...LANG_FLAG,
      },
      usage,
    );
    const messages = messagesOf(values.lang, ctx.env);
    const addr = values.addr ?? '127.0.0.1:0';
    const { host } = parseAddr(addr);
    const flags = readBenchRunFlags(values, { benchtime: '100ms', memProfileRate: DEFAULT_MEMPROFILERATE });
    const { reports, profiles, patterns } = classifyInputs(positionals, ctx.cwd);
    const input: SessionInput =
      reports.length + profiles.length > 0
        ? { kind: 'files', reports, profiles }
        : {
            kind: 'check',
            options: {
              cwd: ctx.cwd,
              patterns,
              bench: flags.bench,
              count: flags.count,
              benchtime: flags.benchtime,
              tags: flags.tags,
              timeoutMs: flags.timeoutMs,
              ...(flags.cpu !== null ? { cpu: flags.cpu } : {}),
              memProfileRate: flags.memProfileRate ?? DEFAULT_MEMPROFILERATE,
              depsMin: values['deps-min'] === undefined ? DEFAULT_DEPS_MIN : parseDepsMin(values['deps-min']),
              profileCount: intFlag('profile-count', values['profile-count'], DEFAULT_PROFILE_COUNT),
              readSource: fileSourceReader,
            },
          };
    const progress = (line: string): void => {
      if (!flags.quiet) ctx.io.stderr(`${line}\n`);
    };
    const session = new WorkbenchSession(input, ctx.runner, ctx.cwd, messages);
    progress(input.kind === 'check' ? `running check on ${patterns.join(' ') || '.'}…` : `reading ${[...reports, ...profiles].join(', ')}…`);
    const loaded = await session.load(ctx.signal, (e) => {
      if (e.kind === 'note') progress(e.text);
      else if (e.kind === 'timing-runs') progress(`running benchmarks of ${e.pkg} (-count ${e.count} -benchtime ${e.benchtime})…`);
      else if (e.kind === 'profiling-runs') progress(`profiling heap allocations of ${e.benchmarks} benchmarks…`);
    });
    for (const w of loaded.warnings) ctx.io.stderr(`warning: ${w}\n`);
    if (loaded.interrupted) return ExitCode.Failure;
    if (!isLoopback(host)) ctx.io.stderr(`warning: --addr ${addr} is not loopback: anyone who can reach it and has the token sees your code\n`);
    // Lay the page out before printing the URL, so the first request is answered at once.
    session.page();
    const server = await startWorkbenchServer(session, { addr, onProgress: progress });
    ctx.io.stdout(`${server.url}\n`);
    progress('heapsight serve: open the URL above (it carries the access token); Ctrl-C stops');
    if (values.open) {
      const opened = await openInBrowser(ctx.runner, server.url);
      if (opened !== null) ctx.io.stderr(`warning: could not open a browser: ${opened}\n`);
    }
    await new Promise<void>((done) => {
      if (ctx.signal.aborted) done();
      else ctx.signal.addEventListener('abort', () => done(), { once: true });
    });
    await server.close();
    return ExitCode.Clean;
  },
};
