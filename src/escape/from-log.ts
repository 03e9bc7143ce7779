// from-log.ts turns pasted -m / -m -m / -m=2 text (any Go since 1.19, -S
// listings mixed in or not) into the same CompilerEvidence a build gives.
import { parseEscapeLog } from './escape-log.js';
import { buildEvidence, JsonEvidence } from './evidence-builder.js';
import type { FuncSpan } from '../go-func-spans.js';
import type { CompilerEvidence } from './model.js';
import { RuntimeCallCollector } from './runtime-calls.js';

/** FromLogOptions: base resolves the log's relative paths; spansOf reads sources when they are at hand. */
export interface FromLogOptions {
  readonly base?: string;
  readonly origin?: string;
  readonly goVersion?: string;
  readonly spansOf?: (file: string) => readonly FuncSpan[] | null;
}

const asmHeaderRe = / S[A-Z][A-Z0-9]*(?: [a-zA-Z]+)* size=\d+/;

/**
 * evidenceFromLog parses a log into evidence. Unknown lines are kept in the
 * warnings as a count; a log with nothing recognisable yields empty evidence
 * with a warning (the caller decides whether that is an error).
 */
export function evidenceFromLog(text: string, options: FromLogOptions = {}): CompilerEvidence {
  const calls = new RuntimeCallCollector();
  const logLines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('\t') || asmHeaderRe.test(line)) calls.push(line);
    else logLines.push(line);
  }
  const log = parseEscapeLog(logLines.join('\n'), {
    ...(options.base !== undefined ? { base: options.base } : {}),
    origin: options.origin ?? 'log',
  });
  const version = options.goVersion ?? (/go1\.\d+(\.\d+)?/.exec(text)?.[0] ?? 'unknown');
  return buildEvidence({
    goVersion: version,
    packages: log.packages.map((p) => ({ importPath: p, dir: '' })),
    targetFiles: new Map(),
    json: new JsonEvidence(() => false),
    log,
    runtimeCalls: calls.result(),
    spansOf: options.spansOf ?? (() => null),
    qualifierOf: () => null,
    allFiles: true,
    warnings: log.warnings,
  });
}
