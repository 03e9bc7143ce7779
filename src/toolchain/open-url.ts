// open-url.ts opens a URL in the user's browser (serve --open): the
// platform's opener, run like every other process, through the runner.
import type { Runner } from './process.js';

/** openerArgv is the platform's "open this URL" command. */
export function openerArgv(url: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'darwin') return ['open', url];
  if (platform === 'win32') return ['cmd', '/c', 'start', '""', url];
  return ['xdg-open', url];
}

/** openInBrowser runs the opener; null when it worked, else why not. */
export async function openInBrowser(runner: Runner, url: string): Promise<string | null> {
  const argv = openerArgv(url);
  try {
    const rec = await runner.run({ argv, cwd: process.cwd(), timeoutMs: 15_000 });
    return rec.exitCode === 0 ? null : `${argv[0]} exited with ${rec.exitCode ?? rec.signal}: ${rec.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
  } catch (e) {
    return `${argv[0]}: ${e instanceof Error ? e.message : String(e)}`;
  }
}
