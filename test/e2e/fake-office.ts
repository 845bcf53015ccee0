/**
 * An Office host simulated in the page, for the browser tests: served in place of office.js from
 * the Office CDN, it installs `Office` and `Excel` backed by the Excel API test double
 * (test/excel-api/excel-double.ts). The workbook's sheets come from `window.__fakeWorkbook`, set by
 * the test before the page loads (playwright addInitScript); the double is left at
 * `window.__excelDouble` for the test to inspect.
 *
 * Bundled for the browser by the test (webpack, see browser.test.ts).
 */
import { ExcelDouble, type CellInit, type DoubleValue } from '../excel-api/excel-double';

export interface FakeSheet {
  name: string;
  rows: (CellInit | DoubleValue | null)[][];
  merges?: string[];
}

export interface FakeWorkbook {
  name: string;
  sheets: FakeSheet[];
  apiVersion?: string;
}

const w = window as unknown as { __fakeWorkbook?: FakeWorkbook; __excelDouble?: ExcelDouble };
const spec: FakeWorkbook = w.__fakeWorkbook ?? { name: 'Book1.xlsx', sheets: [{ name: 'Sheet1', rows: [] }] };
const xl = new ExcelDouble({ workbookName: spec.name, apiVersion: spec.apiVersion });
for (const s of spec.sheets) xl.addSheet(s.name, s.rows, { merges: s.merges });
xl.installGlobals();
w.__excelDouble = xl;
