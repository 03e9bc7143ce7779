// peek.ts: `heapsight peek REGEX PROFILE...` — callers and callees of matching nodes.
import { UsageError } from '../../errors.js';
import { peek } from '../../profile/peek.js';
import { renderPeekText } from '../../render/peek-text.js';
import type { Command } from '../command.js';
import { oneOf, parseFlags } from '../command.js';
import { LANG_FLAG, LANG_USAGE, messagesOf } from '../lang-flag.js';
import { filterOptionsFromFlags, loadProfiles, profileFlags } from './top.js';

export const command: Command = {
  name: 'peek',
  summary: 'callers and callees of functions matching a regex (as go tool pprof -peek)',
  usage: `heapsight peek REGEX PROFILE [PROFILE...] [--sample-index NAME] [--granularity functions|lines|files] [--focus RE] [--ignore RE] [--tagfocus R] [--noinlines] ${LANG_USAGE}`,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(args, { ...profileFlags, granularity: { type: 'string' }, ...LANG_FLAG }, this.usage);
    const [pattern, ...files] = positionals;
    if (pattern === undefined || files.length === 0) throw new UsageError('peek needs a regex and a profile file', `usage: ${this.usage}`);
    let re: RegExp;
    try {
      re = new RegExp(pattern);
    } catch (e) {
      throw new UsageError(`bad regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
    }
    const granularity = oneOf('granularity', values.granularity, ['functions', 'lines', 'files'] as const, 'functions');
    const profile = await loadProfiles(ctx, files);
    const report = peek(profile, re, { ...filterOptionsFromFlags(values), granularity });
    for (const w of report.warnings) ctx.io.stderr(`heapsight peek: warning: ${w}\n`);
    ctx.io.stdout(renderPeekText(report, files.join(' '), messagesOf(values.lang, ctx.env)));
    return 0;
  },
};
