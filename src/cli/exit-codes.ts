/** ExitCode is heapsight's fixed contract: 0 clean, 1 findings that fail a gate, 2 usage or tool failure. */
export const ExitCode = {
  Clean: 0,
  GateFailed: 1,
  Failure: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
