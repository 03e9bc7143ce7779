// test-bodies.ts blanks the bodies of Test, Example and Fuzz functions in a
// _test.go file before it is parsed: heapsight reads a test file for its
// benchmarks, the helpers they call and its directives, never for what a
// Test function calls, and Test functions are most of a real test file
// (validator's validator_test.go: 14k lines, no benchmark). Lines stay where
// they were, so every position in what is kept is unchanged. Pure.
import { scanFuncSpans } from '../escape/func-spans.js';

/** A go test entry point other than a benchmark: Test, Example or Fuzz, not followed by a lower-case letter (as go test decides). */
const ENTRY = /^(Test|Example|Fuzz)(?![a-z])/;

/**
 * withoutTestBodies empties the body lines of every top-level Test, Example
 * and Fuzz function whose header line ends in "{" and whose closing "}"
 * starts its own line (gofmt's layout; any other layout is kept as it is).
 * The tokenizer finds the closing brace, so strings holding "\n}" do not
 * end a body early. Returns the text unchanged when nothing is blanked.
 */
export function withoutTestBodies(text: string): string {
  if (!/^func (Test|Example|Fuzz)/m.test(text)) return text;
  const spans = scanFuncSpans(Buffer.from(text, 'utf8'));
  const lines = text.split('\n');
  let blanked = false;
  for (const s of spans) {
    if (s.literal || !ENTRY.test(s.name) || s.endLine - s.startLine < 2) continue;
    const head = lines[s.startLine - 1];
    const tail = lines[s.endLine - 1];
    if (head === undefined || tail === undefined || !/^func \w+\([^(){}]*\)\s*\{\s*$/.test(head) || !/^\}/.test(tail)) continue;
    for (let i = s.startLine; i < s.endLine - 1; i++) lines[i] = '';
    blanked = true;
  }
  return blanked ? lines.join('\n') : text;
}
