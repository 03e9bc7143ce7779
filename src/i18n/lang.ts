// lang.ts picks the catalogue a report is written in: --lang, else
// HEAPSIGHT_LANG, else the locale (LC_ALL, then LANG, as POSIX orders them)
// when it names Chinese, else English.
import { en } from './en.js';
import type { Messages } from './messages.js';
import { zhCN } from './zh-CN.js';

/** Lang names every language heapsight writes reports in. */
export type Lang = 'en' | 'zh-CN';

/** catalogues is complete over Lang, so a language cannot be offered without its catalogue. */
export const catalogues: Readonly<Record<Lang, Messages>> = { en, 'zh-CN': zhCN };

/** langs lists the languages in the order usage text names them. */
export const langs = Object.keys(catalogues) as Lang[];

/** isLang tells a supported language tag. */
export function isLang(v: string): v is Lang {
  return (langs as readonly string[]).includes(v);
}

/**
 * langFromEnv is the default language: HEAPSIGHT_LANG when it names one
 * (a value it does not name is null: the caller reports it), else zh-CN when
 * LC_ALL or LANG starts with "zh" (zh_CN.UTF-8, zh_TW, zh), else en.
 */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang | null {
  const explicit = env.HEAPSIGHT_LANG;
  if (explicit !== undefined && explicit !== '') return isLang(explicit) ? explicit : null;
  // LC_ALL overrides LANG when set (POSIX locale precedence).
  const locale = env.LC_ALL !== undefined && env.LC_ALL !== '' ? env.LC_ALL : (env.LANG ?? '');
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}
