import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readXlsx } from '../../../src/xlsx/workbook';
import { unzipText, zipParts, file } from './helpers';

describe('a workbook whose list of sheets is damaged', () => {
  // Found by the fuzzer (seed 20261121, case 329): 8 flipped bits left xl/workbook.xml inflating to text
  // with no <sheet> element; the file gave no data and no issue named it.
  it('gives an error naming the file, never silently nothing', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Kinh tế').addRow(['Mã số', 'Chỉ tiêu', 'Thực hiện']);
    const parts = unzipText(new Uint8Array(await wb.xlsx.writeBuffer()));
    const wbXml = parts.get('xl/workbook.xml')!;
    parts.set('xl/workbook.xml', wbXml.replace(/<sheets>.*<\/sheets>/s, '<shets>garbled</shets>'));
    const res = await readXlsx(file('bao-cao-nam-son.xlsx', zipParts(parts)));
    expect(res.grids).toEqual([]);
    expect(res.issues).toHaveLength(1);
    expect(res.issues[0]).toMatchObject({ severity: 'error', code: 'no_sheets', file: 'bao-cao-nam-son.xlsx' });
    expect(res.issues[0].message).toContain("'bao-cao-nam-son.xlsx'");
    expect(res.issues[0].messageEn).toContain("'bao-cao-nam-son.xlsx'");
  });
});
