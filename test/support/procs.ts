// procs.ts finds processes by command line in /proc, so tests can prove a
// benchmark's orphan (or a killed run's children) is gone.
import { readdirSync, readFileSync } from 'node:fs';

/** pidsOf lists processes whose command line is exactly argv. */
export function pidsOf(argv: readonly string[]): number[] {
  const want = argv.join('\0') + '\0';
  const out: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8') === want) out.push(Number(p));
    } catch {
      // gone, or not ours
    }
  }
  return out;
}
