// cause-words.ts words a cause as the English reports do, for tests that
// read the sentence (the model carries the typed story; render/ words it).
import type { CauseNote } from '../../src/escape/model.js';
import { en } from '../../src/i18n/en.js';
import { storyText } from '../../src/render/cause-words.js';

/** causeText is a cause's English sentence. */
export function causeText(c: CauseNote): string {
  return storyText(en, c.story);
}

/** causeTitle is a cause kind's English title. */
export function causeTitle(c: Pick<CauseNote, 'kind'>): string {
  return en.cause.kinds[c.kind].title;
}
