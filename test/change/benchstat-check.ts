// benchstat-check.ts holds a change report's benchmark comparisons against
// the real benchstat run on the same two raw outputs (old = base, new = head):
// equal medians, p within benchstat's 3 printed decimals, the same "~", and
// the same delta where benchstat prints one. Returns how many rows it checked.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { BenchmarkChange } from '../../src/verify/change-report.js';
import { parseBenchstatCsv, runBenchstatCsv } from '../bench/benchstat-oracle.js';

export async function expectBenchstatAgrees(raw: { readonly base: string; readonly head: string }, benchmarks: readonly BenchmarkChange[], dir: string): Promise<number> {
  const oldFile = join(dir, 'benchstat-old.txt');
  const newFile = join(dir, 'benchstat-new.txt');
  writeFileSync(oldFile, raw.base);
  writeFileSync(newFile, raw.head);
  const { rows } = parseBenchstatCsv(await runBenchstatCsv(oldFile, newFile, dir));
  const checked = rows.filter((r) => ['sec/op', 'B/op', 'allocs/op'].includes(r.unit));
  for (const row of checked) {
    const at = `${row.name} ${row.unit}`;
    const b = benchmarks.find((x) => `Benchmark${row.name.replace(/-\d+$/, '')}` === x.name);
    expect(b, at).toBeDefined();
    const u = b!.units.find((x) => x.unit === row.unit)!;
    expect(u.before.median, at).toBe(row.oldCenter);
    expect(u.after.median, at).toBe(row.newCenter);
    // benchstat prints p with 3 decimals, "~" when p > alpha and "?" when the old median is 0.
    if (row.p !== null) expect(Math.abs(u.p - row.p), at).toBeLessThanOrEqual(0.0005);
    expect(u.significant, at).toBe(row.delta !== '~');
    if (row.delta !== '~' && row.delta !== '?') expect(`${u.deltaPct! > 0 ? '+' : ''}${u.deltaPct!.toFixed(2)}%`, at).toBe(row.delta);
  }
  return checked.length;
}
