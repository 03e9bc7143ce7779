// export-folded.ts writes Brendan Gregg's folded-stack format
// (https://github.com/brendangregg/FlameGraph): one line per distinct stack,
// frames root first separated by ';', a space, then the value.
import { buildFlameTree, flameNodeValue, type FlameGranularity } from './flame-tree.js';
import type { Profile } from './model.js';

/** FoldedOptions picks the value column and the frame identity. */
export interface FoldedOptions {
  readonly sampleIndex: number;
  readonly granularity?: FlameGranularity;
}

/**
 * foldedName is a frame as FlameGraph reads it: ';' would split the frame and
 * a newline the record, so both are replaced; inlined frames carry
 * FlameGraph's "_[i]" annotation (flamegraph.pl colours them as inlined);
 * at lines granularity the line follows the name ("main.fill:30").
 */
function foldedName(name: string, line: number, inlined: boolean, withLine: boolean): string {
  const clean = name.replace(/;/g, ':').replace(/[\r\n]/g, ' ');
  return `${clean}${withLine && line ? `:${line}` : ''}${inlined ? '_[i]' : ''}`;
}

/**
 * exportFolded folds a profile's stacks for one sample index. Stacks with a
 * zero self value are left out; values are signed (a delta profile's
 * negative values stay negative — flamegraph.pl ignores such lines,
 * difffolded.pl-style tools can use them).
 */
export function exportFolded(p: Profile, o: FoldedOptions): string {
  const granularity = o.granularity ?? 'functions';
  const tree = buildFlameTree([{ profile: p, sign: 1 }], { granularity });
  const k = o.sampleIndex;
  const n = tree.nodeFrame.length;
  const names = tree.frames.map((f) => foldedName(f.name, f.line, f.inlined, granularity === 'lines'));
  const self = new Float64Array(n);
  for (let i = 0; i < n; i++) self[i] = flameNodeValue(tree, k, i);
  for (let i = 1; i < n; i++) self[tree.nodeParent[i]!]! -= flameNodeValue(tree, k, i);
  const path: string[] = [];
  const lines: string[] = [];
  for (let i = 1; i < n; i++) {
    path.length = tree.nodeDepth[i]! - 1;
    path.push(names[tree.nodeFrame[i]!]!);
    if (self[i] !== 0) lines.push(`${path.join(';')} ${self[i]}`);
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
