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
 * is wide, never before closing or after opening punctuation.
 */
export function wrapCjk(text: string, first: string, next: string, width: number): string[] {
  const ts = tokens(text);
  const lines: string[] = [];
  let cur = first;
  let empty = true;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    const sep = !empty && t.spaced ? ' ' : '';
    const prev = ts[i - 1];
    const canBreak = !empty && (t.spaced || WIDE.test(t.text) || (prev !== undefined && WIDE.test(prev.text))) && !NO_LINE_START.has(t.text) && !(prev !== undefined && NO_LINE_END.has(prev.text));
    if (canBreak && displayWidth(cur) + sep.length + displayWidth(t.text) > width) {
      lines.push(cur);
      cur = next + t.text;
    } else {
      cur += sep + t.text;
    }
    empty = false;
  }
  if (!empty) lines.push(cur);
  return lines;
}
