// story.ts composes a cause story's sentence from a catalogue: the reason's
// sentence, the conversion on the way that boxes nothing, then the story of
// the allocation the site is stored in. In i18n/ because catalogues word
// verdict reasons that cite a cause (render/cause-words.ts re-exports it).
import type { CauseStory } from '../escape/model.js';
import type { Messages } from './messages.js';

/** storyText words a cause story, with the story of the allocation it is stored in after it. */
export function storyText(m: Messages, s: CauseStory): string {
  const c = m.cause;
  const head = c.head[s.kind](s.subject);
  let text = (c.why[s.why.why] as (w: CauseStory['why'], head: string, s: CauseStory) => string)(s.why, head, s);
  if (s.unboxed !== undefined) text = c.unboxed(text, s.unboxed.at);
  if (s.then !== undefined) text = c.chain(text, storyText(m, s.then));
  return text;
}
