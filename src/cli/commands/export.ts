// export.ts: `heapsight export PROFILE --format F` converts a profile (or a
// merge of several, or a diff against a base) to folded stacks, speedscope
// JSON, pprof, or plain JSON.
import { basename } from 'node:path';
import { UsageError } from '../../errors.js';
import { splitProfileList } from '../../profile/diff-inputs.js';
import { readProfiles } from '../../profile/index.js';
import { exportFolded } from '../../profile/export-folded.js';
import { exportJson } from '../../profile/export-json.js';
import { exportPprof, negateProfile } from '../../profile/export-pprof.js';
import { exportSpeedscope } from '../../profile/export-speedscope.js';
import type { FlameGranularity } from '../../profile/flame-tree.js';
import { mergeProfiles } from '../../profile/merge.js';
import type { Profile } from '../../profile/model.js';
import { resolveSampleIndex } from '../../profile/sample-index.js';
import { HEAPSIGHT_VERSION } from './version.js';
import { oneOf, parseFlags, type Command } from '../command.js';
import { checkOutputFile, writeOutputFile } from '../output-path.js';

/** ExportFormat is an output format of `heapsight export`. */
export type ExportFormat = 'folded' | 'speedscope' | 'pprof' | 'json';

interface ExportContext {
  readonly name: string;
  readonly sampleIndex: number;
  readonly granularity: FlameGranularity;
}

/** exporters is the format registry: binary formats are refused on a terminal. */
const exporters: Readonly<Record<ExportFormat, { binary: boolean; run(p: Profile, c: ExportContext): string | Uint8Array }>> = {
  folded: { binary: false, run: (p, c) => exportFolded(p, { sampleIndex: c.sampleIndex, granularity: c.granularity }) },
  speedscope: {
    binary: false,
    run: (p, c) => JSON.stringify(exportSpeedscope(p, c.name, c.sampleIndex, `heapsight ${HEAPSIGHT_VERSION}`)) + '\n',
  },
  pprof: { binary: true, run: (p) => exportPprof(p) },
  json: { binary: false, run: (p) => JSON.stringify(exportJson(p), null, 1) + '\n' },
};

const usage =
  'heapsight export PROFILE [PROFILE...] --format folded|speedscope|pprof|json [-o FILE|-] [--sample-index N] [--granularity functions|lines] [--diff-base BASE]...\n' +
  '  folded: one sample index (default as `top`), inlined frames marked _[i]; signed values kept.\n' +
  '  speedscope: every sample index; inlined frames and lines kept; a type with negative values\n' +
  '    becomes two profiles, "(increases)" and "(decreases)" (speedscope rejects negative weights).\n' +
  '  pprof: gzipped profile.proto (binary: needs -o, or stdout that is not a terminal).\n' +
  '  --diff-base subtracts BASE first (base scaled by -1 and merged, pprof -diff_base).';

export const command: Command = {
  name: 'export',
  summary: 'convert a profile to folded stacks, speedscope, pprof or JSON',
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      {
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'sample-index': { type: 'string' },
        granularity: { type: 'string' },
        'diff-base': { type: 'string', multiple: true },
      },
      usage,
    );
    const files = splitProfileList(positionals);
    if (files.length === 0) throw new UsageError('export needs a profile', `usage: ${usage}`);
    if (values.format === undefined) throw new UsageError('export needs --format folded|speedscope|pprof|json', `usage: ${usage}`);
    const format: ExportFormat = oneOf('format', values.format, ['folded', 'speedscope', 'pprof', 'json'] as const, 'folded');
    const granularity: FlameGranularity = oneOf('granularity', values.granularity, ['functions', 'lines'] as const, 'functions');
    const out = values.output;
    const exporter = exporters[format];
    if (exporter.binary && out === undefined && ctx.io.stdoutIsTTY) {
      throw new UsageError(`refusing to write binary ${format} to the terminal`, 'give -o FILE, or -o - to force stdout');
    }
    checkOutputFile('-o', out, ctx.cwd);
    let profile = await readProfiles(files, { cwd: ctx.cwd });
    const baseFiles = splitProfileList(values['diff-base'] ?? []);
    if (baseFiles.length > 0) profile = mergeProfiles([profile, negateProfile(await readProfiles(baseFiles, { cwd: ctx.cwd }))]);
    const si = resolveSampleIndex(profile, values['sample-index']);
    const data = exporter.run(profile, { name: files.map((f) => basename(f)).join(', '), sampleIndex: si.index, granularity });
    if (out === undefined || out === '-') ctx.io.stdout(data);
    else await writeOutputFile('-o', out, ctx.cwd, data);
    if (format === 'folded') ctx.io.stderr(`folded stacks of ${si.type.type} (${si.type.unit})\n`);
    return 0;
  },
};
