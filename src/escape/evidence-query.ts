// evidence-query.ts answers "what did the compiler say about this line?".
import { resolve } from 'node:path';
import { ESCAPE_KINDS, type CompilerEvidence, type EscapeSite, type InlineDecision, type RuntimeCall } from './model.js';

/** sameFile compares an evidence path with a user path: absolute paths exactly, relative ones by suffix. */
function sameFile(evidenceFile: string, file: string): boolean {
  if (evidenceFile === file) return true;
  if (file.startsWith('/')) return false;
  const norm = file.replace(/^\.\//, '');
  return evidenceFile.endsWith(`/${norm}`);
}

/**
 * evidenceAt returns the sites, runtime calls and inlining decisions at
 * file:line. Sites match on their innermost position (where pprof attributes
 * an allocation) or on any call site they were inlined at.
 */
export function evidenceAt(
  ev: CompilerEvidence,
  file: string,
  line: number,
): { sites: EscapeSite[]; runtimeCalls: RuntimeCall[]; inlining: InlineDecision[] } {
  return {
    sites: ev.sites.filter(
      (s) => (sameFile(s.pos.file, file) && s.pos.line === line) || s.inlinedAt.some((p) => sameFile(p.file, file) && p.line === line),
    ),
    runtimeCalls: ev.runtimeCalls.filter((c) => sameFile(c.file, file) && c.line === line),
    inlining: ev.inlining.filter((d) => sameFile(d.pos.file, file) && d.pos.line === line),
  };
}

/** resolveUserFile makes a --explain FILE absolute against cwd when it exists relative to it. */
export function resolveUserFile(cwd: string, file: string): string {
  return file.startsWith('/') ? file : resolve(cwd, file);
}

/** selectSites keeps heap decisions (what allocates) unless all is set. */
export function selectSites(ev: CompilerEvidence, all: boolean): EscapeSite[] {
  return ev.sites.filter((s) => all || ESCAPE_KINDS[s.kind].allocates);
}

/**
 * DecisionGroup is one decision at a line across the copies the compiler
 * made of it: a function's own body and each place it is inlined into are
 * compiled (and decided) apart, so a helper inlined into 190 callers has
 * 191 records of one decision. Copies that differ in outcome (escapes in
 * one, stays on the stack in another: golang/go#32850) or in cause kind are
 * different groups.
 */
export interface DecisionGroup {
  /** The copy the story is told from: the function's own body when it was compiled, else the first inlined copy. */
  readonly representative: EscapeSite;
  /** Every copy, the representative first, then in the evidence's order. */
  readonly copies: readonly EscapeSite[];
  /** The own-body copy, when there is one. */
  readonly ownBody: boolean;
  /** The distinct flows among the copies (equal flows counted once), the representative's first. */
  readonly flows: readonly { readonly site: EscapeSite; readonly copies: number }[];
}

/** groupKey: the subject without package qualifiers, since a copy compiled in another package (an external test) spells LevelWriterAdapter{...} as zerolog.LevelWriterAdapter{...}. */
function groupKey(s: EscapeSite): string {
  const subject = s.subject.replace(/(^|[^\w.])[a-z][a-z0-9_]*\.(?=[A-Z])/g, '$1');
  return `${s.pos.file}\u0000${s.pos.line}\u0000${s.pos.column}\u0000${s.kind}\u0000${s.cause.kind}\u0000${subject}`;
}

function flowKey(s: EscapeSite): string {
  return s.flow.map((f) => `${f.text}\u0000${f.pos ? `${f.pos.file}:${f.pos.line}:${f.pos.column}` : ''}`).join('\u0001');
}

/** groupDecisions groups the sites of a line by decision, in order of position (allocating decisions first at one position). */
export function groupDecisions(sites: readonly EscapeSite[]): DecisionGroup[] {
  const byKey = new Map<string, EscapeSite[]>();
  for (const s of sites) {
    const k = groupKey(s);
    const list = byKey.get(k);
    if (list) list.push(s);
    else byKey.set(k, [s]);
  }
  const groups: DecisionGroup[] = [];
  for (const list of byKey.values()) {
    const own = list.findIndex((s) => s.inlinedAt.length === 0);
    const copies = own > 0 ? [list[own]!, ...list.slice(0, own), ...list.slice(own + 1)] : list;
    const flows = new Map<string, { site: EscapeSite; copies: number }>();
    for (const s of copies) {
      if (s.flow.length === 0) continue;
      const k = flowKey(s);
      const f = flows.get(k);
      if (f) f.copies++;
      else flows.set(k, { site: s, copies: 1 });
    }
    groups.push({ representative: copies[0]!, copies, ownBody: own >= 0, flows: [...flows.values()] });
  }
  const rank = (g: DecisionGroup): number => (ESCAPE_KINDS[g.representative.kind].allocates ? 0 : 1);
  // Files in order of first appearance (a call line's sites may sit in the inlined callee's file).
  const fileOrder = new Map<string, number>();
  for (const s of sites) if (!fileOrder.has(s.pos.file)) fileOrder.set(s.pos.file, fileOrder.size);
  return groups.sort((a, b) => {
    const p = a.representative.pos;
    const q = b.representative.pos;
    return fileOrder.get(p.file)! - fileOrder.get(q.file)! || p.line - q.line || p.column - q.column || rank(a) - rank(b);
  });
}
