// peek-text.ts renders a PeekReport like `go tool pprof -peek`: callers
// above, callees below each matched node.
import type { PeekReport } from '../profile/peek.js';
import { formatValue, percent, sampleIndexLine } from './sample-value.js';
import { visible } from './visible-text.js';
import type { Messages } from '../i18n/messages.js';

/** renderPeekText prints `peek` like `go tool pprof -peek`: callers above, callees below each node. */
export function renderPeekText(r: PeekReport, file: string, m: Messages): string {
  const unit = r.valueType.unit;
  const out: string[] = [m.profile.file(visible(file)), sampleIndexLine(m, r.sampleIndex), m.profile.total(formatValue(r.total, unit))];
  const rule = '-'.repeat(58) + '+' + '-'.repeat(13);
  out.push(rule, `${'flat'.padStart(10)} ${'flat%'.padStart(6)} ${'cum'.padStart(10)} ${'cum%'.padStart(6)} ${'calls'.padStart(10)} ${'calls%'.padStart(6)}   | ${m.profile.context}`, rule);
  for (const e of r.entries) {
    for (const c of e.callers) {
      out.push(`${' '.repeat(36)}${formatValue(c.value, unit).padStart(10)} ${percent(c.value, e.cum).padStart(7)} |   ${visible(c.node.name)}${c.inline ? ' (inline)' : ''}`);
    }
    out.push(
      `${formatValue(e.flat, unit).padStart(10)} ${percent(e.flat, r.total).padStart(6)} ${formatValue(e.cum, unit).padStart(10)} ${percent(e.cum, r.total).padStart(6)}${' '.repeat(18)} | ${visible(e.node.name)}${e.inline === '' ? '' : ` (${e.inline})`}`,
    );
    for (const c of e.callees) {
      out.push(`${' '.repeat(36)}${formatValue(c.value, unit).padStart(10)} ${percent(c.value, e.cum).padStart(7)} |   ${visible(c.node.name)}${c.inline ? ' (inline)' : ''}`);
    }
    out.push(rule);
  }
  return out.join('\n') + '\n';
}
