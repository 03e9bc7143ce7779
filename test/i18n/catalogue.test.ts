// catalogue.test.ts holds the two catalogues to each other: every message of
// en exists in zh-CN and the reverse (the type says so at compile time; this
// says so for a catalogue built by hand or cast), no zh-CN string is left in
// English except the field's own terms, and the Chinese renderings of real
// reports (check, change, escape goldens) keep no English sentence: the only
// Latin words left in them are values of the report (names, expressions, the
// compiler's messages), flags and the field's terms.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { catalogues, langFromEnv } from '../../src/i18n/lang.js';
import { workbenchCatalogues, workbenchEn, workbenchLangNames } from '../../src/render/workbench/messages.js';
import { checkRenderers, type CheckRenderOptions } from '../../src/render/check-format.js';
import { changeRenderers } from '../../src/render/change-format.js';
import type { CheckReport } from '../../src/verify/check-report.js';
import type { ChangeReport } from '../../src/verify/change-report.js';

/** Leaf is one message: its path in the catalogue and its value. */
type Leaf = { readonly path: string; readonly value: unknown };

function leaves(v: unknown, path = ''): Leaf[] {
  if (typeof v === 'string' || typeof v === 'function') return [{ path, value: v }];
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => leaves(x, path === '' ? k : `${path}.${k}`));
  return [{ path, value: v }];
}

/** SAME_IN_EVERY_LANGUAGE are messages that are terms of the field or machine words, identical by design. */
const SAME_IN_EVERY_LANGUAGE: ReadonlySet<string> = new Set([
  'check.column.gcs',
  // history: the dirty-tree mark after a commit, the go and cpu columns, GOOS/GOARCH as go env names them.
  'history.dirty',
  'history.machine.cpu',
  'history.machine.platform',
  'history.column.go',
  'history.column.platform',
  'history.column.cpu',
]);

/** WORKBENCH_SAME are the workbench UI's ids that are pprof's column names in every language. */
const WORKBENCH_SAME: ReadonlySet<string> = new Set(['flame.flat', 'flame.cum']);

const CJK = /[\u3400-\u9fff]/;

describe('message catalogues', () => {
  const enLeaves = new Map(leaves(en).map((l) => [l.path, l.value]));
  const zhLeaves = new Map(leaves(zhCN).map((l) => [l.path, l.value]));

  it('have the same messages, each of the same shape', () => {
    expect([...zhLeaves.keys()].sort()).toEqual([...enLeaves.keys()].sort());
    for (const [path, v] of enLeaves) expect(typeof zhLeaves.get(path), path).toBe(typeof v);
  });

  it('leave no zh-CN string in English', () => {
    const untranslated: string[] = [];
    for (const [path, v] of zhLeaves) {
      if (typeof v !== 'string' || SAME_IN_EVERY_LANGUAGE.has(path) || path === 'check.html.lang') continue;
      // A string of punctuation alone (a separator) is translated when it differs from the English one.
      if (v === enLeaves.get(path) || (/[A-Za-z]/.test(v) && !CJK.test(v))) untranslated.push(`${path}: ${JSON.stringify(v)}`);
    }
    expect(untranslated).toEqual([]);
  });

  it('the workbench UI catalogue has a zh-CN twin of every English id, in Chinese', () => {
    const zh = workbenchCatalogues['zh-CN'];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(workbenchEn).sort());
    const untranslated = Object.entries(zh).filter(([id, v]) => !WORKBENCH_SAME.has(id) && (v === workbenchEn[id as keyof typeof workbenchEn] || !CJK.test(v)));
    expect(untranslated).toEqual([]);
    // The placeholders the client fills are the same in both.
    for (const [id, v] of Object.entries(workbenchEn)) expect((zh[id as keyof typeof workbenchEn].match(/\{\w+\}/g) ?? []).sort(), id).toEqual((v.match(/\{\w+\}/g) ?? []).sort());
    expect(Object.keys(workbenchLangNames).sort()).toEqual(Object.keys(workbenchCatalogues).sort());
  });

  it('word every function message in Chinese for real arguments of a report', () => {
    // A function message that returns the English sentence, or one without a Chinese word, is caught in the renderings below.
    expect(zhCN.cause.head['moved-to-heap']('m')).toBe('m 被移到堆上');
    expect(zhCN.check.runsEach(6, [6])).toMatch(CJK);
  });

  it('the language comes from HEAPSIGHT_LANG, else a zh locale, else English', () => {
    expect(langFromEnv({})).toBe('en');
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: 'C' })).toBe('en');
    expect(langFromEnv({ LANG: 'C.UTF-8', LC_ALL: 'zh_TW.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8', HEAPSIGHT_LANG: 'en' })).toBe('en');
    expect(langFromEnv({ HEAPSIGHT_LANG: 'zh-CN' })).toBe('zh-CN');
    expect(langFromEnv({ HEAPSIGHT_LANG: 'klingon' })).toBeNull();
    expect(Object.keys(catalogues).sort()).toEqual(['en', 'zh-CN']);
  });
});

/**
 * FIELD_WORDS are Latin words a Chinese report keeps: terms of the field as
 * Go users write them, units, flag names and the tool's own name.
 */
const FIELD_WORDS = new Set(
  [
    'heapsight', 'check', 'change', 'escape', 'list', 'alloc_space', 'allocs', 'op', 'time', 'gc', 'cycles', 'mop', 'stw', 'ns', 'memprofilerate', 'cpu',
    'bench', 'count', 'benchtime', 'nodecount', 'format', 'json', 'fail', 'on', 'gate', 'never', 'assertion', 'regression', 'flows', 'all', 'tests', 'explain',
    'base', 'head', 'profile', 'map', 'ci', 'make', 'clear', 'linux', 'amd64', 'go1', 'epyc', 'amd', 'heapsight:noescape', 'noescape', 'inline', 'bytes',
    'runtime', 'convt64', 'convtstring', 'go', 'sync', 'pool', 'inlinedinto', 'p', 'n', 'k', 'v', 'kb', 'mb', 'gb', 'b', 'µs', 'ms', 'obj', 'deps', 'min',
    'file', 'line', 'sarif', 'markdown', 'text', 'html', 'appendint', 'strconv', 'fmt', 'goroutine', 'sudog', 'testing', 'mann', 'whitney', 'u', 'any', 'readme', 'benchstat', 'golang',
    // Runtime functions map growth goes through (Go 1.24+ Swiss tables), named in map-growth's explanation.
    'growtotable', 'rehash', 'split',
    // Go's words and the identifiers the rules' explanations and fixes cite (SARIF carries every rule's text).
    'chan', 'channel', 'struct', 'defer', 'range', 'import', 'put', 'api', 'builder', 'concatstrings', 'convtslice', 'deferproc', 'slicebytetostring',
    'stringtoslicebyte', 'errorf', 'sprint', 'sprintf', 'itoa', 'formatbool', 'mustcompile', 'idpattern', 'sa6000', 'sa6002',
  ].map((w) => w.toLowerCase()),
);

/** latinWords lists the Latin words of a text, lower-cased, without code spans and the report's own values. */
function latinWords(text: string): Set<string> {
  return new Set((text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).map((w) => w.toLowerCase()));
}

/** leftEnglish lists the Latin words of a Chinese rendering that are neither a value of the data (as a part of one: "ByPointer" of BenchmarkByPointer, a commit's short hash) nor a term of the field. */
function leftEnglish(zh: string, data: string): string[] {
  const values = data.toLowerCase();
  return [...latinWords(zh)].filter((w) => !values.includes(w) && !FIELD_WORDS.has(w) && !/^\d/.test(w)).sort();
}

describe('Chinese renderings of real reports keep no English sentence', () => {
  const checkJson = readFileSync(resolve('testdata/check/mapptr-report.json'), 'utf8');
  const check = JSON.parse(checkJson) as CheckReport;
  const changeJson = readFileSync(resolve('testdata/change/report.json'), 'utf8');
  const change = JSON.parse(changeJson) as ChangeReport;
  // The report's data without the English words JSON carries beside each story.
  // The report's values (string values only: keys and enum names are not words a rendering may print).
  const data = (json: string) =>
    leaves(
      JSON.parse(json, (_k, v: unknown) => {
        if (typeof v !== 'object' || v === null || !('story' in v)) return v;
        const { title: _t, text: _x, ...rest } = v as Record<string, unknown>;
        return rest;
      }),
    )
      .map((l) => String(l.value))
      .join('\n');
  const opts: CheckRenderOptions = { cwd: '/work/main', root: '/work/main', nodeCount: 10, width: 100, toolVersion: '0.1.0', docsBase: 'https://x/', readSource: () => null, messages: zhCN };

  for (const format of ['text', 'markdown', 'html', 'sarif'] as const) {
    it(`check ${format}`, () => {
      let out = checkRenderers[format](check, opts);
      // SARIF's keys and enum values are the format's, not words.
      if (format === 'sarif') out = JSON.stringify(leaves(JSON.parse(out)).filter((l) => /(^|\.)text$|markdown$/.test(l.path)).map((l) => l.value)).replace(/\]\(https?:[^)]*\)/g, ']');
      // HTML: the text of the page, without its markup, style sheet and entities.
      // HTML: the static report the page carries (the workbench's UI words are its own catalogue's, tested above).
      if (format === 'html') out = out.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<style>[\s\S]*?<\/style>/g, ' ').replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/g, ' ');
      if (format === 'markdown') out = out.replace(/<br>|&[a-z]+;|<\/?(details|summary|sub)>/g, ' ').replace(/\\_/g, '_');
      expect(leftEnglish(out, data(checkJson)).join(' ')).toBe('');
    });
  }
  for (const format of ['text', 'markdown'] as const) {
    it(`change ${format}`, () => {
      const out = changeRenderers[format](change, { limit: 10, root: '/tmp/chg', toolVersion: '0.1.0', docsBase: 'https://x/', messages: zhCN });
      expect(leftEnglish(out.replace(/<\/?(details|summary|sub)>/g, ' '), data(changeJson)).join(' ')).toBe('');
    });
  }
  it('escape text (the CLI golden)', () => {
    const out = readFileSync(join(resolve('testdata/escape/golden'), 'causes.escape.zh-CN.txt'), 'utf8');
    const dir = resolve('testdata/escape');
    const inputs = ['causes/causes.go', 'causes/causes_test.go', 'golden/causes.m2.go1.26.8.txt', 'golden/causes.json.go1.26.8.jsonl', 'golden/causes.S.go1.26.8.txt'];
    // The live build also reads the test file's flows: "want 42" goes to (*testing.common).Fatal.
    const source = inputs.map((f) => `${f}\n${readFileSync(join(dir, f), 'utf8')}`).join('\n') + '\n(*testing.common).Fatal';
    expect(leftEnglish(out, source).join(' ')).toBe('');
  });
});
