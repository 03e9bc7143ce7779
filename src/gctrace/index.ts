// index.ts is the gctrace stage's public surface: lines → GcCycle[] → GcSummary.
export { parseGctrace, parseGcCycleLine, stwPauseNs } from './gc-cycle.js';
export type { GcCycle, GcClockPhases, GcCpuTimes, GctraceParse } from './gc-cycle.js';
export { summarizeGc, splitRunWindow } from './gc-summary.js';
export type { GcSummary, GcRunInput, GcRunWindow } from './gc-summary.js';
