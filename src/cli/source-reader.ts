// source-reader.ts gives the pure profile code (list, the map breakdown)
// read access to source files; reading files is I/O, so it lives at the CLI edge.
import { readFileSync } from 'node:fs';
import type { SourceReader } from '../profile/index.js';

/** fileSourceReader reads source files for list and the heap-profile map breakdown; unreadable files give null. */
export const fileSourceReader: SourceReader = (file) => {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    return null;
  }
};
