// visible-text.ts makes text from a profile safe to print on a terminal.
// Function and file names come from the profile, which may come from a
// remote program (`heapsight collect`): an ESC there would drive the reader's
// terminal, a CR or LF would forge report lines. They are shown escaped,
// as Go's %q would show them, so nothing is lost and nothing is obeyed.

// C0 controls, DEL, C1 controls, and the bidirectional overrides that can
// reorder what a line appears to say (CVE-2021-42574).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;
const UNSAFE_TEST = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const UNSAFE_BUT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\x1b' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** visible escapes control characters in a name (tabs too: they would break table columns). */
export function visible(s: string): string {
  return UNSAFE_TEST.test(s) ? s.replace(UNSAFE, escapeChar) : s;
}

/** visibleSource escapes control characters in a source line, keeping its tabs (indentation). */
export function visibleSource(s: string): string {
  return UNSAFE_TEST.test(s) ? s.replace(UNSAFE_BUT_TAB, escapeChar) : s;
}
