// replay.ts records every process a pipeline starts (go version, go env, go
// list, go test -c, the test binary's -test.list and benchmark runs, the
// diagnostic build) and replays them later without Go: each with its argv,
// exit status, stdout, stderr, the order its lines arrived in, and the files
// a build wrote into the -json directory its argv names. Machine paths (this
// checkout, the temp dirs) are stored as markers, so a recording made in one
// checkout replays in another.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { RunRecord, RunRequest, Runner } from '../../src/toolchain/process.js';
import { repoRoot } from './golden.js';

/** RecordedProcess is one finished process, machine paths replaced by markers. */
export interface RecordedProcess {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The lines as the callbacks received them, in order across both streams. */
  readonly lines: readonly { readonly stream: 'stdout' | 'stderr'; readonly text: string }[];
  /** Files written into the -json=0,DIR directory of its -gcflags: path relative to DIR → content. */
  readonly jsonFiles?: Readonly<Record<string, string>>;
  /** Its `-o FILE` existed after the run (go test -c writes none for a package without tests). */
  readonly wroteOutput?: boolean;
}

// Temp dirs are mkdtemp names (heapsight-PREFIX-XXXXXX) under the system temp dir.
const TEMP_RE = /\/[^\s"',=]*?\/heapsight-[a-z-]+-[A-Za-z0-9]{6}/g;

/** toMarkers replaces this checkout's path and temp dirs with markers. */
function toMarkers(text: string): string {
  return text.split(repoRoot).join('<repo>').replace(TEMP_RE, '<tmp>');
}

/** fromMarkers puts this checkout's path back (temp dirs stay markers: nothing reads them from output). */
function fromMarkers(text: string): string {
  return text.split('<repo>').join(repoRoot);
}

/** keyOf is what identifies a request among the recorded ones: the program's base name and its arguments, with markers. */
function keyOf(argv: readonly string[], cwd: string): string {
  return JSON.stringify([basename(argv[0] ?? ''), ...argv.slice(1).map(toMarkers), toMarkers(cwd)]);
}

/** jsonDirOf is the DIR of a -gcflags=...-json=0,DIR... argument, or null. */
function jsonDirOf(argv: readonly string[]): string | null {
  for (const a of argv) {
    const m = /-json=0,(?:file:\/\/)?(\/[^\s]+)/.exec(a);
    if (m) return m[1]!;
  }
  return null;
}

/** outputOf is the FILE of an `-o FILE` pair, or null. */
function outputOf(argv: readonly string[]): string | null {
  const i = argv.indexOf('-o');
  return i >= 0 && i + 1 < argv.length ? argv[i + 1]! : null;
}

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = toMarkers(readFileSync(p, 'utf8'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** recordingRunner runs every request on live and appends what happened to into. */
export function recordingRunner(live: Runner, into: RecordedProcess[]): Runner {
  return {
    async run(req: RunRequest): Promise<RunRecord> {
      const lines: { stream: 'stdout' | 'stderr'; text: string }[] = [];
      const rec = await live.run({
        ...req,
        onStdoutLine: (text, elided) => {
          lines.push({ stream: 'stdout', text: toMarkers(text) });
          req.onStdoutLine?.(text, elided);
        },
        onStderrLine: (text, elided) => {
          lines.push({ stream: 'stderr', text: toMarkers(text) });
          req.onStderrLine?.(text, elided);
        },
      });
      const jsonDir = jsonDirOf(req.argv);
      const out = outputOf(req.argv);
      into.push({
        argv: req.argv.map(toMarkers),
        cwd: toMarkers(req.cwd),
        exitCode: rec.exitCode,
        signal: rec.signal,
        timedOut: rec.timedOut,
        durationMs: rec.durationMs,
        stdout: toMarkers(rec.stdout),
        stderr: toMarkers(rec.stderr),
        lines,
        ...(jsonDir !== null ? { jsonFiles: filesUnder(jsonDir) } : {}),
        ...(out !== null ? { wroteOutput: existsSync(out) } : {}),
      });
      return rec;
    },
  };
}

/**
 * replayRunner answers each request with the first unused recorded process
 * of the same program, arguments and directory; a request the recording
 * does not hold is an error (nothing runs live). It writes the recorded
 * -json files into the request's own directory, and an empty placeholder
 * at `-o FILE` where the recorded run wrote one (the binary itself is only
 * ever "run" through the recording).
 */
export function replayRunner(recorded: readonly RecordedProcess[]): Runner & { readonly unused: () => readonly RecordedProcess[] } {
  const used = new Set<number>();
  const index = new Map<string, number[]>();
  recorded.forEach((r, i) => {
    const k = JSON.stringify([basename(r.argv[0] ?? ''), ...r.argv.slice(1), r.cwd]);
    index.set(k, [...(index.get(k) ?? []), i]);
  });
  return {
    unused: () => recorded.filter((_, i) => !used.has(i)),
    async run(req: RunRequest): Promise<RunRecord> {
      const k = keyOf(req.argv, req.cwd);
      const i = (index.get(k) ?? []).find((n) => !used.has(n));
      if (i === undefined) throw new Error(`replay: no recorded process for ${k}`);
      used.add(i);
      const r = recorded[i]!;
      const jsonDir = jsonDirOf(req.argv);
      if (jsonDir !== null && r.jsonFiles) {
        for (const [rel, text] of Object.entries(r.jsonFiles)) {
          mkdirSync(dirname(join(jsonDir, rel)), { recursive: true });
          writeFileSync(join(jsonDir, rel), fromMarkers(text));
        }
      }
      const out = outputOf(req.argv);
      if (out !== null && r.wroteOutput === true) {
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, '');
      }
      for (const l of r.lines) (l.stream === 'stdout' ? req.onStdoutLine : req.onStderrLine)?.(fromMarkers(l.text));
      return {
        argv: [...req.argv],
        cwd: req.cwd,
        env: { ...(req.env ?? {}) },
        exitCode: r.exitCode,
        signal: r.signal,
        timedOut: r.timedOut,
        stdout: fromMarkers(r.stdout),
        stderr: fromMarkers(r.stderr),
        durationMs: r.durationMs,
      };
    },
  };
}
