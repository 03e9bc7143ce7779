// layers.ts checks heapsight's layer rule over an import graph (STYLE.md):
// evidence flows one way, toolchain/ is the only place that spawns processes,
// cli/ (and web/) the only places that write to the terminal or exit.
// Pure: the graph comes in, violations go out, so a test can feed it a
// deliberately broken graph as well as the real tree's.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** LAYERS ranks src/'s parts, lowest first: a module may import its own rank or lower. */
export const LAYERS: readonly (readonly string[])[] = [
  // Leaves every layer may use (the Go source tokenizer keeps its names flat).
  ['flat-string.ts'],
  ['errors.ts', 'go-duration.ts', 'human-units.ts', 'go-symbol.ts', 'quantile.ts', 'line-splitter.ts', 'go-func-spans.ts'],
  ['toolchain'],
  // Parsers of one kind of evidence each; they do not import each other.
  ['escape', 'profile', 'gctrace', 'source'],
  // Measurement: the benchmark runner reads gctrace.
  ['bench'],
  // The join.
  ['verify'],
  // The run history: reads check reports, keeps runs in SQLite, finds trends.
  ['history'],
  // The pipelines and the library surface.
  ['core', 'index.ts'],
  ['render', 'i18n'],
  ['cli', 'web'],
];

/** PEERS_MAY_IMPORT says which parts of one rank may import each other (none by default). */
// cli/ starts the workbench server (serve), which lives in web/; web/ never imports cli/.
const PEERS_MAY_IMPORT: ReadonlySet<string> = new Set(['core>index.ts', 'index.ts>core', 'render>i18n', 'cli>web']);

/** ModuleFacts is one source file as the checker sees it. */
export interface ModuleFacts {
  /** Path relative to src/, e.g. "cli/commands/check.ts". */
  readonly path: string;
  /** Imports resolved relative to src/ ("bench/runner.ts"), or bare specifiers ("node:child_process"). */
  readonly imports: readonly string[];
  /** The source text, for the writer rule. */
  readonly text: string;
}

/** partOf is the first path element: "cli/commands/check.ts" → "cli", "errors.ts" → "errors.ts". */
export function partOf(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(0, slash);
}

function rankOf(part: string): number {
  return LAYERS.findIndex((l) => l.includes(part));
}

const SPAWNERS = new Set(['node:child_process', 'child_process']);
const SPAWN_PARTS = new Set(['toolchain']);
const WRITER_PARTS = new Set(['cli', 'web']);
// Writing to the terminal or ending the process outside cli/: stdout/stderr writes, console output, exit.
const WRITE_RE = /\bprocess\.(stdout|stderr)\.write\b|\bconsole\.(log|error|warn|info)\(|\bprocess\.exit\(/;

/** layerViolations lists every break of the rule, one line each ("a -> b: why"). */
export function layerViolations(modules: readonly ModuleFacts[]): string[] {
  const out: string[] = [];
  for (const m of modules) {
    const part = partOf(m.path);
    const rank = rankOf(part);
    if (rank < 0) {
      out.push(`${m.path}: ${part} is in no layer (add it to LAYERS)`);
      continue;
    }
    for (const imp of m.imports) {
      if (SPAWNERS.has(imp)) {
        if (!SPAWN_PARTS.has(part)) out.push(`${m.path} -> ${imp}: only toolchain/ spawns processes`);
        continue;
      }
      if (imp.startsWith('node:') || !imp.endsWith('.ts')) continue;
      const target = partOf(imp);
      if (target === part) continue;
      const r = rankOf(target);
      if (r < 0) out.push(`${m.path} -> ${imp}: ${target} is in no layer`);
      else if (r > rank) out.push(`${m.path} -> ${imp}: ${part} may not import the higher layer ${target}`);
      else if (r === rank && !PEERS_MAY_IMPORT.has(`${part}>${target}`)) out.push(`${m.path} -> ${imp}: ${part} and ${target} are peers and do not import each other`);
    }
    if (!WRITER_PARTS.has(part) && WRITE_RE.test(m.text)) out.push(`${m.path}: only cli/ writes to the terminal or exits`);
    // A wrong command line is the CLI's to say; below it an option is a domain error (SettingError, InputError) that cli/ maps to its flag.
    if (!WRITER_PARTS.has(part) && m.path !== 'errors.ts' && /\bnew UsageError\(/.test(m.text)) out.push(`${m.path}: only cli/ raises UsageError (below it, a domain error)`);
  }
  return out;
}

const importRe = /\b(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** readTree reads every .ts file under srcDir with its imports resolved to paths relative to srcDir. */
export function readTree(srcDir: string): ModuleFacts[] {
  const root = resolve(srcDir);
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(root);
  return files.map((file) => {
    // Comments name modules too ("see src/toolchain/process.ts"): only code counts.
    const text = readFileSync(file, 'utf8');
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
    const imports: string[] = [];
    for (const m of code.matchAll(importRe)) {
      const spec = m[1] ?? m[2] ?? m[3]!;
      if (spec.startsWith('.')) imports.push(relative(root, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
      else imports.push(spec);
    }
    return { path: relative(root, file), imports, text: code };
  });
}
