// check-markdown.ts renders a CheckReport as GitHub-flavoured Markdown, to
// paste into a pull request: the benchmark table, the verdicts, maps by purpose
// and the top allocation sites, each a GFM table.
import type { CheckReport } from '../verify/check-report.js';
import { directiveText, evidenceLines, headline, malformedText, statusLabel } from './assertion-words.js';
import { findingKinds, verdictInfo } from '../verify/finding-kinds.js';
import { ci, mapRowOrder, mapRowTitle, mapSiteHeading, mapSiteNote, mapSites, rel, runsEach, siteReason } from './check-text.js';
import { mapPurposeInfo } from '../profile/map-purpose.js';
import { benchLabel, experimentText, metricUnits, multiPackage, reasonText, ruleFixText, ruleReasonText, rulesInOrder, ruleTally, ruleVerdictLabel, short, summaryText, userFrameBrief } from './check-words.js';
import { formatBytes, formatCount, formatDurationNs, formatPercent, formatMetric } from '../human-units.js';

/** CheckMarkdownOptions: where paths are relative to, how many sites to list. */
export interface CheckMarkdownOptions {
  readonly cwd: string;
  readonly nodeCount: number;
}

/**
 * md makes text literal in a GFM table cell: emphasis, code, strikethrough
 * and link brackets are backslash-escaped (with no '[' a '(' cannot start a
 * link), '|' would end the cell, and '<', '>' and '&' become
 * entities so a name like `<script>` is shown, never interpreted as HTML.
 * Newlines would end the row: they become spaces.
 */
export function md(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function table(header: readonly string[], align: readonly ('l' | 'r')[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${align.map((a) => (a === 'r' ? ' ---: ' : ' --- ')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** renderCheckMarkdown renders the report as GitHub-flavoured Markdown. */
export function renderCheckMarkdown(r: CheckReport, o: CheckMarkdownOptions): string {
  const out: string[] = [];
  const s = r.settings;
  out.push(
    `## heapsight check ${md(r.packages.join(' '))}`,
    '',
    `${md(r.go)} ${md(`${r.goos}/${r.goarch}`)}; -bench ${md(JSON.stringify(s.bench))} -count ${s.count} -benchtime ${md(s.benchtime)}; MemProfileRate ${s.memProfileRate}`,
    '',
  );
  if (r.benchmarks.length > 0) {
    const several = multiPackage(r);
    const units = metricUnits(r);
    out.push(`### Benchmarks (median ±95% CI over ${runsEach(r)})`, '');
    out.push(
      ...table(
        [...(several ? ['package'] : []), 'benchmark', 'time/op', 'B/op', 'allocs/op', 'GCs', 'STW max', ...units],
        [...(several ? (['l'] as const) : []), 'l', 'r', 'r', 'r', 'r', 'r', ...units.map(() => 'r' as const)],
        r.benchmarks.map((b) => [
          ...(several ? [md(b.package)] : []),
          md(benchLabel(b)),
          md(ci(b.nsPerOp, formatDurationNs)),
          md(ci(b.bytesPerOp, (v) => formatBytes(v, 1))),
          md(ci(b.allocsPerOp, (v) => formatCount(v))),
          b.gc ? formatCount(b.gc.cycles) : '-',
          b.gc ? md(formatDurationNs(b.gc.pauseMaxNs)) : '-',
          ...units.map((u) => (b.metrics[u] ? md(ci(b.metrics[u], (v) => formatMetric(v, u))) : '-')),
        ]),
      ),
      '',
    );
  } else {
    out.push('No benchmark ran: compiler evidence only.', '');
  }
  if (r.failures.length > 0) {
    out.push('### Failed benchmarks', '');
    out.push(...table(['benchmark', 'kind', 'message'], ['l', 'l', 'l'], r.failures.map((f) => [md(f.name), md(f.kind), md(f.message)])), '');
  }
  if (r.verdicts.length > 0) {
    out.push(`### Verdicts: ${md([...new Set(r.verdicts.map((v) => findingKinds[v.kind].title))].join('; '))}`, '');
    out.push(
      ...table(
        ['verdict', 'function', 'location', 'why'],
        ['l', 'l', 'l', 'l'],
        r.verdicts.map((v) => [
          `**${verdictInfo[v.verdict].label}**`,
          md(`${v.function}(${v.param} ${v.paramType})`),
          md(`${rel(o.cwd, v.file)}:${v.line}`),
          [summaryText(v.summary), ...v.reasons.map(reasonText)].map(md).join('<br>'),
        ]),
      ),
      '',
    );
  }
  if (r.rules.length > 0) {
    const cov = r.coverage === null ? 'no coverage run' : `coverage run of ${r.coverage.benchmarks} benchmark${r.coverage.benchmarks === 1 ? '' : 's'}`;
    out.push(`### Rules: anti-patterns settled by measurement`, '', md(`${ruleTally(r.rules)}; ${cov}.`), '');
    out.push(
      ...table(
        ['verdict', 'rule', 'location', 'code', 'evidence', 'fix'],
        ['l', 'l', 'l', 'l', 'l', 'l'],
        rulesInOrder(r.rules).map((f) => [
          f.verdict === 'confirmed' ? `**${ruleVerdictLabel(f.verdict)}**` : ruleVerdictLabel(f.verdict),
          md(f.kind),
          md(`${rel(o.cwd, f.file)}:${f.line}`),
          `\`${f.subject.replace(/`/g, "'")}\``,
          f.reasons.map(ruleReasonText).map(md).join('<br>'),
          f.fix !== null && f.verdict === 'confirmed' ? [ruleFixText(f.fix), ...(f.experiment ? [experimentText(f.experiment)] : [])].map(md).join('<br>') : '',
        ]),
      ),
      '',
    );
  }
  const asserted = r.assertions;
  if (asserted.results.length + asserted.malformed.length > 0) {
    const rank = (x: (typeof asserted.results)[number]): number => (x.status === 'failed' ? 0 : x.status === 'held' ? 2 : 1);
    out.push(`### Assertions in source`, '');
    out.push(
      ...table(
        ['status', 'directive', 'location', 'evidence'],
        ['l', 'l', 'l', 'l'],
        [
          ...asserted.malformed.map((m) => ['**malformed**', md(m.text), md(`${rel(o.cwd, m.pos.file)}:${m.pos.line}`), md(malformedText(m))]),
          ...[...asserted.results]
            .sort((a, b) => rank(a) - rank(b))
            .map((x) => [
              x.status === 'failed' ? `**${md(statusLabel(x))}**` : md(statusLabel(x)),
              md(directiveText(x)),
              md(`${rel(o.cwd, x.pos.file)}:${x.pos.line}`),
              [headline(x), ...evidenceLines(x, (f) => rel(o.cwd, f), r.packageNames).map((e) => e.text)].map(md).join('<br>'),
            ]),
        ],
      ),
      '',
    );
  }
  if (r.maps) {
    const m = r.maps;
    const t = m.total;
    out.push('### Maps by purpose', '');
    out.push(
      t.allocBytes !== 0
        ? `${md(formatBytes(t.allocBytes))} (${md(formatPercent(t.share, 1))} of alloc_space, ${formatCount(t.allocObjects)} objects) is map work. Growth is what a size hint, make(map\\[K\\]V, n), replaces with one allocation at make; a small map's first group is not removed by a hint.`
        : 'None measured: no map allocation in these benchmarks.',
      '',
    );
    const rows = mapRowOrder
      .filter((p) => m.byPurpose[p].allocBytes !== 0 || p === 'grow' || p === 'first-group')
      .map((p) => [md(mapRowTitle[p]), md(formatBytes(m.byPurpose[p].allocBytes)), md(formatPercent(m.byPurpose[p].share, 1)), formatCount(m.byPurpose[p].allocObjects), md(mapPurposeInfo[p].fix)]);
    if (m.ambiguous.allocBytes !== 0)
      rows.push(['ambiguous (not in the total)', md(formatBytes(m.ambiguous.allocBytes)), md(formatPercent(m.ambiguous.share, 1)), formatCount(m.ambiguous.allocObjects), 'see the sites below']);
    out.push(...table(['purpose', 'bytes', 'share', 'objects', 'what would reduce it'], ['l', 'r', 'r', 'r', 'l'], rows), '');
    for (const purpose of ['grow', 'first-group', 'assign', 'ambiguous'] as const) {
      const sites = mapSites(m, purpose).slice(0, o.nodeCount);
      if (sites.length === 0) continue;
      out.push(
        `**${md(mapSiteHeading[purpose])}**`,
        '',
        ...table(
          ['bytes', 'share', 'objects', 'function', 'location', 'source', 'note'],
          ['r', 'r', 'r', 'l', 'l', 'l', 'l'],
          sites.map((x) => [
            md(formatBytes(x.allocBytes)),
            md(formatPercent(x.share, 1)),
            formatCount(x.allocObjects),
            md(short(r, x.function)),
            md(`${rel(o.cwd, x.file)}:${x.line}`),
            x.source ? md(x.source) : '',
            md(mapSiteNote(x)),
          ]),
        ),
        '',
      );
    }
  }
  const allocs = r.findings.filter((f) => f.kind === 'allocation-site');
  if (r.profileTotals.profiles > 0) {
    out.push(
      `### Top allocation sites by alloc_space`,
      '',
      `Total ${md(formatBytes(r.profileTotals.allocBytes))} in ${formatCount(r.profileTotals.allocObjects)} objects (heap profile of ${r.profileTotals.profiles} run${r.profileTotals.profiles === 1 ? '' : 's'}).`,
      '',
    );
    if (allocs.length > 0) {
      out.push(
        ...table(
          ['#', 'share', 'bytes', 'objects', 'function', 'location', 'your line', 'reason'],
          ['r', 'r', 'r', 'r', 'l', 'l', 'l', 'l'],
          allocs.slice(0, o.nodeCount).map((f, i) => [
            String(i + 1),
            md(formatPercent(f.share, 1)),
            md(formatBytes(f.allocBytes)),
            formatCount(f.allocObjects),
            md(short(r, f.function)),
            md(`${rel(o.cwd, f.file)}:${f.line}`),
            f.kind === 'allocation-site' ? md(userFrameBrief(f.userFrame, r.packageNames, (file) => rel(o.cwd, file))) : '',
            md(siteReason(f, r.packageNames, r.settings.depsMin)),
          ]),
        ),
        '',
      );
      if (allocs.length > o.nodeCount) out.push(`… ${allocs.length - o.nodeCount} more sites (see --format json).`, '');
    }
  }
  return out.join('\n');
}
