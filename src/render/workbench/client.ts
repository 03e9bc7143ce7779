// client.ts is the workbench's browser code, shared by `heapsight serve` and
// the static export of `check --format html`. workbenchClient is serialised
// with .toString() into the page and called with the embedded data, the UI
// catalogue and the flame layout functions (src/render/flame-client/layout.ts),
// so it references nothing but its parameters and browser globals: no
// imports at run time, no helpers outside its body. Every name, message and
// source line reaches the page through textContent, attributes set as
// properties, or canvas fillText; never as markup.
import type { FlameGeometry } from '../flame-client/layout.js';
import type { FlameWireValues } from '../flame-client/flame-data.js';
import type { BootFlame, WorkbenchBoot } from './workbench-data.js';

/** WorkbenchClientLib is what the page passes in besides the data. */
export interface WorkbenchClientLib {
  layoutFlame(parent: ArrayLike<number>, weight: ArrayLike<number>, end: ArrayLike<number>, zoom: number): FlameGeometry;
  subtreeEnds(depth: ArrayLike<number>): Int32Array;
}

/** WorkbenchPageData is what the page script hands the client. */
export interface WorkbenchPageData {
  readonly boot: WorkbenchBoot;
  /** The flame graph without its values (those load per sample type through loadValues). */
  readonly flame: Omit<BootFlame, 'values'> | null;
  readonly catalogues: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly langNames: Readonly<Record<string, string>>;
  /** The language shown when the address names none. */
  readonly defaultLang?: string;
}

/** workbenchClient builds the whole page inside doc.body's #app. */
export function workbenchClient(doc: Document, page: WorkbenchPageData, loadValues: (k: number) => FlameWireValues | null, lib: WorkbenchClientLib): void {
  const started = performance.now();
  const query = new URLSearchParams(location.search);
  const fallbackLang = page.defaultLang !== undefined && page.catalogues[page.defaultLang] ? page.defaultLang : 'en';
  const lang = page.catalogues[query.get('lang') ?? ''] ? (query.get('lang') as string) : fallbackLang;
  const M = page.catalogues[lang]!;
  const t = (id: string, params?: Record<string, string | number>): string =>
    (M[id] ?? page.catalogues['en']![id] ?? id).replace(/\{(\w+)\}/g, (_m, k: string) => String(params?.[k] ?? ''));
  doc.documentElement.lang = lang;
  const token = query.get('token') ?? '';

  type Child = Node | string | null | undefined | false;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props?: Record<string, unknown> | null, ...kids: Child[]): HTMLElementTagNameMap[K] => {
    const e = doc.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'class') e.className = String(v);
        else if (k === 'style') e.style.cssText = String(v);
        else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v as EventListener);
        else if (k.startsWith('data-')) e.setAttribute(k, String(v));
        else (e as unknown as Record<string, unknown>)[k] = v;
      }
    }
    for (const c of kids) if (c !== null && c !== undefined && c !== false) e.append(typeof c === 'string' ? doc.createTextNode(c) : c);
    return e;
  };
  const clear = (e: Element): void => {
    while (e.firstChild) e.removeChild(e.firstChild);
  };

  // ---- number formats (the page's own; the sentences come worded) ----
  const fmtBytes = (v: number): string => {
    const sign = v < 0 ? '-' : '';
    let a = Math.abs(v);
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let u = 0;
    while (a >= 1024 && u < units.length - 1) {
      a /= 1024;
      u++;
    }
    return u === 0 ? `${sign}${Math.round(a)}B` : `${sign}${a.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 2)}${units[u]}`;
  };
  const fmtCount = (v: number): string => (Math.abs(v) >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : Math.abs(v) >= 1e4 ? `${(v / 1e3).toFixed(1)}k` : String(Math.round(v * 100) / 100));
  const fmtNs = (v: number): string =>
    v >= 1e9 ? `${(v / 1e9).toFixed(2)}s` : v >= 1e6 ? `${(v / 1e6).toFixed(2)}ms` : v >= 1e3 ? `${(v / 1e3).toFixed(2)}µs` : `${Math.round(v)}ns`;
  const fmtPct = (s: number): string => `${(s * 100).toFixed(1)}%`;
  const fmtUnit = (v: number, unit: string): string => (unit === 'bytes' || unit === 'B/op' ? fmtBytes(v) : unit === 'nanoseconds' || unit === 'ns/op' ? fmtNs(v) : fmtCount(v));
  const relPath = (f: string): string => (boot.cwd && f.startsWith(boot.cwd + '/') ? f.slice(boot.cwd.length + 1) : f);
  const shortFn = (name: string): string => {
    const slash = name.lastIndexOf('/');
    return slash >= 0 ? name.slice(slash + 1) : name;
  };

  let boot = page.boot;
  const app = doc.getElementById('app')!;
  // The static report under the app is for readers without scripts.
  doc.getElementById('fallback')?.remove();

  // ---- shell: header, tabs, views ----
  const views = ['overview', 'source', 'flame', 'gc'] as const;
  type View = (typeof views)[number];
  const tabs: Record<string, HTMLButtonElement> = {};
  const sections: Record<string, HTMLElement> = {};
  const status = el('span', { id: 'wb-status', class: 'status' });
  const langSel = el('select', { id: 'wb-lang', title: t('app.lang') });
  for (const [code, name] of Object.entries(page.langNames)) langSel.append(el('option', { value: code, selected: code === lang }, name));
  langSel.addEventListener('change', () => {
    query.set('lang', langSel.value);
    location.search = query.toString();
  });
  const rerun = el('button', { id: 'wb-rerun', type: 'button', hidden: !boot.live }, t('rerun.button'));
  const nav = el('nav', { class: 'tabs' });
  for (const v of views) {
    tabs[v] = el('button', { type: 'button', id: `tab-${v}`, onclick: () => show(v) }, t(`tab.${v}`));
    nav.append(tabs[v]!);
    sections[v] = el('section', { id: `view-${v}`, class: 'view', hidden: true });
  }
  app.append(
    el(
      'header',
      null,
      el('h1', null, boot.title || t('app.title')),
      nav,
      el('span', { class: 'spacer' }),
      rerun,
      status,
      el('label', null, t('app.lang'), ' ', langSel),
      boot.live ? null : el('p', { class: 'muted ro' }, t('app.readOnly')),
    ),
    ...views.map((v) => sections[v]!),
  );
  let current: View = 'overview';
  const rendered: Record<string, boolean> = {};
  const show = (v: View): void => {
    current = v;
    for (const w of views) {
      sections[w]!.hidden = w !== v;
      tabs[w]!.classList.toggle('active', w === v);
    }
    if (!rendered[v]) {
      rendered[v] = true;
      renderers[v]();
    }
    if (v === 'flame') flameView.paintAll();
    if (location.hash.slice(1).split('/')[0] !== v) history.replaceState(null, '', `#${v}`);
  };

  // ---- Overview ----
  const scaleBar = (low: number, high: number, median: number, runs: readonly number[], max: number): HTMLElement => {
    const pc = (v: number): string => `${Math.max(0, Math.min(100, (v / (max || 1)) * 100)).toFixed(2)}%`;
    const track = el('span', { class: 'track' });
    if (Number.isFinite(low) && Number.isFinite(high)) track.append(el('span', { class: 'ci', style: `left:${pc(low)};width:calc(${pc(high)} - ${pc(low)})` }));
    track.append(el('span', { class: 'median', style: `left:${pc(median)}` }));
    for (const r of runs) track.append(el('span', { class: 'dot', style: `left:${pc(r)}` }));
    return track;
  };
  const renderOverview = (): void => {
    const root = sections['overview']!;
    clear(root);
    const r = boot.report;
    const w = boot.words;
    if (!r) root.append(el('p', { class: 'muted' }, t('app.noReport')));
    if (r) {
      // Benchmarks: one column per unit, on a scale shared by the column.
      root.append(el('h2', null, t('overview.benchmarks')), el('p', { class: 'muted' }, t('overview.benchmarksHint')));
      if (r.benchmarks.length === 0) root.append(el('p', null, t('overview.noBenchmarks')));
      else {
        const cols: { unit: string; key: 'nsPerOp' | 'bytesPerOp' | 'allocsPerOp'; sample: string; factor: number }[] = [
          { unit: 'ns/op', key: 'nsPerOp', sample: 'sec/op', factor: 1e9 },
          { unit: 'B/op', key: 'bytesPerOp', sample: 'B/op', factor: 1 },
          { unit: 'allocs/op', key: 'allocsPerOp', sample: 'allocs/op', factor: 1 },
        ];
        const runsOf = (pkg: string, name: string, c: (typeof cols)[number]): number[] =>
          (boot.benchmarks.find((b) => b.package === pkg && b.name === name)?.samples[c.sample] ?? []).map((v) => v * c.factor);
        const table = el('table', { class: 'bench', id: 'bench-table' }, el('thead', null, el('tr', null, el('th', null, t('overview.benchmark')), ...cols.map((c) => el('th', null, c.unit)))));
        const body = el('tbody');
        const maxOf = cols.map((c) =>
          Math.max(0, ...r.benchmarks.flatMap((b) => [b[c.key].high, b[c.key].median, ...runsOf(b.package, b.name, c)].filter((v) => Number.isFinite(v)))),
        );
        for (const b of r.benchmarks) {
          body.append(
            el(
              'tr',
              null,
              el('td', null, el('code', null, b.name.replace(/^Benchmark/, ''))),
              ...cols.map((c, i) => {
                const iv = b[c.key];
                const runs = runsOf(b.package, b.name, c);
                return el(
                  'td',
                  { class: 'n' },
                  scaleBar(iv.low, iv.high, iv.median, runs, maxOf[i]!),
                  el('span', { class: 'val' }, `${fmtUnit(iv.median, c.unit)} [${fmtUnit(iv.low, c.unit)}, ${fmtUnit(iv.high, c.unit)}] · ${iv.n} ${t('overview.runs')}`),
                );
              }),
            ),
          );
        }
        table.append(body);
        root.append(table);
      }
      // Verdicts.
      root.append(el('h2', null, t('overview.verdicts')));
      if (r.verdicts.length === 0) root.append(el('p', { class: 'muted' }, t('overview.noVerdicts')));
      const vl = el('ul', { class: 'verdicts' });
      r.verdicts.forEach((v, i) => {
        vl.append(
          el(
            'li',
            null,
            el('span', { class: `verdict ${v.verdict}` }, w?.verdictLabel[i] ?? v.verdict),
            ' ',
            el('button', { type: 'button', class: 'link', onclick: () => openSource(v.file, v.line) }, `${shortFn(v.function)}(${v.param} ${v.paramType})`),
            ' — ',
            w?.verdictSummary[i] ?? '',
            el('ul', { class: 'reasons' }, ...(w?.verdictReasons[i] ?? []).map((x) => el('li', null, x))),
          ),
        );
      });
      root.append(vl);
      // Top allocation sites.
      root.append(el('h2', null, t('overview.topSites')));
      const sites = r.findings
        .map((f, i) => ({ f, i }))
        .filter((x) => x.f.kind === 'allocation-site' && x.f.allocBytes > 0)
        .sort((a, b) => b.f.allocBytes - a.f.allocBytes)
        .slice(0, 15);
      if (sites.length === 0) root.append(el('p', { class: 'muted' }, t('overview.noSites')));
      else {
        const tb = el('tbody');
        for (const { f, i } of sites) {
          tb.append(
            el(
              'tr',
              null,
              el(
                'td',
                null,
                el('button', { type: 'button', class: 'link site', 'data-file': f.file, 'data-line': f.line, onclick: () => openSource(f.file, f.line) }, `${relPath(f.file)}:${f.line}`),
                el('div', { class: 'muted' }, shortFn(f.function)),
              ),
              el('td', { class: 'n' }, fmtBytes(f.allocBytes)),
              el('td', { class: 'n' }, fmtCount(f.allocObjects)),
              el('td', { class: 'n' }, fmtPct(f.share)),
              el('td', { class: 'reason' }, w?.findingReason[i] ?? '', w?.findingVia[i] ? el('div', { class: 'muted' }, w.findingVia[i]!) : null),
            ),
          );
        }
        root.append(
          el(
            'table',
            { id: 'top-sites' },
            el('thead', null, el('tr', null, ...['overview.site', 'overview.bytes', 'overview.objects', 'overview.share', 'overview.reason'].map((m) => el('th', null, t(m))))),
            tb,
          ),
        );
      }
      // Maps by purpose.
      root.append(el('h2', null, t('overview.maps')));
      const maps = r.maps;
      if (!maps || maps.total.allocBytes === 0) root.append(el('p', { class: 'muted' }, t('overview.noMaps')));
      else {
        const rows = Object.entries(maps.byPurpose).filter(([, a]) => a.allocBytes > 0);
        if (maps.ambiguous.allocBytes > 0) rows.push(['ambiguous', maps.ambiguous]);
        root.append(
          el(
            'table',
            { id: 'maps' },
            el('thead', null, el('tr', null, ...['overview.purpose', 'overview.bytes', 'overview.objects', 'overview.share'].map((m) => el('th', null, t(m))))),
            el('tbody', null, ...rows.map(([p, a]) => el('tr', null, el('td', null, p), el('td', { class: 'n' }, fmtBytes(a.allocBytes)), el('td', { class: 'n' }, fmtCount(a.allocObjects)), el('td', { class: 'n' }, fmtPct(a.share))))),
          ),
        );
      }
      // GC summary.
      root.append(el('h2', null, t('overview.gc')));
      root.append(
        el(
          'table',
          { id: 'gc-summary' },
          el('thead', null, el('tr', null, ...['overview.benchmark', 'overview.cycles', 'overview.forced', 'overview.perMillion', 'overview.pauseTotal', 'overview.pauseMax'].map((m) => el('th', null, t(m))))),
          el(
            'tbody',
            null,
            ...r.benchmarks.map((b) =>
              el(
                'tr',
                null,
                el('td', null, el('button', { type: 'button', class: 'link', onclick: () => openGc(b.package, b.name) }, b.name.replace(/^Benchmark/, ''))),
                el('td', { class: 'n' }, b.gc ? String(b.gc.cycles) : '–'),
                el('td', { class: 'n' }, b.gc ? String(b.gc.forcedCycles) : '–'),
                el('td', { class: 'n' }, b.gc && b.gc.cyclesPerMillionOps !== null ? b.gc.cyclesPerMillionOps.toFixed(2) : '–'),
                el('td', { class: 'n' }, b.gc ? fmtNs(b.gc.pauseTotalNs) : '–'),
                el('td', { class: 'n' }, b.gc ? fmtNs(b.gc.pauseMaxNs) : '–'),
              ),
            ),
          ),
        ),
      );
    }
    root.append(el('h2', null, t('overview.profile')), el('ul', null, ...boot.profiles.map((p) => el('li', null, el('code', null, p.name), ' · ', t('overview.samples', { n: p.samples.toLocaleString('en-US') })))));
    if (r && r.warnings.length > 0) root.append(el('h2', null, t('overview.warnings')), el('ul', { class: 'warnings' }, ...r.warnings.map((x) => el('li', null, x))));
  };

  // ---- Source ----
  interface LineFacts {
    bytes: number;
    objects: number;
    findings: number[];
    verdicts: number[];
  }
  let factsByFile = new Map<string, Map<number, LineFacts>>();
  const buildFacts = (): void => {
    factsByFile = new Map();
    const r = boot.report;
    if (!r) return;
    const at = (file: string, line: number): LineFacts => {
      let m = factsByFile.get(file);
      if (!m) factsByFile.set(file, (m = new Map()));
      let f = m.get(line);
      if (!f) m.set(line, (f = { bytes: 0, objects: 0, findings: [], verdicts: [] }));
      return f;
    };
    r.findings.forEach((f, i) => {
      const x = at(f.file, f.line);
      x.bytes += f.allocBytes;
      x.objects += f.allocObjects;
      x.findings.push(i);
    });
    r.verdicts.forEach((v, i) => at(v.file, v.line).verdicts.push(i));
  };
  const sourceCache = new Map<string, Promise<readonly string[] | null>>();
  const getSource = (file: string): Promise<readonly string[] | null> => {
    let p = sourceCache.get(file);
    if (!p) {
      p = boot.sources
        ? Promise.resolve(boot.sources[file] ?? null)
        : fetch(`/api/source?file=${encodeURIComponent(file)}`, { headers: { 'X-Heapsight-Token': token } }).then((res) => (res.ok ? (res.json() as Promise<string[]>) : null));
      sourceCache.set(file, p);
    }
    return p;
  };
  const srcList = el('div', { class: 'files', id: 'source-files' });
  const srcCode = el('div', { class: 'code', id: 'source-code' });
  const srcDetail = el('aside', { class: 'detail', id: 'line-detail' });
  let openFile = '';
  let selectedLine = 0;
  const renderSource = (): void => {
    const root = sections['source']!;
    clear(root);
    buildFacts();
    if (boot.sourceFiles.length === 0) {
      root.append(el('p', { class: 'muted' }, t('source.noFiles')));
      return;
    }
    clear(srcList);
    srcList.append(el('h3', null, t('source.files')));
    for (const f of boot.sourceFiles) {
      const bytes = [...(factsByFile.get(f)?.values() ?? [])].reduce((s, x) => s + x.bytes, 0);
      srcList.append(el('button', { type: 'button', class: 'file', 'data-file': f, onclick: () => openSource(f, 0) }, relPath(f), bytes > 0 ? el('span', { class: 'muted' }, ` ${fmtBytes(bytes)}`) : null));
    }
    root.append(el('div', { class: 'source-grid' }, srcList, srcCode, srcDetail));
    if (!openFile && !requested) {
      // The file with the most measured bytes first.
      const bytesOf = (f: string): number => [...(factsByFile.get(f)?.values() ?? [])].reduce((s, x) => s + x.bytes, 0);
      const first = [...boot.sourceFiles].sort((a, b) => bytesOf(b) - bytesOf(a))[0]!;
      void openSource(first, 0, true);
      requested = false;
    }
  };
  // One file loads at a time; a line asked for while its file loads is selected once it is there.
  let loading: Promise<void> = Promise.resolve();
  let requested = false;
  const openSource = async (file: string, line: number, keepView?: boolean): Promise<void> => {
    requested = true;
    if (!keepView) show('source');
    if (!boot.sourceFiles.includes(file)) return;
    if (openFile !== file) {
      openFile = file;
      loading = loadFile(file);
    }
    await loading;
    if (openFile === file && line > 0) selectLine(file, line);
  };
  const loadFile = async (file: string): Promise<void> => {
    {
      clear(srcCode);
      srcCode.append(el('p', { class: 'muted' }, t('source.loading')));
      const lines = await getSource(file);
      // A file asked for later may have loaded first: this one's answer must not replace it.
      if (openFile !== file) return;
      clear(srcCode);
      srcList.querySelectorAll('button.file').forEach((b) => b.classList.toggle('active', (b as HTMLElement).dataset['file'] === file));
      if (!lines) {
        srcCode.append(el('p', { class: 'muted' }, t('source.unreadable')));
        return;
      }
      const facts = factsByFile.get(file) ?? new Map<number, LineFacts>();
      const maxBytes = Math.max(1, ...[...facts.values()].map((x) => x.bytes));
      const tbody = el('tbody');
      lines.forEach((text, i) => {
        const n = i + 1;
        const x = facts.get(n);
        const tr = el(
          'tr',
          { class: x ? 'has-facts' : '', id: `L${n}`, onclick: () => selectLine(file, n) },
          el('td', { class: 'bar' }, x && x.bytes > 0 ? el('span', { style: `width:${Math.max(2, (x.bytes / maxBytes) * 60).toFixed(1)}px` }) : null),
          el('td', { class: 'n b' }, x && x.bytes > 0 ? fmtBytes(x.bytes) : ''),
          el('td', { class: 'n o' }, x && x.objects > 0 ? fmtCount(x.objects) : ''),
          el('td', { class: 'ln n' }, String(n)),
          el('td', { class: 'src' }, text),
        );
        tbody.append(tr);
        if (x && boot.words) {
          const notes = [...x.findings.flatMap((fi) => boot.words!.findingNotes[fi] ?? []), ...x.verdicts.map((vi) => `${boot.words!.verdictLabel[vi]}: ${boot.words!.verdictSummary[vi]}`)];
          const uniq = [...new Set(notes)];
          if (uniq.length > 0) tbody.append(el('tr', { class: 'inline-notes' }, el('td', { colSpan: 4 }), el('td', null, ...uniq.map((s) => el('div', { class: /escapes to the heap|moved to the heap|leak/.test(s) && !/does not escape/.test(s) ? 'note heap' : 'note' }, s)))));
        }
      });
      srcCode.append(el('h3', null, relPath(file)), el('table', { class: 'srctable' }, tbody));
    }
  };
  const selectLine = (file: string, line: number): void => {
    selectedLine = line;
    srcCode.querySelectorAll('tr.selected').forEach((tr) => tr.classList.remove('selected'));
    const row = srcCode.querySelector(`#L${line}`);
    row?.classList.add('selected');
    row?.scrollIntoView({ block: 'center' });
    history.replaceState(null, '', `#source/${encodeURIComponent(file)}:${line}`);
    clear(srcDetail);
    srcDetail.append(el('h3', null, t('source.lineDetail', { n: line })));
    const x = factsByFile.get(file)?.get(line);
    const r = boot.report;
    if (!x || !r || !boot.words) {
      srcDetail.append(el('p', { class: 'muted' }, t('source.noLineFacts')));
      return;
    }
    const fns = new Set<string>();
    for (const fi of x.findings) {
      const f = r.findings[fi]!;
      fns.add(f.function);
      srcDetail.append(
        el('p', { class: 'facts' }, el('b', null, fmtBytes(f.allocBytes)), ` · ${fmtCount(f.allocObjects)} ${t('overview.objects')} · ${fmtPct(f.share)}`),
        el('p', { class: 'reason' }, boot.words.findingReason[fi] ?? ''),
      );
      if (boot.words.findingVia[fi]) srcDetail.append(el('p', { class: 'muted' }, boot.words.findingVia[fi]!));
      for (const n of f.compiler) {
        if (n.flow.length === 0) continue;
        srcDetail.append(
          el('div', { class: 'flow' }, el('b', null, `${t('source.flow')}: ${n.message}`), el('ol', null, ...n.flow.map((s) => el('li', null, s.line !== null && s.file === file ? el('button', { type: 'button', class: 'link', onclick: () => selectLine(file, s.line!) }, `${s.line}`) : null, ' ', s.text)))),
        );
      }
      for (const c of f.runtimeCalls) srcDetail.append(el('p', null, el('code', null, c.call), ` — ${t('source.runtime')}: ${c.reason}`));
    }
    for (const vi of x.verdicts) {
      const v = r.verdicts[vi]!;
      fns.add(v.function);
      srcDetail.append(el('p', null, el('span', { class: `verdict ${v.verdict}` }, boot.words.verdictLabel[vi] ?? ''), ' ', boot.words.verdictSummary[vi] ?? ''));
    }
    // Callers and callees of the line's function in the profile.
    for (const fn of fns) {
      const cc = flameView.neighbours(fn);
      if (!cc) continue;
      const list = (rows: { name: string; value: number }[]): HTMLElement =>
        rows.length === 0 ? el('p', { class: 'muted' }, t('source.none')) : el('ul', { class: 'cc' }, ...rows.slice(0, 8).map((r2) => el('li', null, el('code', null, shortFn(r2.name)), ` ${cc.fmt(r2.value)}`)));
      srcDetail.append(
        el('h4', null, shortFn(fn)),
        el('div', { class: 'muted' }, t('source.callers')),
        list(cc.callers),
        el('div', { class: 'muted' }, t('source.callees')),
        list(cc.callees),
        el('button', { type: 'button', onclick: () => flameView.sandwich(fn) }, t('source.openFlame')),
      );
    }
  };

  // ---- Flame graph ----
  interface Tree {
    n: number;
    parent: Int32Array;
    frame: Int32Array;
    depth: Int32Array;
    end: Int32Array;
    pos: Float64Array;
    neg: Float64Array | null;
    maxDepth: number;
    /** Label of the root (frame -1). */
    rootLabel: string;
  }
  // Paint times of zoom and pan frames (ms), for bench/workbench-paint.mjs.
  const paintLog: number[] = [];
  (window as unknown as { heapsightPaintMs: number[] }).heapsightPaintMs = paintLog;
  const flameView = (() => {
    let F = page.flame;
    let vals: (k: number) => FlameWireValues | null = loadValues;
    let valueCache: (FlameWireValues | null | undefined)[] = [];
    const root = sections['flame']!;
    const ROW = 18;
    const FONT = '12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
    let base: { parent: Int32Array; frame: Int32Array; depth: Int32Array; end: Int32Array; maxDepth: number } | null = null;
    let nameId = new Int32Array(0);
    let names: string[] = [];
    let frameRank = new Int32Array(0);
    const st = {
      k: 0,
      mode: 'icicle' as 'icicle' | 'flame' | 'sandwich',
      mine: false,
      focus: null as RegExp | null,
      ignore: null as RegExp | null,
      hide: null as RegExp | null,
      show: null as RegExp | null,
      sandwichName: '',
    };
    const prepare = (): void => {
      valueCache = [];
      if (!F) {
        base = null;
        return;
      }
      const n = F.wire.frame.length;
      const parent = new Int32Array(n);
      const depth = new Int32Array(n);
      const frame = Int32Array.from(F.wire.frame);
      parent[0] = -1;
      let maxDepth = 0;
      for (let i = 1; i < n; i++) {
        const p = i - F.wire.parentDelta[i]!;
        parent[i] = p;
        const d = depth[p]! + 1;
        depth[i] = d;
        if (d > maxDepth) maxDepth = d;
      }
      base = { parent, frame, depth, end: lib.subtreeEnds(depth), maxDepth };
      const ids = new Map<string, number>();
      names = [];
      nameId = new Int32Array(F.wire.names.length);
      F.wire.names.forEach((nm, f) => {
        let id = ids.get(nm);
        if (id === undefined) {
          id = names.length;
          names.push(nm);
          ids.set(nm, id);
        }
        nameId[f] = id;
      });
      const order = F.wire.names.map((_, i) => i).sort((a, b) => (F!.wire.names[a]! < F!.wire.names[b]! ? -1 : F!.wire.names[a]! > F!.wire.names[b]! ? 1 : a - b));
      frameRank = new Int32Array(F.wire.names.length);
      order.forEach((f, r) => (frameRank[f] = r));
      st.k = F.wire.defaultIndex;
    };
    // Every sample type is inlined in an export; serve lays out the default one first and others when asked (ensure).
    const V = (k: number): FlameWireValues => (valueCache[k] ??= vals(k))!;
    const ensure = async (k: number): Promise<void> => {
      if ((valueCache[k] ??= vals(k)) !== null) return;
      await refetch(k);
    };
    const unit = (): string => F?.wire.sampleTypes[st.k]?.unit ?? '';
    const fmt = (v: number): string => fmtUnit(v, unit());

    /** builder merges (parent, frame) children into a new tree; finish() lays it out in pre-order, children by name. */
    const builder = () => {
      const par: number[] = [-1];
      const fr: number[] = [-1];
      const selfP: number[] = [0];
      const selfN: number[] = [0];
      const kids = new Map<number, number>();
      const W = (F?.wire.names.length ?? 0) + 1;
      return {
        child(p: number, f: number): number {
          const key = p * W + f;
          let c = kids.get(key);
          if (c === undefined) {
            c = par.length;
            par.push(p);
            fr.push(f);
            selfP.push(0);
            selfN.push(0);
            kids.set(key, c);
          }
          return c;
        },
        add(node: number, p: number, q: number): void {
          selfP[node]! += p;
          selfN[node]! += q;
        },
        finish(rootLabel: string, hasNeg: boolean): Tree {
          const m = par.length;
          const childLists: number[][] = Array.from({ length: m }, () => []);
          for (let i = 1; i < m; i++) childLists[par[i]!]!.push(i);
          for (const l of childLists) if (l.length > 1) l.sort((a, b) => frameRank[fr[a]!]! - frameRank[fr[b]!]!);
          const parent = new Int32Array(m);
          const frame = new Int32Array(m);
          const depth = new Int32Array(m);
          const pos = new Float64Array(m);
          const neg = hasNeg ? new Float64Array(m) : null;
          const newIdx = new Int32Array(m);
          const stack = [0];
          let next = 0;
          let maxDepth = 0;
          while (stack.length > 0) {
            const o = stack.pop()!;
            const idx = next++;
            newIdx[o] = idx;
            frame[idx] = fr[o]!;
            const p = o === 0 ? -1 : newIdx[par[o]!]!;
            parent[idx] = p;
            depth[idx] = p < 0 ? 0 : depth[p]! + 1;
            if (depth[idx]! > maxDepth) maxDepth = depth[idx]!;
            pos[idx] = selfP[o]!;
            if (neg) neg[idx] = selfN[o]!;
            const l = childLists[o]!;
            for (let j = l.length - 1; j >= 0; j--) stack.push(l[j]!);
          }
          for (let i = m - 1; i > 0; i--) {
            pos[parent[i]!]! += pos[i]!;
            if (neg) neg[parent[i]!]! += neg[i]!;
          }
          return { n: m, parent, frame, depth, end: lib.subtreeEnds(depth), pos, neg, maxDepth, rootLabel };
        },
      };
    };
    const selfOf = (cum: ArrayLike<number>): Float64Array => {
      const b = base!;
      const s = Float64Array.from(cum);
      for (let i = 1; i < b.parent.length; i++) s[b.parent[i]!]! -= cum[i]!;
      return s;
    };
    const frameMatch = (re: RegExp | null): Uint8Array | null => {
      if (!re || !F) return null;
      const m = new Uint8Array(F.wire.names.length);
      F.wire.names.forEach((nm, f) => {
        re.lastIndex = 0;
        if (re.test(nm) || re.test(F!.wire.files[f] ?? '')) m[f] = 1;
      });
      return m;
    };
    /** mainTree is the base tree for sample type k after only-my-code, focus/ignore and hide/show. */
    const mainTree = (): Tree => {
      const b = base!;
      const v = V(st.k);
      const hasNeg = v.neg !== null;
      if (!st.mine && !st.focus && !st.ignore && !st.hide && !st.show) {
        return { n: b.parent.length, parent: b.parent, frame: b.frame, depth: b.depth, end: b.end, pos: Float64Array.from(v.pos), neg: v.neg ? Float64Array.from(v.neg) : null, maxDepth: b.maxDepth, rootLabel: t('flame.all') };
      }
      const sp = selfOf(v.pos);
      const sn = v.neg ? selfOf(v.neg) : null;
      const fm = frameMatch(st.focus);
      const im = frameMatch(st.ignore);
      const hm = frameMatch(st.hide);
      const sm = frameMatch(st.show);
      const user = F!.user;
      const n = b.parent.length;
      const focusHit = new Uint8Array(n);
      const ignoreHit = new Uint8Array(n);
      const mapped = new Int32Array(n);
      const B = builder();
      for (let i = 1; i < n; i++) {
        const p = b.parent[i]!;
        const f = b.frame[i]!;
        focusHit[i] = focusHit[p]! || (fm ? fm[f]! : 0);
        ignoreHit[i] = ignoreHit[p]! || (im ? im[f]! : 0);
        const visible = (!st.mine || user[f] === 1) && !(hm && hm[f]) && (!sm || sm[f] === 1);
        mapped[i] = visible ? B.child(mapped[p]!, f) : mapped[p]!;
        if ((fm && !focusHit[i]) || ignoreHit[i]) continue;
        B.add(mapped[i]!, sp[i]!, sn ? sn[i]! : 0);
      }
      if (!fm && !im) B.add(0, sp[0]!, sn ? sn[0]! : 0);
      return B.finish(t('flame.all'), hasNeg);
    };
    /** sandwichTrees are the callers (towards the root) and callees of every frame named name, each occurrence counted once. */
    const sandwichTrees = (src: Tree, name: string): { callers: Tree; callees: Tree } | null => {
      const id = names.indexOf(name);
      if (id < 0) return null;
      const n = src.n;
      const top = new Int32Array(n).fill(-1);
      const sp = new Float64Array(src.pos);
      const sn = src.neg ? new Float64Array(src.neg) : null;
      for (let i = 1; i < n; i++) {
        sp[src.parent[i]!]! -= src.pos[i]!;
        if (sn) sn[src.parent[i]!]! -= src.neg![i]!;
      }
      const up = builder();
      const down = builder();
      const mappedDown = new Int32Array(n);
      for (let i = 1; i < n; i++) {
        const p = src.parent[i]!;
        const hit = src.frame[i]! >= 0 && nameId[src.frame[i]!] === id;
        top[i] = top[p]! >= 0 ? top[p]! : hit ? i : -1;
        if (top[i]! < 0) continue;
        if (top[i] === i) {
          mappedDown[i] = 0;
          let node = 0;
          for (let a = p; a > 0; a = src.parent[a]!) node = up.child(node, src.frame[a]!);
          up.add(node, src.pos[i]!, src.neg ? src.neg[i]! : 0);
        } else mappedDown[i] = down.child(mappedDown[p]!, src.frame[i]!);
        down.add(mappedDown[i]!, sp[i]!, sn ? sn[i]! : 0);
      }
      return { callers: up.finish(name, src.neg !== null), callees: down.finish(name, src.neg !== null) };
    };
    /** topRows aggregates a tree by function name: flat, and cum counted once per stack. */
    const topRows = (tr: Tree): { name: string; flat: number; cum: number }[] => {
      const flat = new Float64Array(names.length);
      const cum = new Float64Array(names.length);
      const active = new Int32Array(names.length);
      const stack: number[] = [];
      for (let i = 1; i < tr.n; i++) {
        while (stack.length > 0 && tr.depth[stack[stack.length - 1]!]! >= tr.depth[i]!) active[nameId[tr.frame[stack.pop()!]!]!]!--;
        const id = nameId[tr.frame[i]!]!;
        let self = tr.pos[i]! + (tr.neg ? tr.neg[i]! : 0);
        for (let c = i + 1; c < tr.end[i]!; c = tr.end[c]!) self -= tr.pos[c]! + (tr.neg ? tr.neg[c]! : 0);
        flat[id]! += self;
        if (active[id] === 0) cum[id]! += tr.pos[i]! + (tr.neg ? tr.neg[i]! : 0);
        active[id]!++;
        stack.push(i);
      }
      const rows: { name: string; flat: number; cum: number }[] = [];
      for (let i = 0; i < names.length; i++) if (flat[i] !== 0 || cum[i] !== 0) rows.push({ name: names[i]!, flat: flat[i]!, cum: cum[i]! });
      return rows.sort((a, b) => Math.abs(b.flat) - Math.abs(a.flat) || Math.abs(b.cum) - Math.abs(a.cum));
    };

    // A graph is one canvas with its tree, geometry and viewport [v0, v1] (fractions of the full width).
    const hash = (s: string): number => {
      let h = 2166136261;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
      return (h >>> 0) / 4294967296;
    };
    const colourCache = new Map<number, string>();
    const warm = (f: number): string => {
      let c = colourCache.get(f);
      if (c === undefined) {
        const name = F!.wire.names[f] ?? '';
        const pkg = name.replace(/^(.*?)\.[^./]*$/, '$1');
        const user = F!.user[f] === 1;
        const h = user ? 95 + hash(pkg) * 40 : 10 + hash(pkg) * 40;
        const l = 55 + hash(name) * 12;
        c = F!.wire.inlined[f] ? `hsl(${h}, 60%, ${l + 10}%)` : `hsl(${h}, ${user ? 55 : 85}%, ${l}%)`;
        colourCache.set(f, c);
      }
      return c;
    };
    // The flame graph's diverging blue↔orange (safe for red-green colour blindness): orange = more than the base.
    const diffColour = (p: number, q: number): string => {
      const tot = p + q;
      const r = tot > 0 ? (p - q) / tot : 0;
      const a2 = Math.min(1, Math.abs(r));
      const [a, b] = r >= 0 ? [[230, 97, 1], [247, 247, 247]] : [[33, 102, 172], [247, 247, 247]];
      const mix = (j: number): number => Math.round(b[j]! + (a[j]! - b[j]!) * (0.15 + 0.85 * a2));
      return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
    };
    const makeGraph = (id: string, upward: () => boolean) => {
      const wrap = el('div', { class: 'graph' });
      const canvas = el('canvas', { id });
      const tip = el('div', { class: 'tip', hidden: true });
      wrap.append(canvas, tip);
      const ctx = canvas.getContext('2d', { alpha: false })!;
      let tree: Tree | null = null;
      let geo: FlameGeometry | null = null;
      let weight = new Float64Array(0);
      let v0 = 0;
      let v1 = 1;
      let cssWidth = 0;
      let rows = 0;
      let charWidth = 7;
      let pending = false;
      const g = {
        wrap,
        canvas,
        onPick: null as ((name: string) => void) | null,
        set(tr: Tree | null): void {
          tree = tr;
          v0 = 0;
          v1 = 1;
          if (!tr) return;
          weight = new Float64Array(tr.n);
          for (let i = 0; i < tr.n; i++) weight[i] = tr.pos[i]! - (tr.neg ? tr.neg[i]! : 0);
          geo = lib.layoutFlame(tr.parent, weight, tr.end, 0);
        },
        resize(): void {
          const dpr = window.devicePixelRatio || 1;
          cssWidth = Math.max(200, wrap.clientWidth || 800);
          rows = Math.min(1600, (tree?.maxDepth ?? 0) + 1);
          const h = rows * ROW;
          canvas.style.width = `${cssWidth}px`;
          canvas.style.height = `${h}px`;
          canvas.width = Math.round(cssWidth * dpr);
          canvas.height = Math.round(h * dpr);
          ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
          ctx.font = FONT;
          charWidth = ctx.measureText('MMMMMMMMMM').width / 10;
        },
        paint(): void {
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(0, 0, cssWidth, rows * ROW);
          if (!tree || !geo) return;
          const tr = tree;
          const diff = tr.neg !== null;
          const scale = cssWidth / (v1 - v0);
          ctx.font = FONT;
          ctx.textBaseline = 'middle';
          const up = upward();
          for (let i = 0; i < tr.n; ) {
            const w = geo.w[i]! * scale;
            const x = (geo.x[i]! - v0) * scale;
            if (w < 1 || x > cssWidth || x + w < 0 || tr.depth[i]! >= rows) {
              i = i === 0 ? 1 : tr.end[i]!;
              continue;
            }
            const left = Math.max(0, x);
            const right = Math.min(cssWidth, x + w);
            const top = up ? (rows - 1 - tr.depth[i]!) * ROW : tr.depth[i]! * ROW;
            const f = tr.frame[i]!;
            const fill = i === 0 ? '#d9d9d9' : diff ? diffColour(tr.pos[i]!, -tr.neg![i]!) : warm(f);
            ctx.fillStyle = fill;
            ctx.fillRect(left, top, Math.max(1, right - left - 1), ROW - 1);
            const px = right - left;
            if (px > charWidth * 3) {
              // Labels drop the import path (the tooltip has the full name), as pprof's flame graph does.
              const label = i === 0 ? tr.rootLabel : shortFn(F!.wire.names[f] ?? '') + (F!.wire.inlined[f] ? ' (inline)' : '');
              const fit = Math.floor((px - 6) / charWidth);
              ctx.fillStyle = '#1a1a1a';
              ctx.fillText(label.length > fit ? label.slice(0, Math.max(0, fit - 1)) + '…' : label, left + 3, top + ROW / 2);
            }
            i++;
          }
        },
        schedule(): void {
          if (pending) return;
          pending = true;
          requestAnimationFrame(() => {
            pending = false;
            const t0 = performance.now();
            g.paint();
            paintLog.push(performance.now() - t0);
            if (paintLog.length > 2000) paintLog.splice(0, 1000);
          });
        },
        nodeAt(cx: number, cy: number): number {
          if (!tree || !geo) return -1;
          const row = Math.floor(cy / ROW);
          const d = upward() ? rows - 1 - row : row;
          const fx = v0 + (cx / cssWidth) * (v1 - v0);
          for (let i = 0; i < tree.n; ) {
            if (fx < geo.x[i]! || fx >= geo.x[i]! + geo.w[i]! || geo.w[i] === 0) {
              i = i === 0 ? 1 : tree.end[i]!;
              continue;
            }
            if (tree.depth[i] === d) return i;
            i++;
          }
          return -1;
        },
        zoomTo(i: number): void {
          if (!geo) return;
          v0 = geo.x[i]!;
          v1 = geo.x[i]! + geo.w[i]!;
          if (!(v1 > v0)) {
            v0 = 0;
            v1 = 1;
          }
          g.schedule();
        },
        reset(): void {
          v0 = 0;
          v1 = 1;
          g.schedule();
        },
        /** zoomAt scales the viewport by factor around the canvas x position cx (wheel). */
        zoomAt(cx: number, factor: number): void {
          const at = v0 + (cx / cssWidth) * (v1 - v0);
          let w = Math.min(1, Math.max(1e-9, (v1 - v0) * factor));
          let a = at - (cx / cssWidth) * w;
          a = Math.max(0, Math.min(1 - w, a));
          v0 = a;
          v1 = a + w;
          g.schedule();
        },
        panBy(dx: number): void {
          const w = v1 - v0;
          const a = Math.max(0, Math.min(1 - w, v0 - (dx / cssWidth) * w));
          v0 = a;
          v1 = a + w;
          g.schedule();
        },
        tree: (): Tree | null => tree,
      };
      let drag: { x: number; moved: boolean } | null = null;
      canvas.addEventListener('mousedown', (ev) => {
        drag = { x: ev.clientX, moved: false };
      });
      window.addEventListener('mouseup', () => {
        setTimeout(() => (drag = null), 0);
      });
      canvas.addEventListener('mousemove', (ev) => {
        const r = canvas.getBoundingClientRect();
        if (drag && (ev.buttons & 1) === 1 && Math.abs(ev.clientX - drag.x) > 2) {
          g.panBy(ev.clientX - drag.x);
          drag.x = ev.clientX;
          drag.moved = true;
          tip.hidden = true;
          return;
        }
        const i = g.nodeAt(ev.clientX - r.left, ev.clientY - r.top);
        if (i < 0 || !tree) {
          tip.hidden = true;
          return;
        }
        const f = tree.frame[i]!;
        const cum = tree.pos[i]! + (tree.neg ? tree.neg[i]! : 0);
        let self = cum;
        for (let c = i + 1; c < tree.end[i]!; c = tree.end[c]!) self -= tree.pos[c]! + (tree.neg ? tree.neg[c]! : 0);
        const total = tree.pos[0]! - (tree.neg ? tree.neg[0]! : 0) || 1;
        const lines = [i === 0 ? tree.rootLabel : F!.wire.names[f] ?? ''];
        if (i !== 0 && F!.wire.files[f]) lines.push(`${F!.wire.files[f]}${F!.wire.lines[f] ? ':' + F!.wire.lines[f] : ''}`);
        lines.push(`${t('flame.flat')} ${fmt(self)}   ${t('flame.cum')} ${fmt(cum)}   ${fmtPct(Math.abs(cum) / total)}`);
        if (tree.neg) lines.push(`+${fmt(tree.pos[i]!)}  ${fmt(tree.neg[i]!)}`);
        tip.textContent = lines.join('\n');
        tip.hidden = false;
        tip.style.left = `${Math.min(ev.clientX - r.left + 12, cssWidth - 320)}px`;
        tip.style.top = `${ev.clientY - r.top + 16}px`;
      });
      canvas.addEventListener('mouseleave', () => (tip.hidden = true));
      canvas.addEventListener('click', (ev) => {
        if (drag?.moved) return;
        const r = canvas.getBoundingClientRect();
        const i = g.nodeAt(ev.clientX - r.left, ev.clientY - r.top);
        if (i < 0) return;
        if (ev.shiftKey && tree && i > 0 && g.onPick) g.onPick(F!.wire.names[tree.frame[i]!] ?? '');
        else g.zoomTo(i);
      });
      canvas.addEventListener('dblclick', () => g.reset());
      canvas.addEventListener(
        'wheel',
        (ev) => {
          ev.preventDefault();
          const r = canvas.getBoundingClientRect();
          if (Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) g.panBy(-ev.deltaX);
          else g.zoomAt(ev.clientX - r.left, Math.exp(ev.deltaY * 0.002));
        },
        { passive: false },
      );
      return g;
    };

    // Controls.
    const idx = el('select', { id: 'flame-index' });
    const mode = el('select', { id: 'flame-mode' }, el('option', { value: 'icicle' }, t('flame.viewIcicle')), el('option', { value: 'flame' }, t('flame.viewFlame')), el('option', { value: 'sandwich' }, t('flame.viewSandwich')));
    const mine = el('input', { type: 'checkbox', id: 'flame-mine' });
    const rx = (id: string, label: string): HTMLInputElement => el('input', { type: 'search', id, placeholder: t('flame.regexPlaceholder'), size: 14, title: label });
    const focusIn = rx('flame-focus', t('flame.focus'));
    const ignoreIn = rx('flame-ignore', t('flame.ignore'));
    const hideIn = rx('flame-hide', t('flame.hide'));
    const showIn = rx('flame-show', t('flame.show'));
    const tagIn = el('input', { type: 'search', id: 'flame-tag', placeholder: t('flame.tagPlaceholder'), size: 12, disabled: !boot.live, title: boot.live ? t('flame.tagFocus') : t('flame.serverOnly') });
    const baseSel = el('select', { id: 'flame-base', disabled: !boot.live, title: boot.live ? t('flame.baseline') : t('flame.serverOnly') });
    const upload = el('input', { type: 'file', id: 'flame-upload', hidden: !boot.live, title: t('flame.uploadBaseline') });
    const apply = el('button', { type: 'button', id: 'flame-apply' }, t('flame.apply'));
    const resetBtn = el('button', { type: 'button', id: 'flame-reset' }, t('flame.reset'));
    const legend = el('span', { class: 'legend', id: 'flame-legend' });
    const fstatus = el('span', { class: 'fstatus', id: 'flame-status' });
    const lab = (text: string, input: HTMLElement): HTMLElement => el('label', null, text, ' ', input);
    const fillBase = (): void => {
      clear(baseSel);
      baseSel.append(el('option', { value: '' }, t('flame.noBaseline')));
      for (const p of boot.profiles.slice(1)) baseSel.append(el('option', { value: String(p.id) }, p.name));
    };
    const main = makeGraph('flame-canvas', () => st.mode === 'flame');
    const callersG = makeGraph('flame-callers', () => true);
    const calleesG = makeGraph('flame-callees', () => false);
    const sandwichHead = el('div', { class: 'muted', id: 'sandwich-head' });
    const sandwichBox = el('div', { id: 'sandwich', hidden: true }, sandwichHead, el('div', { class: 'muted', id: 'callers-head' }), callersG.wrap, el('div', { class: 'muted', id: 'callees-head' }), calleesG.wrap);
    const topBody = el('tbody');
    const topTable = el('table', { id: 'flame-top' }, el('thead', null, el('tr', null, el('th', null, t('flame.function')), el('th', { class: 'n' }, t('flame.flat')), el('th', { class: 'n' }, t('flame.cum')))), topBody);
    let built = false;
    let firstTop = true;
    let mainTreeCache: Tree | null = null;
    const build = (): void => {
      if (built) return;
      built = true;
      clear(root);
      if (!F) {
        root.append(el('p', { class: 'muted' }, t('flame.noProfile')));
        return;
      }
      root.append(
        el(
          'div',
          { class: 'controls' },
          lab(t('flame.sampleIndex'), idx),
          lab(t('flame.view'), mode),
          el('label', null, mine, ' ', t('flame.onlyMine')),
          lab(t('flame.focus'), focusIn),
          lab(t('flame.ignore'), ignoreIn),
          lab(t('flame.hide'), hideIn),
          lab(t('flame.show'), showIn),
          lab(t('flame.tagFocus'), tagIn),
          lab(t('flame.baseline'), baseSel),
          boot.live ? lab(t('flame.uploadBaseline'), upload) : null,
          apply,
          resetBtn,
        ),
        el('div', null, legend, ' ', fstatus),
        el('div', { class: 'flame-grid' }, el('div', { class: 'graphs' }, main.wrap, sandwichBox), el('div', { class: 'top' }, el('h3', null, t('flame.top')), topTable)),
      );
      fillBase();
      main.onPick = (name) => flameView.sandwich(name);
      mode.addEventListener('change', () => {
        st.mode = mode.value as typeof st.mode;
        refresh(false);
      });
      idx.addEventListener('change', async () => {
        const k = Number(idx.value);
        await ensure(k);
        st.k = k;
        fillIndex();
        refresh(true);
      });
      mine.addEventListener('change', () => {
        st.mine = mine.checked;
        refresh(true);
      });
      const readRx = (input: HTMLInputElement): RegExp | null | undefined => {
        if (input.value === '') return null;
        try {
          return new RegExp(input.value);
        } catch {
          fstatus.textContent = t('flame.badRegex', { text: input.value });
          return undefined;
        }
      };
      const applyAll = async (): Promise<void> => {
        const f = readRx(focusIn);
        const i = readRx(ignoreIn);
        const h = readRx(hideIn);
        const s = readRx(showIn);
        if (f === undefined || i === undefined || h === undefined || s === undefined) return;
        Object.assign(st, { focus: f, ignore: i, hide: h, show: s });
        if (boot.live) await refetch(st.k);
        refresh(true);
      };
      apply.addEventListener('click', () => void applyAll());
      for (const input of [focusIn, ignoreIn, hideIn, showIn, tagIn]) input.addEventListener('keydown', (ev) => ev.key === 'Enter' && void applyAll());
      baseSel.addEventListener('change', () => void applyAll());
      upload.addEventListener('change', async () => {
        const file = upload.files?.[0];
        if (!file) return;
        const res = await fetch(`/api/profiles?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: await file.arrayBuffer(), headers: { 'X-Heapsight-Token': token } });
        if (!res.ok) {
          fstatus.textContent = t('error.fetch', { text: await res.text() });
          return;
        }
        const added = (await res.json()) as { id: number; name: string; samples: number };
        boot = { ...boot, profiles: [...boot.profiles, added] };
        fillBase();
        baseSel.value = String(added.id);
        await applyAll();
      });
      resetBtn.addEventListener('click', () => {
        main.reset();
        callersG.reset();
        calleesG.reset();
      });
      window.addEventListener('resize', () => flameView.paintAll());
      fillIndex();
      refresh(true);
    };
    const fillIndex = (): void => {
      clear(idx);
      F?.wire.sampleTypes.forEach((s, i) => idx.append(el('option', { value: String(i), selected: i === st.k }, `${s.type} (${s.unit})`)));
    };
    /** refetch asks serve for the tree again when a tag range or a baseline is set (both need the samples). */
    const refetch = async (k?: number): Promise<void> => {
      const q = new URLSearchParams();
      if (k !== undefined) q.set('si', String(k));
      if (tagIn.value !== '') q.set('tagfocus', tagIn.value);
      if (baseSel.value !== '') q.set('base', baseSel.value);
      const res = await fetch(`/api/flame?${q.toString()}`, { headers: { 'X-Heapsight-Token': token } });
      if (!res.ok) {
        fstatus.textContent = t('error.fetch', { text: await res.text() });
        return;
      }
      const next = (await res.json()) as BootFlame;
      const keepK = k ?? st.k;
      F = { wire: next.wire, user: next.user };
      vals = (j) => next.values[j] ?? null;
      prepare();
      st.k = keepK < next.wire.sampleTypes.length ? keepK : next.wire.defaultIndex;
      mainTreeCache = null;
      colourCache.clear();
      fillIndex();
    };
    const refresh = (rebuild: boolean): void => {
      if (!F || !base) return;
      if (rebuild || !mainTreeCache) mainTreeCache = mainTree();
      const tr = mainTreeCache;
      main.set(tr);
      legend.textContent = tr.neg ? t('flame.legendDiff') : t('flame.legendPlain');
      fstatus.textContent = t('flame.status', { nodes: tr.n.toLocaleString('en-US'), total: fmt(tr.pos[0]! + (tr.neg ? tr.neg[0]! : 0)) });
      // The first table comes after the graph's first frame: on millions of nodes it is the slower half.
      const fillTop = (): void => {
        const rowsTop = topRows(tr).slice(0, 200);
        clear(topBody);
        // A function of the target packages links to its source (the frame's line is where the function starts).
        const srcOf = new Map<string, { file: string; line: number }>();
        F!.wire.names.forEach((nm, f) => {
          const file = F!.wire.files[f] ?? '';
          if (!srcOf.has(nm) && boot.sourceFiles.includes(file)) srcOf.set(nm, { file, line: F!.wire.lines[f] ?? 0 });
        });
        for (const r of rowsTop) {
          const at = srcOf.get(r.name);
          const jump = at
            ? el('button', { type: 'button', class: 'link jump', title: `${relPath(at.file)}:${at.line}`, onclick: (ev: Event) => (ev.stopPropagation(), void openSource(at.file, at.line)) }, t('flame.source'))
            : null;
          topBody.append(el('tr', { onclick: () => flameView.sandwich(r.name) }, el('td', null, el('code', null, shortFn(r.name)), jump ? ' ' : null, jump), el('td', { class: 'n' }, fmt(r.flat)), el('td', { class: 'n' }, fmt(r.cum))));
        }
      };
      if (firstTop) {
        firstTop = false;
        requestAnimationFrame(() => setTimeout(() => mainTreeCache === tr && fillTop(), 0));
      } else fillTop();
      const sw = st.mode === 'sandwich';
      main.wrap.hidden = sw;
      sandwichBox.hidden = !sw;
      if (sw) {
        const s = st.sandwichName ? sandwichTrees(tr, st.sandwichName) : null;
        sandwichHead.textContent = s ? '' : t('flame.pickFunction');
        doc.getElementById('callers-head')!.textContent = s ? t('flame.callers', { name: shortFn(st.sandwichName) }) : '';
        doc.getElementById('callees-head')!.textContent = s ? t('flame.callees', { name: shortFn(st.sandwichName) }) : '';
        callersG.set(s?.callers ?? null);
        calleesG.set(s?.callees ?? null);
      }
      flameView.paintAll();
    };
    return {
      build,
      paintAll(): void {
        if (current !== 'flame' || !built) return;
        for (const g of st.mode === 'sandwich' ? [callersG, calleesG] : [main]) {
          g.resize();
          g.paint();
        }
      },
      sandwich(name: string): void {
        st.sandwichName = name;
        st.mode = 'sandwich';
        mode.value = 'sandwich';
        show('flame');
        refresh(false);
      },
      /** neighbours lists the callers and callees of a function in the drawn tree (for the Source view). */
      neighbours(name: string): { callers: { name: string; value: number }[]; callees: { name: string; value: number }[]; fmt: (v: number) => string } | null {
        if (!F || !base) return null;
        if (!mainTreeCache) mainTreeCache = mainTree();
        const s = sandwichTrees(mainTreeCache, name);
        if (!s) return null;
        const firstLevel = (tr: Tree): { name: string; value: number }[] => {
          const acc = new Map<string, number>();
          for (let i = 1; i < tr.n; i++) if (tr.parent[i] === 0) acc.set(F!.wire.names[tr.frame[i]!]!, (acc.get(F!.wire.names[tr.frame[i]!]!) ?? 0) + tr.pos[i]! + (tr.neg ? tr.neg[i]! : 0));
          return [...acc.entries()].map(([n, v]) => ({ name: n, value: v })).sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
        };
        return { callers: firstLevel(s.callers), callees: firstLevel(s.callees), fmt };
      },
      init(): void {
        prepare();
      },
    };
  })();
  flameView.init();

  // ---- GC timeline ----
  const gcBench = el('select', { id: 'gc-bench' });
  const gcRun = el('select', { id: 'gc-run' });
  const gcCanvas = el('canvas', { id: 'gc-canvas' });
  const gcSummary = el('p', { id: 'gc-summary-line' });
  // Benchmarks with the most GC cycles first: those are the ones a timeline says something about.
  const withGc = (): typeof boot.benchmarks =>
    boot.benchmarks
      .filter((b) => b.gc.some((r) => r.at.length > 0))
      .sort((a, b) => b.gc.reduce((s, r) => s + r.at.length, 0) - a.gc.reduce((s, r) => s + r.at.length, 0));
  const renderGc = (): void => {
    const root = sections['gc']!;
    clear(root);
    const list = withGc();
    if (list.length === 0) {
      root.append(el('p', { class: 'muted' }, t('gc.noTimeline')));
      return;
    }
    clear(gcBench);
    list.forEach((b, i) => gcBench.append(el('option', { value: String(i) }, b.name.replace(/^Benchmark/, ''))));
    const fillRuns = (): void => {
      clear(gcRun);
      list[Number(gcBench.value)]?.gc.forEach((_r, i) => gcRun.append(el('option', { value: String(i) }, String(i + 1))));
    };
    gcBench.onchange = () => {
      fillRuns();
      drawGc();
    };
    gcRun.onchange = drawGc;
    fillRuns();
    root.append(
      el('div', { class: 'controls' }, el('label', null, t('gc.benchmark'), ' ', gcBench), el('label', null, t('gc.run'), ' ', gcRun)),
      el(
        'div',
        { class: 'legend' },
        el('span', { class: 'key goal' }, t('gc.heapGoal')),
        el('span', { class: 'key end' }, t('gc.heapEnd')),
        el('span', { class: 'key live' }, t('gc.heapLive')),
        el('span', { class: 'key pause' }, t('gc.pause')),
        el('span', { class: 'key forced' }, t('gc.forced')),
      ),
      gcCanvas,
      gcSummary,
    );
    drawGc();
  };
  const openGc = (pkg: string, name: string): void => {
    show('gc');
    const i = withGc().findIndex((b) => b.package === pkg && b.name === name);
    if (i >= 0) {
      gcBench.value = String(i);
      gcBench.onchange?.(new Event('change'));
    }
  };
  function drawGc(): void {
    const b = withGc()[Number(gcBench.value)];
    const run = b?.gc[Number(gcRun.value) || 0];
    const dpr = window.devicePixelRatio || 1;
    const W = Math.max(400, (gcCanvas.parentElement?.clientWidth ?? 900) - 24);
    const H = 360;
    gcCanvas.style.width = `${W}px`;
    gcCanvas.style.height = `${H}px`;
    gcCanvas.width = W * dpr;
    gcCanvas.height = H * dpr;
    const c = gcCanvas.getContext('2d')!;
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.fillStyle = '#fff';
    c.fillRect(0, 0, W, H);
    if (!run || run.at.length === 0) return;
    const L = 56;
    const R = W - 12;
    const heapTop = 12;
    const heapBottom = 240;
    const pauseTop = 262;
    const pauseBottom = H - 24;
    const t0 = Math.min(...run.at);
    const t1 = Math.max(...run.at);
    const span = t1 - t0 || 1;
    const X = (s: number): number => L + ((s - t0) / span) * (R - L);
    const maxMB = Math.max(1, ...run.goalMB, ...run.endMB);
    const Y = (mb: number): number => heapBottom - (mb / maxMB) * (heapBottom - heapTop);
    const maxP = Math.max(1, ...run.stwNs);
    c.strokeStyle = '#999';
    c.beginPath();
    c.moveTo(L, heapTop);
    c.lineTo(L, heapBottom);
    c.lineTo(R, heapBottom);
    c.moveTo(L, pauseBottom);
    c.lineTo(R, pauseBottom);
    c.stroke();
    c.fillStyle = '#333';
    c.font = '11px system-ui, sans-serif';
    c.fillText(`${maxMB} MB`, 4, heapTop + 8);
    c.fillText('0', 40, heapBottom);
    c.fillText(fmtNs(maxP), 4, pauseTop + 8);
    c.fillText(`${t0.toFixed(3)}s`, L, H - 8);
    const endLabel = `${t1.toFixed(3)}s · ${t('gc.axisTime')}`;
    c.fillText(endLabel, R - c.measureText(endLabel).width, H - 8);
    const line = (ys: readonly number[], colour: string, dash: number[]): void => {
      c.strokeStyle = colour;
      c.setLineDash(dash);
      c.lineWidth = 2;
      c.beginPath();
      ys.forEach((v, i) => (i === 0 ? c.moveTo(X(run.at[i]!), Y(v)) : c.lineTo(X(run.at[i]!), Y(v))));
      c.stroke();
      c.setLineDash([]);
      c.lineWidth = 1;
    };
    line(run.goalMB, '#e66101', [6, 4]);
    line(run.endMB, '#5e3c99', []);
    line(run.liveMB, '#2166ac', []);
    const bw = Math.max(2, Math.min(10, ((R - L) / run.at.length) * 0.6));
    run.stwNs.forEach((p, i) => {
      const x = X(run.at[i]!);
      const h = (p / maxP) * (pauseBottom - pauseTop);
      c.fillStyle = run.forced[i] ? '#999999' : '#1b7837';
      c.fillRect(x - bw / 2, pauseBottom - h, bw, h);
      if (run.forced[i]) {
        c.fillStyle = '#555';
        c.beginPath();
        c.moveTo(x, heapBottom + 2);
        c.lineTo(x - 4, heapBottom + 10);
        c.lineTo(x + 4, heapBottom + 10);
        c.fill();
      }
    });
    const total = run.stwNs.reduce((s, p) => s + p, 0);
    gcSummary.textContent = t('gc.summary', { cycles: run.at.length, pause: fmtNs(total), max: fmtNs(maxP) });
  }

  const renderers: Record<View, () => void> = {
    overview: renderOverview,
    source: renderSource,
    flame: () => flameView.build(),
    gc: renderGc,
  };

  // ---- Re-run (serve only): progress arrives as server-sent events ----
  if (boot.live) {
    const events = new EventSource('/api/events');
    events.addEventListener('progress', (ev) => {
      status.textContent = (ev as MessageEvent<string>).data;
    });
    events.addEventListener('failed', (ev) => {
      rerun.disabled = false;
      status.textContent = t('rerun.failed', { text: (ev as MessageEvent<string>).data });
    });
    // A finished run reloads the page: every view is rebuilt from the new data, on the same view (the hash).
    events.addEventListener('done', () => {
      sessionStorage.setItem('heapsight.rerun', 'done');
      location.reload();
    });
    events.addEventListener('hello', (ev) => {
      if (Number((ev as MessageEvent<string>).data) !== boot.version) location.reload();
    });
    if (sessionStorage.getItem('heapsight.rerun') === 'done') {
      sessionStorage.removeItem('heapsight.rerun');
      status.textContent = t('rerun.done');
    }
    rerun.addEventListener('click', async () => {
      rerun.disabled = true;
      status.textContent = t('rerun.running');
      const res = await fetch('/api/rerun', { method: 'POST', headers: { 'X-Heapsight-Token': token } });
      if (!res.ok) {
        rerun.disabled = false;
        status.textContent = t('rerun.failed', { text: await res.text() });
      }
    });
  }

  // ---- routing: #overview, #source/FILE:LINE, #flame, #gc ----
  const route = (): void => {
    const h = decodeURIComponent(location.hash.slice(1));
    const [v, ...rest] = h.split('/');
    if (v === 'source' && rest.length > 0) {
      const spec = rest.join('/');
      const colon = spec.lastIndexOf(':');
      void openSource(colon > 0 ? spec.slice(0, colon) : spec, colon > 0 ? Number(spec.slice(colon + 1)) : 0);
    } else show((views as readonly string[]).includes(v ?? '') ? (v as View) : 'overview');
  };
  window.addEventListener('hashchange', route);
  route();
  void selectedLine;
  doc.body.dataset['version'] = String(boot.version);
  requestAnimationFrame(() => {
    doc.body.dataset['firstPaintMs'] = String(Math.round(performance.now() - started));
    doc.body.dataset['readyAtMs'] = String(Math.round(performance.now()));
    doc.body.dataset['ready'] = '1';
  });
}
