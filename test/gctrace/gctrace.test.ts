// gctrace.test.ts checks the gctrace parser and GC summary on real go1.26.8
// output and constructed older formats (testdata/gctrace/README.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchGolden } from '../support/golden.js';
import { parseGcCycleLine, parseGctrace, splitRunWindow, stwPauseNs, summarizeGc } from '../../src/gctrace/index.js';

const dir = resolve(import.meta.dirname, '../../testdata/gctrace');
const read = (name: string): string => readFileSync(join(dir, name), 'utf8');

describe('parseGcCycleLine', () => {
  it('reads every field of a real go1.26.8 line', () => {
    const line = read('go1.26.8-alloc.stderr').split('\n')[2]!;
    expect(line).toBe(
      'gc 3 @0.017s 1%: 0.13+0.42+0.004 ms clock, 0.27+0.22/0.048/0.33+0.008 ms cpu, 3->4->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P',
    );
    expect(parseGcCycleLine(line, 3)).toEqual({
      line: 3,
      seq: 3,
      atSeconds: 0.017,
      cpuPercent: 1,
      clock: { sweepTerminationNs: 130_000, concurrentMarkNs: 420_000, markTerminationNs: 4_000 },
      cpu: { sweepTerminationNs: 270_000, assistNs: 220_000, backgroundNs: 48_000, idleNs: 330_000, markTerminationNs: 8_000 },
      heapStartMB: 3,
      heapEndMB: 4,
      heapLiveMB: 0,
      heapGoalMB: 4,
      stacksMB: 0,
      globalsMB: 0,
      procs: 2,
      forced: false,
      checkingGoroutineLeaks: false,
    });
  });

  it('takes the stop-the-world pause as clock phases 1 and 3', () => {
    const c = parseGcCycleLine('gc 4 @121.500s 1%: 11+2.5+14 ms clock, 45+1.0/2.2/0.50+56 ms cpu, 400->410->200 MB, 420 MB goal, 2 MB stacks, 1 MB globals, 4 P')!;
    expect(stwPauseNs(c)).toBe(25_000_000);
    expect(c.clock.concurrentMarkNs).toBe(2_500_000);
  });

  it('marks runtime.GC() cycles as forced', () => {
    expect(parseGcCycleLine(read('go1.26.8-alloc.stderr').split('\n')[0]!)!.forced).toBe(true);
  });

  it('accepts pre-1.18 lines without stacks and globals', () => {
    const c = parseGcCycleLine(read('go1.17-constructed.stderr').split('\n')[0]!)!;
    expect(c.stacksMB).toBeNull();
    expect(c.globalsMB).toBeNull();
    expect(c.heapGoalMB).toBe(5);
  });

  it('round-trips any line the runtime can print', () => {
    // fmtNSAsMS prints "0", d.ddd, dd.dd, ddd.d (< 10 ms) or whole ms.
    const msText = fc.oneof(
      fc.constant('0'),
      fc.integer({ min: 1, max: 9999 }).map((x) => (x / 1000).toFixed(3)),
      fc.integer({ min: 10, max: 100000 }).map(String),
    );
    const n = fc.integer({ min: 0, max: 100000 });
    fc.assert(
      fc.property(n, n, fc.integer({ min: 0, max: 100 }), fc.array(msText, { minLength: 8, maxLength: 8 }), fc.array(n, { minLength: 6, maxLength: 6 }), fc.boolean(), (seq, ms, pct, t, h, forced) => {
        const text =
          `gc ${seq} @${(ms / 1000).toFixed(3)}s ${pct}%: ${t[0]}+${t[1]}+${t[2]} ms clock, ${t[3]}+${t[4]}/${t[5]}/${t[6]}+${t[7]} ms cpu, ` +
          `${h[0]}->${h[1]}->${h[2]} MB, ${h[3]} MB goal, ${h[4]} MB stacks, ${h[5]} MB globals, 8 P${forced ? ' (forced)' : ''}`;
        const c = parseGcCycleLine(text);
        expect(c).not.toBeNull();
        expect(c!.seq).toBe(seq);
        expect(c!.forced).toBe(forced);
        expect(c!.clock.markTerminationNs).toBe(Math.round(Number(t[2]) * 1e6));
        expect(c!.globalsMB).toBe(h[5]);
      }),
    );
  });
});

describe('parseGctrace', () => {
  it('turns broken gctrace lines into file:line warnings and ignores other output', () => {
    const p = parseGctrace(read('malformed.stderr'), 'malformed.stderr');
    expect(p.records.map((c) => c.line)).toEqual([1, 5, 7]);
    expect(p.warnings).toHaveLength(3);
    expect(p.warnings[0]).toMatch(/^malformed\.stderr:2: malformed gctrace line: "gc 2 @0\.005s/);
    expect(p.warnings[1]).toMatch(/^malformed\.stderr:4: /);
    expect(p.warnings[2]).toMatch(/^malformed\.stderr:6: /);
    expect(p.otherLines).toBe(1);
    expect(p.records[1]!.checkingGoroutineLeaks).toBe(true);
  });

  it('takes an unterminated last gctrace line as cut off by the exit, not as malformed', () => {
    // Seen under load with -test.memprofile: the runtime prints a gctrace line
    // in many small writes, and the process can exit in the middle of one.
    const full = read('go1.26.8-alloc.stderr');
    const whole = parseGctrace(full, 'x');
    const cut = full.trimEnd() + '\ngc 99 @0.038s 2%: 0.12+0.16+0.003 ms clock, 0.25+0/0.12/0.10+0.007 ms cpu, 6->6->0 MB, 13 MB goal, 0';
    const p = parseGctrace(cut, 'x');
    expect(p.warnings).toEqual([]);
    expect(p.truncatedLast).toBe(true);
    expect(p.records).toHaveLength(whole.records.length);
    // The same line in the middle of the stream is malformed.
    const mid = parseGctrace(cut + '\n' + full, 'x');
    expect(mid.warnings).toHaveLength(1);
    expect(mid.truncatedLast).toBe(false);
  });

  it('counts "GC forced" announcements, which are not cycles', () => {
    const p = parseGctrace(read('go1.19-constructed.stderr'), 'x');
    expect(p.records).toHaveLength(4);
    expect(p.periodicAnnouncements).toBe(1);
    expect(p.warnings).toEqual([]);
  });

  it('keeps the gc lines of a crashed run and ignores the crash report', () => {
    const p = parseGctrace(read('go1.26.8-concurrent-map-writes.stderr'), 'x');
    expect(p.records.map((c) => c.forced)).toEqual([true, true]);
    expect(p.warnings).toEqual([]);
    expect(p.otherLines).toBeGreaterThan(3);
  });

  it('handles empty input and CRLF', () => {
    expect(parseGctrace('', 'e')).toEqual({ records: [], warnings: [], otherLines: 0, periodicAnnouncements: 0, truncatedLast: false });
    const crlf = read('go1.26.8-alloc.stderr').replace(/\n/g, '\r\n');
    expect(parseGctrace(crlf, 'x').records).toHaveLength(4);
  });
});

describe('summarizeGc', () => {
  it('counts only the measured run: cycles after testing\'s last runtime.GC()', () => {
    const cycles = parseGctrace(read('go1.26.8-alloc.stderr'), 'x').records;
    const w = splitRunWindow(cycles, false);
    expect(w.forced.map((c) => c.seq)).toEqual([1, 2]);
    expect(w.measured.map((c) => c.seq)).toEqual([3, 4]);
    const s = summarizeGc([{ cycles, ops: 2000, memprofileWritten: false }]);
    expect(s.cycles).toBe(2);
    expect(s.forcedCycles).toBe(2);
    expect(s.rampUpCycles).toBe(0);
    expect(s.pauseTotalNs).toBe(130_000 + 4_000 + 180_000 + 4_000);
    expect(s.pauseMaxNs).toBe(184_000);
    expect(s.cyclesPerMillionOps).toBe(1000);
    expect(s.gcCpuPercent).toBe(1);
    expect(s.heapGoalMaxMB).toBe(4);
    expect(s.heapPeakMB).toBe(4);
  });

  it('sets aside the forced cycle testing runs before writing a memprofile', () => {
    const cycles = parseGctrace(read('go1.26.8-alloc-memprofile.stderr'), 'x').records;
    expect(cycles[cycles.length - 1]!.forced).toBe(true);
    expect(splitRunWindow(cycles, true).measured.map((c) => c.seq)).toEqual([3, 4]);
    // Without the hint, the trailing forced cycle would hide the measured run.
    expect(splitRunWindow(cycles, false).measured).toEqual([]);
  });

  it('sums runs and takes the median GC CPU share', () => {
    const a = parseGctrace(read('go1.26.8-alloc.stderr'), 'a').records;
    const b = parseGctrace(read('go1.26.8-alloc-memprofile.stderr'), 'b').records;
    const s = summarizeGc([
      { cycles: a, ops: 2000, memprofileWritten: false },
      { cycles: b, ops: 2000, memprofileWritten: true },
    ]);
    expect(s.runs).toBe(2);
    expect(s.cycles).toBe(4);
    expect(s.cyclesPerRun).toEqual([2, 2]);
    expect(s.gcCpuPercent).toBe((1 + 10) / 2);
    expect(s.forcedCycles).toBe(5);
  });

  it('warns when no gctrace lines arrived at all', () => {
    const s = summarizeGc([{ cycles: [], ops: 10, memprofileWritten: false }]);
    expect(s.cycles).toBe(0);
    expect(s.gcCpuPercent).toBeNull();
    expect(s.warnings.join()).toMatch(/no gctrace lines/);
  });
});

describe('golden model snapshots', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.stderr'));
  it('has inputs', () => expect(files.length).toBeGreaterThanOrEqual(7));
  for (const f of files) {
    it(f, () => {
      const parsed = parseGctrace(read(f), f);
      const summary = summarizeGc([{ cycles: parsed.records, ops: 1000, memprofileWritten: f.includes('memprofile') }]);
      const actual = JSON.stringify({ parsed, summary }, null, 2) + '\n';
      matchGolden(join(dir, f.replace(/\.stderr$/, '.cycles.json')), actual);
    });
  }
});
