// diff.ts: `heapsight diff BASE NEW` — what grew and what shrank between two
// profiles of one kind, with pprof -diff_base semantics.
import { UsageError } from '../../errors.js';
import { diffProfiles } from '../../profile/diff.js';
import { splitProfileList } from '../../profile/diff-inputs.js';
import { readProfiles } from '../../profile/index.js';
import { diffRenderers, type DiffFormat } from '../../render/diff-format.js';
import type { Granularity } from '../../profile/frame-table.js';
import { intFlag, oneOf, parseFlags, type Command } from '../command.js';
import { LANG_FLAG, LANG_USAGE, messagesOf } from '../lang-flag.js';

const usage =
  `heapsight diff BASE NEW [--normalize] [--sample-index N] [--granularity functions|lines|files] [--nodecount N] [--format text|json] ${LANG_USAGE}\n` +
  '       heapsight diff --base A [--base B ...] NEW [NEW ...]\n' +
  '  BASE and NEW may be comma lists (a.pb.gz,b.pb.gz): profiles of one kind are merged first.\n' +
  '  Values are new − base (base scaled by -1 and merged, as pprof -diff_base); --normalize scales\n' +
  "  base to new's total first (off by default).";

export const command: Command = {
  name: 'diff',
  summary: 'compare two profiles: what grew, what shrank or vanished',
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      {
        base: { type: 'string', multiple: true },
        'diff-base': { type: 'string', multiple: true },
        normalize: { type: 'boolean' },
        'sample-index': { type: 'string' },
        granularity: { type: 'string' },
        nodecount: { type: 'string' },
        format: { type: 'string' },
        ...LANG_FLAG,
      },
      usage,
    );
    const baseFlags = [...(values.base ?? []), ...(values['diff-base'] ?? [])];
    let baseFiles: string[];
    let newFiles: string[];
    if (baseFlags.length > 0) {
      baseFiles = splitProfileList(baseFlags);
      newFiles = splitProfileList(positionals);
    } else {
      if (positionals.length !== 2) throw new UsageError('diff takes BASE and NEW (or --base FILE and NEW files)', `usage: ${usage}`);
      baseFiles = splitProfileList([positionals[0]!]);
      newFiles = splitProfileList([positionals[1]!]);
    }
    if (baseFiles.length === 0 || newFiles.length === 0) throw new UsageError('diff needs at least one base and one new profile', `usage: ${usage}`);
    const granularity: Granularity = oneOf('granularity', values.granularity, ['functions', 'lines', 'files'] as const, 'functions');
    const format: DiffFormat = oneOf('format', values.format, ['text', 'json'] as const, 'text');
    const nodecount = intFlag('nodecount', values.nodecount, 20);
    const [base, next] = await Promise.all([readProfiles(baseFiles, { cwd: ctx.cwd }), readProfiles(newFiles, { cwd: ctx.cwd })]);
    const report = diffProfiles(base, next, {
      granularity,
      normalize: values.normalize === true,
      ...(values['sample-index'] !== undefined ? { sampleIndex: values['sample-index'] } : {}),
    });
    ctx.io.stdout(diffRenderers[format](report, { baseLabel: baseFiles.join(','), newLabel: newFiles.join(','), nodecount, messages: messagesOf(values.lang, ctx.env) }));
    return 0;
  },
};
