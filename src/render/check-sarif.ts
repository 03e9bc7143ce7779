// check-sarif.ts renders a CheckReport as a SARIF 2.1.0 log (OASIS
// sarif-v2.1.0, schema sarif-2.1.0-rtm.5), for code-scanning UIs: one rule
// per finding kind, results for the verdicts, for the allocation sites and
// map growth in the target packages.
import { basename, relative, sep } from 'node:path';
import type { CheckReport, CompilerNote, SiteFinding } from '../verify/check-report.js';
import { directiveText, evidenceLines, headline, malformedText } from './assertion-words.js';
import { CHANGE_FINDING_KINDS, findingKinds, ruleDocs, type FindingKind, type RuleFindingKind } from '../verify/finding-kinds.js';
import type { Messages } from '../i18n/messages.js';
import { siteReason } from './check-text.js';
import { reasonText, ruleFixText, ruleReasonText, ruleVerdictLabel, short, summaryText } from './check-words.js';
import { formatBytes, formatCount, formatPercent } from '../human-units.js';

/** CheckSarifOptions: the repository root URIs are relative to, the tool version, where the docs live. */
export interface CheckSarifOptions {
  readonly root: string;
  readonly toolVersion: string;
  readonly docsBase: string;
  /** A file's lines, to turn the compiler's byte columns into UTF-16 columns; null when unreadable. */
  readonly readSource?: (file: string) => readonly string[] | null;
  /** An allocation site at or above this share of alloc_space is a warning, below it a note. */
  readonly warningShare?: number;
  readonly messages: Messages;
}

/** SRCROOT is the uriBaseId every artifact location is relative to. */
export const SRCROOT = '%SRCROOT%';

/** DEFAULT_WARNING_SHARE: 5% of all allocated bytes is worth a warning. */
export const DEFAULT_WARNING_SHARE = 0.05;

type Level = 'error' | 'warning' | 'note';

interface SarifResult {
  readonly ruleId: FindingKind;
  readonly ruleIndex: number;
  readonly level: Level;
  readonly message: { readonly text: string };
  readonly locations: readonly unknown[];
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** ruleName is the PascalCase name SARIF viewers show: map-pointer-param → MapPointerParam. */
export function ruleName(kind: string): string {
  return kind.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}

/**
 * sarifLog is the SARIF 2.1.0 document heapsight writes (check's and
 * change's): one run, the tool's rules, one invocation, results whose
 * locations are relative to root (%SRCROOT%), UTF-16 columns.
 */
export function sarifLog(o: {
  readonly toolVersion: string;
  readonly docsBase: string;
  readonly root: string;
  readonly rules: readonly unknown[];
  readonly invocation: Readonly<Record<string, unknown>>;
  readonly results: readonly unknown[];
  readonly properties: Readonly<Record<string, unknown>>;
}): string {
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'heapsight', version: o.toolVersion, informationUri: `${o.docsBase}README.md`, rules: o.rules } },
        invocations: [o.invocation],
        originalUriBaseIds: { [SRCROOT]: { uri: dirUri(o.root) } },
        columnKind: 'utf16CodeUnits',
        results: o.results,
        properties: o.properties,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** fileUri is an absolute path as a file:// URI with a trailing slash (a directory), percent-encoded. */
export function dirUri(dir: string): string {
  const parts = dir.split(sep).map(encodeURIComponent).join('/');
  return `file://${parts.startsWith('/') ? '' : '/'}${parts}${parts.endsWith('/') ? '' : '/'}`;
}

/** relUri is a path below root as a relative URI reference, or null when it lies outside root. */
function relUri(root: string, file: string): string | null {
  const r = relative(root, file);
  if (r === '' || r.startsWith('..') || r.startsWith(sep)) return null;
  return r.split(sep).map(encodeURIComponent).join('/');
}

/**
 * utf16Column converts the compiler's column (1-based UTF-8 bytes) to SARIF's
 * default columnKind, utf16CodeUnits (1-based). Without the source line the
 * byte column is kept: the two agree on ASCII lines.
 */
export function utf16Column(text: string | null | undefined, byteColumn: number): number {
  if (text === null || text === undefined || byteColumn <= 1) return Math.max(1, byteColumn);
  const bytes = Buffer.from(text, 'utf8');
  if (byteColumn - 1 > bytes.length) return byteColumn;
  return bytes.subarray(0, byteColumn - 1).toString('utf8').length + 1;
}

export function location(root: string, file: string, line: number, column: number, readSource?: CheckSarifOptions['readSource']): unknown {
  const uri = relUri(root, file);
  const text = column > 1 ? readSource?.(file)?.[line - 1] : undefined;
  return {
    physicalLocation: {
      artifactLocation: uri === null ? { uri: `file://${file.split(sep).map(encodeURIComponent).join('/')}` } : { uri, uriBaseId: SRCROOT },
      region: { startLine: Math.max(1, line), startColumn: utf16Column(text, column) },
    },
  };
}

function firstColumn(notes: readonly CompilerNote[]): number {
  return notes.find((n) => n.kind !== 'does-not-escape')?.column ?? notes[0]?.column ?? 1;
}

function siteMessage(m: Messages, r: CheckReport, f: SiteFinding): string {
  return m.check.sarif.site(short(r, f.function), formatBytes(f.allocBytes), formatPercent(f.share, 1), formatCount(f.allocObjects), siteReason(m, f, r.packageNames, r.settings.depsMin));
}

/** renderCheckSarif renders the report as a SARIF 2.1.0 log. */
export function renderCheckSarif(r: CheckReport, o: CheckSarifOptions): string {
  const kinds = (Object.keys(findingKinds) as FindingKind[]).filter((k) => !CHANGE_FINDING_KINDS.has(k));
  const ruleIndex = (k: FindingKind): number => kinds.indexOf(k);
  const warningShare = o.warningShare ?? DEFAULT_WARNING_SHARE;
  const own = new Set(r.sourceFiles);
  const results: SarifResult[] = [];
  const m = o.messages;
  const w = m.check.sarif;

  for (const v of r.verdicts) {
    results.push({
      ruleId: v.kind,
      ruleIndex: ruleIndex(v.kind),
      level: v.verdict === 'confirmed' ? 'error' : 'note',
      message: { text: w.verdict(m.finding.verdict[v.verdict].toUpperCase(), summaryText(m, v.summary), v.reasons.map((x) => reasonText(m, x))) },
      locations: [location(o.root, v.file, v.line, v.column, o.readSource)],
      properties: { verdict: v.verdict, function: v.function, param: v.param, paramType: v.paramType },
    });
  }
  // A rule hit is a result at its line whatever its verdict: a confirmed one is the warning, the
  // others notes that say why the pattern costs nothing here (or was never run).
  for (const f of r.rules) {
    const fix = f.fix !== null && f.verdict === 'confirmed' ? ruleFixText(m, f.fix) : null;
    results.push({
      ruleId: f.kind,
      ruleIndex: ruleIndex(f.kind),
      level: f.verdict === 'confirmed' ? 'warning' : 'note',
      message: { text: m.check.rules.sarif(ruleVerdictLabel(m, f.verdict), m.finding.kinds[f.kind].title, f.subject, f.reasons.map((x) => ruleReasonText(m, x)), fix) },
      locations: [location(o.root, f.file, f.line, f.column, o.readSource)],
      properties: { verdict: f.verdict, function: f.function, measured: f.measured, ...(f.fix !== null ? { fix: f.fix } : {}) },
    });
  }
  for (const f of r.findings) {
    if (f.kind !== 'allocation-site') continue;
    if (!own.has(f.file)) {
      // A line in std or a dependency is shown where the user can act: at their own line that led there.
      const u = f.userFrame;
      if (u === null || !own.has(u.file)) continue;
      results.push({
        ruleId: 'allocation-site',
        ruleIndex: ruleIndex('allocation-site'),
        level: u.share >= warningShare ? 'warning' : 'note',
        message: {
          text: w.leadsTo(
            short(r, u.function),
            formatBytes(u.allocBytes),
            formatPercent(u.share, 1),
            `${short(r, f.function)} (${basename(f.file)}:${f.line})`,
            siteReason(m, f, r.packageNames, r.settings.depsMin),
          ),
        },
        locations: [location(o.root, u.file, u.line, 1, o.readSource)],
        properties: { function: u.function, allocBytes: u.allocBytes, share: u.share, allocatedIn: { function: f.function, file: f.file, line: f.line } },
      });
      continue;
    }
    results.push({
      ruleId: 'allocation-site',
      ruleIndex: ruleIndex('allocation-site'),
      level: f.share >= warningShare ? 'warning' : 'note',
      message: { text: siteMessage(m, r, f) },
      locations: [location(o.root, f.file, f.line, firstColumn(f.compiler), o.readSource)],
      properties: { function: f.function, allocBytes: f.allocBytes, allocObjects: f.allocObjects, share: f.share },
    });
  }
  // A failed assertion and a malformed directive are results at the directive's own line, where the fix is read.
  for (const a of r.assertions.results) {
    if (a.status !== 'failed') continue;
    const evidence = evidenceLines(m, a, (f) => relUri(o.root, f) ?? f, r.packageNames).map((e) => e.text);
    results.push({
      ruleId: 'assertion-failed',
      ruleIndex: ruleIndex('assertion-failed'),
      level: 'error',
      message: { text: w.assertionFailed(directiveText(a), headline(m, a), evidence) },
      locations: [location(o.root, a.pos.file, a.pos.line, a.pos.column, o.readSource)],
      properties: { assertion: a.kind, package: a.package },
    });
  }
  for (const x of r.assertions.malformed) {
    results.push({
      ruleId: 'malformed-directive',
      ruleIndex: ruleIndex('malformed-directive'),
      level: 'error',
      message: { text: malformedText(m, x) },
      locations: [location(o.root, x.pos.file, x.pos.line, x.pos.column, o.readSource)],
      properties: { why: x.why, package: x.package },
    });
  }
  for (const s of r.maps?.sites ?? []) {
    if (s.purpose !== 'grow' || !s.inTargetPackages) continue;
    results.push({
      ruleId: 'map-growth',
      ruleIndex: ruleIndex('map-growth'),
      level: s.share >= warningShare ? 'warning' : 'note',
      message: {
        text: w.mapGrowth(s.function, formatBytes(s.allocBytes), formatPercent(s.share, 1), formatCount(s.allocObjects), s.source),
      },
      locations: [location(o.root, s.file, s.line, 1)],
      properties: { function: s.function, allocBytes: s.allocBytes, allocObjects: s.allocObjects, share: s.share },
    });
  }

  const rules = kinds.map((k) => {
    const info = { ...m.finding.kinds[k], docs: findingKinds[k].docs };
    // A rule also says when its hit does not matter, and which linters report the same pattern.
    const harmless = k in m.finding.harmless ? m.finding.harmless[k as RuleFindingKind] : null;
    const linters = k in ruleDocs ? ruleDocs[k as RuleFindingKind].linters : null;
    return {
      id: k,
      name: ruleName(k),
      shortDescription: { text: info.title },
      fullDescription: { text: info.explanation },
      ...(harmless !== null && linters !== null ? { properties: { harmless, linters: [...linters] } } : {}),
      help: { text: info.fix, markdown: `${info.fix}\n\n[${info.title}](${o.docsBase}README.md${info.docs})` },
      helpUri: `${o.docsBase}README.md${info.docs}`,
      defaultConfiguration: { level: k === 'map-pointer-param' || k === 'slice-pointer-param' || k === 'chan-pointer-param' || k === 'assertion-failed' || k === 'malformed-directive' ? 'error' : k === 'heap-decision-unmeasured' ? 'note' : 'warning' },
    };
  });
  const invocation = {
    executionSuccessful: r.failures.length === 0 && r.benchmarks.length > 0,
    ...(r.failures.length > 0
      ? {
          toolExecutionNotifications: r.failures.map((f) => ({
            level: 'error',
            message: { text: w.failed(f.name, f.kind, f.message) },
          })),
        }
      : {}),
  };
  return sarifLog({ toolVersion: o.toolVersion, docsBase: o.docsBase, root: o.root, rules, invocation, results, properties: { go: r.go, goos: r.goos, goarch: r.goarch, packages: r.packages, settings: r.settings } });
}
