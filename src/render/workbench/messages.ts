// messages.ts is the workbench's UI catalogue: every word the page itself
// shows (headings, buttons, labels, empty states), keyed by message id. The
// sentences about the evidence (causes, verdicts, reasons) come worded from
// the check renderers and their catalogue (src/i18n/); this one holds only
// the page's own chrome. A catalogue is a WorkbenchMessages, so a language
// missing an id does not compile. Placeholders are {name}; the client fills them.

/** workbenchEn is the English catalogue, and the reference list of message ids. */
export const workbenchEn = {
  'app.title': 'heapsight workbench',
  'app.readOnly': 'read-only export: re-run, tag ranges and baselines need `heapsight serve`',
  'app.lang': 'language',
  'app.noReport': 'No check report: the profiles alone are shown.',
  'tab.overview': 'Overview',
  'tab.source': 'Source',
  'tab.flame': 'Flame graph',
  'tab.gc': 'GC timeline',
  'overview.benchmarks': 'Benchmarks',
  'overview.benchmarksHint': 'bar: 95% confidence interval of the median · tick: median · dots: each run',
  'overview.noBenchmarks': 'No benchmark ran.',
  'overview.benchmark': 'benchmark',
  'overview.runs': 'runs',
  'overview.verdicts': 'Verdicts',
  'overview.noVerdicts': 'No *map parameter to judge.',
  'overview.topSites': 'Top allocation sites',
  'overview.noSites': 'No measured allocation site.',
  'overview.site': 'site',
  'overview.bytes': 'bytes',
  'overview.objects': 'objects',
  'overview.share': 'share',
  'overview.reason': 'reason',
  'overview.maps': 'Map allocations by purpose',
  'overview.noMaps': 'No map allocation was measured.',
  'overview.purpose': 'purpose',
  'overview.gc': 'GC summary',
  'overview.cycles': 'cycles',
  'overview.forced': 'forced',
  'overview.pauseTotal': 'STW total',
  'overview.pauseMax': 'STW max',
  'overview.perMillion': 'cycles / 1M ops',
  'overview.profile': 'Profiles',
  'overview.samples': '{n} samples',
  'overview.warnings': 'Warnings',
  'source.files': 'Files',
  'source.noFiles': 'No target package source: give packages or a check report to `heapsight serve`.',
  'source.pick': 'Pick a file.',
  'source.loading': 'loading…',
  'source.unreadable': 'This file cannot be read.',
  'source.line': 'line {n}',
  'source.lineDetail': 'Line {n}',
  'source.noLineFacts': 'Nothing measured or decided by the compiler at this line.',
  'source.flow': 'flow',
  'source.runtime': 'runtime call',
  'source.callers': 'Callers in the profile',
  'source.callees': 'Callees in the profile',
  'source.none': 'none',
  'source.openFlame': 'show in flame graph',
  'flame.noProfile': 'No heap profile to draw.',
  'flame.sampleIndex': 'sample index',
  'flame.view': 'view',
  'flame.viewFlame': 'flame (root at the bottom)',
  'flame.viewIcicle': 'icicle (root at the top)',
  'flame.viewSandwich': 'sandwich',
  'flame.onlyMine': 'only my code',
  'flame.focus': 'focus',
  'flame.ignore': 'ignore',
  'flame.hide': 'hide',
  'flame.show': 'show',
  'flame.tagFocus': 'bytes range',
  'flame.tagPlaceholder': 'e.g. 1kb:64kb',
  'flame.regexPlaceholder': 'regexp',
  'flame.baseline': 'baseline',
  'flame.noBaseline': 'none',
  'flame.uploadBaseline': 'add a profile…',
  'flame.apply': 'apply',
  'flame.reset': 'reset zoom',
  'flame.top': 'Top functions',
  'flame.function': 'function',
  'flame.flat': 'flat',
  'flame.cum': 'cum',
  'flame.source': 'source',
  'flame.callers': 'callers of {name}',
  'flame.callees': 'callees of {name}',
  'flame.pickFunction': 'Click a function in the table or the graph for its sandwich.',
  'flame.legendDiff': 'blue: less than the baseline · orange: more',
  'flame.legendPlain': 'width: share of the sample index · colour: package (lighter: inlined; green: your code)',
  'flame.badRegex': 'not a valid regular expression: {text}',
  'flame.status': '{nodes} frames shown · total {total}',
  'flame.serverOnly': 'needs `heapsight serve`',
  'flame.all': 'all',
  'gc.benchmark': 'benchmark',
  'gc.run': 'run',
  'gc.noTimeline': 'No per-cycle gctrace in this data: per-cycle timelines come from a live run of `heapsight serve PACKAGES`.',
  'gc.heapGoal': 'heap goal',
  'gc.heapLive': 'live heap (marked)',
  'gc.heapEnd': 'heap at mark termination',
  'gc.pause': 'STW pause',
  'gc.forced': 'forced cycle',
  'gc.axisTime': 'seconds since process start',
  'gc.summary': '{cycles} cycles · STW total {pause} · max {max}',
  'rerun.button': 'Re-run',
  'rerun.running': 'running…',
  'rerun.done': 'done: views updated',
  'rerun.failed': 'failed: {text}',
  'error.fetch': 'request failed: {text}',
} as const;

/** WorkbenchMessageId names every UI string of the workbench. */
export type WorkbenchMessageId = keyof typeof workbenchEn;

/** WorkbenchMessages is one language's UI catalogue: complete over the ids. */
export type WorkbenchMessages = Readonly<Record<WorkbenchMessageId, string>>;

/** WorkbenchLang is a language the page can be shown in (BCP 47). */
export type WorkbenchLang = 'en';

/** workbenchCatalogues holds every language's catalogue; the page picks one by ?lang= (default en). */
export const workbenchCatalogues: Readonly<Record<WorkbenchLang, WorkbenchMessages>> = {
  en: workbenchEn,
};

/** workbenchLangNames is how each language names itself in the page's selector. */
export const workbenchLangNames: Readonly<Record<WorkbenchLang, string>> = {
  en: 'English',
};
