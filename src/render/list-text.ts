// list-text.ts renders a ListReport like `go tool pprof -list`: per function,
// flat and cum beside each source line.
import type { ListReport } from '../profile/source-listing.js';
import { formatValue, percent, sampleIndexLine } from './sample-value.js';
import { visible, visibleSource } from './visible-text.js';
import type { Messages } from '../i18n/messages.js';

/** renderListText prints `list` like `go tool pprof -list`. */
export function renderListText(r: ListReport, file: string, m: Messages): string {
  const unit = r.valueType.unit;
  const w = m.profile;
  const out: string[] = [w.file(visible(file)), sampleIndexLine(m, r.sampleIndex), w.total(formatValue(r.total, unit))];
  for (const f of r.functions) {
    out.push(`ROUTINE ======================== ${visible(f.name)} in ${visible(f.file)}`);
    out.push(`${formatValue(f.flat, unit).padStart(10)} ${formatValue(f.cum, unit).padStart(10)} (flat, cum) ${w.ofTotal(percent(f.cum, r.total))}`);
    if (!f.sourceFound) out.push(`         .          .           ${w.sourceNotFound(visible(f.file))}`);
    for (const l of f.lines) {
      const v = (x: number): string => (x === 0 ? '.' : formatValue(x, unit));
      out.push(`${v(l.flat).padStart(10)} ${v(l.cum).padStart(10)} ${String(l.line).padStart(5)}:${l.source === null ? '' : visibleSource(l.source)}`.trimEnd());
    }
  }
  return out.join('\n') + '\n';
}
