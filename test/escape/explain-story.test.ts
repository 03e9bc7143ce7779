// explain-story.test.ts: `escape --explain` tells one story per decision,
// however many inlined copies the compiler decided it in, and --flows bounds
// the compiler flows shown. On real recorded output (zerolog's New, inlined
// into 20 functions of its package: testdata/escape/realmods) and live on the
// fixtures.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { evidenceAt, type CompilerEvidence } from '../../src/escape/index.js';
import { groupDecisions } from '../../src/escape/evidence-query.js';
import { DEFAULT_EXPLAIN_FLOWS, renderExplain } from '../../src/render/escape-text.js';
import { findGo } from '../../src/toolchain/go-command.js';
import { liveRunner } from '../../src/toolchain/process.js';
import { runCli } from '../support/cli-io.js';
import { testdata } from './golden.js';
import { machinePaths, matchGolden } from '../support/golden.js';
import { RECORDED_ROOT, realModuleEvidence } from './real-modules.js';

const zerologDir = `${RECORDED_ROOT}/zerolog`;
let zerolog: CompilerEvidence;
beforeAll(() => {
  zerolog = realModuleEvidence('zerolog');
});

const explainAt = (file: string, line: number, flows: number) =>
  renderExplain(evidenceAt(zerolog, join(zerologDir, file), line), `${file}:${line}`, { base: zerologDir, all: false, width: 100, flows, messages: en });
const explain = (flows: number) => explainAt('log.go', 252, flows);
const flowHeaders = (text: string): number => text.split('\n').filter((l) => /^ {2}the compiler's flow/.test(l)).length;

describe('--explain on recorded zerolog (testdata/escape/realmods: the root package, go build)', () => {
  it('log.go:252: the own body and three inlined copies of LevelWriterAdapter{w} boxed in New are one entry (golden)', () => {
    const at = evidenceAt(zerolog, join(zerologDir, 'log.go'), 252);
    const groups = groupDecisions(at.sites);
    expect(at.sites.length).toBe(4);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.ownBody).toBe(true);
    expect(groups[0]!.representative.inlinedAt).toEqual([]);
    expect(groups[0]!.copies).toHaveLength(4);
    const text = explain(DEFAULT_EXPLAIN_FLOWS);
    // The headline, the cause's story right under it, where the copies are in one sentence.
    expect(text).toMatch(
      /^log\.go:252:26 {2}LevelWriterAdapter\{\.\.\.\} escapes to heap {2}\[converted to an interface \(boxing\)\]\n {2}LevelWriterAdapter\{\.\.\.\} escapes to the heap because it is converted to an interface \(line 252\) and\n {2}returned \(line 254\)\.\n {2}in github\.com\/rs\/zerolog\.New, and the same where it is inlined at 3 call sites: /m,
    );
    expect(text.split('\n').filter((l) => l.startsWith('log.go:252:26  '))).toHaveLength(1);
    matchGolden(join(testdata, 'golden', 'zerolog.explain-log-252.txt'), text, { replace: machinePaths() });
  });

  it('--flows N shows at most N flows per decision and counts the rest (internal/json/base.go:18, inlined 100 times)', () => {
    const explain = (flows: number) => explainAt('internal/json/base.go', 18, flows);
    const at = evidenceAt(zerolog, join(zerologDir, 'internal/json/base.go'), 18);
    const groups = groupDecisions(at.sites);
    const distinct = groups.map((g) => g.flows.length);
    const most = Math.max(...distinct);
    expect(most).toBeGreaterThan(5);
    for (const n of [0, 1, 2, 5, most]) {
      const text = explain(n);
      expect(flowHeaders(text)).toBe(distinct.reduce((s, d) => s + Math.min(d, n), 0));
      const more = [...text.matchAll(/^ {2}… (\d+) (?:more )?flows? \(--flows (\d+) shows (?:all|it)\)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
      expect(more).toEqual(distinct.filter((d) => d > n).map((d) => [d - n, d]));
    }
    // The default story is short; every flow is still one flag away.
    const lines = (text: string) => text.split('\n').length;
    expect(lines(explain(DEFAULT_EXPLAIN_FLOWS))).toBeLessThan(40 * groups.length);
    expect(lines(explain(most))).toBeGreaterThan(3 * lines(explain(DEFAULT_EXPLAIN_FLOWS)));
    // 100 functions make growslice calls at the line: one entry naming a few of them.
    expect(explain(DEFAULT_EXPLAIN_FLOWS)).toMatch(/^internal\/json\/base\.go:18 {2}calls runtime\.growslice: append grows the slice\n {2}in 100 functions: github\.com\/rs\/zerolog\.Context\.Dict, [^]*? and 97 more$/m);
    expect(explain(DEFAULT_EXPLAIN_FLOWS).match(/calls runtime\./g)).toHaveLength(1);
  });
});

describe('heapsight escape --explain (live go1.26.8)', () => {
  let goroot = '';
  beforeAll(async () => {
    goroot = (await findGo(liveRunner, testdata)).goroot;
  }, 60_000);

  it('tells the inlined fixture\'s story: own body escapes, Sum keeps it on the stack, Store escapes (golden)', async () => {
    const r = await runCli(['escape', '--explain', 'inlined.go:11'], { runner: liveRunner, cwd: join(testdata, 'inlined') });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/golang\/go#32850/);
    matchGolden(join(testdata, 'golden', 'inlined.explain-11.txt'), r.out, { replace: machinePaths(goroot) });
  }, 60_000);

  it('--flows 0 shows no flow and says how many there are', async () => {
    const r = await runCli(['escape', '--explain', 'causes.go:31', '--flows', '0'], { runner: liveRunner, cwd: join(testdata, 'causes') });
    expect(r.code).toBe(0);
    expect(flowHeaders(r.out)).toBe(0);
    expect(r.out.match(/^ {2}… 1 flow \(--flows 1 shows it\)$/gm)).toHaveLength(2);
  }, 60_000);

  it('--flows without --explain, or not a count, is a usage error', async () => {
    const a = await runCli(['escape', '--flows', '3'], { runner: liveRunner, cwd: join(testdata, 'causes') });
    expect([a.code, a.err]).toEqual([2, expect.stringMatching(/--flows goes with --explain/)]);
    const b = await runCli(['escape', '--explain', 'causes.go:31', '--flows', 'many'], { runner: liveRunner, cwd: join(testdata, 'causes') });
    expect([b.code, b.err]).toEqual([2, expect.stringMatching(/--flows must be an integer ≥ 0/)]);
  });
});
