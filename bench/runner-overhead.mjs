#!/usr/bin/env node
// runner-overhead.mjs measures what heapsight's benchmark runner costs beyond
// the benchmarks themselves: a generated 20-benchmark package run at
// --count 10 (200 benchmark processes). Standalone, not part of npm test.
//
//   npm run build && node bench/runner-overhead.mjs [--benchtime 50ms] [--count 10]
//
// Figures printed:
//   processes      sum of the test-binary processes' wall times (spawn to exit)
//   measured runs  sum over results of ns/op × N (the timed loops only)
//   run phase      runner wall time from the first benchmark process to the last
//   overhead       (run phase − processes) / processes: heapsight's own cost
//                  (spawning, reading lines, gctrace, benchfmt) — bar: < 5%
//   isolation      (processes − measured runs) / measured runs: what one process
//                  per run costs (Go start-up, ramp-up runs), shown for context
//   go test        `go test -bench . -count N` on the same package, one process
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { benchtime: { type: 'string', default: '50ms' }, count: { type: 'string', default: '10' }, benchmarks: { type: 'string', default: '20' } } });
const count = Number(values.count);
const nBench = Number(values.benchmarks);

const dist = new URL('../dist/', import.meta.url);
const { runBenchmarks } = await import(new URL('bench/runner.js', dist).href);
const { findGo } = await import(new URL('toolchain/go-command.js', dist).href);
const { liveRunner } = await import(new URL('toolchain/process.js', dist).href);

const dir = mkdtempSync(join(tmpdir(), 'heapsight-overhead-'));
try {
  writeFileSync(join(dir, 'go.mod'), 'module example.com/overhead\n\ngo 1.24\n');
  // Mixed work so some benchmarks allocate (GC lines to parse) and some do not.
  let src = 'package overhead\n\nimport "testing"\n\nvar sink []byte\n\n';
  for (let i = 0; i < nBench; i++) {
    src +=
      i % 2 === 0
        ? `func BenchmarkAlloc${i}(b *testing.B) {\n\tfor b.Loop() {\n\t\tsink = make([]byte, ${64 << i % 6})\n\t}\n}\n\n`
        : `func BenchmarkSum${i}(b *testing.B) {\n\ts := 0\n\tfor b.Loop() {\n\t\tfor j := range ${100 * i} {\n\t\t\ts += j\n\t\t}\n\t}\n\t_ = s\n}\n\n`;
  }
  writeFileSync(join(dir, 'overhead_test.go'), src);

  const go = await findGo(liveRunner, dir);
  const t0 = performance.now();
  const run = await runBenchmarks(liveRunner, go, { cwd: dir, pkg: '.', bench: '.', count, benchtime: values.benchtime });
  const wall = performance.now() - t0;
  if (run.failures.length > 0) throw new Error(`unexpected failures: ${JSON.stringify(run.failures)}`);

  let measuredMs = 0;
  for (const b of run.benchmarks) {
    const secs = b.samples['sec/op'];
    b.iterations.forEach((n, i) => (measuredMs += secs[i] * n * 1000));
  }
  const t = run.timing;
  const overhead = (t.runPhaseMs - t.processMs) / t.processMs;

  const g0 = performance.now();
  const goTest = await liveRunner.run({ argv: [go.goBin, 'test', '-run=^$', '-bench=.', '-benchmem', `-count=${count}`, `-benchtime=${values.benchtime}`, '.'], cwd: dir });
  const goTestMs = performance.now() - g0;
  if (goTest.exitCode !== 0) throw new Error(`go test failed: ${goTest.stderr}`);

  const f = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const pct = (x) => `${(x * 100).toFixed(2)}%`;
  console.log(`${go.version} ${go.goos}/${go.goarch}, ${nBench} benchmarks × count ${count}, benchtime ${values.benchtime}`);
  console.log(`compile (go test -c)   ${f(t.compileMs)}`);
  console.log(`list (-test.list)      ${f(t.listMs)}`);
  console.log(`processes (${t.processes})`.padEnd(23) + f(t.processMs));
  console.log(`measured runs          ${f(measuredMs)}`);
  console.log(`run phase              ${f(t.runPhaseMs)}`);
  console.log(`runBenchmarks wall     ${f(wall)}`);
  console.log(`overhead               ${pct(overhead)} of process time (bar < 5%: ${overhead < 0.05 ? 'PASS' : 'FAIL'})`);
  console.log(`isolation              ${pct((t.processMs - measuredMs) / measuredMs)} of measured time (Go start-up and ramp-up per process)`);
  console.log(`go test (one process)  ${f(goTestMs)} wall, for comparison`);
  process.exitCode = overhead < 0.05 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
