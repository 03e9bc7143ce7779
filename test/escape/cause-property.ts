// cause-property.ts checks that causes rest on the compiler's flow: every
// step a cause cites is in the site's flow with that reason, the deciding
// step is one its kind can be decided by, and boxing is claimed only with
// evidence of an interface conversion that boxes (see BoxEvidence).
import { CAUSES } from '../../src/escape/escape-cause.js';
import type { CompilerEvidence, EscapeSite, FlowStep } from '../../src/escape/model.js';

/** Violation is one site whose cause is not supported by what it cites. */
export interface Violation {
  readonly site: string;
  readonly problem: string;
}

const headerRe = /^flow: (.+?) (?:←|=) (.+):$/;

function where(s: EscapeSite): string {
  return `${s.pos.file.slice(s.pos.file.lastIndexOf('/') + 1)}:${s.pos.line}:${s.pos.column} ${s.message} [${s.cause.kind}]`;
}

/** headerAbove is the "flow:" header a step sits under. */
function headerAbove(flow: readonly FlowStep[], k: number): RegExpExecArray | null {
  for (let i = k; i >= 0; i--) {
    const m = headerRe.exec(flow[i]!.text);
    if (m) return m;
  }
  return null;
}

/** causeViolations returns every site of ev whose cause cites what its flow (or the evidence) lacks. */
export function causeViolations(ev: CompilerEvidence): Violation[] {
  const out: Violation[] = [];
  const bad = (s: EscapeSite, problem: string) => out.push({ site: where(s), problem });
  const sitesAt = new Map<string, EscapeSite[]>();
  for (const s of ev.sites) {
    const k = `${s.pos.file}:${s.pos.line}:${s.pos.column}\u0000${s.subject}`;
    sitesAt.set(k, [...(sitesAt.get(k) ?? []), s]);
  }
  for (const s of ev.sites) {
    const { cause } = s;
    const flow = s.flow;
    const info = CAUSES[cause.kind];
    if (cause.story.kind !== s.kind || cause.story.subject !== s.subject) bad(s, `its story tells ${cause.story.kind} of ${JSON.stringify(cause.story.subject)}, not the site's decision`);
    for (const c of cause.steps) {
      const step = flow[c.stepIndex];
      if (step === undefined) bad(s, `cites step ${c.stepIndex}, the flow has ${flow.length}`);
      else if (step.reason !== c.reason) bad(s, `cites step ${c.stepIndex} as ${String(c.reason)}, the flow says ${String(step.reason)} (${step.text})`);
    }
    if (info.decidedBy.length === 0) {
      if (cause.steps.length > 0) bad(s, 'cites steps for a kind that rests on none');
    } else {
      const first = cause.steps[0];
      if (first === undefined) bad(s, 'cites no step');
      else if (!info.decidedBy.includes(first.reason)) bad(s, `is decided by a ${String(first.reason)} step, which cannot decide ${cause.kind}`);
    }
    if ((cause.kind === 'interface-conversion') !== (cause.box !== undefined)) bad(s, 'box evidence without boxing, or boxing without it');
    const box = cause.box;
    if (box?.source === 'runtime-call') {
      const calls = ev.runtimeCalls.filter((c) => c.file === box.file && c.line === box.line && !c.call.startsWith('runtime.mapassign'));
      if (box.file !== s.pos.file || box.line !== s.pos.line) bad(s, `boxing cites a runtime call at ${box.file}:${box.line}, not the site's line`);
      if (!calls.some((c) => c.call === box.call)) bad(s, `boxing cites ${box.call}, which -S does not show at its line`);
      if (calls.some((c) => !c.call.startsWith('runtime.convT'))) bad(s, `boxing by -S on a line that also makes other allocations (${calls.map((c) => c.call).join(', ')})`);
    } else if (box?.source === 'flow') {
      const holders = sitesAt.get(`${box.pos.file}:${box.pos.line}:${box.pos.column}\u0000${box.subject}`) ?? [];
      const shows = holders.some((h) => {
        const step = h.flow[box.stepIndex];
        if (step === undefined || step.reason !== 'interface-converted' || step.pos === null) return false;
        const expr = step.text.replace(/^from /, '').replace(/ \([^()]*\)$/, '');
        const header = headerAbove(h.flow, box.stepIndex);
        return expr === s.subject && header !== null && header[1] === `{storage for ${s.subject}}` && step.pos.file === s.pos.file && step.pos.line === s.pos.line && step.pos.column === s.pos.column;
      });
      if (!shows) bad(s, `boxing cites step ${box.stepIndex} of ${box.subject} at ${box.pos.line}:${box.pos.column}, which does not convert ${s.subject} into its box`);
    }
  }
  return out;
}
