// lang-flag.ts reads --lang for every command that renders words: the flag,
// else the environment (HEAPSIGHT_LANG, LC_ALL, LANG; see i18n/lang.ts).
import { UsageError } from '../errors.js';
import { catalogues, isLang, langFromEnv, langs, type Lang } from '../i18n/lang.js';
import type { Messages } from '../i18n/messages.js';

/** LANG_FLAG is the flag spec every rendering command adds to its own. */
export const LANG_FLAG = { lang: { type: 'string' } } as const;

/** LANG_USAGE is the flag as usage lines show it. */
export const LANG_USAGE = `[--lang ${langs.join('|')}]`;

/** langOf resolves the report language; an unknown --lang or HEAPSIGHT_LANG is a usage error (exit 2). */
export function langOf(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Lang {
  if (flag !== undefined) {
    if (!isLang(flag)) throw new UsageError(`--lang must be one of ${langs.join(', ')} (got ${JSON.stringify(flag)})`);
    return flag;
  }
  const fromEnv = langFromEnv(env);
  if (fromEnv === null) throw new UsageError(`HEAPSIGHT_LANG must be one of ${langs.join(', ')} (got ${JSON.stringify(env.HEAPSIGHT_LANG)})`);
  return fromEnv;
}

/** messagesOf is the catalogue of the resolved language. */
export function messagesOf(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Messages {
  return catalogues[langOf(flag, env)];
}
