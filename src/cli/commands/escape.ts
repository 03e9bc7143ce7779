// escape.ts is `heapsight escape`: the compiler's escape decisions, their
// causes in plain words, inlining and runtime allocation calls.
import { readFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join as joinPath } from 'node:path';
import { InputError, InterruptedError, UsageError } from '../../errors.js';
import { collectCompilerEvidence, evidenceAt, evidenceCacheDir, evidenceFromLog, mergeEvidence, type CompilerEvidence } from '../../escape/index.js';
import { escapeJson, escapeJsonChunks } from '../../render/escape-json.js';
import { DEFAULT_EXPLAIN_FLOWS, renderAssertionText, renderEscapeText, renderExplain } from '../../render/escape-text.js';
import { packageDirectives } from '../../source/directives.js';
import { loadPackageSource } from '../../source/package-source.js';
import { assertionsFail, checkAssertions, type AssertionReport } from '../../verify/assertions.js';
import { scanFuncSpans } from '../../escape/func-spans.js';
import { resolveUserFile } from '../../escape/evidence-query.js';
import { findGo, goBinary } from '../../toolchain/go-command.js';
import { listDependencies, listPackages } from '../../toolchain/go-build.js';
import { isStandardPattern, resolvePatterns } from '../../toolchain/package-patterns.js';
import { intFlag, oneOf, parseFlags, type Command, type CommandContext } from '../command.js';
import { ExitCode } from '../exit-codes.js';

const usage =
  'heapsight escape [packages] [--explain FILE:LINE [--flows N]] [--all] [--tags T,U] [--all-packages] [--no-cache] [--from-log FILE|-] [--fail-on assertion|never] [--format text|json]';

/** readStdin reads all of standard input (for --from-log -). */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function parseExplain(v: string): { file: string; line: number } {
  const m = /^(.+):(\d+)(?::\d+)?$/.exec(v);
  if (!m) throw new UsageError(`--explain wants FILE:LINE (got ${JSON.stringify(v)})`, `usage: ${usage}`);
  return { file: m[1]!, line: Number(m[2]) };
}

/** MAX_LOG_BYTES is V8's longest string (2^29 - 24 chars), below which a UTF-8 log always decodes. */
const MAX_LOG_BYTES = (1 << 29) - 24;

async function fromLog(path: string, ctx: CommandContext): Promise<CompilerEvidence> {
  let bytes: Buffer;
  try {
    bytes = path === '-' ? await readStdin() : await readFile(resolveUserFile(ctx.cwd, path));
  } catch (e) {
    throw new InputError(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  // Node holds at most ~512 Mi chars in one string; a larger log is refused plainly, not with a stack.
  if (bytes.length > MAX_LOG_BYTES) {
    throw new InputError(`${path}: ${bytes.length} bytes is more than heapsight reads as one log (${MAX_LOG_BYTES})`, 'split it by package (the `# pkg` headers) and read each part');
  }
  const text = bytes.toString('utf8');
  const ev = evidenceFromLog(text, {
    base: ctx.cwd,
    origin: path === '-' ? 'stdin' : path,
    spansOf: (file) => {
      try {
        return scanFuncSpans(readFileSync(file));
      } catch {
        return null;
      }
    },
  });
  if (ev.sites.length === 0 && ev.inlining.length === 0 && ev.runtimeCalls.length === 0) {
    throw new InputError(
      `${path === '-' ? 'stdin' : path} holds no compiler diagnostics heapsight recognises`,
      'paste the output of `go build -gcflags=-m=2 ./...` (or -m, -m -m); it goes to stderr, so use 2>&1',
    );
  }
  return ev;
}

export const command: Command = {
  name: 'escape',
  summary: 'escape decisions with their causes in plain words, inlining, runtime allocation calls',
  usage,
  async run(args, ctx) {
    const { values, positionals } = parseFlags(
      args,
      {
        explain: { type: 'string' },
        all: { type: 'boolean' },
        tags: { type: 'string' },
        'all-packages': { type: 'boolean' },
        'from-log': { type: 'string' },
        'no-cache': { type: 'boolean' },
        flows: { type: 'string' },
        'fail-on': { type: 'string' },
        format: { type: 'string' },
      },
      usage,
    );
    const format = oneOf('format', values.format, ['text', 'json'] as const, 'text');
    const failOn = oneOf('fail-on', values['fail-on'], ['assertion', 'never'] as const, 'never');
    const explain = values.explain !== undefined ? parseExplain(values.explain) : null;
    const all = values.all ?? false;
    if (values.flows !== undefined && explain === null) throw new UsageError('--flows goes with --explain FILE:LINE', `usage: ${usage}`);
    const flows = intFlag('flows', values.flows, DEFAULT_EXPLAIN_FLOWS, 0);
    let ev: CompilerEvidence;
    // The directives of the named packages, judged on this build's evidence; none for a pasted log.
    let assertions: AssertionReport | undefined;
    if (values['from-log'] !== undefined) {
      if (failOn === 'assertion') throw new UsageError('--fail-on assertion needs the packages\' source: name packages instead of --from-log', `usage: ${usage}`);
      if (positionals.length > 0) throw new UsageError('--from-log reads a log instead of building: do not name packages too', `usage: ${usage}`);
      ev = await fromLog(values['from-log'], ctx);
    } else {
      const go = await findGo(ctx.runner, ctx.cwd, goBinary(ctx.env));
      const cacheDir = values['no-cache'] === true ? null : evidenceCacheDir(ctx.env);
      const tags = values.tags !== undefined ? values.tags.split(/[,\s]+/).filter((t) => t !== '') : undefined;
      const where = resolvePatterns(ctx.cwd, positionals);
      const onProgress = (line: string): void => {
        if (ctx.io.stderrIsTTY) ctx.io.stderr(`heapsight escape: ${line}\n`);
      };
      // Which package each file belongs to names inlined dependency code by its own package; std names
      // itself by path, so a std build (the 10%-overhead bar) skips the extra go list.
      const index =
        explain !== null || !where.patterns.every(isStandardPattern)
          ? await listDependencies(ctx.runner, go, { cwd: where.cwd, patterns: where.patterns, ...(tags ? { tags } : {}), signal: ctx.signal }).catch((e: unknown) => {
              if (e instanceof InterruptedError) throw e;
              return undefined;
            })
          : undefined;
      ev = await collectCompilerEvidence(ctx.runner, go, {
        cwd: where.cwd,
        packages: [...where.patterns],
        ...(tags ? { tags } : {}),
        allPackages: values['all-packages'] ?? false,
        // Without --all the report shows heap decisions only; --explain may ask about anything.
        detail: all || explain !== null ? 'all' : 'heap',
        signal: ctx.signal,
        ...(index ? { index } : {}),
        onProgress,
        cacheDir,
      });
      // --explain on a line of a dependency or std (where check found the bytes): compile that package too.
      const file = explain !== null ? resolveUserFile(ctx.cwd, explain.file) : null;
      const owner = file !== null ? index?.byDir.get(dirname(file)) : undefined;
      if (owner && !owner.target && !(values['all-packages'] ?? false)) {
        onProgress(`${explain!.file} is in ${owner.importPath}, outside the named packages: compiling it too…`);
        const extra = await collectCompilerEvidence(ctx.runner, go, {
          cwd: where.cwd,
          packages: [owner.importPath],
          ...(tags ? { tags } : {}),
          tests: false,
          detail: 'all',
          signal: ctx.signal,
          ...(index ? { index } : {}),
          onProgress,
          cacheDir,
        });
        ev = mergeEvidence(ev, extra);
      }
      if (explain === null && !where.patterns.every(isStandardPattern)) {
        const pkgs = await listPackages(ctx.runner, go, { cwd: where.cwd, patterns: where.patterns, ...(tags ? { tags } : {}), signal: ctx.signal });
        const sources = await Promise.all(pkgs.map(loadPackageSource));
        // The diagnostic build compiles test files too (collectCompilerEvidence's default outside std).
        const compiledFiles = new Set(pkgs.flatMap((p) => [...p.goFiles, ...p.cgoFiles, ...(p.standard ? [] : [...p.testGoFiles, ...p.xTestGoFiles])].map((f) => joinPath(p.dir, f))));
        assertions = checkAssertions({ directives: sources.map(packageDirectives), evidence: ev, compiledFiles });
      }
    }
    for (const w of ev.warnings) ctx.io.stderr(`heapsight escape: warning: ${w}\n`);
    const opts = { base: ctx.cwd, all, width: ctx.io.columns };
    if (explain) {
      const at = evidenceAt(ev, resolveUserFile(ctx.cwd, explain.file), explain.line);
      const rel = evidenceAt(ev, explain.file, explain.line);
      const found = at.sites.length + at.runtimeCalls.length + at.inlining.length > 0 ? at : rel;
      // Nothing said about a file that is not there is a wrong argument, not a clean answer.
      if (found.sites.length + found.runtimeCalls.length + found.inlining.length === 0 && !existsSync(resolveUserFile(ctx.cwd, explain.file))) {
        throw new InputError(`--explain ${explain.file}:${explain.line}: no such file, and the compiler said nothing about it`, 'name a .go file of the packages checked, relative to the current directory or absolute');
      }
      if (format === 'json') {
        const doc = escapeJson({ ...ev, sites: found.sites, runtimeCalls: found.runtimeCalls, inlining: found.inlining }, true);
        ctx.io.stdout(JSON.stringify(doc, null, 2) + '\n');
      } else {
        ctx.io.stdout(renderExplain(found, `${explain.file}:${explain.line}`, { ...opts, flows }));
      }
      return ExitCode.Clean;
    }
    if (format === 'json') {
      // In pieces: a whole-std document is hundreds of MB as one string.
      let pending = '';
      for (const chunk of escapeJsonChunks(ev, all, assertions)) {
        pending += chunk;
        if (pending.length >= 1 << 20) {
          ctx.io.stdout(pending);
          pending = '';
        }
      }
      ctx.io.stdout(pending);
    } else {
      ctx.io.stdout(renderEscapeText(ev, opts) + (assertions ? renderAssertionText(assertions, opts) : ''));
    }
    if (failOn === 'assertion' && assertions && assertionsFail(assertions)) return ExitCode.GateFailed;
    return ExitCode.Clean;
  },
};
