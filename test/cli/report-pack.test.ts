// A reading thread's report with its rows packed (src/cli/report-pack.ts): rebuilt field for field as the
// reader made it (every sample file of both districts, and odd rows), and sent as it is when it holds what
// the packing does not know.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { loadPlan, readCommuneInput } from '../../src/pipeline';
import { packReport, unpackReport, type PackedReport } from '../../src/cli/report-pack';
import type { CommuneReport, CommuneRow, ReadValue } from '../../src/types';
import { SHARED } from './helpers';

/** Through a structured clone, as between threads. */
function sent(p: PackedReport): PackedReport {
  return structuredClone(p, { transfer: [p.ints.buffer as ArrayBuffer, p.nums.buffer as ArrayBuffer] });
}

function roundTrip(rep: CommuneReport): CommuneReport {
  const p = packReport(rep);
  expect(p).not.toBeNull();
  return unpackReport(sent(p!));
}

const rv = (value: number | null, raw: ReadValue['raw'], more: Partial<ReadValue> = {}): ReadValue => ({ value, raw, cell: 'E5', ...more });

function report(rows: CommuneRow[]): CommuneReport {
  return {
    file: 'xã A.xlsx', commune: 'A', communeFrom: 'title', period: null, periodFrom: null, sheets: ['Biểu 1'], rows,
    issues: [{ severity: 'warning', code: 'unit_mismatch', message: 'm', messageEn: 'e', file: 'xã A.xlsx', sheet: 'Biểu 1', cell: 'D5' }],
  };
}

describe('packReport / unpackReport', () => {
  for (const district of ['ba-che-2020-q1', 'binh-luc-2020-9t']) {
    const dir = path.join(SHARED, 'samples', district);
    it.skipIf(!fs.existsSync(dir))(`every commune file of ${district} comes back equal`, async () => {
      const { plan } = await loadPlan({ plan: { name: 'plan.xlsx', data: new Uint8Array(fs.readFileSync(path.join(dir, 'plan.xlsx'))) } });
      let rows = 0;
      for (const name of fs.readdirSync(path.join(dir, 'communes')).sort()) {
        const r = await readCommuneInput({ name, data: new Uint8Array(fs.readFileSync(path.join(dir, 'communes', name))) }, plan, undefined);
        if ('issue' in r) continue;
        const p = packReport(r);
        if (!p) throw new Error(`${name}: not packed`);
        expect(unpackReport(sent(p)), name).toStrictEqual(r);
        rows += r.rows.length;
      }
      expect(rows).toBeGreaterThan(50);
    });
  }

  it('odd rows and values come back equal: absent and null fields, notes, yes/no, percent, texts, NaN, −0, ±Infinity', () => {
    const rows: CommuneRow[] = [
      { code: null, name: 'Tỷ lệ', unit: null, target: null, actual: rv(-0, '-0', { note: 'ước', percent: true }), previous: null, estimate: true, sheet: 'Biểu 1', row: 5 },
      { code: 'KT01', name: 'Đạt chuẩn', unit: '', unitCell: null, target: rv(1, 'Đạt', { boolean: true }), actual: rv(0, false, { boolean: false }), previous: rv(null, 'x'), estimate: false, sheet: 'Biểu 1', row: 6, note: 'ghi chú "trích"', subItem: true },
      { code: '1', name: 'Số lạ', unit: 'tỷ đồng', unitCell: 'D7', target: rv(NaN, NaN), actual: rv(Infinity, 'Infinity'), previous: rv(-Infinity, -Infinity), estimate: false, sheet: 'Biểu 2', row: 7, subItem: false },
      { code: 'KT02', name: 'Trống', unit: 'ha', unitCell: 'D8', target: rv(null, null), actual: rv(5, true), previous: null, estimate: false, sheet: 'Biểu 1', row: 8 },
    ];
    const r = report(rows);
    const back = roundTrip(r);
    expect(back).toStrictEqual(r);
    expect(Object.is(back.rows[0].actual!.value, -0)).toBe(true);
    expect('unitCell' in back.rows[0]).toBe(false);
    expect('note' in back.rows[3].target!).toBe(false);
  });

  it('a report the packing does not know is not packed (sent as it is)', () => {
    const base = (): CommuneRow => ({ code: 'A', name: 'n', unit: 'u', target: null, actual: rv(1, 1), previous: null, estimate: false, sheet: 'S', row: 1 });
    const odd: ((row: CommuneRow) => void)[] = [
      (row) => ((row as unknown as Record<string, unknown>).extra = 1), // a field the packing does not know
      (row) => ((row.actual as unknown as Record<string, unknown>).more = 1),
      (row) => ((row.actual as unknown as { raw: unknown }).raw = new Date(0)), // not a cell value
      (row) => ((row as unknown as { name: unknown }).name = 5), // a name that is not a text
      (row) => ((row as unknown as { name: unknown }).name = null),
      (row) => (row.row = 1.5),
      (row) => delete (row as Partial<CommuneRow>).sheet,
      (row) => ((row.actual as unknown as { cell: unknown }).cell = null),
      (row) => delete (row.actual as Partial<ReadValue>).cell,
    ];
    expect(packReport(report([base()]))).not.toBeNull();
    for (const [i, f] of odd.entries()) {
      const row = base();
      f(row);
      expect(packReport(report([row])), `case ${i}`).toBeNull();
    }
  });
});
