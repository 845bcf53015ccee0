/**
 * The task pane's report forms (issue 13), loaded only when asked for: the plan read from a file or a sheet of
 * the open workbook, one form per commune (src/write/template.ts, written by src/xlsx/write.ts), all in one
 * .zip made by the project's zip writer (src/xlsx/zip.ts). The same forms as `tonghop template`.
 */
import type { Grid, Period, Plan } from '../types';
import { loadPlan } from '../pipeline';
import { buildTemplate, templateFileNames, templateProps } from '../write/template';
import { writeXlsx } from '../xlsx/write';
import { writeZip } from '../xlsx/zip';
import { zipEntry } from '../xlsx/deflate';

export interface PlanForForms {
  name: string;
  data?: Uint8Array;
  grids?: Grid[];
}

export type FormsResult =
  | { ok: true; plan: Plan; files: { commune: string; name: string; data: Uint8Array }[] }
  | { ok: false; vi: string; en: string };

/** Read the plan; null with the reason when it has no communes or can't be read. */
export async function planOf(p: PlanForForms): Promise<{ plan: Plan } | { vi: string; en: string }> {
  const { plan, issues } = p.grids
    ? await loadPlan({ plan: { file: p.name, grids: p.grids } })
    : await loadPlan({ plan: { name: p.name, data: p.data ?? new Uint8Array() }, limits: { maxCols: 10000 } });
  if (!plan) {
    const why = issues.find((i) => i.severity === 'error');
    return { vi: `Không đọc được kế hoạch '${p.name}'${why ? ': ' + why.message : ''}`, en: `Cannot read the plan '${p.name}'${why ? ': ' + why.messageEn : ''}` };
  }
  if (!plan.communes.length) return { vi: `Kế hoạch '${p.name}' không có cột nào cho từng xã`, en: `The plan '${p.name}' has no column per commune` };
  return { plan };
}

/** One form per commune (or only `only`), as .xlsx bytes. */
export async function makeForms(p: PlanForForms, period: Period, only?: string[]): Promise<FormsResult> {
  const read = await planOf(p);
  if (!('plan' in read)) return { ok: false, ...read };
  const plan = read.plan;
  const communes = only?.length ? plan.communes.filter((c) => only.includes(c)) : plan.communes;
  const names = templateFileNames(communes);
  const files: { commune: string; name: string; data: Uint8Array }[] = [];
  for (let i = 0; i < communes.length; i++) {
    const input = { plan, commune: communes[i], period, planFile: p.name };
    files.push({ commune: communes[i], name: names[i], data: await writeXlsx(buildTemplate(input), { mark: templateProps(input) }) });
  }
  return { ok: true, plan, files };
}

/** The forms in one .zip (stored: .xlsx files are compressed already). */
export async function formsZip(files: { name: string; data: Uint8Array }[]): Promise<Uint8Array> {
  const entries = await Promise.all(files.map((f) => zipEntry(f.name, f.data, 0, 'store')));
  return writeZip(entries);
}

/** Bytes as base64 (Excel.createWorkbook takes a base64 .xlsx). */
export function toBase64(data: Uint8Array): string {
  let s = '';
  for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(s);
}
