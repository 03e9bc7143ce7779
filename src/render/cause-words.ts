// cause-words.ts puts escape causes into words: the typed story records of
// escape/escape-cause.ts become one sentence in the catalogue's language. The
// compiler's own expressions and positions are cited as the compiler printed
// them, in every language.
import type { CauseKind } from '../escape/escape-cause.js';
import type { CauseNote, CauseStory, SiteNote } from '../escape/model.js';
import type { AllocCall } from '../escape/runtime-calls.js';
import { en } from '../i18n/en.js';
import type { CauseKindWords, Messages } from '../i18n/messages.js';
import { storyText } from '../i18n/story.js';

export { storyText };

/** runtimeReason is what a runtime allocation call does, in the catalogue's words (the model's English reason for a call it does not know). */
export function runtimeReason(m: Messages, c: { readonly call: string; readonly reason: string }): string {
  return Object.hasOwn(m.runtimeCall, c.call) ? m.runtimeCall[c.call as AllocCall] : c.reason;
}

/** noteText words a remark on a decision. */
export function noteText(m: Messages, n: SiteNote): string {
  return (m.cause.note[n.kind] as (x: SiteNote) => string)(n);
}

/** causeWords documents a cause kind: title, why, what to do. */
export function causeWords(m: Messages, kind: CauseKind): CauseKindWords {
  return m.cause.kinds[kind];
}

/**
 * causeJson is a cause as JSON documents carry it: the typed record, with
 * the English title and text beside it for readers of earlier schemas.
 */
export function causeJson<T extends CauseNote>(c: T): Omit<T, 'kind' | 'story'> & { kind: CauseKind; title: string; text: string; story: CauseStory } {
  const { kind, story, ...rest } = c;
  return { kind, title: en.cause.kinds[kind].title, text: storyText(en, story), story, ...rest };
}

/** isCauseNote tells a cause record inside a report (for the JSON writers' replacer). */
export function isCauseNote(v: unknown): v is CauseNote {
  return typeof v === 'object' && v !== null && 'story' in v && 'kind' in v && typeof (v as { story: unknown }).story === 'object';
}

/** withCauseWords is a JSON.stringify replacer that words every cause record (see causeJson) and drops words a parsed document already carried. */
export function withCauseWords(_key: string, v: unknown): unknown {
  if (!isCauseNote(v)) return v;
  const { title: _t, text: _x, ...note } = v as CauseNote & { title?: string; text?: string };
  return causeJson(note);
}
