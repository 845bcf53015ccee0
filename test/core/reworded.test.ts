/**
 * Reworded names matched to the plan (FORMATS.md: "Names reworded by the commune where there is no code … where
 * two plan indicators are plausible, nothing is guessed"), and units written inside names converted to the
 * plan's unit, through the real reader and the consolidation (and once the whole pipeline).
 * Other names, abbreviations and word orders than the public sample's.
 */
import { describe, expect, it } from 'vitest';
import { readCommune } from '../../src/read/commune';
import { consolidate } from '../../src/core/consolidate';
import { runPipeline } from '../../src/pipeline';
import type { CommuneReport, Grid, IndicatorResult, Plan, Report } from '../../src/types';
import { NOW, ind, plan as mkPlan } from './fixtures';

type V = string | number | null | undefined;

function grid(sheet: string, rows: V[][], file: string): Grid {
  return { file, sheet, rows: rows.map((row) => row.map((v) => (v === undefined || v === null ? null : { v }))), merges: [] };
}

/** A commune file with a title naming it and the period, and a table without codes: name | ĐVT | KH | TH. */
function communeFile(commune: string, file: string, rows: V[][], p: Plan | null, header: V[] = ['STT', 'Chỉ tiêu', 'ĐVT', 'Kế hoạch năm', 'Thực hiện']): CommuneReport {
  const g = grid('Sheet1', [[`UBND XÃ ${commune.toUpperCase()}`], ['BÁO CÁO 6 THÁNG ĐẦU NĂM 2020'], header, ...rows], file);
  return readCommune([g], { file, plan: p });
}

function indicator(r: Report, key: string): IndicatorResult {
  const i = r.indicators.find((x) => x.code === key || x.name === key);
  if (!i) throw new Error(`no indicator ${key}`);
  return i;
}
const actualOf = (r: Report, key: string, commune: string) => indicator(r, key).communes.find((c) => c.commune === commune)?.actual ?? null;

const YB = 'Yên Bình', HT = 'Hợp Thịnh', DL = 'Đồng Lạc';

// ───────────────────────────── reworded names ─────────────────────────────

describe('reworded names with abbreviations, extra words, another word order', () => {
  const p = mkPlan([YB, HT], [
    ind(null, 'Tổng thu ngân sách nhà nước trên địa bàn xã', 'triệu đồng'),
    ind('NS02', 'Tổng thu ngân sách xã', 'triệu đồng'),
    ind('NTM01', 'Số tiêu chí nông thôn mới đạt được', 'tiêu chí', { kind: 'level', agg: 'mean' }),
    ind('YT01', 'Tỷ lệ người dân tham gia bảo hiểm y tế', '%', { kind: 'level', agg: 'mean' }),
    ind('GT01', 'Số vụ tai nạn giao thông', 'vụ', { dir: 'down' }),
    ind('NN01', 'Giá trị sản xuất nông nghiệp', 'triệu đồng'),
    ind('LD01', 'Số lao động được giải quyết việc làm mới', 'người'),
    ind('NN02', 'Diện tích gieo trồng cây hàng năm', 'ha'),
    ind('NN03', 'Sản lượng lương thực có hạt', 'tấn'),
    ind('DS01', 'Số hộ dân cư', 'hộ', { kind: 'level' }),
  ]);
  const yb = communeFile(YB, 'yen-binh.xlsx', [
    [1, 'Thu NSNN trên địa bàn', 'triệu đồng', 5000, 2600],
    [2, 'Số tiêu chí NTM đạt', 'tiêu chí', 19, 17],
    [3, 'Tỷ lệ tham gia BHYT', '%', 92, 90.5],
    [4, 'Số vụ TNGT xảy ra', 'vụ', 3, 2],
    [5, 'GTSX nông nghiệp (tỷ đồng)', null, 60, 31.5],
    [6, 'Giải quyết việc làm mới cho LĐ', 'người', 150, 80],
    [7, 'DT gieo trồng cây hàng năm các loại', 'ha', 900, 610],
    [8, 'SL lương thực có hạt [tạ]', null, 41000, 35600],
    [9, 'Số hộ dân cư', 'hộ', null, 2315],
  ], p);
  const ht = communeFile(HT, 'hop-thinh.xlsx', [
    [1, 'Tai nạn giao thông (số vụ)', null, 2, 1],
    [2, 'Tổng chi ngân sách xã', 'triệu đồng', 4000, 999],
    [3, 'Tổng thu ngân sách cấp xã', 'triệu đồng', 3000, 1700],
  ], p);
  const r = consolidate({ communes: [yb, ht], plan: p, now: NOW });

  it('each reworded name is the plan indicator it plainly names, its value in the plan\'s unit', () => {
    expect(actualOf(r, 'Tổng thu ngân sách nhà nước trên địa bàn xã', YB)).toBe(2600);
    expect(actualOf(r, 'NTM01', YB)).toBe(17);
    expect(actualOf(r, 'YT01', YB)).toBe(90.5);
    expect(actualOf(r, 'GT01', YB)).toBe(2);
    expect(actualOf(r, 'NN01', YB)).toBeCloseTo(31500, 6);
    expect(actualOf(r, 'LD01', YB)).toBe(80);
    expect(actualOf(r, 'NN02', YB)).toBe(610);
    expect(actualOf(r, 'NN03', YB)).toBeCloseTo(3560, 6);
    expect(actualOf(r, 'DS01', YB)).toBe(2315);
  });

  it('"Tai nạn giao thông (số vụ)" is Số vụ tai nạn giao thông; "Tổng thu ngân sách cấp xã" is Tổng thu ngân sách xã', () => {
    expect(actualOf(r, 'GT01', HT)).toBe(1);
    expect(actualOf(r, 'NS02', HT)).toBe(1700);
    expect(indicator(r, 'GT01').actual).toBe(3);
  });

  it('each reworded match is an info issue at the row and is on record in the reading; exact names are not', () => {
    const rw = r.issues.filter((i) => i.code === 'reworded_match');
    expect(rw.every((i) => i.severity === 'info')).toBe(true);
    const yRw = rw.filter((i) => i.file === 'yen-binh.xlsx');
    expect(yRw).toHaveLength(8);
    expect(yRw.some((i) => /Số hộ dân cư/.test(i.message))).toBe(false);
    const tngt = yRw.find((i) => i.message.includes('Số vụ TNGT xảy ra'))!;
    expect(tngt).toMatchObject({ sheet: 'Sheet1' });
    expect(tngt.cell).toMatch(/7$/);
    expect(tngt.message).toContain('Số vụ tai nạn giao thông');
    const rec = r.communes.find((c) => c.name === YB)!.reading!.matches!;
    expect(rec.map((m) => m.written)).toEqual(expect.arrayContaining(['Thu NSNN trên địa bàn', 'Số vụ TNGT xảy ra', 'SL lương thực có hạt']));
    expect(rec.find((m) => m.written === 'Số vụ TNGT xảy ra')?.indicator).toContain('Số vụ tai nạn giao thông');
  });

  it('"Tổng chi ngân sách xã" is not "Tổng thu ngân sách xã": not matched, its value in no indicator', () => {
    expect(actualOf(r, 'NS02', HT)).toBe(1700);
    expect(r.indicators.some((i) => i.communes.some((c) => c.actual === 999))).toBe(false);
    const row = r.issues.filter((i) => i.file === 'hop-thinh.xlsx' && /Tổng chi ngân sách xã/.test(i.message));
    expect(row.map((i) => i.code)).not.toContain('reworded_match');
    expect(row.length).toBeGreaterThan(0);
  });

  it('the unit taken from a name is converted: tỷ đồng → triệu đồng, tạ → tấn', () => {
    expect(yb.rows.find((x) => x.name === 'GTSX nông nghiệp')?.unit).toBe('tỷ đồng');
    expect(yb.rows.find((x) => x.name === 'SL lương thực có hạt')?.unit).toBe('tạ');
    expect(r.issues.filter((i) => i.file === 'yen-binh.xlsx' && i.severity !== 'info')).toEqual([]);
  });
});

describe('two plan indicators equally close: nothing is guessed', () => {
  const p = mkPlan([YB, HT, DL], [
    ind('LUA1', 'Diện tích lúa vụ Xuân', 'ha'),
    ind('LUA2', 'Diện tích lúa vụ Mùa', 'ha'),
    ind('HN1', 'Số hộ nghèo đầu kỳ', 'hộ', { kind: 'level' }),
    ind('HN2', 'Số hộ nghèo cuối kỳ', 'hộ', { kind: 'level' }),
  ]);
  const yb = communeFile(YB, 'yen-binh.xlsx', [[1, 'Diện tích lúa vụ Xuân', 'ha', 300, 298], [2, 'Diện tích lúa vụ Mùa', 'ha', 280, 0]], p);
  const ht = communeFile(HT, 'hop-thinh.xlsx', [[1, 'Diện tích lúa', 'ha', 250, 245], [2, 'Số hộ nghèo', 'hộ', null, 41]], p);
  const r = consolidate({ communes: [yb, ht], plan: p, now: NOW });

  it('"Diện tích lúa" with plan "… vụ Xuân" and "… vụ Mùa": an ambiguous_match warning at the row naming both, no value', () => {
    const w = r.issues.filter((i) => i.code === 'ambiguous_match' && i.file === 'hop-thinh.xlsx' && i.message.includes("'Diện tích lúa'"));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', sheet: 'Sheet1' });
    expect(w[0].cell).toMatch(/4$/);
    expect(w[0].message).toContain('Diện tích lúa vụ Xuân');
    expect(w[0].message).toContain('Diện tích lúa vụ Mùa');
    expect(actualOf(r, 'LUA1', HT)).toBeNull();
    expect(actualOf(r, 'LUA2', HT)).toBeNull();
    expect(indicator(r, 'LUA1').actual).toBe(298);
    expect(indicator(r, 'LUA2').actual).toBe(0);
  });

  it('"Số hộ nghèo" with plan "… đầu kỳ" and "… cuối kỳ": ambiguous, not summed', () => {
    const w = r.issues.filter((i) => i.code === 'ambiguous_match' && i.message.includes("'Số hộ nghèo'"));
    expect(w).toHaveLength(1);
    expect(w[0].message).toContain('đầu kỳ');
    expect(w[0].message).toContain('cuối kỳ');
    expect(actualOf(r, 'HN1', HT)).toBeNull();
    expect(actualOf(r, 'HN2', HT)).toBeNull();
    expect(r.issues.filter((i) => i.code === 'reworded_match' && i.file === 'hop-thinh.xlsx')).toEqual([]);
  });
});

describe('close names that a careful person tells apart', () => {
  const p = mkPlan([YB], [
    ind('NTM1', 'Số xã đạt chuẩn nông thôn mới', 'xã', { agg: 'count_met', kind: 'level' }),
    ind('NTM2', 'Số xã đạt chuẩn nông thôn mới nâng cao', 'xã', { agg: 'count_met', kind: 'level' }),
    ind('HN1', 'Số hộ nghèo', 'hộ', { kind: 'level' }),
    ind('HN2', 'Tỷ lệ hộ nghèo', '%', { kind: 'level', agg: 'mean', dir: 'down' }),
    ind('BH1', 'Tỷ lệ người dân tham gia bảo hiểm y tế', '%', { kind: 'level', agg: 'mean' }),
    ind('BH2', 'Số người tham gia bảo hiểm xã hội tự nguyện', 'người', { kind: 'level' }),
  ]);

  it('"Xã đạt chuẩn NTM nâng cao" is the nâng cao indicator, not the plain one', () => {
    const yb = communeFile(YB, 'yen-binh.xlsx', [[1, 'Xã đạt chuẩn NTM nâng cao', 'xã', 1, 'Đạt']], p);
    const r = consolidate({ communes: [yb], plan: p, now: NOW });
    expect(actualOf(r, 'NTM2', YB)).toBe(1);
    expect(actualOf(r, 'NTM1', YB)).toBeNull();
  });

  it('"Tỷ lệ hộ nghèo (%)" is Tỷ lệ hộ nghèo; "Hộ nghèo" in hộ is never Tỷ lệ hộ nghèo', () => {
    const yb = communeFile(YB, 'yen-binh.xlsx', [[1, 'Tỷ lệ hộ nghèo (%)', null, 3, 2.8], [2, 'Hộ nghèo', 'hộ', null, 64]], p);
    const r = consolidate({ communes: [yb], plan: p, now: NOW });
    expect(actualOf(r, 'HN2', YB)).toBe(2.8);
    expect(actualOf(r, 'HN2', YB)).not.toBe(64);
  });

  it('"Tỷ lệ dân số tham gia BHYT" is BHYT, not BHXH', () => {
    const yb = communeFile(YB, 'yen-binh.xlsx', [[1, 'Tỷ lệ dân số tham gia BHYT', '%', 95, 93.2]], p);
    const r = consolidate({ communes: [yb], plan: p, now: NOW });
    expect(actualOf(r, 'BH1', YB)).toBe(93.2);
    expect(actualOf(r, 'BH2', YB)).toBeNull();
  });
});

// ───────────────────────────── units in names, through the whole pipeline ─────────────────────────────

describe('units inside names, converted through the pipeline', () => {
  const HEAD: V[] = ['Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Chiều', 'Loại', 'Toàn huyện', YB, HT];
  const planGrid = grid('KH 2020', [
    ['KẾ HOẠCH NĂM 2020'],
    HEAD,
    ['NS01', 'Tổng thu ngân sách xã', 'triệu đồng', 'Tổng', 'Tăng', 'Lũy kế', 9000, 5000, 4000],
    ['NN01', 'Sản lượng lương thực có hạt', 'tấn', 'Tổng', 'Tăng', 'Lũy kế', 8000, 4100, 3900],
    [null, 'Diện tích nuôi trồng thủy sản', 'ha', 'Tổng', 'Tăng', 'Thời điểm', 60, 25, 35],
    ['XH01', 'Tỷ lệ hộ nghèo', '%', 'Bình quân', 'Giảm', 'Thời điểm', 3, 3, 3],
    ['GT01', 'Số vụ tai nạn giao thông', 'vụ', 'Tổng', 'Giảm', 'Lũy kế', 10, 5, 5],
  ], 'ke-hoach.xlsx');
  const ybGrid = grid('Sheet1', [
    ['UBND XÃ YÊN BÌNH'],
    ['BÁO CÁO 6 THÁNG ĐẦU NĂM 2020'],
    ['STT', 'Tên chỉ tiêu', 'Thực hiện', 'Cùng kỳ'],
    [1, 'Tổng thu ngân sách xã (tỷ đồng)', 2.75, 2.4],
    [2, 'Sản lượng lương thực có hạt [tạ]', 35600, 34200],
    [3, 'Diện tích nuôi trồng thủy sản (Đơn vị tính: m2)', 248000, 240000],
    [4, 'Tỷ lệ hộ nghèo (ĐVT: %)', 2.8, 3.4],
    [5, 'Tai nạn giao thông (số vụ)', 2, 3],
  ], 'yen-binh.xlsx');
  const htGrid = grid('Sheet1', [
    ['UBND XÃ HỢP THỊNH'],
    ['BÁO CÁO 6 THÁNG ĐẦU NĂM 2020'],
    ['Chỉ tiêu', 'Thực hiện'],
    ['Tổng thu ngân sách xã, triệu đồng', 1800],
    ['Sản lượng lương thực có hạt, tấn', 3100],
    ['Diện tích nuôi trồng thủy sản, ha', 30.5],
    ['Tỷ lệ hộ nghèo, %', 2.9],
    ['Số vụ tai nạn giao thông, vụ', 1],
  ], 'hop-thinh.xlsx');

  it('tỷ đồng → triệu đồng, tạ → tấn, m2 → ha, % stays; the name without its unit matches the plan', async () => {
    const { report: r } = await runPipeline({
      plan: { file: 'ke-hoach.xlsx', grids: [planGrid] },
      communes: [{ file: 'yen-binh.xlsx', grids: [ybGrid] }, { file: 'hop-thinh.xlsx', grids: [htGrid] }],
      now: NOW,
    });
    expect(actualOf(r, 'NS01', YB)).toBeCloseTo(2750, 6);
    expect(actualOf(r, 'NN01', YB)).toBeCloseTo(3560, 6);
    expect(actualOf(r, 'Diện tích nuôi trồng thủy sản', YB)).toBeCloseTo(24.8, 6);
    expect(actualOf(r, 'XH01', YB)).toBe(2.8);
    expect(actualOf(r, 'GT01', YB)).toBe(2);
    expect(indicator(r, 'NS01').communes.find((c) => c.commune === YB)?.previous).toBeCloseTo(2400, 6);
    expect(actualOf(r, 'NS01', HT)).toBe(1800);
    expect(actualOf(r, 'Diện tích nuôi trồng thủy sản', HT)).toBe(30.5);
    expect(indicator(r, 'NS01').actual).toBeCloseTo(4550, 6);
    expect(indicator(r, 'NN01').actual).toBeCloseTo(6660, 6);
    expect(indicator(r, 'GT01').actual).toBe(3);
    // Hợp Thịnh has no "Cùng kỳ" column: each sum's previous is Yên Bình's alone, and a warning says so
    expect(r.issues.filter((i) => i.severity !== 'info' && i.code !== 'previous_partial').map((i) => `${i.code}: ${i.message}`)).toEqual([]);
    expect(r.issues.filter((i) => i.code === 'previous_partial').length).toBe(4);
    const rec = r.communes.find((c) => c.name === YB)!.reading!;
    expect(rec.unitsFromNames.map((u) => u.unit)).toEqual(['tỷ đồng', 'tạ', 'm2', '%']);
  });
});
