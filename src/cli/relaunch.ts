/**
 * A run of a thousand files or more goes on in a new Node process with a larger young generation (the command
 * line's launcher, bin/tonghop.js, starts it: the heap's sizes are fixed when Node starts). Reading thousands of
 * files keeps every commune's rows until they are consolidated, and the collector copies them about; with twice
 * the room it does so half as often. Measured at 3,321 communes (README, "Đo tốc độ"); below a thousand files
 * it does not pay (200 communes were a little slower), so it is not Node's setting for every run.
 *
 * The launcher decides first, before the rest of tonghop is loaded (earlyRelaunchFlags, a quick count of the
 * workbooks the arguments name): the first Node then spends 0.3 s less before the second starts (measured at
 * 3,321 files: it used to load every module and look at every file first). main() still relaunches a run the
 * quick count missed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { hasExt, WORKBOOK_EXT } from './files';

/** Files from which the run goes on in a new Node with BIG_RUN_FLAGS. */
export const BIG_RUN_FILES = 1000;
/**
 * Node's flags for such a run: the larger young generation, and `gc` to call once the communes' readings are let
 * go, before the workbook is made (cli/main.ts collectReadings).
 */
export const BIG_RUN_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--expose-gc'];

/**
 * The flags to run again with for `files` commune files, or null: fewer files, or this Node was given a
 * young-generation size already (by the user, or by the launch before).
 */
export function relaunchFlags(files: number, execArgv: readonly string[]): string[] | null {
  if (files < BIG_RUN_FILES) return null;
  if (execArgv.some((a) => /^--(max-semi-space-size|semi-space|max-young-generation)/.test(a))) return null;
  return [...BIG_RUN_FLAGS];
}

/** Folders looked into by the quick count at most: a folder of thousands of subfolders is not worth the wait. */
const QUICK_DIRS = 2000;

/**
 * A quick count of the workbooks `args` name, up to `enough`: arguments that are workbooks, and the workbooks in
 * folders searched as collectFiles searches them (by name only: nothing is opened, no link followed). Option
 * values are counted too (a --previous folder): it only guesses whether a run is big, and a wrong guess costs
 * a Node's start, never a result.
 */
export function quickWorkbookCount(args: readonly string[], cwd: string, enough = BIG_RUN_FILES): number {
  const isBook = (name: string) => hasExt(name, WORKBOOK_EXT);
  let n = 0;
  const dirs: string[] = [];
  for (const a of args) {
    if (a.startsWith('-')) continue;
    const p = path.resolve(cwd, a);
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) dirs.push(p);
    else if (isBook(p)) n++;
  }
  for (let looked = 0; dirs.length && looked < QUICK_DIRS && n < enough; looked++) {
    const dir = dirs.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) dirs.push(path.join(dir, e.name));
      else if (isBook(e.name) && ++n >= enough) break;
    }
  }
  return n;
}

/** The launcher's decision: the flags to run `argv` again with at once, or null (then main() decides, as before). */
export function earlyRelaunchFlags(argv: readonly string[], execArgv: readonly string[], cwd: string): string[] | null {
  if (argv[0] !== 'consolidate' || argv.includes('--help') || argv.includes('-h')) return null;
  return relaunchFlags(quickWorkbookCount(argv.slice(1), cwd), execArgv);
}
