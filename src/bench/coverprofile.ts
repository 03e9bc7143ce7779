// coverprofile.ts reads the text coverage profile `-test.coverprofile`
// writes (golang.org/x/tools/cover's format, cmd/cover/profile.go):
//
//   mode: count
//   example.com/p/p.go:18.27,20.23 2 1
//
// one block per line: file (import path + base name), start line.column,
// end line.column (columns are 1-based UTF-8 bytes, the end exclusive),
// statements, count. A binary run several times appends nothing: each run
// writes its own file, and counts for one block can repeat across files.
// Pure: text in, blocks and warnings out.

/** CoverBlock is one basic block's counter. */
export interface CoverBlock {
  /** As the profile names it: the package's import path and the file's base name. */
  readonly file: string;
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly statements: number;
  readonly count: number;
}

/** CoverProfile is one parsed profile; mode is null when the mode line is missing. */
export interface CoverProfile {
  readonly mode: 'set' | 'count' | 'atomic' | null;
  readonly blocks: readonly CoverBlock[];
  readonly warnings: readonly string[];
}

const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;

/** parseCoverProfile reads a coverage profile; a malformed line is a warning `origin:line: msg`. */
export function parseCoverProfile(text: string, origin: string): CoverProfile {
  const blocks: CoverBlock[] = [];
  const warnings: string[] = [];
  let mode: CoverProfile['mode'] = null;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line === '') return;
    if (i === 0 && line.startsWith('mode: ')) {
      const m = line.slice('mode: '.length);
      if (m === 'set' || m === 'count' || m === 'atomic') mode = m;
      else warnings.push(`${origin}:1: unknown coverage mode ${JSON.stringify(m)}`);
      return;
    }
    const b = BLOCK.exec(line);
    if (!b) {
      warnings.push(`${origin}:${i + 1}: not a coverage block: ${JSON.stringify(line.slice(0, 60))}`);
      return;
    }
    blocks.push({
      file: b[1]!,
      startLine: Number(b[2]),
      startColumn: Number(b[3]),
      endLine: Number(b[4]),
      endColumn: Number(b[5]),
      statements: Number(b[6]),
      count: Number(b[7]),
    });
  });
  if (mode === null && blocks.length > 0) warnings.push(`${origin}:1: no "mode:" line`);
  return { mode, blocks, warnings };
}

/** blockCovers says whether a block's span holds the position (line, column): start inclusive, end exclusive. */
export function blockCovers(b: Pick<CoverBlock, 'startLine' | 'startColumn' | 'endLine' | 'endColumn'>, line: number, column: number): boolean {
  const after = line > b.startLine || (line === b.startLine && column >= b.startColumn);
  const before = line < b.endLine || (line === b.endLine && column < b.endColumn);
  return after && before;
}
