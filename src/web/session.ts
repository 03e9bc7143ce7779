// session.ts is what `heapsight serve` shows and re-runs: a check of packages
// (re-runnable), or profiles and saved reports read from files. It owns the
// current data and builds the page's boot from it through the same builder
// the html export uses; the server (server.ts) only routes and guards.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCheck, type CheckEvent, type CheckOptions } from '../core/check.js';
import { applyFilters, parseTagFilter } from '../profile/profile-filter.js';
import { decodeProfileBytes } from '../profile/decode.js';
import type { Profile } from '../profile/model.js';
import { readProfiles } from '../profile/index.js';
import { CHECK_SCHEMA, type CheckReport } from '../verify/check-report.js';
import { InputError } from '../errors.js';
import type { Messages } from '../i18n/messages.js';
import type { Runner } from '../toolchain/process.js';
import { flameJson, flameResponse, userFrameTest, workbenchBoot, type WorkbenchBoot, type WorkbenchRunsInput } from '../render/workbench/workbench-data.js';
import { workbenchPageParts } from '../render/workbench/page.js';

/** SessionInput says where the data comes from. */
export type SessionInput =
  | { readonly kind: 'check'; readonly options: Omit<CheckOptions, 'signal' | 'onEvent'> }
  | { readonly kind: 'files'; readonly reports: readonly string[]; readonly profiles: readonly string[] };

/** readSourceFile reads a Go file's lines; null when unreadable. */
export function readSourceFile(file: string): string[] | null {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    return null;
  }
}

/** WorkbenchSession holds the current data of one serve. */
export class WorkbenchSession {
  private report: CheckReport | null = null;
  private runs: readonly WorkbenchRunsInput[] = [];
  private profiles: { name: string; profile: Profile }[] = [];
  private bootCache: WorkbenchBoot | null = null;
  private pageCache: Buffer | null = null;
  private running = false;
  /** version counts loads; the page asks for data again when it changes. */
  version = 0;

  constructor(
    private readonly input: SessionInput,
    private readonly runner: Runner,
    private readonly cwd: string,
    /** The catalogue the evidence sentences are worded in (serve --lang); the page's own words switch with ?lang=. */
    private readonly messages?: Messages,
  ) {}

  get canRerun(): boolean {
    return this.input.kind === 'check';
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** load runs check (or reads the files) and replaces the data; events are check's progress. */
  async load(signal: AbortSignal, onEvent: (e: CheckEvent) => void = () => {}): Promise<{ warnings: readonly string[]; interrupted: boolean }> {
    if (this.running) throw new InputError('a run is already in progress');
    this.running = true;
    try {
      if (this.input.kind === 'check') {
        const result = await runCheck(this.runner, { ...this.input.options, signal, onEvent });
        this.report = result.report;
        this.runs = result.benchmarkRuns;
        // Baselines added in the page stay; the run's own profile is first.
        const uploaded = this.profiles.filter((p) => p.name.startsWith('uploaded: '));
        this.profiles = [...(result.profile ? [{ name: 'heap profile of the run (alloc_space)', profile: result.profile }] : []), ...uploaded];
        this.invalidate();
        return { warnings: result.report.warnings, interrupted: result.interrupted };
      }
      const reports = this.input.reports.map((f) => readReport(resolve(this.cwd, f)));
      this.report = reports[0] ?? null;
      this.runs = [];
      this.profiles = [];
      for (const f of this.input.profiles) this.profiles.push({ name: f, profile: await readProfiles([f], { cwd: this.cwd }) });
      this.invalidate();
      return { warnings: reports.length > 1 ? [`only the first report (${this.input.reports[0]}) is shown`] : [], interrupted: false };
    } finally {
      this.running = false;
    }
  }

  private invalidate(): void {
    this.bootCache = null;
    this.pageCache = null;
    this.version++;
  }

  /** boot is the page's data without the flame graph (sources are fetched, not inlined). */
  boot(): WorkbenchBoot {
    if (!this.bootCache) this.page();
    return this.bootCache!;
  }

  /**
   * page is the whole HTML page for the current data, as UTF-8 bytes. Only
   * the page keeps the laid-out flame graph (one sample type; others are
   * laid out when the page asks), so a big profile is held once, as bytes.
   */
  page(): Buffer {
    if (!this.pageCache) {
      const boot = workbenchBoot({
        live: true,
        title: this.report ? `heapsight serve ${this.report.packages.join(' ')}` : `heapsight serve ${this.profiles.map((p) => p.name).join(' ')}`,
        cwd: this.cwd,
        report: this.report,
        runs: this.runs,
        profiles: this.profiles,
        readSource: null,
        defaultSampleTypeOnly: true,
        version: this.version,
        ...(this.messages ? { messages: this.messages } : {}),
      });
      this.pageCache = Buffer.concat(workbenchPageParts(boot, { csp: 'header' }).map((part) => Buffer.from(part)));
      this.bootCache = { ...boot, flame: null };
    }
    return this.pageCache;
  }

  /** sourceFiles are the only files the server hands out. */
  sourceFiles(): ReadonlySet<string> {
    return new Set(this.boot().sourceFiles);
  }

  /** flame lays out the first profile again with a bytes tag range and/or minus a baseline profile. */
  flame(query: { readonly tagfocus?: string | null; readonly base?: string | null; readonly si?: string | null }): string {
    const first = this.profiles[0];
    if (!first) throw new InputError('no profile loaded');
    const tag = query.tagfocus ? parseTagFilter(query.tagfocus.includes('=') ? query.tagfocus : `bytes=${query.tagfocus}`) : undefined;
    const view = tag ? applyFilters(first.profile, { tagFocus: tag }) : null;
    const baseId = query.base ? Number(query.base) : null;
    const base = baseId !== null ? this.profiles[baseId] : undefined;
    if (baseId !== null && (!base || baseId === 0)) throw new InputError(`no baseline profile ${query.base}`);
    if (base && base.profile.sampleTypes.map((t) => t.type).join() !== first.profile.sampleTypes.map((t) => t.type).join()) {
      throw new InputError(`the baseline's sample types (${base.profile.sampleTypes.map((t) => t.type).join(', ')}) differ from the profile's`);
    }
    const baseView = tag && base ? applyFilters(base.profile, { tagFocus: tag }) : null;
    const si = query.si ? Number(query.si) : null;
    if (si !== null && !(Number.isInteger(si) && si >= 0 && si < first.profile.sampleTypes.length)) throw new InputError(`no sample type ${query.si}`);
    const laidOut = flameJson(
      [
        { profile: first.profile, sign: 1, ...(view ? { view } : {}) },
        ...(base ? [{ profile: base.profile, sign: -1 as const, ...(baseView ? { view: baseView } : {}) }] : []),
      ],
      userFrameTest(this.report),
      first.name,
      si,
    );
    return flameResponse(laidOut);
  }

  /** addProfile decodes an uploaded profile (a baseline picked in the page). */
  async addProfile(name: string, bytes: Uint8Array): Promise<{ id: number; name: string; samples: number }> {
    const profile = await decodeProfileBytes(bytes, name);
    const label = `uploaded: ${name}`;
    this.profiles.push({ name: label, profile });
    this.bootCache = null;
    this.pageCache = null;
    return { id: this.profiles.length - 1, name: label, samples: profile.samples.count };
  }
}

/** readReport reads a saved `check --format json` document. */
function readReport(file: string): CheckReport {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`${file}: not a readable JSON check report (${e instanceof Error ? e.message : String(e)})`);
  }
  const schema = (doc as { schema?: unknown } | null)?.schema;
  if (schema !== CHECK_SCHEMA) throw new InputError(`${file}: schema ${JSON.stringify(schema)} is not ${CHECK_SCHEMA}`, 'write it again with `heapsight check --format json -o FILE`');
  return doc as CheckReport;
}
