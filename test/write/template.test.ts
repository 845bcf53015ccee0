/**
 * The report forms made from the plan (issue 13), read back with exceljs (the reference reader): sheet
 * protection without a password, unlocked input cells only, the validation rules with their Vietnamese input
 * messages, the frozen header, A4 print setup, the very hidden marker sheet and the custom property — for
 * every commune of a 15-commune plan.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Plan } from '../../src/types';
import { loadPlan } from '../../src/pipeline';
import { parsePeriod } from '../../src/read/period';
import { writeXlsx } from '../../src/xlsx/write';
import { outputMark } from '../../src/xlsx/marker';
import { workbookMarkSync } from '../../src/cli/template';
import { buildTemplate, templateFileNames, templateProps, TEMPLATE_MARK } from '../../src/write/template';
import { communeNames, planBytes, PLAN_ROWS } from './template-fixture';

const period = parsePeriod('6 tháng đầu năm 2026')!;
const communes = communeNames(15);
let plan: Plan;

beforeAll(async () => {
  plan = (await loadPlan({ plan: { name: 'ke-hoach-2026.xlsx', data: await planBytes(communes) } })).plan!;
});

async function formOf(k: number): Promise<{ data: Uint8Array; wb: ExcelJS.Workbook }> {
  const input = { plan, commune: communes[k], period, planFile: 'ke-hoach-2026.xlsx' };
  const data = await writeXlsx(buildTemplate(input), { mark: templateProps(input) });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as never);
  return { data, wb };
}

describe('report forms', () => {
  it('file names: one per commune, from the slug, unique', () => {
    expect(templateFileNames(['Thanh Hà', 'Thanh Hạ', 'Đông Sơn'])).toEqual(['mau-bao-cao-thanh-ha.xlsx', 'mau-bao-cao-thanh-ha-2.xlsx', 'mau-bao-cao-dong-son.xlsx']);
    expect(new Set(templateFileNames(communeNames(200))).size).toBe(200);
  });

  it('every form: protection, unlocked inputs, validation, frozen header, A4, marker', async () => {
    expect(plan.communes).toEqual(communes);
    for (let k = 0; k < communes.length; k++) {
      const { data, wb } = await formOf(k);
      expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([['Mẫu báo cáo', 'visible'], ['Hướng dẫn', 'visible'], ['tonghop-mau', 'veryHidden']]);
      const ws = wb.getWorksheet('Mẫu báo cáo')!;
      // protected, without a password
      const prot = (ws as unknown as { sheetProtection: Record<string, unknown> | null }).sheetProtection;
      expect(prot?.sheet).toBe(true);
      expect(prot?.hashValue ?? prot?.password ?? prot?.algorithmName).toBeUndefined();
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 6, xSplit: 3 });
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
      // titles name the commune, the parent's target receiver and the period
      expect(String(ws.getCell('A1').value)).toBe(`UBND XÃ ${communes[k].toLocaleUpperCase('vi')}`);
      expect(String(ws.getCell('A4').value)).toMatch(/6 THÁNG ĐẦU NĂM 2026$/);
      expect(String(ws.getCell('A5').value)).toMatch(new RegExp(`^Mẫu tonghop/1 · mã mẫu [0-9a-f]{8} · Kế hoạch: ke-hoach-2026.xlsx · Đơn vị: ${communes[k]} · Kỳ: 6 tháng đầu năm 2026$`));
      expect([1, 2, 3, 4, 5, 6, 7, 8].map((c) => ws.getCell(6, c).value)).toEqual([
        'STT', 'Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm 2026', 'Thực hiện 6 tháng đầu năm 2026 (lũy kế từ đầu năm)', 'Cùng kỳ năm 2025', 'Ghi chú',
      ]);
      // sections and indicators in the plan's order
      const names: string[] = [];
      for (let r = 7; r <= 7 + PLAN_ROWS.length + 1; r++) names.push(String(ws.getCell(r, 3).value));
      expect(names).toEqual(['I. KINH TẾ', ...PLAN_ROWS.slice(0, 3).map((p) => p[1]), 'II. VĂN HÓA - XÃ HỘI', ...PLAN_ROWS.slice(3).map((p) => p[1])]);
      let inputs = 0;
      for (let r = 7; r <= 7 + PLAN_ROWS.length + 1; r++) {
        const code = ws.getCell(r, 2).value;
        const name = String(ws.getCell(r, 3).value);
        const p = PLAN_ROWS.find((x) => x[1] === name);
        for (let c = 1; c <= 8; c++) {
          const locked = ws.getCell(r, c).protection?.locked !== false;
          expect(locked, `${r}:${c}`).toBe(!(p && c >= 6));
        }
        if (!p) continue;
        inputs++;
        expect(code ?? null).toBe(p[0]);
        expect(ws.getCell(r, 4).value).toBe(p[2]);
        expect(ws.getCell(r, 5).value ?? null).toBe(p[6](k)); // the commune's own annual target
        for (const c of ['F', 'G']) {
          const dv = ws.getCell(`${c}${r}`).dataValidation;
          if (p[3] === 'Số xã đạt') expect(dv).toMatchObject({ type: 'list', formulae: ['"Đạt,Chưa đạt"'], showInputMessage: true });
          else if (p[2] === '%') expect(dv).toMatchObject({ type: 'decimal', operator: 'between', formulae: [0, 100], showInputMessage: true });
          else expect(dv).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0], showInputMessage: true });
          expect(dv.promptTitle).toBeTruthy();
          expect(dv.prompt).toMatch(/nhập|chọn/i);
        }
        expect(ws.getCell(`H${r}`).dataValidation).toBeUndefined();
      }
      expect(inputs).toBe(PLAN_ROWS.length);
      // nothing outside the table is unlocked
      for (const a of ['A1', 'A5', 'F6', 'E7', 'F20', 'C20']) expect(ws.getCell(a).protection?.locked, a).not.toBe(false);
      // the marker
      const m = wb.getWorksheet('tonghop-mau')!;
      expect([m.getCell('A1').value, m.getCell('B1').value, m.getCell('B3').value, m.getCell('B4').value, m.getCell('B5').value]).toEqual(
        ['tonghop', 'template/1', 'ke-hoach-2026.xlsx', communes[k], '6 tháng đầu năm 2026'],
      );
      expect(workbookMarkSync(data)).toBe(TEMPLATE_MARK);
      expect(await outputMark(data)).toBeNull(); // a form is never taken for tonghop's output
      // the instructions
      const help = wb.getWorksheet('Hướng dẫn')!;
      expect(String(help.getCell('A1').value)).toBe('HƯỚNG DẪN ĐIỀN MẪU BÁO CÁO');
    }
  }, 120_000);
});
