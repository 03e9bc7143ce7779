// wrap-text.ts breaks text that holds CJK for a terminal: Chinese has no
// spaces between words, so a line may break between any two ideographs, and
// widths are counted in terminal columns (an ideograph takes two). A line
// neither starts with closing punctuation nor ends with opening punctuation
// (the common subset of the kinsoku rules). English text keeps the renderers'
// own space-only wrapping.
import { displayWidth } from './table.js';

/** HAS_CJK tells text that needs this wrapping. */
export const HAS_CJK = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;

const WIDE = /^[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]$/;
const NO_LINE_START = new Set([...'，。、；：！？）」』】〉》”’…—']);
const NO_LINE_END = new Set([...'（「『【〈《“‘']);

/** Token is one unbreakable piece and whether a space stood before it. */
interface Token {
  readonly text: string;
  readonly spaced: boolean;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  let word = '';
  let spaced = false;
  const flush = (): void => {
    if (word !== '') out.push({ text: word, spaced });
    word = '';
    spaced = false;
  };
  for (const ch of text) {
    if (/\s/.test(ch)) {
      flush();
      spaced = out.length > 0;
    } else if (WIDE.test(ch)) {
      const s = word === '' && spaced;
      flush();
      out.push({ text: ch, spaced: s });
      spaced = false;
    } else word += ch;
  }
  flush();
  return out;
}

/**
 * wrapCjk wraps text to width columns: the first line after first, the others
 * after next. A break falls at a space or between two pieces either of which
 * is wide, never before closing or after opening punctuation; when the piece
 * that overflows may not start a line, the line breaks at its last earlier
 * opportunity instead.
 */
export function wrapCjk(text: string, first: string, next: string, width: number): string[] {
  const ts = tokens(text);
  const breakable = (i: number): boolean => {
    const t = ts[i]!;
    const prev = ts[i - 1];
    return prev !== undefined && (t.spaced || WIDE.test(t.text) || WIDE.test(prev.text)) && !NO_LINE_START.has(t.text) && !NO_LINE_END.has(prev.text);
  };
  const lines: string[] = [];
  let indent = first;
  // The current line holds tokens [start, i); its width is recomputed from them when a line is cut.
  let start = 0;
  let used = 0;
  let lastBreak = -1;
  const piece = (i: number): string => (i > start && ts[i]!.spaced ? ' ' : '') + ts[i]!.text;
  const emit = (end: number): void => {
    let line = indent;
    for (let k = start; k < end; k++) line += piece(k);
    lines.push(line);
    indent = next;
    start = end;
  };
  for (let i = 0; i < ts.length; i++) {
    if (i > start && breakable(i)) lastBreak = i;
    const w = displayWidth(piece(i));
    if (i > start && displayWidth(indent) + used + w > width) {
      const cut = breakable(i) ? i : lastBreak > start ? lastBreak : -1;
      if (cut > 0) {
        emit(cut);
        used = 0;
        for (let k = start; k < i; k++) used += displayWidth(piece(k));
        lastBreak = -1;
      }
    }
    used += displayWidth(piece(i));
  }
  if (start < ts.length) emit(ts.length);
  return lines;
}
