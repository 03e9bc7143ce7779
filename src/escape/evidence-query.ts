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
