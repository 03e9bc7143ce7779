// index.ts is the library API of compiler evidence (used by `check` and `escape`).
export type { SourcePos, EscapeKind, FlowStep, EscapeSite, EscapeCause, CauseNote, CauseStory, SiteNote, InlineDecision, RuntimeCall, CompilerEvidence, PackageRef } from './model.js';
export { ESCAPE_KINDS, posKey, formatPos, mergeEvidence } from './model.js';
export type { CauseKind, CauseInfo } from './escape-cause.js';
export { CAUSES, classifyCause } from './escape-cause.js';
export { collectCompilerEvidence, keptTestBinary, testBinaryName, TEXT_EVIDENCE_MAX_PACKAGES, type CollectOptions } from './collect.js';
export { evidenceAt } from './evidence-query.js';
export { parseEscapeLog, type EscapeLog } from './escape-log.js';
export { parseCompilerJson, parseCompilerJsonBytes } from './compiler-json.js';
export { parseRuntimeCalls, ALLOCATING_CALLS, pprofFuncName } from './runtime-calls.js';
export { evidenceFromLog } from './from-log.js';
export { evidenceCacheDir, EVIDENCE_CACHE_FORMAT, EVIDENCE_CACHE_MAX_BYTES, EVIDENCE_CACHE_MAX_ENTRIES } from './evidence-cache.js';
