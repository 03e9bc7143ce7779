// The cause property on real modules (recorded go1.26.8 output of
// json-iterator/go, zerolog and pflag; testdata/escape/realmods): no site's
// cause cites a step its flow lacks, and boxing is claimed only with
// evidence of a conversion that boxes.
import { describe, expect, it } from 'vitest';
import { causeViolations } from './cause-property.js';
import { REAL_MODULES, RECORDED_ROOT, realModuleEvidence, type RealModule } from './real-modules.js';
import { causeText, causeTitle } from '../support/cause-words.js';

const modules = Object.keys(REAL_MODULES) as RealModule[];

describe.each(modules)('causes rest on the flow in %s', (name) => {
  it.each([
    ['-json, -m=2 and -S', true],
    ['-json only', false],
  ] as const)('%s: every site cites only steps its flow holds', (_, text) => {
    const ev = realModuleEvidence(name, { text });
    expect(ev.sites.length).toBeGreaterThan(900);
    expect(causeViolations(ev)).toEqual([]);
    // Boxing never rests on a spill alone: each has box evidence, checked above against the flows and -S.
    const boxes = ev.sites.filter((s) => s.cause.kind === 'interface-conversion');
    expect(boxes.every((s) => s.cause.box !== undefined)).toBe(true);
    if (!text) expect(boxes.every((s) => s.cause.box?.source === 'flow')).toBe(true);
  });
});

describe('the sites issue 9 found', () => {
  it("jsoniter's ParseString: []byte(input) is stored in the &Iterator{...} it returns, with no interface in the story", () => {
    const ev = realModuleEvidence('jsoniter');
    const s = ev.sites.find((x) => x.pos.file === `${RECORDED_ROOT}/jsoniter/iter.go` && x.pos.line === 122 && x.subject === '([]byte)(input)')!;
    expect(s.cause.kind).toBe('stored-in-allocation');
    expect(s.cause.via).toEqual({ subject: '&Iterator{...}', kind: 'returned' });
    expect(causeText(s.cause)).toBe(
      '([]byte)(input) escapes to the heap because it is stored in &Iterator{...} (line 110), which itself escapes: &Iterator{...} escapes to the heap because it is returned (line 122).',
    );
  });

  it('a pointer converted to an interface is never told as boxing', () => {
    for (const name of modules) {
      const ev = realModuleEvidence(name);
      // The site's own storage flows through a conversion that needs no box: "from E (interface-converted)" under a header into something else.
      const pointerShaped = ev.sites.filter((s) => s.cause.steps.some((c) => c.reason === 'interface-converted') && s.cause.kind !== 'stored-in-allocation');
      expect(pointerShaped.length).toBeGreaterThan(5);
      for (const s of pointerShaped) {
        expect(s.cause.kind).not.toBe('interface-conversion');
        expect(causeText(s.cause)).toMatch(/which allocates nothing for it/);
      }
    }
  });
});
