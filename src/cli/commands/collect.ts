// collect.ts: `heapsight collect URL` saves a profile from a running program's
// /debug/pprof endpoint (the article's setup: import _ "net/http/pprof").
import { UsageError } from '../../errors.js';
import { parseGoDuration } from '../../go-duration.js';
import { collectKindNames, collectKinds, collectProfile, type CollectKind } from '../../profile/collect.js';
import { formatBytes } from '../../human-units.js';
import { intFlag, oneOf, parseFlags, type Command } from '../command.js';
import { checkOutputFile, writeOutputFile } from '../output-path.js';

const usage =
  'heapsight collect URL [--kind heap|allocs|cpu|goroutine] [--seconds N] [-o FILE|-] [--timeout D]\n' +
  '  URL       the program (http://127.0.0.1:6060), its /debug/pprof/ path, or a profile URL\n' +
  '  --kind    which profile (default allocs: what GC pressure is made of)\n' +
  '  --seconds heap/allocs: a delta over N seconds (values can be negative); cpu: sampling time (default 30)\n' +
  '  -o FILE   where to write the profile (gzipped profile.proto as served); "-" for stdout\n' +
  '  --timeout Go duration allowed for the response beyond --seconds (default 30s)';

export const command: Command = {
  name: 'collect',
  summary: 'fetch a profile from a running program\'s /debug/pprof',
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      {
        kind: { type: 'string' },
        seconds: { type: 'string' },
        output: { type: 'string', short: 'o' },
        timeout: { type: 'string' },
      },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError('collect takes exactly one URL', `usage: ${usage}`);
    const kind: CollectKind = oneOf('kind', values.kind, collectKindNames, 'allocs');
    let seconds = values.seconds === undefined ? undefined : intFlag('seconds', values.seconds, 0, 1);
    if (kind === 'cpu' && seconds === undefined) seconds = 30;
    const extraMs = values.timeout === undefined ? 30_000 : parseGoDuration(values.timeout);
    if (extraMs === null || extraMs <= 0) {
      throw new UsageError(`--timeout must be a Go duration such as 30s or 500ms (got ${JSON.stringify(values.timeout)})`);
    }
    const out = values.output;
    // Binary to a terminal garbles it; require an explicit choice there.
    if (out === undefined && ctx.io.stdoutIsTTY) {
      throw new UsageError('refusing to write a binary profile to the terminal', 'give -o FILE, or -o - to force stdout');
    }
    // Checked before the request: a --seconds 30 profile must not be fetched to be thrown away.
    checkOutputFile('-o', out, ctx.cwd);
    const result = await collectProfile({
      url: positionals[0]!,
      kind,
      ...(seconds !== undefined ? { seconds } : {}),
      timeoutMs: (seconds ?? 0) * 1000 + extraMs,
      signal: ctx.signal,
    });
    if (out === undefined || out === '-') {
      ctx.io.stdout(result.bytes);
    } else {
      await writeOutputFile('-o', out, ctx.cwd, result.bytes);
    }
    const note = result.delta ? ' (delta profile: values are the change over the interval and can be negative)' : '';
    ctx.io.stderr(
      `collected ${collectKinds[kind].path} from ${result.url}: ${formatBytes(result.bytes.length)} in ${Math.round(result.durationMs)} ms` +
        `${out && out !== '-' ? ` → ${out}` : ''}${note}\n`,
    );
    return 0;
  },
};
