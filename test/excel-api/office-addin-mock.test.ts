/**
 * The Excel test double beside Microsoft's mock library, office-addin-mock (issue 12).
 *
 * Where OfficeMockObject can express a behaviour — the load → sync protocol of scalar properties — the
 * double must be at least as strict and give the same values: what the mock refuses (not loaded, loaded
 * but not synced), the double refuses too; what the mock returns after load + sync, the double returns.
 *
 * What the mock cannot express is why the adapters are not run on it (see office-js-surface.test.ts for
 * the check that replaces it): a collection's items loaded as "items/name" (how every adapter lists the
 * sheets) throws, *OrNullObject's isNullObject is an unloaded property instead of a sync result, and
 * writes take effect at once instead of at sync. Those assertions are kept so that a later
 * office-addin-mock that can express them fails here and says so.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { describe, expect, it } from 'vitest';
import { ExcelDouble } from './excel-double';

const NOT_LOADED = 'Error, property was not loaded';
const NOT_SYNCED = 'Error, context.sync() was not called';

describe('the Excel double against office-addin-mock', () => {
  it('load → sync of a scalar: refused before load and before sync, the value after, in both', async () => {
    const mock = new OfficeMockObject({ workbook: { name: 'So.xlsx', worksheets: { getItem: () => undefined } }, sync: async () => undefined } as never, 'Excel' as never);
    const xl = new ExcelDouble({ workbookName: 'So.xlsx' });
    const m = mock as unknown as { workbook: OfficeMockObject & { name: string }; sync(): Promise<void> };
    const d = xl.context;

    // not loaded
    expect(m.workbook.name).toBe(NOT_LOADED);
    expect(() => d.workbook.name).toThrow(/PropertyNotLoaded/);
    // loaded, not synced
    m.workbook.load('name');
    d.workbook.load('name');
    expect(m.workbook.name).toBe(NOT_SYNCED);
    expect(() => d.workbook.name).toThrow(/PropertyNotLoaded/);
    // synced
    await m.workbook.sync();
    await d.sync();
    expect(d.workbook.name).toBe(m.workbook.name);
    expect(d.workbook.name).toBe('So.xlsx');
  });

  it('what office-addin-mock cannot express, and the double does: items/name loads, isNullObject, writes at sync', async () => {
    const mock = new OfficeMockObject({ workbook: { worksheets: { items: [{ name: 'Sheet1' }] } } } as never, 'Excel' as never) as unknown as {
      workbook: { worksheets: OfficeMockObject };
    };
    expect(() => mock.workbook.worksheets.load('items/name')).toThrow(/needs to be present/);

    const nullable = new OfficeMockObject({ isNullObject: false, visibility: 'Visible' } as never, 'Excel' as never) as unknown as OfficeMockObject & { isNullObject: unknown };
    nullable.load('visibility');
    await nullable.sync();
    expect(nullable.isNullObject).toBe(NOT_LOADED); // Office.js knows it after the sync, unloaded

    const range = new OfficeMockObject({ values: [[1]] } as never, 'Excel' as never) as unknown as { values: unknown };
    range.values = [[2]];
    expect(range.values).toEqual([[2]]); // applied at once, no queue

    const xl = new ExcelDouble();
    xl.addSheet('Sheet1', [[1]]);
    const coll = xl.context.workbook.worksheets;
    coll.load('items/name');
    const ws = xl.context.workbook.worksheets.getItemOrNullObject('Nope');
    xl.context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [[2]];
    expect(xl.value('Sheet1', 'A1')).toBe(1); // queued
    await xl.context.sync();
    expect(coll.items.map((w) => w.name)).toEqual(['Sheet1']);
    expect(ws.isNullObject).toBe(true);
    expect(xl.value('Sheet1', 'A1')).toBe(2);
  });
});
