// escape-json.ts renders CompilerEvidence as the versioned JSON document of
// `heapsight escape --format json`.
import type { AssertionReport } from '../verify/assertions.js';
import type { CompilerEvidence, EscapeSite, InlineDecision, RuntimeCall, SourcePos } from '../escape/model.js';
import { selectSites } from '../escape/evidence-query.js';
import { en } from '../i18n/en.js';
import { noteText, storyText } from './cause-words.js';

/** ESCAPE_JSON_SCHEMA names the JSON document's format and version. */
export const ESCAPE_JSON_SCHEMA = 'heapsight.escape/v1';

const pos = (p: SourcePos) => ({ file: p.file, line: p.line, column: p.column });

function siteJson(s: EscapeSite): unknown {
  return {
    ...pos(s.pos),
    function: s.function,
    kind: s.kind,
    subject: s.subject,
    message: s.message,
    inlinedAt: s.inlinedAt.map(pos),
    // v1 carries the cause in English words only, as it always has.
    cause: { kind: s.cause.kind, title: en.cause.kinds[s.cause.kind].title, text: storyText(en, s.cause.story) },
    flow: s.flow.map((f) => ({ ...(f.pos ? pos(f.pos) : { file: null, line: null, column: null }), text: f.text, reason: f.reason })),
    notes: s.notes.map((n) => noteText(en, n)),
  };
}

function runtimeCallJson(c: RuntimeCall): unknown {
  return { file: c.file, line: c.line, function: c.function, call: c.call, reason: c.reason, ...(c.compiledIn !== undefined ? { compiledIn: c.compiledIn } : {}) };
}

function inliningOf(ev: CompilerEvidence, all: boolean): readonly InlineDecision[] {
  return all ? ev.inlining : ev.inlining.filter((d) => d.kind === 'inlined-call');
}

/** escapeJson builds the JSON document (schema ESCAPE_JSON_SCHEMA); testFilesLeftOut: the _test.go files the build did not compile. */
export function escapeJson(ev: CompilerEvidence, all: boolean, testFilesLeftOut = 0): unknown {
  return {
    schema: ESCAPE_JSON_SCHEMA,
    go: ev.goVersion,
    packages: ev.packages,
    testFilesLeftOut,
    sites: selectSites(ev, all).map(siteJson),
    runtimeCalls: ev.runtimeCalls.map(runtimeCallJson),
    inlining: inliningOf(ev, all),
    warnings: ev.warnings,
  };
}

/** renderEscapeJson returns the JSON document as text. */
export function renderEscapeJson(ev: CompilerEvidence, all: boolean, testFilesLeftOut = 0): string {
  return [...escapeJsonChunks(ev, all, undefined, testFilesLeftOut)].join('');
}

/**
 * escapeJsonChunks yields the text of renderEscapeJson piece by piece — the
 * same bytes as JSON.stringify(escapeJson(ev, all), null, 2) — one array
 * element at a time, so a whole-std report (~10^6 flow steps) is never held
 * as one object tree nor as one string.
 */
export function* escapeJsonChunks(ev: CompilerEvidence, all: boolean, assertions?: AssertionReport, testFilesLeftOut = 0): Generator<string> {
  const fields: [string, unknown | (() => Iterable<unknown>)][] = [
    ['schema', ESCAPE_JSON_SCHEMA],
    ['go', ev.goVersion],
    ['packages', ev.packages],
    ['testFilesLeftOut', testFilesLeftOut],
    ['sites', () => mapIter(selectSites(ev, all), siteJson)],
    ['runtimeCalls', () => mapIter(ev.runtimeCalls, runtimeCallJson)],
    ['inlining', () => inliningOf(ev, all)],
    // The source assertions, when the packages have any directive (none are read for --from-log).
    ...(assertions && assertions.results.length + assertions.malformed.length > 0 ? ([['assertions', assertions]] as [string, unknown][]) : []),
    ['warnings', ev.warnings],
  ];
  yield '{';
  for (let n = 0; n < fields.length; n++) {
    const [key, value] = fields[n]!;
    const head = `${n === 0 ? '\n' : ',\n'}  ${JSON.stringify(key)}: `;
    if (typeof value !== 'function') {
      yield head + indent(JSON.stringify(value, null, 2), '  ');
      continue;
    }
    let first = true;
    for (const el of (value as () => Iterable<unknown>)()) {
      yield `${first ? `${head}[\n` : ',\n'}    ${indent(JSON.stringify(el, null, 2), '    ')}`;
      first = false;
    }
    yield first ? `${head}[]` : '\n  ]';
  }
  yield '\n}\n';
}

function indent(json: string, by: string): string {
  return json.replaceAll('\n', `\n${by}`);
}

function* mapIter<T, U>(xs: readonly T[], f: (x: T) => U): Generator<U> {
  for (const x of xs) yield f(x);
}
