// change-render.test.ts renders one real ChangeReport (recorded from the
// testdata/change fixture's two commits on go1.26.8, see
// testdata/change/README.md) as text, markdown and SARIF and compares each
// with its golden file (UPDATE=1 rewrites them); the SARIF log is validated
// against the official SARIF 2.1.0 schema, and hostile names stay text.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { zhCN } from '../../src/i18n/zh-CN.js';
import { changeRenderers, mdProse, type ChangeFormat, type ChangeRenderOptions } from '../../src/render/change-format.js';
import type { ChangeReport } from '../../src/verify/change-report.js';
import { matchGolden } from '../support/golden.js';

const dir = resolve('testdata/change');
const recorded = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ChangeReport;
const options: ChangeRenderOptions = { limit: 10, root: '/tmp/chg', toolVersion: '0.1.0', docsBase: 'https://github.com/heapsight/heapsight/blob/main/', messages: en };
const extension: Record<Exclude<ChangeFormat, 'json'>, string> = { text: 'txt', markdown: 'md', sarif: 'sarif' };

function golden(name: string, actual: string): void {
  matchGolden(join(dir, 'golden', name), actual);
}

describe('change renderers on a recorded report', () => {
  for (const format of ['text', 'markdown', 'sarif'] as const) {
    it(`${format} matches its golden file`, () => {
      golden(`change.${extension[format]}`, changeRenderers[format](recorded, options));
    });
  }

  for (const format of ['text', 'markdown'] as const) {
    it(`${format} in zh-CN matches its golden file`, () => {
      golden(`change.zh-CN.${extension[format]}`, changeRenderers[format](recorded, { ...options, messages: zhCN }));
    });
  }

  it('json is the same document in every language', () => {
    expect(changeRenderers.json(recorded, { ...options, messages: zhCN })).toBe(changeRenderers.json(recorded, options));
  });

  it('json is the model as it is', () => {
    expect(JSON.parse(changeRenderers.json(recorded, options))).toEqual(recorded);
  });

  it('the markdown comment puts the verdict and the review note first, details folded', () => {
    const text = changeRenderers.markdown(recorded, options);
    const lines = text.split('\n');
    // Recorded with --fail-on assertion: the noescape on p fails in head.
    expect(lines[0]).toBe('### heapsight change: 1 regression, 1 improvement, 1 unchanged — ❌ gate failed');
    const note = lines.findIndex((l) => l.includes('moves `p` to the heap'));
    const details = lines.findIndex((l) => l.startsWith('<details>'));
    expect(note).toBeGreaterThan(0);
    expect(details).toBeGreaterThan(note);
  });

  it('SARIF validates against the SARIF 2.1.0 schema and marks the new heap decision at its line', () => {
    const schema = JSON.parse(readFileSync(resolve('testdata/check/sarif-2.1.0-rtm.5.schema.json'), 'utf8')) as object;
    // The schema is draft-04; its language-tag pattern is not a valid unicode-mode RegExp, hence unicodeRegExp: false.
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const log = JSON.parse(changeRenderers.sarif(recorded, options)) as { runs: { results: { ruleId: string; locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const heap = log.runs[0]!.results.filter((x) => x.ruleId === 'new-heap-decision');
    expect(heap.map((x) => `${x.locations![0]!.physicalLocation.artifactLocation.uri}:${x.locations![0]!.physicalLocation.region.startLine}`)).toEqual(['shapes.go:15']);
  });

  it('hostile names stay text in the markdown', () => {
    expect(mdProse('a <script>x</script> `p<b>` *b*')).toBe('a &lt;script&gt;x&lt;/script&gt; `pb` \\*b\\*');
  });
});
