// flame.ts: `heapsight flame PROFILE` writes one self-contained HTML flame
// graph (canvas, inlined CSS/JS/data), optionally against a base profile.
import { basename } from 'node:path';
import { UsageError } from '../../errors.js';
import { normalizationScale } from '../../profile/diff.js';
import { splitProfileList } from '../../profile/diff-inputs.js';
import { readProfiles } from '../../profile/index.js';
import { buildFlameTree, type FlameGranularity, type FlameSource } from '../../profile/flame-tree.js';
import { profileKind } from '../../profile/model.js';
import { ProfileMismatchError } from '../../profile/profile-error.js';
import { resolveSampleIndex, sampleIndexReasonInfo } from '../../profile/sample-index.js';
import { flameData, renderFlameHtml } from '../../render/flame-html.js';
import { formatBytes } from '../../human-units.js';
import { oneOf, parseFlags, type Command } from '../command.js';
import { checkOutputFile, writeOutputFile } from '../output-path.js';

const usage =
  'heapsight flame PROFILE [PROFILE...] [-o FILE|-] [--diff-base BASE]... [--normalize] [--sample-index N] [--granularity functions|lines] [--title T]\n' +
  '  Writes one self-contained HTML file (default: <first profile>.flame.html; "-o -" for stdout).\n' +
  '  Several PROFILEs (or comma lists) are merged; --diff-base subtracts BASE (pprof -diff_base):\n' +
  '  width = |new| + |base|, colour = net change (orange grew, blue shrank).';

/** defaultOutput names the HTML after the first profile: allocs.pb.gz → allocs.flame.html. */
function defaultOutput(file: string): string {
  return `${basename(file).replace(/(\.pb)?(\.gz)?$/, '').replace(/\.(pprof|prof|out)$/, '') || 'profile'}.flame.html`;
}

export const command: Command = {
  name: 'flame',
  summary: 'write a self-contained HTML flame graph (canvas; zoom, search, diff)',
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      {
        output: { type: 'string', short: 'o' },
        'diff-base': { type: 'string', multiple: true },
        base: { type: 'string', multiple: true },
        normalize: { type: 'boolean' },
        'sample-index': { type: 'string' },
        granularity: { type: 'string' },
        title: { type: 'string' },
      },
      usage,
    );
    const files = splitProfileList(positionals);
    if (files.length === 0) throw new UsageError('flame needs a profile', `usage: ${usage}`);
    const baseFiles = splitProfileList([...(values['diff-base'] ?? []), ...(values.base ?? [])]);
    if (values.normalize && baseFiles.length === 0) throw new UsageError('--normalize needs --diff-base');
    const granularity: FlameGranularity = oneOf('granularity', values.granularity, ['functions', 'lines'] as const, 'functions');
    // The output is checked before the profiles are read and laid out.
    checkOutputFile('-o', values.output ?? defaultOutput(files[0]!), ctx.cwd);
    const next = await readProfiles(files, { cwd: ctx.cwd });
    const base = baseFiles.length > 0 ? await readProfiles(baseFiles, { cwd: ctx.cwd }) : null;
    if (base && profileKind(base) !== profileKind(next)) {
      throw new ProfileMismatchError(`cannot compare profiles of different kinds: base [${profileKind(base)}] vs new [${profileKind(next)}]`);
    }
    const si = resolveSampleIndex(next, values['sample-index']);
    const sources: FlameSource[] = [{ profile: next, sign: 1 }];
    const notes: string[] = [`${files.join(', ')} — ${next.samples.count.toLocaleString('en-US')} samples`];
    if (base) {
      const scale = values.normalize ? normalizationScale(base, next) : undefined;
      sources.push({ profile: base, sign: -1, ...(scale ? { scale } : {}) });
      notes.push(
        `diff against ${baseFiles.join(', ')}: base scaled by -1 and merged (pprof -diff_base); ` +
          (scale ? `normalised: base × ${scale[si.index]!.toPrecision(6)} so its total equals new's` : 'not normalised'),
      );
    }
    notes.push(`sample index ${si.type.type}: ${sampleIndexReasonInfo[si.reason]} — switch above`);
    const started = performance.now();
    const tree = buildFlameTree(sources, { granularity });
    if (!base && tree.neg.some((a) => a.some((v) => v < 0))) {
      notes.push('delta profile: some values are negative (blue = decreased over the interval)');
    }
    const html = renderFlameHtml(
      flameData(tree, { title: values.title ?? `heapsight flame: ${files.join(', ')}${base ? ` vs ${baseFiles.join(', ')}` : ''}`, notes, defaultIndex: si.index }),
    );
    const out = values.output ?? defaultOutput(files[0]!);
    if (out === '-') ctx.io.stdout(html);
    else await writeOutputFile('-o', out, ctx.cwd, html);
    ctx.io.stderr(
      `flame graph: ${tree.nodeFrame.length.toLocaleString('en-US')} nodes, ${tree.frames.length.toLocaleString('en-US')} frames, ` +
        `${formatBytes(Buffer.byteLength(html))} in ${Math.round(performance.now() - started)} ms${out === '-' ? '' : ` → ${out}`}\n`,
    );
    return 0;
  },
};
