// global-setup.ts runs once per vitest run, before any test file: it provides
// the tools the suite compares against or drives, so `npm test` needs nothing
// installed beyond Node, npm and Go. Test files run in forked workers and read
// the results with inject('benchstat') / inject('chromium'). When a tool cannot
// be had the run fails here, loudly, instead of tests skipping.
import type { TestProject } from 'vitest/node';
import { BENCHSTAT_VERSION, buildBenchstat } from './benchstat-build.js';
import { resolveChromium, type ChromiumLaunch } from './headless-chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** benchstat is the path of the oracle built at BENCHSTAT_VERSION. */
    benchstat: string;
    chromium: ChromiumLaunch;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const started = performance.now();
  const [benchstat, chromium] = await Promise.all([buildBenchstat(), resolveChromium()]);
  project.provide('benchstat', benchstat.path);
  project.provide('chromium', chromium);
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `test tools (${secs} s): benchstat ${BENCHSTAT_VERSION} ${benchstat.built ? 'built' : 'cached'} at ${benchstat.path}; ` +
      `${chromium.version} from ${chromium.source}`,
  );
}
