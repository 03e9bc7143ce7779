// check-html.ts renders a CheckReport as one self-contained HTML file (inline
// CSS, no script, no external request) to mail or attach to a CI run: the
// benchmark table, verdicts, maps by purpose, allocation sites, and a source view
// of the target packages with each line's measured allocations and the
// compiler's notes beside it. Every text from the report or the source is
// escaped: function names and compiler messages are data, never markup.
import type { CheckReport, CompilerNote, SiteFinding } from '../verify/check-report.js';
import { ci, mapRowOrder, mapSiteNote, mapSites, noteLine, rel, runsEach, siteReason } from './check-text.js';
import type { Messages } from '../i18n/messages.js';
import { noteText, runtimeReason } from './cause-words.js';
import { benchLabel, metricUnits, multiPackage, reasonText, ruleFixText, ruleReasonText, rulesInOrder, ruleTally, ruleVerdictLabel, short, summaryText, userFrameBrief } from './check-words.js';
import { escapeHtml as h } from './flame-html.js';
import { formatBytes, formatCount, formatDurationNs, formatPercent, formatMetric } from '../human-units.js';
import type { Profile } from '../profile/model.js';
import { renderWorkbenchPage } from './workbench/page.js';
import { workbenchBoot, type WorkbenchRunsInput } from './workbench/workbench-data.js';

/** CheckHtmlOptions: paths relative to cwd, how many sites in the table, and the source of the target packages. */
export interface CheckHtmlOptions {
  readonly cwd: string;
  readonly nodeCount: number;
  readonly readSource: (file: string) => readonly string[] | null;
  readonly messages: Messages;
  /** The merged heap profile of the run, for the workbench's flame graph (null: none was taken). */
  readonly profile?: Profile | null;
  /** Each benchmark's per-run values and GC cycles, for the Overview's dots and the GC timeline. */
  readonly runs?: readonly WorkbenchRunsInput[];
}

const css = `
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:1200px;padding:0 1em;color:#1b1b1b}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0;max-width:100%}td code{overflow-wrap:anywhere}th,td{padding:.2em .6em;border-bottom:1px solid #eee;vertical-align:top;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,.src td{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
.confirmed{color:#b00020;font-weight:600}.refuted{color:#1b7f3b;font-weight:600}.not-measurable{color:#8a6d00;font-weight:600}
.muted{color:#666}ul.reasons{margin:.2em 0 .2em 1.2em;padding:0}
.src{width:100%}.src td{border:0;padding:0 .6em;white-space:pre}.src td.code{white-space:pre-wrap;width:55%}
.src tr.hot td.code{background:rgba(220,50,30,var(--heat))}.src td.notes{white-space:normal;font-family:system-ui,sans-serif;font-size:12px;color:#444}
.src td.ln{color:#999;user-select:none}.src .note{display:block}.src .note.heap{color:#b00020}.src .note.map{color:#6a3db0}
details{margin:.6em 0}summary{cursor:pointer;font-weight:600}
`;

interface LineFacts {
  bytes: number;
  objects: number;
  share: number;
  notes: { cls: string; text: string }[];
}

function noteClass(n: CompilerNote): string {
  return n.kind === 'moved-to-heap' || n.kind === 'escapes-to-heap' || n.kind.startsWith('leak') ? 'note heap' : 'note';
}

/** lineFacts gathers, per file and line, the measured allocations and every note the report holds there. */
function lineFacts(r: CheckReport, msg: Messages): Map<string, Map<number, LineFacts>> {
  const w = msg.check;
  const hw = msg.check.html;
  const byFile = new Map<string, Map<number, LineFacts>>();
  const at = (file: string, line: number): LineFacts => {
    let lines = byFile.get(file);
    if (!lines) byFile.set(file, (lines = new Map()));
    let f = lines.get(line);
    if (!f) lines.set(line, (f = { bytes: 0, objects: 0, share: 0, notes: [] }));
    return f;
  };
  const add = (f: LineFacts, cls: string, text: string): void => {
    if (!f.notes.some((n) => n.text === text)) f.notes.push({ cls, text });
  };
  const addSite = (s: SiteFinding): void => {
    const f = at(s.file, s.line);
    f.bytes += s.allocBytes;
    f.objects += s.allocObjects;
    f.share += s.share;
    for (const n of s.compiler) {
      add(f, noteClass(n), `${w.compiler}: ${noteLine(msg, n)}`);
      for (const x of n.notes) add(f, 'note', `${w.note}: ${noteText(msg, x)}`);
    }
    for (const c of s.runtimeCalls) add(f, 'note', `${w.runtime}: ${c.call} (${runtimeReason(msg, c)})`);
  };
  for (const s of r.findings) addSite(s);
  for (const v of r.verdicts) {
    const f = at(v.file, v.line);
    add(f, `note ${v.verdict}`, `${msg.finding.verdict[v.verdict].toUpperCase()}: ${summaryText(msg, v.summary)}`);
    for (const n of v.compiler) add(f, noteClass(n), `${w.compiler}: ${noteLine(msg, n)}`);
  }
  for (const x of r.rules) add(at(x.file, x.line), `note ${x.verdict}`, `${ruleVerdictLabel(msg, x.verdict).toUpperCase()}: ${msg.finding.kinds[x.kind].title}`);
  for (const m of r.maps?.sites ?? []) {
    const note = mapSiteNote(msg, m);
    const what =
      m.purpose === 'grow'
        ? hw.mapGrowth(formatBytes(m.allocBytes), formatPercent(m.share, 1))
        : m.purpose === 'ambiguous'
          ? hw.mapAmbiguous(formatBytes(m.allocBytes))
          : m.purpose === 'first-group'
            ? hw.firstGroup(formatBytes(m.allocBytes))
            : hw.mapOther(msg.maps.row[m.purpose], formatBytes(m.allocBytes));
    add(at(m.file, m.line), 'note map', note === '' ? what : `${what} (${note})`);
  }
  return byFile;
}

function sourceView(r: CheckReport, o: CheckHtmlOptions): string {
  const facts = lineFacts(r, o.messages);
  const hw = o.messages.check.html;
  const out: string[] = [];
  for (const file of r.sourceFiles) {
    const lines = o.readSource(file);
    const f = facts.get(file) ?? new Map<number, LineFacts>();
    const fileBytes = [...f.values()].reduce((s, x) => s + x.bytes, 0);
    const summary = `${h(rel(o.cwd, file))} <span class="muted">${fileBytes > 0 ? h(hw.allocated(formatBytes(fileBytes))) : h(hw.noMeasured)}</span>`;
    if (lines === null) {
      out.push(`<details><summary>${summary}</summary><p class="muted">${h(hw.unreadable)}</p></details>`);
      continue;
    }
    const rows = lines.map((text, i) => {
      const x = f.get(i + 1);
      const heat = x && x.share > 0 ? Math.min(0.45, 0.08 + x.share) : 0;
      return (
        `<tr${heat > 0 ? ` class="hot" style="--heat:${heat.toFixed(3)}"` : ''}><td class="ln n">${i + 1}</td>` +
        `<td class="n">${x && x.bytes !== 0 ? h(formatBytes(x.bytes)) : ''}</td><td class="n">${x && x.objects !== 0 ? h(formatCount(x.objects)) : ''}</td>` +
        `<td class="code">${h(text)}</td><td class="notes">${x ? x.notes.map((n) => `<span class="${h(n.cls)}">${h(n.text)}</span>`).join('') : ''}</td></tr>`
      );
    });
    out.push(
      `<details${fileBytes > 0 || f.size > 0 ? ' open' : ''}><summary>${summary}</summary>` +
        `<table class="src"><thead><tr><th class="n">${h(hw.line)}</th><th class="n">${h(o.messages.check.column.bytes)}</th><th class="n">${h(o.messages.check.column.objects)}</th><th>${h(o.messages.check.column.source)}</th><th>${h(hw.compilerAndProfile)}</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`,
    );
  }
  return out.join('\n');
}

function table(head: readonly [string, boolean][], rows: readonly (readonly string[])[]): string {
  return (
    `<table><thead><tr>${head.map(([t, n]) => `<th${n ? ' class="n"' : ''}>${h(t)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${r.map((c, i) => `<td${head[i]![1] ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>'
  );
}

/**
 * renderCheckHtml renders the report as one self-contained HTML document: the
 * workbench's views, read-only, with every datum inlined (the client shared
 * with `heapsight serve`), over the static report, which readers without
 * scripts keep seeing.
 */
export function renderCheckHtml(r: CheckReport, o: CheckHtmlOptions): string {
  const title = `heapsight check ${r.packages.join(' ')}`;
  const boot = workbenchBoot({
    live: false,
    title,
    cwd: o.cwd,
    report: r,
    runs: o.runs ?? [],
    profiles: o.profile ? [{ name: o.messages.check.html.runProfile, profile: o.profile }] : [],
    readSource: o.readSource,
    messages: o.messages,
  });
  return renderWorkbenchPage(boot, { lang: o.messages.check.html.lang === 'zh-CN' ? 'zh-CN' : 'en', fallback: `<style>${scopeCss(css, '#fallback')}</style>\n${staticBody(r, o).join('\n')}` });
}

/** scopeCss confines a style sheet's rules to one element (body rules become the element's own). */
function scopeCss(sheet: string, scope: string): string {
  return sheet.replace(/(^|})\s*([^{}]+)\{/g, (_m, close: string, selectors: string) => {
    const scoped = selectors
      .split(',')
      .map((sel) => sel.trim())
      .map((sel) => (sel === 'body' ? scope : `${scope} ${sel}`))
      .join(',');
    return `${close}\n${scoped}{`;
  });
}

/** renderCheckHtmlStatic is the report as one static page without scripts (the export's fallback, on its own). */
export function renderCheckHtmlStatic(r: CheckReport, o: CheckHtmlOptions): string {
  const title = `heapsight check ${r.packages.join(' ')}`;
  return (
    `<!DOCTYPE html>\n<html lang="${h(o.messages.check.html.lang)}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${h(title)}</title><style>${css}</style></head>\n<body>\n${staticBody(r, o).join('\n')}\n</body></html>\n`
  );
}

function staticBody(r: CheckReport, o: CheckHtmlOptions): string[] {
  const s = r.settings;
  const m = o.messages;
  const c = m.check.column;
  const hw = m.check.html;
  const title = `heapsight check ${r.packages.join(' ')}`;
  const body: string[] = [];
  body.push(
    `<h1>${h(title)}</h1>`,
    `<p class="muted">${h(`${r.go} ${r.goos}/${r.goarch}; -bench ${JSON.stringify(s.bench)} -count ${s.count} -benchtime ${s.benchtime}; MemProfileRate ${s.memProfileRate}`)}</p>`,
  );
  body.push(`<h2>${h(hw.benchmarks)} <span class="muted">(${h(hw.benchmarksNote(runsEach(m, r)))})</span></h2>`);
  body.push(
    r.benchmarks.length > 0
      ? table(
          [
            ...(multiPackage(r) ? [[c.package, false] as [string, boolean]] : []),
            [c.benchmark, false],
            ['time/op', true],
            ['B/op', true],
            ['allocs/op', true],
            [c.gcs, true],
            [c.stwMax, true],
            ...metricUnits(r).map((u): [string, boolean] => [u, true]),
          ],
          r.benchmarks.map((b) => [
            ...(multiPackage(r) ? [`<code>${h(b.package)}</code>`] : []),
            h(benchLabel(b)),
            h(ci(b.nsPerOp, formatDurationNs)),
            h(ci(b.bytesPerOp, (v) => formatBytes(v, 1))),
            h(ci(b.allocsPerOp, (v) => formatCount(v))),
            b.gc ? h(formatCount(b.gc.cycles)) : '-',
            b.gc ? h(formatDurationNs(b.gc.pauseMaxNs)) : '-',
            ...metricUnits(r).map((u) => (b.metrics[u] ? h(ci(b.metrics[u], (v) => formatMetric(v, u))) : '-')),
          ]),
        )
      : `<p>${h(m.check.noBenchmarksMarkdown)}</p>`,
  );
  if (r.failures.length > 0) {
    body.push(`<h2>${h(m.check.failedHeading)}</h2>`, table([[c.benchmark, false], [c.kind, false], [c.message, false]], r.failures.map((f) => [h(f.name), h(f.kind), h(f.message)])));
  }
  if (r.verdicts.length > 0) {
    body.push(`<h2>${h(m.check.verdictsHeading([...new Set(r.verdicts.map((v) => m.finding.kinds[v.kind].title))].join('; ')))}</h2>`);
    body.push(
      table(
        [[c.verdict, false], [c.function, false], [c.location, false], [c.evidence, false]],
        r.verdicts.map((v) => [
          `<span class="${h(v.verdict)}">${h(m.finding.verdict[v.verdict])}</span>`,
          `<code>${h(`${v.function}(${v.param} ${v.paramType})`)}</code>`,
          `<code>${h(`${rel(o.cwd, v.file)}:${v.line}`)}</code>`,
          `${h(summaryText(m, v.summary))}<ul class="reasons">${v.reasons.map((x) => `<li>${h(reasonText(m, x))}</li>`).join('')}</ul>`,
        ]),
      ),
    );
  }
  if (r.rules.length > 0) {
    const rw = m.check.rules;
    body.push(`<h2>${h(rw.heading)}</h2>`, `<p>${h(ruleTally(m, r.rules))}</p>`);
    body.push(
      table(
        [[rw.column.verdict, false], [rw.column.rule, false], [rw.column.location, false], [rw.column.evidence, false]],
        rulesInOrder(r.rules).map((f) => [
          `<span class="${h(f.verdict)}">${h(ruleVerdictLabel(m, f.verdict))}</span>`,
          h(m.finding.kinds[f.kind].title),
          `<code>${h(`${rel(o.cwd, f.file)}:${f.line}`)}</code> <code>${h(f.subject)}</code>`,
          `<ul class="reasons">${f.reasons.map((x) => `<li>${h(ruleReasonText(m, x))}</li>`).join('')}${
            f.fix !== null && f.verdict === 'confirmed' ? `<li>${h(rw.fix(ruleFixText(m, f.fix)))}</li>` : ''
          }</ul>`,
        ]),
      ),
    );
  }
  if (r.maps) {
    const ms = r.maps;
    const w = m.maps;
    const t = ms.total;
    body.push(`<h2>${h(w.markdownHeading)}</h2>`);
    body.push(`<p>${t.allocBytes !== 0 ? h(hw.mapsTotal(formatBytes(t.allocBytes), formatPercent(t.share, 1), formatCount(t.allocObjects))) : h(w.markdownNone)}</p>`);
    const rows = mapRowOrder
      .filter((p) => ms.byPurpose[p].allocBytes !== 0 || p === 'grow' || p === 'first-group')
      .map((p) => [h(w.row[p]), h(formatBytes(ms.byPurpose[p].allocBytes)), h(formatPercent(ms.byPurpose[p].share, 1)), h(formatCount(ms.byPurpose[p].allocObjects)), h(w.fix[p])]);
    if (ms.ambiguous.allocBytes !== 0)
      rows.push([h(w.ambiguousRow), h(formatBytes(ms.ambiguous.allocBytes)), h(formatPercent(ms.ambiguous.share, 1)), h(formatCount(ms.ambiguous.allocObjects)), h(w.seeBelow)]);
    body.push(table([[c.purpose, false], [c.bytes, true], [c.share, true], [c.objects, true], [c.reduce, false]], rows));
    for (const purpose of ['grow', 'first-group', 'assign', 'ambiguous'] as const) {
      const sites = mapSites(ms, purpose).slice(0, o.nodeCount);
      if (sites.length === 0) continue;
      body.push(
        `<h3>${h(w.siteHeading[purpose])}</h3>`,
        table(
          [[c.bytes, true], [c.share, true], [c.objects, true], [c.function, false], [c.location, false], [c.source, false], [c.note, false]],
          sites.map((x) => [
            h(formatBytes(x.allocBytes)),
            h(formatPercent(x.share, 1)),
            h(formatCount(x.allocObjects)),
            `<code>${h(short(r, x.function))}</code>`,
            `<code>${h(`${rel(o.cwd, x.file)}:${x.line}`)}</code>`,
            x.source ? `<code>${h(x.source)}</code>` : '',
            h(mapSiteNote(m, x)),
          ]),
        ),
      );
    }
  }
  const allocs = r.findings.filter((f) => f.kind === 'allocation-site');
  if (r.profileTotals.profiles > 0) {
    body.push(
      `<h2>${h(hw.sites)} <span class="muted">(${h(hw.sitesTotal(formatBytes(r.profileTotals.allocBytes), formatCount(r.profileTotals.allocObjects)))})</span></h2>`,
    );
    body.push(
      table(
        [['#', true], [c.share, true], [c.bytes, true], [c.objects, true], [c.function, false], [c.location, false], [c.yourLine, false], [c.reason, false]],
        allocs.slice(0, o.nodeCount).map((f, i) => [
          String(i + 1),
          h(formatPercent(f.share, 1)),
          h(formatBytes(f.allocBytes)),
          h(formatCount(f.allocObjects)),
          `<code>${h(short(r, f.function))}</code>`,
          `<code>${h(`${rel(o.cwd, f.file)}:${f.line}`)}</code>`,
          f.kind === 'allocation-site' && f.userFrame ? `<code>${h(userFrameBrief(f.userFrame, r.packageNames, (file) => rel(o.cwd, file)))}</code>` : '',
          h(siteReason(m, f, r.packageNames, r.settings.depsMin)),
        ]),
      ),
    );
    if (allocs.length > o.nodeCount) body.push(`<p class="muted">${h(m.check.moreSitesMarkdown(allocs.length - o.nodeCount))}</p>`);
  }
  if (r.sourceFiles.length > 0) body.push(`<h2>${h(hw.source)}</h2>`, sourceView(r, o));
  if (r.warnings.length > 0) body.push(`<h2>${h(hw.warnings)}</h2>`, `<ul>${r.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul>`);
  return body;
}
