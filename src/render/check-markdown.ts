// check-markdown.ts renders a CheckReport as GitHub-flavoured Markdown, to
// paste into a pull request: the benchmark table, the verdicts, maps by purpose
// and the top allocation sites, each a GFM table.
import type { CheckReport } from '../verify/check-report.js';
import { directiveText, evidenceLines, headline, malformedText, statusLabel } from './assertion-words.js';
import { ci, mapRowOrder, mapSiteNote, mapSites, rel, runsEach, siteReason } from './check-text.js';
import type { Messages } from '../i18n/messages.js';
import { benchLabel, experimentText, metricUnits, multiPackage, reasonText, ruleFixText, ruleReasonText, rulesShown, ruleTally, ruleVerdictLabel, short, summaryText, userFrameBrief } from './check-words.js';
import { formatBytes, formatCount, formatDurationNs, formatPercent, formatMetric } from '../human-units.js';

/** CheckMarkdownOptions: where paths are relative to, how many sites to list. */
export interface CheckMarkdownOptions {
  readonly cwd: string;
  readonly nodeCount: number;
  readonly messages: Messages;
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
  const m = o.messages;
  const c = m.check.column;
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
    out.push(`### ${m.check.benchmarksHeading(runsEach(m, r))}`, '');
    out.push(
      ...table(
        [...(several ? [c.package] : []), c.benchmark, 'time/op', 'B/op', 'allocs/op', c.gcs, c.stwMax, ...units],
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
    out.push(m.check.noBenchmarksMarkdown, '');
  }
  if (r.failures.length > 0) {
    out.push(`### ${m.check.failedHeading}`, '');
    out.push(...table([c.benchmark, c.kind, c.message], ['l', 'l', 'l'], r.failures.map((f) => [md(f.name), md(f.kind), md(f.message)])), '');
  }
  if (r.verdicts.length > 0) {
    out.push(`### ${md(m.check.verdictsHeading([...new Set(r.verdicts.map((v) => m.finding.kinds[v.kind].title))].join('; ')))}`, '');
    out.push(
      ...table(
        [c.verdict, c.function, c.location, c.why],
        ['l', 'l', 'l', 'l'],
        r.verdicts.map((v) => [
          `**${m.finding.verdict[v.verdict]}**`,
          md(`${v.function}(${v.param} ${v.paramType})`),
          md(`${rel(o.cwd, v.file)}:${v.line}`),
          [summaryText(m, v.summary), ...v.reasons.map((x) => reasonText(m, x))].map(md).join('<br>'),
        ]),
      ),
      '',
    );
  }
  if (r.rules.length > 0) {
    const rw = m.check.rules;
    const { shown, rest } = rulesShown(r.rules, o.nodeCount);
    out.push(`### ${md(rw.heading)}`, '', md(rw.summary(ruleTally(m, r.rules), rw.coverage(r.coverage?.benchmarks ?? null))), '');
    out.push(
      ...table(
        [rw.column.verdict, rw.column.rule, rw.column.location, rw.column.code, rw.column.evidence, rw.column.fix],
        ['l', 'l', 'l', 'l', 'l', 'l'],
        shown.map((f) => [
          f.verdict === 'confirmed' ? `**${ruleVerdictLabel(m, f.verdict)}**` : ruleVerdictLabel(m, f.verdict),
          md(f.kind),
          md(`${rel(o.cwd, f.file)}:${f.line}`),
          `\`${f.subject.replace(/`/g, "'")}\``,
          f.reasons.map((x) => ruleReasonText(m, x)).map(md).join('<br>'),
          f.fix !== null && f.verdict === 'confirmed' ? [ruleFixText(m, f.fix), ...(f.experiment ? [experimentText(m, f.experiment)] : [])].map(md).join('<br>') : '',
        ]),
      ),
      '',
    );
    if (rest.length > 0) out.push(md(rw.more(rest.length, ruleTally(m, rest), true)), '');
  }
  const asserted = r.assertions;
  if (asserted.results.length + asserted.malformed.length > 0) {
    const rank = (x: (typeof asserted.results)[number]): number => (x.status === 'failed' ? 0 : x.status === 'held' ? 2 : 1);
    out.push(`### ${m.check.assertionsHeading}`, '');
    out.push(
      ...table(
        [c.status, c.directive, c.location, c.evidence],
        ['l', 'l', 'l', 'l'],
        [
          ...asserted.malformed.map((x) => [`**${m.check.malformed}**`, md(x.text), md(`${rel(o.cwd, x.pos.file)}:${x.pos.line}`), md(malformedText(m, x))]),
          ...[...asserted.results]
            .sort((a, b) => rank(a) - rank(b))
            .map((x) => [
              x.status === 'failed' ? `**${md(statusLabel(m, x))}**` : md(statusLabel(m, x)),
              md(directiveText(x)),
              md(`${rel(o.cwd, x.pos.file)}:${x.pos.line}`),
              [headline(m, x), ...evidenceLines(m, x, (f) => rel(o.cwd, f), r.packageNames).map((e) => e.text)].map(md).join('<br>'),
            ]),
        ],
      ),
      '',
    );
  }
  if (r.maps) {
    const ms = r.maps;
    const w = m.maps;
    const t = ms.total;
    out.push(`### ${w.markdownHeading}`, '');
    out.push(t.allocBytes !== 0 ? w.markdownTotal(md(formatBytes(t.allocBytes)), md(formatPercent(t.share, 1)), formatCount(t.allocObjects)) : w.markdownNone, '');
    const rows = mapRowOrder
      .filter((p) => ms.byPurpose[p].allocBytes !== 0 || p === 'grow' || p === 'first-group')
      .map((p) => [md(w.row[p]), md(formatBytes(ms.byPurpose[p].allocBytes)), md(formatPercent(ms.byPurpose[p].share, 1)), formatCount(ms.byPurpose[p].allocObjects), md(w.fix[p])]);
    if (ms.ambiguous.allocBytes !== 0)
      rows.push([md(w.ambiguousRow), md(formatBytes(ms.ambiguous.allocBytes)), md(formatPercent(ms.ambiguous.share, 1)), formatCount(ms.ambiguous.allocObjects), md(w.seeBelow)]);
    out.push(...table([c.purpose, c.bytes, c.share, c.objects, c.reduce], ['l', 'r', 'r', 'r', 'l'], rows), '');
    for (const purpose of ['grow', 'first-group', 'assign', 'ambiguous'] as const) {
      const sites = mapSites(ms, purpose).slice(0, o.nodeCount);
      if (sites.length === 0) continue;
      out.push(
        `**${md(w.siteHeading[purpose])}**`,
        '',
        ...table(
          [c.bytes, c.share, c.objects, c.function, c.location, c.source, c.note],
          ['r', 'r', 'r', 'l', 'l', 'l', 'l'],
          sites.map((x) => [
            md(formatBytes(x.allocBytes)),
            md(formatPercent(x.share, 1)),
            formatCount(x.allocObjects),
            md(short(r, x.function)),
            md(`${rel(o.cwd, x.file)}:${x.line}`),
            x.source ? md(x.source) : '',
            md(mapSiteNote(m, x)),
          ]),
        ),
        '',
      );
    }
  }
  const allocs = r.findings.filter((f) => f.kind === 'allocation-site');
  if (r.profileTotals.profiles > 0) {
    out.push(
      `### ${m.check.sitesHeadingMarkdown}`,
      '',
      m.check.sitesTotalMarkdown(md(formatBytes(r.profileTotals.allocBytes)), formatCount(r.profileTotals.allocObjects), r.profileTotals.profiles),
      '',
    );
    if (allocs.length > 0) {
      out.push(
        ...table(
          ['#', c.share, c.bytes, c.objects, c.function, c.location, c.yourLine, c.reason],
          ['r', 'r', 'r', 'r', 'l', 'l', 'l', 'l'],
          allocs.slice(0, o.nodeCount).map((f, i) => [
            String(i + 1),
            md(formatPercent(f.share, 1)),
            md(formatBytes(f.allocBytes)),
            formatCount(f.allocObjects),
            md(short(r, f.function)),
            md(`${rel(o.cwd, f.file)}:${f.line}`),
            f.kind === 'allocation-site' ? md(userFrameBrief(f.userFrame, r.packageNames, (file) => rel(o.cwd, file))) : '',
            md(siteReason(m, f, r.packageNames, r.settings.depsMin)),
          ]),
        ),
        '',
      );
      if (allocs.length > o.nodeCount) out.push(m.check.moreSitesMarkdown(allocs.length - o.nodeCount), '');
    }
  }
  return out.join('\n');
}
