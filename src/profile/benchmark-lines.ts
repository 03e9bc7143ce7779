// benchmark-lines.ts answers which benchmark drove each allocating line:
// the outermost Benchmark function on every stack (a sub-benchmark's b.Run
// closure is BenchmarkX.func1, still BenchmarkX's). Lines are pprof's -lines
// nodes; bytes go to the innermost frame of the leaf location, as
// `go tool pprof -top -lines` charges them. Pure.
import { applyFilters } from './profile-filter.js';
import { buildFrameTable } from './frame-table.js';
import type { Profile } from './model.js';
import { lineKey } from './user-frames.js';

/** BENCHMARK_FUNC matches a top-level benchmark's symbol and captures its name: "pkg.BenchmarkX.func1" → "BenchmarkX". */
const BENCHMARK_FUNC = /(?:^|[./])(Benchmark[^./]*)(?:\.func\d+.*|\.\d+)?$/;

/** benchmarkOfFunction is the top-level benchmark a function belongs to, or null. */
export function benchmarkOfFunction(fn: string): string | null {
  const m = BENCHMARK_FUNC.exec(fn);
  return m ? m[1]! : null;
}

/**
 * benchmarkLines maps each leaf line (lineKey) to the bytes each top-level
 * benchmark allocated there; stacks with no benchmark frame (testing's own
 * work, the runtime's goroutines) count under no benchmark.
 */
export function benchmarkLines(p: Profile, sampleIndex = 'alloc_space'): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const k = p.sampleTypes.findIndex((t) => t.type === sampleIndex);
  if (k < 0) return out;
  const table = buildFrameTable(applyFilters(p, {}), 'lines');
  const nodes = table.nodes;
  const benchOf = nodes.map((n) => benchmarkOfFunction(n.functionName));
  const keyOf = nodes.map((n) => lineKey({ function: n.functionName, file: n.file, line: n.line }));
  const s = p.samples;
  for (let i = 0; i < s.count; i++) {
    const v = s.values[i * s.valueCount + k]!;
    if (v === 0) continue;
    let leaf = -1;
    let bench: string | null = null;
    for (let j = s.stackStart[i]!; j < s.stackStart[i + 1]!; j++) {
      const L = s.stackLocations[j]!;
      for (let x = table.locStart[L]!; x < table.locStart[L + 1]!; x++) {
        const n = table.locNodes[x]!;
        if (leaf < 0) leaf = n;
        // Outermost wins: keep overwriting while walking towards the root.
        if (benchOf[n] !== null) bench = benchOf[n]!;
      }
    }
    if (leaf < 0 || bench === null) continue;
    let m = out.get(keyOf[leaf]!);
    if (!m) out.set(keyOf[leaf]!, (m = new Map()));
    m.set(bench, (m.get(bench) ?? 0) + v);
  }
  return out;
}
