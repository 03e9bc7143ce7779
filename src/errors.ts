// errors.ts holds the errors heapsight expects. The CLI prints them plainly
// (message + hint, no stack) and exits 2; anything else is a bug and keeps its stack.

/**
 * FailedRun is what an error shows of a process that failed: the command and
 * its stderr. toolchain/'s RunRecord is one; errors.ts stays below every layer.
 */
export interface FailedRun {
  readonly argv: readonly string[];
  readonly stderr: string;
}

/** KnownError is the base of every expected failure; `hint` says what to do next. */
export class KnownError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** UsageError: the command line itself is wrong. */
export class UsageError extends KnownError {}

/**
 * SettingError: a library option is out of range or cannot be honoured here
 * (a count below 1, a target this machine cannot run). Raised below cli/,
 * which validates its flags first; `setting` names the option, not a flag.
 */
export class SettingError extends KnownError {
  constructor(
    message: string,
    readonly setting: string,
    hint?: string,
  ) {
    super(message, hint);
  }
}

/** InputError: a file or package the user named cannot be used (not a profile, corrupt, not a Go package). */
export class InputError extends KnownError {}

/** ToolchainError: a Go tool ran and failed; carries the run so the message can show argv and stderr. */
export class ToolchainError extends KnownError {
  constructor(
    message: string,
    readonly run: FailedRun | null,
    hint?: string,
  ) {
    super(message, hint);
  }

  /** details renders the failing command and the tail of its stderr. */
  details(maxLines = 40): string {
    if (!this.run) return '';
    const lines = this.run.stderr.trimEnd().split('\n');
    const tail = lines.length > maxLines ? ['…', ...lines.slice(-maxLines)] : lines;
    return `command: ${this.run.argv.join(' ')}\n` + (tail.join('\n').trim() === '' ? '' : tail.join('\n') + '\n');
  }
}

/** InterruptedError: the user pressed Ctrl-C. */
export class InterruptedError extends KnownError {}
