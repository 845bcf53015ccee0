/**
 * The command line's argument parser: a few lines, no library.
 *   tonghop consolidate [--plan PLAN.xlsx] --out OUT.xlsx [--json REPORT.json] [--lang vi|en]
 *                       [--period "quý I/2020"] [--force] [--json-pretty]
 *                       [--max-rows N] [--max-cols N] [--max-file-mb MB] [--max-unzipped-mb MB] [--threads N]
 *                       [--previous LAST_YEAR_FILES_OR_FOLDERS… [--]] FILES_OR_FOLDERS…
 * --previous takes every following argument up to the next option or "--" (and may be given again).
 *   tonghop --help | -h | help | --version
 * Problems are returned as bilingual messages (Vietnamese, then English); nothing is thrown.
 */

export interface ConsolidateArgs {
  plan: string | null;
  out: string | null;
  json: string | null;
  lang: string | null;
  period: string | null;
  /** Word file of the narrative draft (--docx). */
  docx?: string | null;
  /** The issuing body for the heading (--unit). */
  unit?: string | null;
  force: boolean;
  help: boolean;
  inputs: string[];
  /** The reading limits (src/xlsx/limits.ts), as typed; present only when given. */
  maxRows?: string;
  maxCols?: string;
  maxFileMb?: string;
  maxUnzippedMb?: string;
  /** --json-pretty: indent the JSON report (compact by default); present only when given. */
  jsonPretty?: boolean;
  /** --threads N: threads reading the communes' files, the main one counted (1: no other thread); present only when given. */
  threads?: string;
  /** --previous: last year's files or folders (the same period of last year); present only when given. */
  previous?: string[];
}

export type Parsed =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'consolidate'; args: ConsolidateArgs }
  | { command: 'error'; vi: string; en: string };

/** Options taking a value, with their aliases. */
const VALUE_OPTS: Record<string, keyof ConsolidateArgs> = {
  '--plan': 'plan',
  '-p': 'plan',
  '--out': 'out',
  '-o': 'out',
  '--json': 'json',
  '--lang': 'lang',
  '--period': 'period',
  '--max-rows': 'maxRows',
  '--max-cols': 'maxCols',
  '--max-file-mb': 'maxFileMb',
  '--max-unzipped-mb': 'maxUnzippedMb',
  '--docx': 'docx',
  '--unit': 'unit',
  '--threads': 'threads',
};

const FLAG_OPTS: Record<string, 'force' | 'help' | 'jsonPretty'> = {
  '--json-pretty': 'jsonPretty',
  '--force': 'force',
  '-f': 'force',
  '--help': 'help',
  '-h': 'help',
};

export function parseArgs(argv: string[]): Parsed {
  if (argv.length === 0) return { command: 'error', vi: 'thiếu lệnh', en: 'no command given' };
  const [cmd, ...rest] = argv;
  if (cmd === '--help' || cmd === '-h' || cmd === 'help' || cmd === '-?') return { command: 'help' };
  if (cmd === '--version' || cmd === '-v' || cmd === '-V' || cmd === 'version') return { command: 'version' };
  if (cmd !== 'consolidate' && cmd !== 'tong-hop' && cmd !== 'tonghop') {
    if (cmd.startsWith('-')) {
      return { command: 'error', vi: `tùy chọn '${cmd}' phải đứng sau lệnh 'consolidate'`, en: `option '${cmd}' must come after the command 'consolidate'` };
    }
    return { command: 'error', vi: `lệnh không có: '${cmd}' (có 'consolidate' và 'template')`, en: `unknown command '${cmd}' (the commands are 'consolidate' and 'template')` };
  }

  const args: ConsolidateArgs = { plan: null, out: null, json: null, lang: null, period: null, force: false, help: false, inputs: [] };
  let onlyPositional = false;
  let inPrevious = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (onlyPositional || a === '-' || !a.startsWith('-')) {
      if (inPrevious && !onlyPositional) args.previous!.push(a);
      else args.inputs.push(a);
      continue;
    }
    if (a === '--') {
      // "--" ends the list of --previous; a second "--" (or one with no --previous open) ends the options
      if (inPrevious) inPrevious = false;
      else onlyPositional = true;
      continue;
    }
    inPrevious = false;
    if (a === '--previous' || a.startsWith('--previous=')) {
      args.previous = args.previous ?? [];
      if (a.startsWith('--previous=')) {
        const v = a.slice('--previous='.length);
        if (!v) return { command: 'error', vi: `tùy chọn '--previous' cần một giá trị`, en: `option '--previous' needs a value` };
        args.previous.push(v);
      } else {
        if (rest[i + 1] === undefined || (rest[i + 1].startsWith('-') && rest[i + 1] !== '-')) {
          return { command: 'error', vi: `tùy chọn '--previous' cần ít nhất một tệp hoặc thư mục`, en: `option '--previous' needs at least one file or folder` };
        }
        inPrevious = true;
      }
      continue;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (name in FLAG_OPTS) {
      if (eq > 0) return { command: 'error', vi: `tùy chọn '${name}' không nhận giá trị`, en: `option '${name}' takes no value` };
      args[FLAG_OPTS[name]] = true;
      continue;
    }
    if (name in VALUE_OPTS) {
      const key = VALUE_OPTS[name];
      let value: string | undefined;
      if (eq > 0) value = a.slice(eq + 1);
      else {
        value = rest[i + 1];
        // "--out --json x" is a missing value, not an output named "--json"
        if (value !== undefined && value.startsWith('-') && value.length > 1) value = undefined;
        else i++;
      }
      if (value === undefined || value === '') {
        return { command: 'error', vi: `tùy chọn '${name}' cần một giá trị`, en: `option '${name}' needs a value` };
      }
      if ((args[key] as string | null | undefined) != null) {
        return { command: 'error', vi: `tùy chọn '${name}' được cho hai lần`, en: `option '${name}' given twice` };
      }
      (args as unknown as Record<string, string>)[key] = value;
      continue;
    }
    return { command: 'error', vi: `tùy chọn không có: '${name}'`, en: `unknown option '${name}'` };
  }
  return { command: 'consolidate', args };
}
