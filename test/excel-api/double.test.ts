/** The test double itself behaves like Excel where the adapter tests rely on it. */
import { describe, expect, it } from 'vitest';
import { ExcelDouble, ExcelDoubleError } from './excel-double';

describe('ExcelDouble', () => {
  it('queues calls until sync; loaded properties exist only after the sync', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('Sheet1', [['a', 1]]);
    const ctx = xl.context;
    const ws = ctx.workbook.worksheets.getItem('Sheet1');
    const r = ws.getRange('A1:B1');
    r.load('values');
    expect(() => r.values).toThrow(/PropertyNotLoaded/);
    ws.getRange('C1').values = [[5]];
    expect(xl.value('Sheet1', 'C1')).toBe(null); // not yet
    expect(xl.syncCount).toBe(0);
    await ctx.sync();
    expect(r.values).toEqual([['a', 1]]);
    expect(xl.value('Sheet1', 'C1')).toBe(5);
    expect(xl.syncCount).toBe(1);
    expect(xl.syncs[0].calls.map((c) => c.name)).toEqual(['load', 'values']);
  });

  it('enters strings like typing unless the number format is "@"', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('S');
    const ws = xl.context.workbook.worksheets.getItem('S');
    const hostile = ['=HYPERLINK("http://x","y")', '+cmd', '-1+1', '@SUM(A1)', '-5', '001', "'=x", 'TRUE', '#N/A', '50%', '1/2'];
    ws.getRange('A1:K1').values = [hostile];
    ws.getRange('A2:K2').numberFormat = [hostile.map(() => '@')];
    ws.getRange('A2:K2').formulas = [hostile];
    await xl.context.sync();
    const row1 = hostile.map((_, i) => xl.cell('S', `${String.fromCharCode(65 + i)}1`)!);
    expect(row1.map((c) => c.formula ?? null)).toEqual(['=HYPERLINK("http://x","y")', '=+cmd', '=-1+1', '=SUM(A1)', null, null, null, null, null, null, null]);
    expect(row1.slice(4).map((c) => c.value)).toEqual([-5, 1, '=x', true, '#N/A', 0.5, 36527]);
    expect(row1[8].error).toBe(true);
    const row2 = hostile.map((_, i) => xl.cell('S', `${String.fromCharCode(65 + i)}2`)!);
    expect(row2.map((c) => c.value)).toEqual(hostile);
    expect(row2.every((c) => c.formula === undefined)).toBe(true);
  });

  it('fails the sync for a missing sheet, a wrong-sized array, an API set above its version, an oversized request', async () => {
    const xl = new ExcelDouble({ apiVersion: '1.8', payloadLimit: 10_000 });
    xl.addSheet('S');
    const ctx = xl.context;
    ctx.workbook.worksheets.getItem('Nope').getRange('A1').values = [[1]];
    await expect(ctx.sync()).rejects.toMatchObject({ code: 'ItemNotFound' });
    ctx.workbook.worksheets.getItem('S').getRange('A1:B1').values = [[1]];
    await expect(ctx.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    ctx.workbook.worksheets.getItem('S').getRanges('A1,B2').format.font.bold = true;
    await expect(ctx.sync()).rejects.toMatchObject({ code: 'ApiNotFound' });
    ctx.workbook.worksheets.getItem('S').getRange('A1').values = [['x'.repeat(20_000)]];
    await expect(ctx.sync()).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    expect(xl.value('S', 'A1')).toBe(null);
    expect(xl.syncs.map((s) => s.error)).toEqual(['ItemNotFound', 'InvalidArgument', 'ApiNotFound', 'RequestPayloadSizeLimitExceeded']);
  });

  it('keeps Excel sheet-name rules and the last visible sheet', async () => {
    const xl = new ExcelDouble();
    xl.addSheet('Tổng hợp');
    const ctx = xl.context;
    ctx.workbook.worksheets.add('tổng HỢP');
    await expect(ctx.sync()).rejects.toMatchObject({ code: 'ItemAlreadyExists' });
    ctx.workbook.worksheets.add('a/b');
    await expect(ctx.sync()).rejects.toBeInstanceOf(ExcelDoubleError);
    ctx.workbook.worksheets.getItem('Tổng hợp').delete();
    await expect(ctx.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
    expect(xl.sheetNames()).toEqual(['Tổng hợp']);
  });

  it('answers isNullObject after the sync, and isSetSupported through installGlobals', async () => {
    const xl = new ExcelDouble({ apiVersion: '1.9' });
    xl.addSheet('S', [[1]], { customProperties: { tonghop: 'x' } });
    const ctx = xl.context;
    const a = ctx.workbook.worksheets.getItemOrNullObject('S');
    const b = ctx.workbook.worksheets.getItemOrNullObject('T');
    expect(() => a.isNullObject).toThrow();
    await ctx.sync();
    expect([a.isNullObject, b.isNullObject]).toEqual([false, true]);
    const restore = xl.installGlobals();
    try {
      expect(Office.context.requirements.isSetSupported('ExcelApi', '1.9')).toBe(true);
      expect(Office.context.requirements.isSetSupported('ExcelApi', '1.12')).toBe(false);
      const names = await Excel.run(async (c) => {
        const coll = c.workbook.worksheets;
        coll.load('items/name');
        await c.sync();
        return coll.items.map((w) => w.name);
      });
      expect(names).toEqual(['S']);
    } finally {
      restore();
    }
    expect((globalThis as { Excel?: unknown }).Excel).toBeUndefined();
  });
});
