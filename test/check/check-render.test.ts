// check-render.test.ts renders one real CheckReport (recorded from
// examples/mapptr on go1.26.8, see testdata/check/README.md) in every format
// and compares each with its golden file (UPDATE=1 rewrites them). It also
// holds the report's map breakdown against `go tool pprof` on the merged
// profile recorded in the same run, validates the SARIF log against the
// official SARIF 2.1.0 schema, and feeds hostile names to the HTML and
// Markdown renderers.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { displayWidth } from '../../src/render/table.js';
import { renderCheckJson } from '../../src/render/check-json.js';
import { checkFormats, checkRenderers, type CheckFormat, type CheckRenderOptions } from '../../src/render/check-format.js';
import { md } from '../../src/render/check-markdown.js';
import { utf16Column } from '../../src/render/check-sarif.js';
import { renderCheckHtmlStatic } from '../../src/render/check-html.js';
import type { AllocationSiteFinding, CheckReport } from '../../src/verify/check-report.js';
import { CHANGE_FINDING_KINDS, findingKinds, type FindingKind } from '../../src/verify/finding-kinds.js';
import { pprofTopAll } from '../support/pprof.js';
import { matchGolden } from '../support/golden.js';
import { mapPurposes } from '../../src/profile/map-purpose.js';
import { formatBytes, formatPercent } from '../../src/human-units.js';

const dir = resolve('testdata/check');
const recordedText = readFileSync(join(dir, 'mapptr-report.json'), 'utf8');
const recorded = JSON.parse(recordedText) as CheckReport;
/** The machine that recorded the report ran from here; its paths are absolute below it. */
const RECORDED_ROOT = '/work/main';

const options: CheckRenderOptions = {
  cwd: RECORDED_ROOT,
  root: RECORDED_ROOT,
  nodeCount: 10,
  width: 100,
  toolVersion: '0.1.0',
  docsBase: 'https://github.com/heapsight/heapsight/blob/main/',
  messages: en,
  readSource: (file) => {
    const copy = join(dir, 'mapptr-source', `${basename(file)}.txt`);
    return file.startsWith(`${RECORDED_ROOT}/examples/mapptr/`) && existsSync(copy) ? readFileSync(copy, 'utf8').split('\n') : null;
  },
};

const goldenExt: Readonly<Record<CheckFormat, string>> = { text: 'txt', json: 'json', markdown: 'md', sarif: 'sarif', html: 'html' };

describe('check renderers on a recorded real report', () => {
  it('JSON round-trips the recorded model byte for byte', () => {
    expect(renderCheckJson(recorded)).toBe(recordedText);
    expect(recorded.go).toBe('go1.26.8');
  });

  for (const format of checkFormats.filter((f) => f !== 'json' && f !== 'html')) {
    it(`${format} matches its golden`, () => {
      matchGolden(join(dir, 'golden', `mapptr.${goldenExt[format]}`), checkRenderers[format](recorded, options));
    });
  }

  for (const format of ['text', 'markdown'] as const) {
    it(`${format} in zh-CN matches its golden`, () => {
      matchGolden(join(dir, 'golden', `mapptr.zh-CN.${goldenExt[format]}`), checkRenderers[format](recorded, { ...options, messages: zhCN }));
    });
  }
  it('text and markdown list every confirmed rule hit and --nodecount of the others, then a tally of the rest', () => {
    // The recorded run: 1 confirmed, 3 not exercised.
    expect(recorded.rules.map((h) => h.verdict).sort()).toEqual(['confirmed', 'not-exercised', 'not-exercised', 'not-exercised']);
    const text = checkRenderers.text(recorded, { ...options, nodeCount: 1 });
    // A rule hit's line: mark, verdict, the rule's kind (verdict lines name a function there).
    const hitLines = (t: string): string[] => t.match(/^[✗✓○?] [A-Z ]+ {2}[a-z-]+ {2}/gm) ?? [];
    expect(hitLines(checkRenderers.text(recorded, options))).toHaveLength(4);
    expect(hitLines(text)).toHaveLength(2);
    expect(text).toContain('… 2 more hits not shown (2 not exercised): --nodecount N shows more, --format json has all');
    // Confirmed hits are never cut: with --nodecount 0 the one confirmed still shows.
    expect(checkRenderers.text(recorded, { ...options, nodeCount: 0 })).toMatch(/✗ CONFIRMED {2}interface-boxing/);
    const mdOut = checkRenderers.markdown(recorded, { ...options, nodeCount: 1 });
    expect(mdOut).toContain('… 2 more hits not shown (2 not exercised): see --format json');
    expect(checkRenderers.markdown(recorded, { ...options, messages: zhCN, nodeCount: 1 })).toContain('… 还有 2 处未列出（');
    // The default shows all four: nothing to say.
    expect(checkRenderers.text(recorded, options)).not.toContain('more hits not shown');
  });

  // The html format is the workbench (a serialised client that changes with every UI fix) over
  // the static report; the golden holds the static report, which the page carries unchanged.
  it('html matches its golden: the static report, inside the workbench page with the report inlined', () => {
    const stat = renderCheckHtmlStatic(recorded, options);
    matchGolden(join(dir, 'golden', 'mapptr.html'), stat);
    const page = checkRenderers.html(recorded, options);
    const body = stat.slice(stat.indexOf('<body>\n') + 7, stat.lastIndexOf('\n</body>'));
    expect(page).toContain(`<div id="fallback">`);
    expect(page).toContain(body);
    const data = JSON.parse(/<script type="application\/json" id="wb-data">([^<]*)<\/script>/.exec(page)![1]!) as { boot: { report: CheckReport; live: boolean; sources: Record<string, string[] | null> } };
    expect(data.boot.report).toEqual(recorded);
    expect(data.boot.live).toBe(false);
    expect(Object.keys(data.boot.sources)).toEqual(recorded.sourceFiles.filter((f) => f.endsWith('.go')));
  });

  it('after Ctrl-C the benchmark header counts the runs that happened, not --count', () => {
    const cut: CheckReport = { ...recorded, benchmarks: recorded.benchmarks.map((b, i) => ({ ...b, nsPerOp: { ...b.nsPerOp, n: i === 0 ? 2 : 1 } })) };
    for (const format of ['text', 'markdown', 'html'] as const) {
      const out = checkRenderers[format](cut, options);
      expect(out, format).not.toContain(`over ${recorded.settings.count} runs each`);
      expect(out, format).toContain(`over 1–2 runs per benchmark, of ${recorded.settings.count} planned`);
    }
    expect(checkRenderers.text(recorded, options)).toContain(`over ${recorded.settings.count} runs each`);
  });

  it('zh-CN text fits a 100-column terminal too, counting an ideograph as two columns', () => {
    const text = checkRenderers.text(recorded, { ...options, messages: zhCN });
    for (const line of text.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(100);
  });

  it('text fits a 100-column terminal', () => {
    for (const line of checkRenderers.text(recorded, options).split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it('text answers how much is map work and how much of it growth, with the growing site and not the sized one', () => {
    const text = checkRenderers.text(recorded, options);
    const block = text.slice(text.indexOf('Maps: ')).split('\n\n')[0]!;
    const m = recorded.maps!;
    // The text's total and rows are the JSON's.
    expect(block).toMatch(new RegExp(`^Maps: ${formatBytes(m.total.allocBytes).replace('.', '\\.')} \\(${formatPercent(m.total.share, 1).replace('.', '\\.')} of alloc_space`));
    expect(block).toContain(`${formatBytes(m.byPurpose.grow.allocBytes).padStart(9)} ${formatPercent(m.byPurpose.grow.share, 1).padStart(6)}  growth`);
    // First groups are always answered, also when the sampled profile holds none.
    expect(block).toContain(`${formatBytes(m.byPurpose['first-group'].allocBytes).padStart(9)} ${formatPercent(m.byPurpose['first-group'].share, 1).padStart(6)}  first groups`);
    const end = block.search(/\n {2}(First groups|Creation|Assignment|Ambiguous|Other)/);
    const growth = block.slice(block.indexOf('Growth sites:'), end < 0 ? undefined : end);
    expect(growth).toMatch(/examples\/mapptr\/maps\.go:20 {2}m\[v\] = v \* 2/);
    expect(growth).not.toMatch(/maps\.go:42/);
    // Sites the sampled sizes cannot settle are listed apart, with why, and left out of the total.
    if (m.ambiguous.allocBytes > 0) expect(block).toMatch(/Ambiguous sites \(not in the total\):\n(.*\n)*? {6}.*(too few samples|no map shape|allocates by itself|object size)/);
  });

  it('Markdown tables have as many cells in every row as in the header', () => {
    const lines = checkRenderers.markdown(recorded, options).split('\n');
    const cells = (l: string): number => l.replace(/\\\|/g, '').split('|').length - 2;
    let width = -1;
    for (const l of lines) {
      if (!l.startsWith('|')) {
        width = -1;
        continue;
      }
      if (width < 0) width = cells(l);
      else expect(cells(l), l).toBe(width);
    }
  });
});

describe('maps section, held against go tool pprof on the same merged profile', () => {
  const maps = recorded.maps!;
  const site = (line: number, purpose?: string) =>
    maps.sites.find((s) => s.file.endsWith('/examples/mapptr/maps.go') && s.line === line && (purpose === undefined || s.purpose === purpose));

  it('purposes add up and shares are of the whole alloc_space', () => {
    const sum = mapPurposes.reduce((s, p) => s + maps.byPurpose[p].allocBytes, 0);
    expect(maps.total.allocBytes).toBe(sum);
    expect(maps.byPurpose.grow.share).toBeCloseTo(maps.byPurpose.grow.allocBytes / recorded.profileTotals.allocBytes, 12);
    expect(maps.runtimeFramesHidden).toBe(true);
  });

  it('MakePerCall grows (maps.go:20, m[v] = v*2) and MakeSized does not (maps.go:42 is creation only)', async () => {
    const profile = join(dir, 'mapptr-merged.pb.gz');
    const key = (l: number): string => `maps.go:${l}`;
    const rowAt = (rows: readonly { name: string; flat: number }[], l: number): number =>
      rows.filter((r) => r.name.endsWith(`/examples/mapptr/${key(l)}`)).reduce((s, r) => s + r.flat, 0);
    const [all, allObjects, sized, perCall] = await Promise.all([
      pprofTopAll(['-lines', '-sample_index=alloc_space'], profile),
      pprofTopAll(['-lines', '-sample_index=alloc_objects'], profile),
      pprofTopAll(['-lines', '-sample_index=alloc_space', '-focus=BenchmarkMakeSized$'], profile),
      pprofTopAll(['-lines', '-sample_index=alloc_space', '-focus=BenchmarkMakePerCall$'], profile),
    ]);
    expect(all.total).toBe(recorded.profileTotals.allocBytes);
    const grow = site(20, 'grow')!;
    expect(grow.source).toBe('m[v] = v * 2');
    // The line's rows together are what pprof charges to it; each row other than growth is made of its object
    // sizes (all of them, or part when a size is shared with growth: a table's surplus group arrays).
    const at20 = maps.sites.filter((s) => s.file.endsWith('/examples/mapptr/maps.go') && s.line === 20);
    expect(at20.reduce((t, x) => t + x.allocBytes, 0)).toBe(rowAt(all.rows, 20));
    expect(at20.reduce((t, x) => t + x.allocObjects, 0)).toBe(rowAt(allObjects.rows, 20));
    for (const other of at20.filter((x) => x.purpose !== 'grow')) {
      let bytes = 0;
      for (const size of other.objectSizes) bytes += rowAt((await pprofTopAll(['-lines', '-sample_index=alloc_space', `-tagfocus=${size}B:${size}B`], profile)).rows, 20);
      expect(other.allocBytes, `${other.purpose} ${other.objectSizes.join(',')}`).toBeGreaterThan(0);
      expect(other.allocBytes, `${other.purpose} ${other.objectSizes.join(',')}`).toBeLessThanOrEqual(bytes);
    }
    expect(grow.share).toBeCloseTo(grow.allocBytes / all.total, 12);
    const create = site(42)!;
    expect(create.purpose).toBe('create');
    expect(create.allocBytes).toBe(rowAt(all.rows, 42));
    // Under BenchmarkMakeSized nothing is charged to the assignment line: a sized map never grows.
    expect(rowAt(sized.rows, 20)).toBe(0);
    expect(rowAt(sized.rows, 42)).toBeGreaterThan(0);
    // Almost all of the growth is BenchmarkMakePerCall's (ByValue's map grows once, before its loop).
    expect(rowAt(perCall.rows, 20)).toBeGreaterThan(0.9 * grow.allocBytes);
    // The report's growth total is its growth sites' sum.
    expect(maps.byPurpose.grow.allocBytes).toBe(maps.sites.filter((s) => s.purpose === 'grow').reduce((s, x) => s + x.allocBytes, 0));
  });
});

describe('SARIF 2.1.0', () => {
  const log = JSON.parse(checkRenderers.sarif(recorded, options)) as {
    version: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string }; helpUri: string }[] } };
      originalUriBaseIds: Record<string, { uri: string }>;
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } } }[];
      }[];
    }[];
  };

  it('validates against the official sarif-2.1.0-rtm.5 schema', () => {
    // The official OASIS schema, kept in testdata (see its README for where it came from).
    const schemaPath = join(dir, 'sarif-2.1.0-rtm.5.schema.json');
    // ajv-draft-04 is CommonJS: under NodeNext its default import is module.exports, whose .default is the class.
    const Ajv = AjvDraft04.default;
    // The schema is draft-04; its language-tag pattern is not a valid unicode-mode RegExp, hence unicodeRegExp: false.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    // The formats the schema names: an absolute URI has a scheme; a URI reference may be relative.
    ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(s));
    ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // And the schema does reject a broken log, so the check above means something.
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
  });

  it('has one rule per finding kind, documented, with help linking the README anchor', () => {
    const rules = log.runs[0]!.tool.driver.rules;
    // change's kinds (a new heap decision, a regression) are change's rules, not check's.
    expect(rules.map((r) => r.id)).toEqual(Object.keys(findingKinds).filter((k) => !CHANGE_FINDING_KINDS.has(k as FindingKind)));
    const readme = readFileSync('README.md', 'utf8');
    for (const r of rules) {
      const info = findingKinds[r.id as FindingKind];
      expect(r.name).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(r.shortDescription.text).toBe(info.title);
      expect(r.fullDescription.text).toBe(info.explanation);
      expect(r.help.text).toBe(info.fix);
      expect(r.helpUri).toBe(`${options.docsBase}README.md${info.docs}`);
      expect(readme, `README heading for ${r.id}`).toContain(`\n### ${info.docs.slice(1)}\n`);
    }
  });

  it('results: verdicts by level, allocation sites in the target packages, locations relative to %SRCROOT%', () => {
    const run = log.runs[0]!;
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe('file:///work/main/');
    const rules = run.tool.driver.rules;
    for (const res of run.results) {
      expect(rules[res.ruleIndex]!.id).toBe(res.ruleId);
      expect(res.message.text.length).toBeGreaterThan(0);
      const loc = res.locations[0]!.physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.artifactLocation.uri).toMatch(/^examples\/mapptr\/[a-z_]+\.go$/);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1);
    }
    const verdicts = run.results.filter((r) => r.ruleId === 'map-pointer-param');
    expect(verdicts.map((r) => [r.level, r.locations[0]!.physicalLocation.region.startLine])).toEqual([
      ['note', 10],
      ['error', 53],
    ]);
    expect(verdicts[1]!.message.text).toMatch(/^CONFIRMED: .*Evidence: compiler: leaking param: m — parameter m leaks because/);
    const sites = run.results.filter((r) => r.ruleId === 'allocation-site');
    const own = recorded.findings.filter((f) => f.kind === 'allocation-site' && recorded.sourceFiles.includes(f.file));
    // Lines outside the targets appear at the user's frame that led there.
    const via = recorded.findings.filter(
      (f): f is AllocationSiteFinding => f.kind === 'allocation-site' && !recorded.sourceFiles.includes(f.file) && f.userFrame !== null,
    );
    expect(via.length).toBeGreaterThan(0);
    expect(sites.length).toBe(own.length + via.length);
    expect(sites[0]!.message.text).toMatch(/Cause: /);
    const warn = sites.filter((s) => s.level === 'warning').length;
    expect(warn).toBe(own.filter((f) => f.share >= 0.05).length + via.filter((f) => f.userFrame!.share >= 0.05).length);
    const atUser = sites.filter((s) => /leads to .* allocated in sync\.newEntryNode/.test(s.message.text));
    expect(atUser.map((s) => s.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(['examples/mapptr/maps.go']);
    const growth = run.results.filter((r) => r.ruleId === 'map-growth').map((r) => r.locations[0]!.physicalLocation.region.startLine);
    expect(growth).toContain(20);
    expect(growth).toEqual(recorded.maps!.sites.filter((s) => s.purpose === 'grow' && s.inTargetPackages).map((s) => s.line));
  });

  it('columns: the compiler counts UTF-8 bytes, SARIF UTF-16 code units', () => {
    expect(utf16Column('\tx := "héllo" + y', 17)).toBe(16);
    expect(utf16Column('\tx := 1', 2)).toBe(2);
    expect(utf16Column(null, 9)).toBe(9);
  });
});

describe('hostile names and messages are shown, never interpreted', () => {
  const evil = `<script>alert("x")</script>'&`;
  const hostile: CheckReport = {
    ...recorded,
    packages: [`evil/${evil}`],
    findings: recorded.findings.map((f, i) =>
      i === 0 ? { ...f, function: `main.${evil}`, compiler: f.compiler.map((c) => ({ ...c, cause: { ...c.cause, story: { ...c.cause.story, why: { why: 'raw-flow' as const, steps: [`cause ${evil} <img src=x onerror=alert(1)>`] } } } })) } : f,
    ),
    verdicts: recorded.verdicts.map((v) => ({
      ...v,
      summary: { ...v.summary, function: `${evil} | pipe` },
      reasons: [{ kind: 'other-cause' as const, variable: `"quoted" ${evil}`, function: evil, line: 1, cause: { kind: 'raw-flow' as const, story: { kind: 'moved-to-heap' as const, subject: evil, fn: null, why: { why: 'raw-flow' as const, steps: [evil] } } } }],
    })),
    warnings: [`warn ${evil}`],
  };

  it('HTML escapes every name, message and source line, and requests nothing', () => {
    const html = checkRenderers.html(hostile, {
      ...options,
      readSource: (f) => (f.endsWith('maps.go') ? [`// </td><script>bad()</script>`, ...(options.readSource(f) ?? [])] : options.readSource(f)),
    });
    // The page's own scripts: JSON data blocks (every '<' in them is \u003c) and the one client script, last.
    const client = html.lastIndexOf('<script>');
    const markup = html.slice(0, client) + html.slice(html.indexOf('</script>', client) + 9);
    const data = markup.replace(/<script type="application\/json" id="wb-[\w-]+">[^<]*<\/script>/g, '');
    expect(data).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#39;&#38;');
    expect(html).toContain('&#60;/td&#62;&#60;script&#62;bad()');
    expect(html).toContain('\\u003c/td\\u003e\\u003cscript\\u003ebad()');
    // Self-contained: no external resource of any kind (in a tag; the hostile text itself says src=, escaped).
    expect(html).not.toMatch(/<[^>]*\b(src|href)=|url\(|@import|<link|<iframe|<object/i);
    expect(html).toMatch(/^<!DOCTYPE html>/);
  });

  it('Markdown shows them as text: no raw HTML, no broken table cell', () => {
    const text = checkRenderers.markdown(hostile, options);
    expect(text).not.toMatch(/<script|<img/i);
    expect(text).toContain('&lt;script&gt;alert("x")&lt;/script&gt;\'&amp;');
    expect(md('a|b\nc *d* [e](f)')).toBe('a\\|b c \\*d\\* \\[e\\](f)');
  });

  it('SARIF and JSON stay valid JSON with the text intact', () => {
    const sarif = JSON.parse(checkRenderers.sarif(hostile, options)) as { runs: { results: { message: { text: string } }[] }[] };
    expect(sarif.runs[0]!.results.some((r) => r.message.text.includes(evil))).toBe(true);
    expect((JSON.parse(checkRenderers.json(hostile, options)) as CheckReport).packages[0]).toBe(`evil/${evil}`);
  });
});
