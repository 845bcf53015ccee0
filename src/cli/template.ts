/**
 * `tonghop template`: one report form per commune of the plan (issue 13), made by src/write/template.ts and
 * written by the project's .xlsx writer.
 *
 *   tonghop template --plan PLAN.xlsx --period "6 tháng đầu năm 2026" --out DIR [--commune NAME…] [--force]
 *
 * Files are "DIR/mau-bao-cao-<slug>.xlsx". An existing file is never replaced without --force, and with
 * --force only when it is one of tonghop's forms (its docProps/custom.xml mark): never the plan, a commune's
 * report or any other file (the same rule and writer as `consolidate`, src/cli/files.ts).
 * Exit status: 0 forms written; 1 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { Plan, Period } from '../types';
import { loadPlan } from '../pipeline';
import { parsePeriod } from '../read/period';
import { writeXlsx } from '../xlsx/write';
import { findEntry, inspectZip, isZipMagic } from '../xlsx/zip';
import { readXlsx } from '../xlsx/workbook';
import { readTemplate } from '../read/template';
import { parseCustomProps, MARK_NAME } from '../xlsx/marker';
import { buildTemplate, templateFileNames, templateProps, TEMPLATE_MARK } from '../write/template';
import { communeKey } from '../util/text';
import { readRegularFile, samePath, writeAtomically, OutputExistsError, NotOurFileError } from './files';
import type { CliIO } from './main';

export const TEMPLATE_HELP = `tonghop template — lập mẫu báo cáo cho từng xã từ kế hoạch năm
                 make each commune's report form from the annual plan

Cách dùng / Usage:
  tonghop template --plan KẾ_HOẠCH.xlsx --period "KỲ" --out THƯ_MỤC [--commune TÊN_XÃ…] [--force]

  --plan, -p KẾ_HOẠCH.xlsx  Kế hoạch năm (bắt buộc). / The annual plan (required).
  --period "KỲ"             Kỳ báo cáo (bắt buộc): "6 tháng đầu năm 2026", "quý I/2026", "9 tháng 2026", "năm 2026".
                            The reporting period (required).
  --out, -o THƯ_MỤC         Thư mục ghi các mẫu (được tạo nếu chưa có): mau-bao-cao-<tên-xã>.xlsx.
                            The folder to write the forms to (created if missing).
  --commune, -c TÊN_XÃ…     Chỉ lập mẫu cho các xã này (có thể nêu nhiều lần). / Only these communes (repeatable).
  --force, -f               Ghi đè mẫu đã có — chỉ mẫu do tonghop lập. / Overwrite earlier forms — only tonghop's.
`;

interface TemplateArgs {
  plan: string | null;
  period: string | null;
  out: string | null;
  communes: string[];
  force: boolean;
  help: boolean;
}

type Bi = { vi: string; en: string };

function parse(argv: string[]): TemplateArgs | Bi {
  const a: TemplateArgs = { plan: null, period: null, out: null, communes: [], force: false, help: false };
  const single: Record<string, 'plan' | 'period' | 'out'> = { '--plan': 'plan', '-p': 'plan', '--period': 'period', '--out': 'out', '-o': 'out' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const take = (): string | null => {
      if (eq > 0) return arg.slice(eq + 1) || null;
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('-') && v.length > 1)) return null;
      i++;
      return v;
    };
    if (name === '--force' || name === '-f') a.force = true;
    else if (name === '--help' || name === '-h') a.help = true;
    else if (name in single) {
      const v = take();
      if (v === null) return { vi: `tùy chọn '${name}' cần một giá trị`, en: `option '${name}' needs a value` };
      if (a[single[name]] !== null) return { vi: `tùy chọn '${name}' được cho hai lần`, en: `option '${name}' given twice` };
      a[single[name]] = v;
    } else if (name === '--commune' || name === '-c') {
      const v = take();
      if (v === null) return { vi: `tùy chọn '${name}' cần tên xã`, en: `option '${name}' needs a commune's name` };
      a.communes.push(v);
      // "--commune A B C": the names that follow, up to the next option
      while (eq < 0 && i + 1 < argv.length && !argv[i + 1].startsWith('-')) a.communes.push(argv[++i]);
    } else return { vi: `tùy chọn không có: '${name}'`, en: `unknown option '${name}'` };
  }
  return a;
}

/** The value of the mark in a workbook's docProps/custom.xml, or null. */
export function workbookMarkSync(data: Uint8Array): string | null {
  try {
    if (!isZipMagic(data)) return null;
    const zip = inspectZip(data, { maxCompressedBytes: Number.MAX_SAFE_INTEGER, maxUncompressedBytes: Number.MAX_SAFE_INTEGER });
    if (!zip.ok) return null;
    const e = findEntry(zip.entries, 'docProps/custom.xml');
    if (!e || e.dir || e.encrypted || e.uncompressedSize > 1 << 20) return null;
    const raw = data.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    const bytes = e.method === 0 ? raw : e.method === 8 ? zlib.inflateRawSync(raw, { maxOutputLength: 1 << 20 }) : null;
    return bytes ? parseCustomProps(new TextDecoder().decode(bytes)).get(MARK_NAME) ?? null : null;
  } catch {
    return null;
  }
}

/** A form tonghop made earlier (only such a file is replaced with --force). */
export function isTemplateFile(p: string): boolean {
  const r = readRegularFile(p, 200 * 1024 * 1024);
  return r.ok && workbookMarkSync(r.data) === TEMPLATE_MARK;
}

/**
 * A form tonghop made that nobody has filled in yet: the only kind --force replaces. A form a commune sent
 * back (its values typed) is the user's data and is never overwritten.
 */
export async function isBlankTemplateFile(p: string): Promise<boolean> {
  const r = readRegularFile(p, 200 * 1024 * 1024);
  if (!r.ok || workbookMarkSync(r.data) !== TEMPLATE_MARK) return false;
  const { grids } = await readXlsx({ name: path.basename(p), data: r.data });
  const rep = readTemplate(grids, { file: path.basename(p), plan: null });
  return !!rep && rep.rows.every((row) => !row.note && [row.actual, row.previous].every((v) => v === null || v.raw === null || v.raw === ''));
}

/** The plan's communes the user named (plan spelling), or the unknown names. */
function pickCommunes(plan: Plan, wanted: string[]): { names: string[]; unknown: string[] } {
  if (!wanted.length) return { names: plan.communes, unknown: [] };
  const byKey = new Map(plan.communes.map((c) => [communeKey(c), c]));
  const names: string[] = [];
  const unknown: string[] = [];
  for (const w of wanted) {
    const c = plan.communes.find((x) => x === w.trim()) ?? byKey.get(communeKey(w));
    if (c) {
      if (!names.includes(c)) names.push(c);
    } else unknown.push(w);
  }
  return { names, unknown };
}

async function readPlanAt(planPath: string, given: string): Promise<Plan | Bi> {
  const r = readRegularFile(planPath, 50 * 1024 * 1024);
  if (!r.ok) return { vi: `không đọc được tệp kế hoạch '${given}'`, en: `cannot read the plan '${given}'` };
  const { plan, issues } = await loadPlan({ plan: { name: path.basename(planPath).normalize('NFC'), data: r.data }, limits: { maxCols: 10000 } });
  if (!plan) {
    const why = issues.find((i) => i.severity === 'error');
    return { vi: `không đọc được kế hoạch '${given}'${why ? ': ' + why.message : ''}`, en: `cannot read the plan '${given}'${why ? ': ' + why.messageEn : ''}` };
  }
  if (!plan.communes.length) return { vi: `kế hoạch '${given}' không có cột nào cho từng xã`, en: `the plan '${given}' has no column per commune` };
  return plan;
}

/** `tonghop template …` (argv after the word "template"). */
export async function templateMain(argv: string[], io: CliIO = {}): Promise<number> {
  const out = io.stdout ?? ((s: string) => void process.stdout.write(s));
  const err = io.stderr ?? ((s: string) => void process.stderr.write(s));
  const cwd = io.cwd ?? process.cwd();
  const usage = (u: Bi): number => {
    err(`tonghop: lỗi: ${u.vi}\ntonghop: error: ${u.en}\nXem / see: tonghop template --help\n`);
    return 1;
  };
  const a = parse(argv);
  if ('vi' in a) return usage(a);
  if (a.help) {
    out(TEMPLATE_HELP);
    return 0;
  }
  if (!a.plan) return usage({ vi: 'thiếu --plan: cần tệp kế hoạch năm', en: 'missing --plan: name the annual plan' });
  if (!a.period) return usage({ vi: 'thiếu --period: cần kỳ báo cáo, ví dụ "6 tháng đầu năm 2026"', en: 'missing --period: name the period, e.g. "6 tháng đầu năm 2026"' });
  if (!a.out) return usage({ vi: 'thiếu --out: cần thư mục ghi các mẫu', en: 'missing --out: name the folder to write the forms to' });
  const planPath = path.resolve(cwd, a.plan);
  if (!fs.existsSync(planPath) || !fs.statSync(planPath).isFile()) return usage({ vi: `không có tệp kế hoạch '${a.plan}'`, en: `the plan '${a.plan}' does not exist` });
  const outDir = path.resolve(cwd, a.out);
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) return usage({ vi: `'${a.out}' không phải là thư mục`, en: `'${a.out}' is not a folder` });
  const parsedPeriod = parsePeriod(a.period);
  if (!parsedPeriod) return usage({ vi: `không hiểu kỳ báo cáo '${a.period}'`, en: `cannot understand the period '${a.period}'` });

  const plan = await readPlanAt(planPath, a.plan);
  if ('vi' in plan) return usage(plan);
  let period: Period = parsedPeriod;
  if (period.year === null) {
    if (!plan.year) return usage({ vi: `kỳ '${a.period}' thiếu năm, và kế hoạch không ghi năm`, en: `the period '${a.period}' has no year, nor has the plan` });
    period = parsePeriod(`${a.period} năm ${plan.year}`) ?? period;
  }
  const { names, unknown } = pickCommunes(plan, a.communes);
  if (unknown.length) {
    const list = plan.communes.slice(0, 20).join(', ') + (plan.communes.length > 20 ? ', …' : '');
    return usage({ vi: `kế hoạch không có xã: ${unknown.join(', ')} (các xã của kế hoạch: ${list})`, en: `no such commune in the plan: ${unknown.join(', ')} (the plan's communes: ${list})` });
  }

  const files = templateFileNames(names);
  const planFile = path.basename(planPath).normalize('NFC');
  const writes: { target: string; data: Uint8Array }[] = [];
  for (let i = 0; i < names.length; i++) {
    const target = path.join(outDir, files[i]);
    if (samePath(target, planPath)) return usage({ vi: `'${files[i]}' là tệp kế hoạch: không ghi đè`, en: `'${files[i]}' is the plan: never overwritten` });
    const input = { plan, commune: names[i], period, planFile };
    writes.push({ target, data: await writeXlsx(buildTemplate(input), { mark: templateProps(input) }) });
  }
  // --force replaces only blank forms tonghop made (decided before writing; the move re-checks the mark)
  const blank = new Set<string>();
  if (a.force) for (const w of writes) if (fs.existsSync(w.target) && (await isBlankTemplateFile(w.target))) blank.add(w.target);
  try {
    await writeAtomically(writes, a.force, (t) => blank.has(t) && isTemplateFile(t));
  } catch (e) {
    const rel = (t: string) => path.relative(cwd, t) || t;
    if (e instanceof OutputExistsError) return usage({ vi: `tệp '${rel(e.target)}' đã có; thêm --force để ghi đè`, en: `'${rel(e.target)}' already exists; add --force to overwrite it` });
    if (e instanceof NotOurFileError) {
      return usage({
        vi: `tệp '${rel(e.target)}' đã có và không phải mẫu trống do tonghop lập (tệp khác, hoặc mẫu đã được xã điền): không ghi đè, kể cả với --force`,
        en: `'${rel(e.target)}' exists and is not a blank form tonghop made (another file, or a form a commune filled in): it is never overwritten, even with --force`,
      });
    }
    return usage({ vi: `không ghi được các mẫu: ${(e as Error).message}`, en: `cannot write the forms: ${(e as Error).message}` });
  }
  const shown = path.relative(cwd, outDir).startsWith('..') ? outDir : path.relative(cwd, outDir) || '.';
  out(`Đã lập ${names.length} mẫu báo cáo (${period.label}) trong ${shown}\n`);
  out(`Wrote ${names.length} report form(s) (${period.label}) to ${shown}\n`);
  return 0;
}
