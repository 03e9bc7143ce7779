// frame-table.ts maps every location of a ProfileView to report nodes at a
// granularity, with pprof's node identity and names (graph.NodeInfo after
// driver.aggregate):
//   functions: key = function name;            name "main.f"
//   lines:     key = name + file + line;       name "main.f /abs/file.go:12"
//   files:     key = file + start line + binary; name "/abs/file.go"
// (files really is keyed by the function's start line in pprof, so one file
// can give several rows with the same name; heapsight reproduces that so its
// rows equal `go tool pprof -top -files`.)
import { posix } from 'node:path';
import type { Line, Location } from './model.js';
import type { ProfileView } from './profile-filter.js';

/** Granularity is the unit a report aggregates to. */
export type Granularity = 'functions' | 'lines' | 'files';

/** granularityInfo documents each granularity. */
export const granularityInfo: Readonly<Record<Granularity, string>> = {
  functions: 'one row per function (pprof default)',
  lines: 'one row per function and source line (pprof -lines); allocations land on the innermost inlined frame',
  files: 'one row per source file (pprof -files)',
};

/** FrameNode is one report node. */
export interface FrameNode {
  /** pprof's printable name for the granularity. */
  readonly name: string;
  /** Function name ("" at files granularity). */
  readonly functionName: string;
  /** Source file, cleaned like pprof's ("" when unknown). */
  readonly file: string;
  /** Source line at lines granularity, else 0. */
  readonly line: number;
  /** Start line of the function (0 when unknown). */
  readonly startLine: number;
}

/**
 * FrameTable gives each location its nodes: nodes of location L are
 * locNodes[locStart[L] .. locStart[L+1]), in Line order (innermost first).
 */
export interface FrameTable {
  readonly granularity: Granularity;
  readonly nodes: readonly FrameNode[];
  readonly locStart: Uint32Array;
  readonly locNodes: Int32Array;
  /** Fast path for the hot loop: the node of a one-node location, -1 for none, -2 for several. */
  readonly locSingle: Int32Array;
}

/** cleanSourcePath is pprof's filepath.Clean plus its default trimPath prefixes. */
export function cleanSourcePath(file: string): string {
  if (file === '') return '';
  let f = file;
  for (const prefix of ['/proc/self/cwd/./', '/proc/self/cwd/']) {
    if (f.startsWith(prefix)) {
      f = f.slice(prefix.length);
      break;
    }
  }
  const cleaned = posix.normalize(f);
  return cleaned.length > 1 && cleaned.endsWith('/') ? cleaned.slice(0, -1) : cleaned;
}

function objfileName(loc: Location): string {
  const f = loc.mapping?.filename ?? '';
  return f === '' ? '<unknown>' : `[${posix.basename(f)}]`;
}

/** buildFrameTable interns the nodes of every location at a granularity. */
export function buildFrameTable(view: ProfileView, granularity: Granularity): FrameTable {
  const p = view.profile;
  const nodes: FrameNode[] = [];
  const index = new Map<string, number>();
  const locStart = new Uint32Array(p.locations.length + 1);
  const out: number[] = [];
  const intern = (key: string, make: () => FrameNode): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = nodes.length;
      nodes.push(Object.freeze(make()));
      index.set(key, i);
    }
    return i;
  };
  const fileCache = new Map<string, string>();
  const clean = (f: string): string => {
    let c = fileCache.get(f);
    if (c === undefined) {
      c = cleanSourcePath(f);
      fileCache.set(f, c);
    }
    return c;
  };
  for (let L = 0; L < p.locations.length; L++) {
    const loc = p.locations[L]!;
    const lines = view.locationLines[L]!;
    if (lines.length === 0 && loc.lines.length === 0) {
      // An unsymbolized location: pprof shows the binary's name or <unknown>.
      const name = objfileName(loc);
      out.push(intern(`\0obj\0${name}`, () => ({ name, functionName: '', file: '', line: 0, startLine: 0 })));
    }
    for (const ln of lines) out.push(nodeFor(ln, loc));
    locStart[L + 1] = out.length;
  }

  function nodeFor(ln: Line, loc: Location): number {
    const fn = ln.function;
    const file = clean(fn.filename);
    switch (granularity) {
      case 'functions': {
        if (fn.name === '') {
          const name = objfileName(loc);
          return intern(`\0obj\0${name}\0${fn.startLine}`, () => ({ name, functionName: '', file, line: 0, startLine: fn.startLine }));
        }
        return intern(fn.name, () => ({ name: fn.name, functionName: fn.name, file, line: 0, startLine: fn.startLine }));
      }
      case 'lines': {
        const parts: string[] = [];
        if (fn.name !== '') parts.push(fn.name);
        if (ln.line !== 0) parts.push(`${file}:${ln.line}`);
        else if (file !== '') parts.push(file);
        else if (fn.name === '') parts.push(objfileName(loc));
        const name = parts.join(' ');
        return intern(`${fn.name}\0${file}\0${ln.line}`, () => ({ name, functionName: fn.name, file, line: ln.line, startLine: fn.startLine }));
      }
      case 'files': {
        // pprof: with the function name aggregated away, NodeInfo carries
        // the binary and the function's start line (graph.nodeInfo).
        const obj = loc.mapping?.filename ?? '';
        const name = file !== '' ? file : objfileName(loc);
        return intern(`${file}\0${fn.startLine}\0${obj}`, () => ({ name, functionName: '', file, line: 0, startLine: fn.startLine }));
      }
    }
  }
  const locNodes = Int32Array.from(out);
  const locSingle = new Int32Array(p.locations.length);
  for (let L = 0; L < p.locations.length; L++) {
    const n = locStart[L + 1]! - locStart[L]!;
    locSingle[L] = n === 1 ? locNodes[locStart[L]!]! : n === 0 ? -1 : -2;
  }
  return { granularity, nodes, locStart, locNodes, locSingle };
}
