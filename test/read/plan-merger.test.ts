/** Issue 11: the plan's optional sheet "Sáp nhập" ("Đơn vị mới", "Đơn vị cũ"). */
import { describe, expect, it } from 'vitest';
import { planOf } from './helpers';
import { planSheets, MERGER, NEW } from '../pipeline/previous-fixture';

describe('the "Sáp nhập" sheet of the plan', () => {
  it('one old commune per row; an empty "Đơn vị mới" continues the one above; each row keeps its cell', async () => {
    const { plan, issues } = await planOf(planSheets(NEW, 'Toàn tỉnh', 2025, MERGER));
    expect(issues).toEqual([]);
    expect(plan!.communes).toEqual(['Thanh Hà', 'Liêm Sơn', 'Kiện Khê']);
    expect(plan!.merger!.map((m) => [m.newName, m.oldName, m.source.sheet, m.source.cell])).toEqual([
      ['Thanh Hà', 'Thanh Hà', 'Sáp nhập', 'C2'],
      ['Thanh Hà', 'Thanh Lưu', 'Sáp nhập', 'C3'],
      ['Liêm Sơn', 'Liêm Cần', 'Sáp nhập', 'C4'],
      ['Liêm Sơn', 'Liêm Thuận', 'Sáp nhập', 'C5'],
      ['Liêm Sơn', 'Liêm Túc', 'Sáp nhập', 'C6'],
    ]);
  });

  it('other headers ("Xã mới (sau sáp nhập)", "Tên xã cũ"), a title row, several old names in one cell split at ";"', async () => {
    const sheets = planSheets(NEW, 'Toàn tỉnh', 2025, null);
    sheets.push({ name: 'DS sap nhap', rows: [['DANH SÁCH SÁP NHẬP'], ['Tên xã cũ', 'Xã mới (sau sáp nhập)'], ['(1)', '(2)'], ['Liêm Cần; Liêm Thuận', 'Liêm Sơn']] });
    const { plan } = await planOf(sheets);
    expect(plan!.merger!.map((m) => [m.newName, m.oldName, m.source.cell])).toEqual([['Liêm Sơn', 'Liêm Cần', 'A4'], ['Liêm Sơn', 'Liêm Thuận', 'A4']]);
  });

  it('no such sheet: no merger', async () => {
    const { plan } = await planOf(planSheets(NEW, 'Toàn tỉnh', 2025, null));
    expect(plan!.merger).toBeUndefined();
  });
});
