// headless-chromium.ts finds the Chromium the browser tests drive through
// playwright-core: a working `chromium` on PATH (Debian's) when there is one,
// else the one @sparticuz/chromium ships compressed inside its npm package,
// unpacked once into the suite's cache. No root, no apt, no download besides
// `npm ci` (playwright's own browser download cannot reach its host here).
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cachedTool, tail } from './tool-cache.js';
import { liveRunner } from '../../src/toolchain/process.js';

/** ChromiumLaunch is what the browser tests pass to playwright-core's chromium.launch. */
export interface ChromiumLaunch {
  readonly executablePath: string;
  readonly args: readonly string[];
  /** version is the binary's own `--version` line ("Chromium 153.0.8010.0"). */
  readonly version: string;
  /** source says where it came from, for messages: "chromium on PATH" or "@sparticuz/chromium 153.0.0". */
  readonly source: string;
}

/**
 * LAUNCH_ARGS serve both browsers: headless, no sandbox (root in a container
 * has none to set up), software rendering. Not the package's own `args`: they
 * are for AWS Lambda, and their --single-process makes the browser exit when
 * its first page closes.
 */
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** chromiumVersion runs `exe --version`; null unless it prints Chromium's version line. */
async function chromiumVersion(exe: string): Promise<string | null> {
  try {
    const rec = await liveRunner.run({ argv: [exe, '--version'], cwd: dirname(exe), timeoutMs: 60_000 });
    // A file that is not Chromium (even an empty one, which the shell runs as
    // a script and exits 0) prints no version line: it does not count.
    const m = /^(?:Chromium|Google Chrome) \d+[\d.]*/m.exec(rec.stdout);
    return rec.exitCode === 0 && m ? m[0] : null;
  } catch {
    return null;
  }
}

/** systemChromium is the first executable `chromium` on PATH that prints its version. */
async function systemChromium(): Promise<ChromiumLaunch | null> {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const exe = join(dir, 'chromium');
    try {
      await access(exe, constants.X_OK);
    } catch {
      continue;
    }
    const version = await chromiumVersion(exe);
    if (version) return { executablePath: exe, args: LAUNCH_ARGS, version, source: `chromium on PATH (${exe})` };
  }
  return null;
}

/** packagedChromium unpacks @sparticuz/chromium's binary (once) into the suite's cache. */
async function packagedChromium(): Promise<ChromiumLaunch> {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const pkg = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const source = `@sparticuz/chromium ${pkg.version}`;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`no usable chromium on PATH, and ${source} ships a Chromium for linux x64 only (this is ${process.platform} ${process.arch}): install Chromium so that \`chromium\` is on PATH`);
  }
  const { path } = await cachedTool(`chromium@${pkg.version}`, 'chromium', async (staging) => {
    // The package unpacks next to os.tmpdir(), which reads TMPDIR: a child
    // process with TMPDIR=staging keeps the suite's environment untouched and
    // the unpacked files together (the binary finds swiftshader beside it).
    const script = `import(${JSON.stringify(pathToFileURL(entry).href)}).then(async (m) => process.stdout.write(await m.default.executablePath()))`;
    const rec = await liveRunner.run({ argv: [process.execPath, '--input-type=module', '-e', script], cwd: staging, env: { TMPDIR: staging }, timeoutMs: 5 * 60_000 });
    if (rec.exitCode !== 0 || rec.stdout !== join(staging, 'chromium')) {
      throw new Error(`unpacking ${source} into ${staging} failed (exit ${rec.exitCode ?? rec.signal}, printed ${JSON.stringify(rec.stdout)}):\n${tail(rec.stderr)}`);
    }
  });
  const version = await chromiumVersion(path);
  if (!version) {
    throw new Error(`${source}, unpacked at ${path}, does not start (\`${path} --version\` printed no version; are its shared libraries, e.g. libnss3, installed?)`);
  }
  return { executablePath: path, args: LAUNCH_ARGS, version, source };
}

/** resolveChromium returns the browser to launch, or throws saying why there is none. */
export async function resolveChromium(): Promise<ChromiumLaunch> {
  return (await systemChromium()) ?? (await packagedChromium());
}
