// workbench-data.ts is what the workbench page is booted with: the check
// report, each benchmark's runs and GC cycles, the flame graph in the wire
// form flame-html.ts uses, and the sentences about the evidence already
// worded by the check renderers (words live in renderers: the page words only
// its own chrome, from messages.ts). `heapsight serve` and `check --format
// html` build the same boot; serve's page fetches sources, the export inlines
// them.
import { symbolPackage } from '../../go-symbol.js';
import type { GcCycle } from '../../gctrace/gc-cycle.js';
import { stwPauseNs } from '../../gctrace/gc-cycle.js';
import { buildFlameTree, type FlameSource } from '../../profile/flame-tree.js';
import type { Profile } from '../../profile/model.js';
import { resolveSampleIndex, sampleIndexReasonInfo } from '../../profile/sample-index.js';
import type { CheckReport } from '../../verify/check-report.js';
import { summaryText, reasonText, siteReason, userFrameLine, noteLine } from '../check-words.js';
import { rel } from '../check-text.js';
import type { Messages } from '../../i18n/messages.js';
import { en } from '../../i18n/en.js';
import { runtimeReason } from '../cause-words.js';
import { jsonForScript } from '../flame-html.js';
import type { FlameWire, FlameWireValues } from '../flame-client/flame-data.js';

export const WORKBENCH_SCHEMA = 'heapsight.workbench/v1';

/** WorkbenchRuns is one benchmark's per-run values and GC cycles (check's BenchmarkRuns). */
export interface WorkbenchRunsInput {
  readonly package: string;
  readonly name: string;
  readonly samples: Readonly<Record<string, readonly number[]>>;
  readonly gcCycles: readonly (readonly GcCycle[])[];
}

/** GcRunSeries is one process's GC cycles as columns (heap figures in MiB as gctrace prints them). */
export interface GcRunSeries {
  readonly at: readonly number[];
  readonly stwNs: readonly number[];
  readonly goalMB: readonly number[];
  readonly liveMB: readonly number[];
  readonly endMB: readonly number[];
  readonly forced: readonly (0 | 1)[];
}

/** BootBenchmark is a benchmark's runs for the Overview's dots and the GC timeline. */
export interface BootBenchmark {
  readonly package: string;
  readonly name: string;
  readonly samples: Readonly<Record<string, readonly number[]>>;
  readonly gc: readonly GcRunSeries[];
}

/** BootFlame is a flame graph as the page reads it: the wire columns, the sample types laid out so far, and which frames are the user's. */
export interface BootFlame {
  readonly wire: FlameWire;
  /** values[k] is null until sample type k is laid out (serve lays out the default one first, others on demand). */
  readonly values: readonly (FlameWireValues | null)[];
  /** user[f] = 1 when frame f is in the target packages ("only my code" keeps these). */
  readonly user: readonly (0 | 1)[];
}

/**
 * FlameJson is a BootFlame already serialised: `head` is the JSON of
 * { wire, user } and values[k] the JSON of sample type k's FlameWireValues
 * (null: not laid out). A million-sample profile has millions of nodes;
 * writing the typed arrays straight to text keeps the server far below the
 * memory of JS arrays and JSON.stringify.
 */
export interface FlameJson {
  readonly head: string;
  readonly values: readonly (string | null)[];
}

/** BootWords are the evidence's sentences, worded by the check renderers, indexed like the report's arrays. */
export interface BootWords {
  readonly findingReason: readonly string[];
  readonly findingVia: readonly (string | null)[];
  /** Each finding's compiler notes, in words. */
  readonly findingNotes: readonly (readonly string[])[];
  readonly verdictLabel: readonly string[];
  readonly verdictSummary: readonly string[];
  readonly verdictReasons: readonly (readonly string[])[];
}

/** WorkbenchBoot is the page's whole input. */
export interface WorkbenchBoot {
  readonly schema: typeof WORKBENCH_SCHEMA;
  /** True under `heapsight serve` (re-run, sources, tag ranges and baselines come from the server). */
  readonly live: boolean;
  readonly title: string;
  /** Paths are shown relative to this directory. */
  readonly cwd: string;
  readonly report: CheckReport | null;
  readonly words: BootWords | null;
  readonly benchmarks: readonly BootBenchmark[];
  /** Profiles loaded (the first is drawn; the others can be picked as a baseline). */
  readonly profiles: readonly { readonly id: number; readonly name: string; readonly samples: number }[];
  readonly flame: FlameJson | null;
  /** Bumped by every re-run (serve); the page reloads when it changes. */
  readonly version: number;
  /** The target packages' source files (absolute), which the Source view lists. */
  readonly sourceFiles: readonly string[];
  /** Inlined sources (export only): file → lines. */
  readonly sources: Readonly<Record<string, readonly string[] | null>> | null;
}

/** WorkbenchInput is what a front end has after check (or after reading profiles and a saved report). */
export interface WorkbenchInput {
  readonly live: boolean;
  readonly title: string;
  readonly cwd: string;
  readonly report: CheckReport | null;
  readonly runs: readonly WorkbenchRunsInput[];
  readonly profiles: readonly { readonly name: string; readonly profile: Profile }[];
  /** Inline the target sources (the export does; serve fetches them). */
  readonly readSource: ((file: string) => readonly string[] | null) | null;
  /** Lay out only the default sample type (serve, for memory) rather than all (the export). */
  readonly defaultSampleTypeOnly?: boolean;
  readonly version?: number;
  /** The catalogue the evidence sentences are worded in (--lang; default en). */
  readonly messages?: Messages;
}

/** gcSeries turns one run's cycles into columns. */
export function gcSeries(cycles: readonly GcCycle[]): GcRunSeries {
  return {
    at: cycles.map((c) => c.atSeconds),
    stwNs: cycles.map(stwPauseNs),
    goalMB: cycles.map((c) => c.heapGoalMB),
    liveMB: cycles.map((c) => c.heapLiveMB),
    endMB: cycles.map((c) => c.heapEndMB),
    forced: cycles.map((c) => (c.forced ? 1 : 0)),
  };
}

/**
 * isUserFrame says whether a frame belongs to "my code": with a report, a
 * file of the target packages; without one, any package whose path's first
 * element has a dot or is main (neither the standard library nor the runtime).
 */
export function userFrameTest(report: CheckReport | null): (name: string, file: string) => boolean {
  if (report) {
    const files = new Set(report.sourceFiles);
    return (_name, file) => files.has(file);
  }
  return (name) => {
    const pkg = symbolPackage(name);
    const first = pkg.split('/')[0] ?? '';
    return first === 'main' || first.includes('.');
  };
}

/** numbersJson writes a numeric array as a JSON array, in chunks (no intermediate JS array). */
function numbersJson(a: ArrayLike<number> & { subarray?: unknown }, map?: (v: number, i: number) => number): string {
  const parts: string[] = [];
  const CHUNK = 1 << 16;
  for (let i = 0; i < a.length; i += CHUNK) {
    const n = Math.min(CHUNK, a.length - i);
    const chunk = new Array<number>(n);
    for (let j = 0; j < n; j++) chunk[j] = map ? map(a[i + j]!, i + j) : a[i + j]!;
    parts.push(chunk.join(','));
  }
  return `[${parts.join(',')}]`;
}

/**
 * flameJson lays out a flame tree from sources (the first profile, minus an
 * optional base) for the page: every sample type, or only sampleIndex (the
 * profile's default one when null is passed).
 */
export function flameJson(sources: readonly FlameSource[], isUser: (name: string, file: string) => boolean, title: string, only?: number | null): FlameJson {
  const first = sources[0]!.profile;
  const si = resolveSampleIndex(first);
  const chosen = only === undefined ? undefined : (only ?? si.index);
  const tree = buildFlameTree(sources, chosen === undefined ? {} : { sampleIndex: chosen });
  const kept = chosen === undefined ? first.sampleTypes.map((_, k) => k) : [chosen];
  const notes = [`${first.samples.count.toLocaleString('en-US')} samples · sample index ${si.type.type}: ${sampleIndexReasonInfo[si.reason]}`];
  const hasNeg = first.sampleTypes.map((_, k) => {
    const j = kept.indexOf(k);
    return j >= 0 && tree.neg[j]!.some((v) => v !== 0);
  });
  const strings = jsonForScript({
    schema: 'heapsight.flame/v1',
    title,
    notes,
    sampleTypes: first.sampleTypes.map((t) => ({ type: t.type, unit: t.unit })),
    defaultIndex: si.index,
    diff: tree.diff,
    names: tree.frames.map((f) => f.name),
    files: tree.frames.map((f) => f.file),
    lines: tree.frames.map((f) => f.line),
    inlined: tree.frames.map((f) => (f.inlined ? 1 : 0)),
    hasNeg,
  });
  const parent = tree.nodeParent;
  const head =
    `{"wire":${strings.slice(0, -1)},"frame":${numbersJson(tree.nodeFrame)},"parentDelta":${numbersJson(parent, (p, i) => (i === 0 ? 0 : i - p))}},` +
    `"user":${JSON.stringify(tree.frames.map((f) => (isUser(f.name, f.file) ? 1 : 0)))}}`;
  const values: (string | null)[] = first.sampleTypes.map(() => null);
  kept.forEach((k, j) => {
    values[k] = `{"pos":${numbersJson(tree.pos[j]!)},"neg":${hasNeg[k] ? numbersJson(tree.neg[j]!) : 'null'}}`;
  });
  return { head, values };
}

/** flameResponse is a FlameJson as one JSON document (a BootFlame). */
export function flameResponse(f: FlameJson): string {
  return `${f.head.slice(0, -1)},"values":[${f.values.map((v) => v ?? 'null').join(',')}]}`;
}

/** bootWords words the report's findings and verdicts with the check renderers' sentences. */
export function bootWords(r: CheckReport, cwd: string, m: Messages = en): BootWords {
  const names = r.packageNames;
  return {
    findingReason: r.findings.map((f) => siteReason(m, f, names, r.settings.depsMin)),
    findingVia: r.findings.map((f) => userFrameLine(m, f, names, (file) => rel(cwd, file))),
    findingNotes: r.findings.map((f) => [
      ...f.compiler.map((n) => noteLine(m, n, names)),
      ...f.runtimeCalls.map((c) => `${c.call}: ${runtimeReason(m, c)}`),
    ]),
    verdictLabel: r.verdicts.map((v) => m.finding.verdict[v.verdict]),
    verdictSummary: r.verdicts.map((v) => summaryText(m, v.summary)),
    verdictReasons: r.verdicts.map((v) => v.reasons.map((x) => reasonText(m, x))),
  };
}

/** workbenchBoot builds the page's input. */
export function workbenchBoot(input: WorkbenchInput): WorkbenchBoot {
  const { report } = input;
  const isUser = userFrameTest(report);
  const first = input.profiles[0];
  const sourceFiles = report ? report.sourceFiles.filter((f) => f.endsWith('.go')) : [];
  return {
    schema: WORKBENCH_SCHEMA,
    live: input.live,
    title: input.title,
    cwd: input.cwd,
    report,
    words: report ? bootWords(report, input.cwd, input.messages ?? en) : null,
    benchmarks: input.runs.map((b) => ({ package: b.package, name: b.name, samples: b.samples, gc: b.gcCycles.map(gcSeries) })),
    profiles: input.profiles.map((p, id) => ({ id, name: p.name, samples: p.profile.samples.count })),
    flame: first ? flameJson([{ profile: first.profile, sign: 1 }], isUser, first.name, input.defaultSampleTypeOnly ? null : undefined) : null,
    version: input.version ?? 0,
    sourceFiles,
    sources: input.readSource ? Object.fromEntries(sourceFiles.map((f) => [f, input.readSource!(f)])) : null,
  };
}
