// progress.ts draws benchmark progress on stderr: a repainted bar on a
// terminal, nothing when stderr is a pipe or a file (CI logs stay clean).
import type { BenchProgress } from '../bench/runner.js';
import { renderProgressLine } from '../render/bench-progress.js';
import type { CliIO } from './command.js';

/** ProgressBar repaints one stderr line on a terminal; silent elsewhere. */
export class ProgressBar {
  private drawn = false;
  constructor(
    private readonly io: CliIO,
    private readonly enabled: boolean,
  ) {}
  update(p: BenchProgress, prefix: string): void {
    if (!this.enabled) return;
    const width = Math.max(40, this.io.columns - 1);
    const line = renderProgressLine(p, width - prefix.length);
    this.io.stderr(`\r\x1b[2K${prefix}${line}`);
    this.drawn = true;
  }
  clear(): void {
    if (this.enabled && this.drawn) this.io.stderr('\r\x1b[2K');
    this.drawn = false;
  }
}
