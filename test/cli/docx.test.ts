/** --docx writes the narrative draft (a Word file); --unit names the issuing body in it and on "Tổng hợp". */
import { describe, expect, it } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import ExcelJS from 'exceljs';
import { EXAMPLES, run, tempDir } from './helpers';

describe('--docx and --unit', () => {
  it('writes the Word draft beside the workbook, headed by the given unit', async () => {
    const dir = tempDir();
    const r = await run(['consolidate', '--plan', path.join(EXAMPLES, 'ke-hoach-2024.xlsx'), '--out', 'o.xlsx', '--docx', 'bao-cao.docx', '--unit', 'UBND huyện Thanh Liêm', path.join(EXAMPLES, 'xa')], dir);
    expect(r.code).toBe(0);
    const docx = path.join(dir, 'bao-cao.docx');
    expect(fs.existsSync(docx)).toBe(true);
    const xml = spawnSync('unzip', ['-p', docx, 'word/document.xml'], { encoding: 'utf8' }).stdout;
    expect(xml).toContain('UBND HUYỆN THANH LIÊM');
    expect(xml).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(xml).toContain('Thu ngân sách nhà nước trên địa bàn đạt 24.324 triệu đồng, bằng 51,75% kế hoạch năm');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'o.xlsx'));
    expect(wb.getWorksheet('Tổng hợp')!.getCell('A1').value).toBe('UBND HUYỆN THANH LIÊM');
    expect(wb.getWorksheet('Báo cáo')).toBeDefined();
  }, 60_000);

  it('refuses a --docx name without .docx', async () => {
    const dir = tempDir();
    const r = await run(['consolidate', '--out', 'o.xlsx', '--docx', 'bao-cao.doc', path.join(EXAMPLES, 'xa')], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('.docx');
  });
});
