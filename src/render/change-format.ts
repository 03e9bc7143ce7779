// change-format.ts renders a ChangeReport: text for the terminal, JSON (the
// model as it is), GitHub-flavoured Markdown for a pull-request comment
// (summary first, details folded), and SARIF with the new heap decisions at
// their lines. Words come from change-words.ts.
import { join } from 'node:path';
import type { BenchmarkChange, ChangeReport, DecisionChange, UnitChange } from '../verify/change-report.js';
import { findingKinds, type FindingKind } from '../verify/finding-kinds.js';
import { formatBytes, formatPercent } from '../human-units.js';
import { assertionBlock, directiveText, headline, malformedText } from './assertion-words.js';
import { md } from './check-markdown.js';
import { location, ruleName, sarifLog } from './check-sarif.js';
import { decisionSentence, deltaText, gateText, pText, revisionText, siteSentence, shortName, tally, unitLine, unitTitle, unitValue } from './change-words.js';
import type { Messages } from '../i18n/messages.js';
import { storyText, withCauseWords } from './cause-words.js';

export const changeFormats = ['text', 'json', 'markdown', 'sarif'] as const;
export type ChangeFormat = (typeof changeFormats)[number];

/** ChangeRenderOptions: how many rows of each list to show; the repository root for SARIF URIs; the tool version. */
export interface ChangeRenderOptions {
  readonly limit: number;
  readonly root: string;
  readonly toolVersion: string;
  readonly docsBase: string;
  /** The catalogue of the human words (--lang); JSON is the same in every language. */
  readonly messages: Messages;
}

function decisionMark(d: DecisionChange): string {
  return d.direction === 'worse' ? '▲' : d.direction === 'better' ? '▼' : '·';
}

/** renderChangeText is the terminal report. */
export function renderChangeText(r: ChangeReport, o: ChangeRenderOptions): string {
  const out: string[] = [];
  const s = r.settings;
  const m = o.messages;
  const w = m.change;
  out.push(w.header(revisionText(m, r.base), revisionText(m, r.head)));
  out.push(w.settings(`${r.go} ${r.goos}/${r.goarch}${r.cpu ? `; cpu: ${r.cpu}` : ''}`, `-bench ${JSON.stringify(s.bench)} -count ${s.count} -benchtime ${s.benchtime}`));
  out.push(w.verdict(tally(m, r), r.gate.failed));
  out.push(gateText(m, r), '');

  if (r.benchmarks.length > 0) {
    out.push(w.benchmarksHeading);
    const several = new Set(r.benchmarks.map((b) => b.package)).size > 1;
    for (const b of r.benchmarks) {
      out.push(`  ${several ? `${b.package} ` : ''}${b.name}: ${w.verdictWord[b.verdict]}`);
      for (const u of b.units) {
        const role = u.direction === 'same' ? '' : u.gated ? `  ${w.direction[u.direction]}` : `  ${w.direction[u.direction]} (${w.advisory})`;
        out.push(`      ${unitTitle(u.unit).padEnd(14)} ${unitLine(m, u)}${role}`);
      }
    }
    out.push('');
  }

  const decisions = r.decisions;
  out.push(decisions.length === 0 ? w.noDecisions : w.decisionsHeading(decisions.length));
  for (const d of decisions.slice(0, o.limit)) {
    out.push(`  ${decisionMark(d)} ${decisionSentence(m, d)}`);
    const at = d.after ?? d.before!;
    out.push(`      ${at.file}:${at.line}:${at.column}  ${d.before ? w.was(d.before.message) : w.isNew}${d.after ? w.now(d.after.message) : w.gone}`);
    if (d.after?.cause && d.direction === 'worse') out.push(`      ${w.cause}: ${storyText(m, d.after.cause.story)}`);
  }
  if (decisions.length > o.limit) out.push(`  ${w.moreDecisions(decisions.length - o.limit)}`);
  out.push('');

  out.push(r.sites.length === 0 ? w.noSites : w.sitesHeading(r.sites.length));
  for (const x of r.sites.slice(0, o.limit)) out.push(`  ${siteSentence(m, x)}${x.text ? `   ${x.text}` : ''}`);
  if (r.sites.length > o.limit) out.push(`  ${w.moreSites(r.sites.length - o.limit)}`);

  const asserted = assertionBlock(m, r.assertions, (f) => f, (t, indent) => [`${indent}${t}`]);
  if (asserted.length > 0) out.push('', `${asserted[0]!}${w.assertionsIn(r.head.workingTree ? null : r.head.name)}`, ...asserted.slice(1).map((l) => `  ${l}`));

  if (r.failures.length > 0) {
    out.push('', w.failures);
    for (const f of r.failures) out.push(`  ${f.side}: ${f.name} (${f.kind}): ${f.message}`);
  }
  return out.join('\n') + '\n';
}

/** renderChangeJson is the model as it is, for machines. */
export function renderChangeJson(r: ChangeReport): string {
  return JSON.stringify(r, withCauseWords, 2) + '\n';
}

/** mdTable is a GFM table whose first `left` columns are text (left-aligned) and the rest figures (right-aligned). */
function mdTable(header: readonly string[], left: number, rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < left ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((x) => `| ${x.join(' | ')} |`)];
}

function cell(m: Messages, u: UnitChange | undefined): string {
  if (!u) return '';
  const mark = u.direction === 'worse' ? (u.gated ? ' 🔺' : ' △') : u.direction === 'better' ? (u.gated ? ' 🔻' : ' ▽') : '';
  return md(`${unitValue(u.unit, u.before.median)} → ${unitValue(u.unit, u.after.median)} ${deltaText(m, u)} (p=${pText(u).split(' ')[0]!.slice(2)})`) + mark;
}

/**
 * mdProse escapes text for a Markdown paragraph or list item but keeps the
 * code spans the words mark with backticks (`p`) as code spans; a span's
 * content needs no escaping, only a longer fence when it holds a backtick.
 */
export function mdProse(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? `\`${part.slice(1, -1).replace(/[<>&]/g, '')}\`` : md(part)))
    .join('');
}

/** code is a code span; a backtick inside (a sub-benchmark may be named anything) would end it early. */
function code(text: string): string {
  return `\`${text.replace(/[`\r\n]/g, "'")}\``;
}

/** renderChangeMarkdown is a pull-request comment: the verdict and the review notes first, tables folded below. */
export function renderChangeMarkdown(r: ChangeReport, o: ChangeRenderOptions): string {
  const out: string[] = [];
  const m = o.messages;
  const w = m.change;
  const c = w.column;
  const worse = r.decisions.filter((d) => d.direction === 'worse');
  const better = r.decisions.filter((d) => d.direction === 'better');
  out.push(`### heapsight change: ${md(tally(m, r))}${r.gate.failed ? w.gateFailedMd : ''}`, '');
  out.push(`${md(revisionText(m, r.base))} → ${md(revisionText(m, r.head))}`, '');
  const regressed = r.benchmarks.filter((b) => b.verdict === 'regression');
  for (const b of regressed) {
    const units = b.units.filter((u) => u.gated && u.direction === 'worse');
    out.push(`- **${w.regressionMd}** ${w.inMd} ${code(b.name)}: ${units.map((u) => md(`${unitTitle(u.unit)} ${unitLine(m, u)}`)).join('; ')}`);
  }
  for (const b of r.benchmarks.filter((x) => x.verdict === 'improvement')) {
    const units = b.units.filter((x) => x.gated && x.direction === 'better');
    out.push(`- ${w.improvementMd} ${w.inMd} ${code(b.name)}: ${units.map((x) => md(`${unitTitle(x.unit)} ${unitLine(m, x)}`)).join('; ')}`);
  }
  const failedAssertions = r.assertions.results.filter((x) => x.status === 'failed');
  for (const x of failedAssertions) out.push(`- **${w.assertionFailedMd}**: ${code(directiveText(x))} ${w.atMd} ${code(`${x.pos.file}:${x.pos.line}`)}: ${md(headline(m, x))}`);
  for (const x of r.assertions.malformed) out.push(`- **${w.malformedMd}** ${code(x.text)} ${w.atMd} ${code(`${x.pos.file}:${x.pos.line}`)}: ${md(malformedText(m, x))}`);
  if (worse.length + better.length > 0) {
    out.push('', `**${w.decisionsMd}**`, '');
    for (const d of [...worse, ...better].slice(0, o.limit)) {
      const at = d.after ?? d.before!;
      out.push(`- ${d.direction === 'worse' ? '🔺' : '🔻'} ${mdProse(decisionSentence(m, d))} — ${code(`${at.file}:${at.line}`)}`);
    }
  }
  out.push('');
  if (r.benchmarks.length > 0) {
    out.push(`<details><summary>${md(w.benchmarksSummary(r.benchmarks.length, r.settings.count))}</summary>`, '');
    out.push(
      ...mdTable(
        [c.benchmark, c.verdict, 'allocs/op', 'B/op', 'time/op', c.gcCycles, 'STW/op'],
        2,
        r.benchmarks.map((b: BenchmarkChange) => {
          const u = (unit: string): UnitChange | undefined => b.units.find((x) => x.unit === unit);
          return [md(b.name), md(w.verdictWord[b.verdict]), cell(m, u('allocs/op')), cell(m, u('B/op')), cell(m, u('sec/op')), cell(m, u('gc-cycles/Mop')), cell(m, u('stw-ns/op'))];
        }),
      ),
      '',
      md(gateText(m, r)),
      '',
      '</details>',
      '',
    );
  }
  if (r.decisions.length > 0) {
    out.push(`<details><summary>${md(w.decisionsSummary(r.decisions.length))}</summary>`, '');
    out.push(
      ...mdTable(
        [c.where, c.function, c.before, c.after, c.cause],
        5,
        r.decisions.slice(0, o.limit).map((d) => {
          const at = d.after ?? d.before!;
          return [md(`${at.file}:${at.line}`), md(shortName(d.function)), md(d.before?.message ?? '—'), md(d.after?.message ?? '—'), md(d.after?.cause ? m.cause.kinds[d.after.cause.kind].title : (d.after?.reason ?? ''))];
        }),
      ),
      '',
      '</details>',
      '',
    );
  }
  if (r.sites.length > 0) {
    out.push(`<details><summary>${md(w.sitesSummary(r.sites.length))}</summary>`, '');
    out.push(
      ...mdTable(
        [c.site, c.change, c.before, c.after, c.benchmarks],
        2,
        r.sites.slice(0, o.limit).map((x) => {
          const at = x.after ?? x.before!;
          const amount = (a: typeof x.before): string => (a === null ? '—' : `${formatBytes(a.allocBytes)} (${formatPercent(a.share, 1)})`);
          return [md(`${shortName(x.function)} ${at.file.split('/').slice(-1)[0]}:${at.line}`), md(w.siteChange[x.change]), md(amount(x.before)), md(amount(x.after)), md(x.benchmarks.join(', '))];
        }),
      ),
      '',
      '</details>',
      '',
    );
  }
  out.push(`<sub>${md(`${r.go} ${r.goos}/${r.goarch}${r.cpu ? `, ${r.cpu}` : ''}; -bench ${r.settings.bench} -count ${r.settings.count} -benchtime ${r.settings.benchtime}`)}; heapsight ${md(o.toolVersion)}</sub>`);
  return out.join('\n') + '\n';
}

/** renderChangeSarif marks each new heap decision at its line in the head revision, and each regression. */
export function renderChangeSarif(r: ChangeReport, o: ChangeRenderOptions): string {
  const m = o.messages;
  const kinds: FindingKind[] = ['new-heap-decision', 'benchmark-regression'];
  const results: unknown[] = [];
  for (const d of r.decisions) {
    if (d.direction !== 'worse' || d.category !== 'heap' || d.after === null) continue;
    results.push({
      ruleId: 'new-heap-decision',
      ruleIndex: 0,
      level: d.cost !== null ? 'warning' : 'note',
      message: { text: decisionSentence(m, d) },
      locations: [location(o.root, join(o.root, d.after.file), d.after.line, d.after.column)],
      properties: { function: d.function, subject: d.subject, before: d.before?.kind ?? null, after: d.after.kind, allocBytes: d.cost?.allocBytes ?? null },
    });
  }
  for (const g of r.gate.reasons) {
    results.push({
      ruleId: 'benchmark-regression',
      ruleIndex: 1,
      level: r.gate.failOn.includes('regression') ? 'error' : 'warning',
      message: { text: m.change.regressionSarif(g.benchmark, g.package, g.unit, g.deltaPct === null ? null : g.deltaPct.toFixed(2), g.p.toPrecision(2)) },
      properties: { package: g.package, benchmark: g.benchmark, unit: g.unit, deltaPct: g.deltaPct, p: g.p },
    });
  }
  const rules = kinds.map((k) => ({
    id: k,
    name: ruleName(k),
    shortDescription: { text: m.finding.kinds[k].title },
    fullDescription: { text: m.finding.kinds[k].explanation },
    help: { text: m.finding.kinds[k].fix },
    helpUri: `${o.docsBase}README.md${findingKinds[k].docs}`,
  }));
  return sarifLog({
    toolVersion: o.toolVersion,
    docsBase: o.docsBase,
    root: o.root,
    rules,
    invocation: { executionSuccessful: r.failures.length === 0 },
    results,
    properties: { base: r.base, head: r.head, go: r.go, settings: r.settings },
  });
}

export const changeRenderers: Readonly<Record<ChangeFormat, (r: ChangeReport, o: ChangeRenderOptions) => string>> = {
  text: renderChangeText,
  json: (r) => renderChangeJson(r),
  markdown: renderChangeMarkdown,
  sarif: renderChangeSarif,
};
