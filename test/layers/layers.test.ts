// layers.test.ts holds the tree to heapsight's layer rule (STYLE.md): no
// layer imports a higher one, toolchain/ is the only spawner, cli/ the only
// writer. The checker is first shown a graph with one violation of each kind,
// so a rule that stopped working would be seen.
import { describe, expect, it } from 'vitest';
import { layerViolations, readTree, type ModuleFacts } from '../support/layers.js';

describe('the layer rule', () => {
  it('catches each kind of violation in a graph made to break it', () => {
    const graph: ModuleFacts[] = [
      { path: 'profile/decode.ts', imports: ['render/top-text.ts'], text: '' },
      { path: 'gctrace/gc-summary.ts', imports: ['bench/statistics.ts'], text: '' },
      { path: 'escape/collect.ts', imports: ['profile/index.ts'], text: '' },
      { path: 'verify/join.ts', imports: ['node:child_process'], text: '' },
      { path: 'render/check-text.ts', imports: [], text: 'process.stdout.write(x)' },
      { path: 'bench/runner.ts', imports: ['gctrace/gc-cycle.ts', 'toolchain/process.ts', 'quantile.ts'], text: '' },
      { path: 'cli/main.ts', imports: ['core/check.ts', 'node:fs'], text: 'process.exit(2)' },
      { path: 'toolchain/process.ts', imports: ['node:child_process', 'errors.ts'], text: '' },
      { path: 'mystery/x.ts', imports: [], text: '' },
      { path: 'profile/sample-index.ts', imports: ['errors.ts'], text: "throw new UsageError('--sample-index takes…')" },
    ];
    expect(layerViolations(graph)).toEqual([
      'profile/decode.ts -> render/top-text.ts: profile may not import the higher layer render',
      'gctrace/gc-summary.ts -> bench/statistics.ts: gctrace may not import the higher layer bench',
      'escape/collect.ts -> profile/index.ts: escape and profile are peers and do not import each other',
      'verify/join.ts -> node:child_process: only toolchain/ spawns processes',
      'render/check-text.ts: only cli/ writes to the terminal or exits',
      'mystery/x.ts: mystery is in no layer (add it to LAYERS)',
      'profile/sample-index.ts: only cli/ raises UsageError (below it, a domain error)',
    ]);
  });

  it('holds on the source tree', () => {
    const tree = readTree('src');
    expect(tree.length).toBeGreaterThan(100);
    expect(tree.some((m) => m.imports.includes('node:child_process'))).toBe(true);
    expect(layerViolations(tree)).toEqual([]);
  });
});
