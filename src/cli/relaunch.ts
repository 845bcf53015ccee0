/**
 * A run of a thousand files or more goes on in a new Node process with a larger young generation (the command
 * line's launcher, bin/tonghop.js, starts it: the heap's sizes are fixed when Node starts). Reading thousands of
 * files keeps every commune's rows until they are consolidated, and the collector copies them about; with twice
 * the room it does so half as often. Measured at 3,321 communes (README, "Đo tốc độ"); below a thousand files
 * it does not pay (200 communes were a little slower), so it is not Node's setting for every run.
 */

/** Files from which the run goes on in a new Node with BIG_RUN_FLAGS. */
export const BIG_RUN_FILES = 1000;
/** Node's flags for such a run. */
export const BIG_RUN_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

/**
 * The flags to run again with for `files` commune files, or null: fewer files, or this Node was given a
 * young-generation size already (by the user, or by the launch before).
 */
export function relaunchFlags(files: number, execArgv: readonly string[]): string[] | null {
  if (files < BIG_RUN_FILES) return null;
  if (execArgv.some((a) => /^--(max-semi-space-size|semi-space|max-young-generation)/.test(a))) return null;
  return [...BIG_RUN_FLAGS];
}
