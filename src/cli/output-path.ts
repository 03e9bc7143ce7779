// output-path.ts checks where a command will write before it does the work:
// a report that took ten minutes of benchmarks must not be lost at the end
// to a missing directory. The write itself turns the same failures into one
// plain message (exit 2), never a stack.
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * checkOutputFile says, before any work, whether FILE can be written: its
 * directory exists and is writable, and FILE is not a directory. "-" (stdout)
 * and undefined (not asked for) pass. Returns the absolute path.
 */
export function checkOutputFile(flag: string, path: string | undefined, cwd: string): string | undefined {
  if (path === undefined || path === '-') return path;
  if (path === '') throw new UsageError(`${flag} needs a file name`);
  const abs = resolve(cwd, path);
  const st = statOrNull(abs);
  if (st !== null) {
    if (st.isDirectory()) throw new UsageError(`${flag} ${path}: is a directory`, 'name a file to write');
    if (!writable(abs)) throw new UsageError(`${flag} ${path}: not writable`);
    return abs;
  }
  const dir = dirname(abs);
  const ds = statOrNull(dir);
  if (ds === null) throw new UsageError(`${flag} ${path}: directory ${dir} does not exist`, 'create it first, or name a file in an existing directory');
  if (!ds.isDirectory()) throw new UsageError(`${flag} ${path}: ${dir} is not a directory`);
  if (!writable(dir)) throw new UsageError(`${flag} ${path}: directory ${dir} is not writable`);
  return abs;
}

/**
 * checkOutputDir says whether DIR exists as a writable directory or can be
 * created (its nearest existing ancestor is a writable directory).
 */
export function checkOutputDir(flag: string, path: string | undefined, cwd: string): string | undefined {
  if (path === undefined) return undefined;
  if (path === '') throw new UsageError(`${flag} needs a directory`);
  const abs = resolve(cwd, path);
  for (let d = abs; ; d = dirname(d)) {
    const st = statOrNull(d);
    if (st !== null) {
      if (!st.isDirectory()) throw new UsageError(`${flag} ${path}: ${d} is not a directory`);
      if (!writable(d)) throw new UsageError(`${flag} ${path}: ${d === abs ? 'directory' : `cannot create it: ${d}`} is not writable`);
      return abs;
    }
    if (dirname(d) === d) throw new UsageError(`${flag} ${path}: no existing directory above it`);
  }
}

/** writeOutputFile writes data to a path checked before; a failure now (disk full, removed meanwhile) is an InputError. */
export async function writeOutputFile(flag: string, path: string, cwd: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(resolve(cwd, path), data);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError(`${flag} ${path}: cannot write: ${err.code ?? err.message}`);
  }
}

/** makeOutputDir creates a directory checked before; a failure now is an InputError. */
export async function makeOutputDir(flag: string, path: string, cwd: string): Promise<void> {
  try {
    await mkdir(resolve(cwd, path), { recursive: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError(`${flag} ${path}: cannot create the directory: ${err.code ?? err.message}`);
  }
}
