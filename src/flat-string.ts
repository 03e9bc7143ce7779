// flat-string.ts: strings built by concatenation are V8 "cons strings", a
// tree of pieces. Kept by the hundred thousand (map keys, cause stories,
// packed flow texts on a whole-std build) the trees were a third of the
// heap's objects and the GC copied and marked every node.

/** Written so that the optimizing compiler cannot drop the read in flat() as unused. */
let lastChar = 0;

/**
 * flat returns s after making V8 store it as one flat string: reading a
 * character flattens a cons string in place, and the GC then drops the
 * tree. Use it on strings built by concatenation that are kept.
 */
export function flat(s: string): string {
  if (s.length > 0) lastChar = s.charCodeAt(0);
  return s;
}
