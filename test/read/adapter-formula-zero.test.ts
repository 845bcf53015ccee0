import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { gridsFromXlsx } from '../reference/exceljs-read';

describe('exceljs → Grid: formula cached results', () => {
  it('keeps a cached result of 0 (exceljs drops it from cell.value.result)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Kinh tế');
    ws.getCell('A1').value = { formula: 'B1*0', result: 0 } as ExcelJS.CellFormulaValue;
    ws.getCell('A2').value = { formula: 'B1+5', result: 5 } as ExcelJS.CellFormulaValue;
    const buf = new Uint8Array(await wb.xlsx.writeBuffer());
    const { grids } = await gridsFromXlsx({ name: 'x.xlsx', data: buf });
    expect(grids[0].rows[0][0]).toMatchObject({ v: 0, f: 'B1*0' });
    expect(grids[0].rows[1][0]).toMatchObject({ v: 5, f: 'B1+5' });
  });
});
