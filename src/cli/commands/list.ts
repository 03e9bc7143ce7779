// list.ts: `heapsight list REGEX PROFILE...` — per-line flat/cum of matching functions with their source.
import { UsageError } from '../../errors.js';
import { listFunctions } from '../../profile/source-listing.js';
import { renderListText } from '../../render/list-text.js';
import type { Command } from '../command.js';
import { parseFlags } from '../command.js';
import { LANG_FLAG, LANG_USAGE, messagesOf } from '../lang-flag.js';
import { fileSourceReader } from '../source-reader.js';
import { filterOptionsFromFlags, loadProfiles, profileFlags } from './top.js';

export const command: Command = {
  name: 'list',
  summary: 'per-line flat/cum of functions matching a regex, with source (as go tool pprof -list)',
  usage: `heapsight list REGEX PROFILE [PROFILE...] [--sample-index NAME] [--focus RE] [--ignore RE] [--tagfocus R] [--noinlines] ${LANG_USAGE}`,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(args, { ...profileFlags, ...LANG_FLAG }, this.usage);
    const [pattern, ...files] = positionals;
    if (pattern === undefined || files.length === 0) throw new UsageError('list needs a regex and a profile file', `usage: ${this.usage}`);
    let re: RegExp;
    try {
      re = new RegExp(pattern);
    } catch (e) {
      throw new UsageError(`bad regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
    }
    const profile = await loadProfiles(ctx, files);
    const report = listFunctions(profile, re, filterOptionsFromFlags(values), fileSourceReader);
    for (const w of report.warnings) ctx.io.stderr(`heapsight list: warning: ${w}\n`);
    ctx.io.stdout(renderListText(report, files.join(' '), messagesOf(values.lang, ctx.env)));
    return 0;
  },
};
