import { describe, expect, it } from 'vitest';
import { parseAggregation, parseDirection, parseKind, readPlan } from '../../src/read/plan';
import { planOf } from './helpers';
import { targetsByName } from '../core/fixtures';

const HEAD = ['Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Chiều', 'Loại', 'Toàn huyện', 'Thanh Hà', 'Thanh Sơn'];

describe('readPlan', () => {
  it('reads codes, names, units, rules, the parent column and one column per commune', async () => {
    const { plan, issues } = await planOf([
      {
        name: 'Kế hoạch 2020',
        rows: [
          HEAD,
          ['KT01', 'Thu ngân sách', 'triệu đồng', 'Tổng', 'Tăng', 'Lũy kế', 34500, 800, 1200],
          ['KT05', 'Tỷ lệ che phủ rừng', '%', 'Bình quân', 'Tăng', 'Thời điểm', 81, 80, null],
          ['XH01', 'Dân số', 'người', 'Tổng', null, 'Thời điểm', null, null, null],
          ['XH02', 'Tỷ lệ BHYT', '%', 'Bình quân theo XH01', 'Tăng', 'Thời điểm', 97, 96, 98],
          ['XH03', 'Tỷ lệ hộ nghèo', '%', 'Bình quân', 'Giảm', 'Thời điểm', 5.2, 6, 4],
          ['KT04', 'Số xã đạt chuẩn NTM', 'xã', 'Số xã đạt', 'Tăng', 'Thời điểm', null, 1, 'Đạt'],
          ['KT06', 'Giá trị lớn nhất', 'ha', 'Lớn nhất', 'Tăng', 'Lũy kế', null, 1, 2],
          ['KT07', 'Giá trị nhỏ nhất', 'ha', 'Nhỏ nhất', 'Tăng', 'Lũy kế', null, 1, 2],
          ['KT08', 'Không cộng', 'ha', 'Không', 'Tăng', 'Lũy kế', null, 1, 2],
        ],
      },
    ]);
    expect(issues).toEqual([]);
    expect(plan).not.toBeNull();
    const p = plan!;
    expect([p.file, p.sheet, p.parentLabel, p.year]).toEqual(['plan.xlsx', 'Kế hoạch 2020', 'Toàn huyện', 2020]);
    expect(p.communes).toEqual(['Thanh Hà', 'Thanh Sơn']);
    expect(p.indicators.map((i) => i.code)).toEqual(['KT01', 'KT05', 'XH01', 'XH02', 'XH03', 'KT04', 'KT06', 'KT07', 'KT08']);
    const kt01 = p.indicators[0];
    expect(kt01).toEqual({
      code: 'KT01', name: 'Thu ngân sách', unit: 'triệu đồng', aggregation: { kind: 'sum' }, direction: 'up', kind: 'flow',
      parentTarget: 34500, targets: [800, 1200], // in the order of p.communes: Thanh Hà, Thanh Sơn
      source: { file: 'plan.xlsx', sheet: 'Kế hoạch 2020', cell: 'B2' },
    });
    expect(p.indicators.map((i) => i.aggregation)).toEqual([
      { kind: 'sum' }, { kind: 'mean' }, { kind: 'sum' }, { kind: 'weighted', by: 'XH01' }, { kind: 'mean' },
      { kind: 'count_met' }, { kind: 'max' }, { kind: 'min' }, { kind: 'none' },
    ]);
    expect(p.indicators.map((i) => i.direction)).toEqual(['up', 'up', 'up', 'up', 'down', 'up', 'up', 'up', 'up']);
    expect(targetsByName(p, p.indicators[1])).toEqual({ 'Thanh Hà': 80, 'Thanh Sơn': null });
    expect(p.indicators[2].parentTarget).toBeNull();
    expect(targetsByName(p, p.indicators[5])).toEqual({ 'Thanh Hà': 1, 'Thanh Sơn': 1 });
  });

  it('words without diacritics, other parent labels, title rows, columns in another order', async () => {
    const { plan, issues } = await planOf([
      {
        rows: [
          ['KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2025'],
          [],
          ['STT', 'Chi tieu', 'Ma so', 'DVT', 'Toan tinh', 'Chieu', 'Cach tong hop', 'Loai', 'Xã Hải Hòa', 'Phường 1', 'Ghi chú'],
          [1, 'Thu ngan sach', 'KT01', 'tỷ đồng', '1.234,5', 'tang', 'tong', 'luy ke', 100, '200,5', 'x'],
          [2, 'Ho ngheo', 'XH03', '%', 3, 'giam', 'binh quan theo xh01', 'thoi diem', 2, 4],
          [3, 'Dan so', 'XH01', 'người', null, null, 'TONG', null, 10, 20],
        ],
      },
    ]);
    expect(issues).toEqual([]);
    const p = plan!;
    expect(p.parentLabel).toBe('Toan tinh');
    expect(p.year).toBe(2025);
    expect(p.communes).toEqual(['Xã Hải Hòa', 'Phường 1']);
    expect(p.indicators.map((i) => [i.code, i.name, i.parentTarget, i.direction, i.kind])).toEqual([
      ['KT01', 'Thu ngan sach', 1234.5, 'up', 'flow'],
      ['XH03', 'Ho ngheo', 3, 'down', 'level'],
      ['XH01', 'Dan so', null, 'up', 'flow'],
    ]);
    expect(targetsByName(p, p.indicators[0])).toEqual({ 'Xã Hải Hòa': 100, 'Phường 1': 200.5 });
    // the code after "theo" is matched to the plan's spelling
    expect(p.indicators[1].aggregation).toEqual({ kind: 'weighted', by: 'XH01' });
  });

  it('parent headers: "Toàn huyện", "Toàn tỉnh", "Tổng", "Toàn đơn vị", "Cộng"', async () => {
    for (const label of ['Toàn huyện', 'Toàn tỉnh', 'Tổng', 'Toàn đơn vị', 'Cộng', 'TOÀN THÀNH PHỐ']) {
      const { plan } = await planOf([{ rows: [['Mã số', 'Chỉ tiêu', 'Đơn vị tính', label, 'A Lưới'], ['KT01', 'Thu', 'ha', 10, 4]] }]);
      expect(plan!.parentLabel, label).toBe(label);
      expect(plan!.indicators[0].parentTarget).toBe(10);
      expect(plan!.communes).toEqual(['A Lưới']);
    }
  });

  it('empty Loại: "%" → Thời điểm, other units → Lũy kế; empty Cách tổng hợp: "%" → Bình quân, else Tổng', async () => {
    const { plan } = await planOf([
      { rows: [['Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Loại', 'Thanh Hà'], ['A', 'Tỷ lệ', '%', null, null, 5], ['B', 'Sản lượng', 'tấn', null, null, 5]] },
    ]);
    expect(plan!.indicators.map((i) => [i.kind, i.aggregation.kind])).toEqual([['level', 'mean'], ['flow', 'sum']]);
  });

  it('missing code → null code; section rows skipped; numbering stripped', async () => {
    const { plan } = await planOf([
      {
        rows: [
          ['Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Toàn huyện', 'Thanh Hà'],
          [null, 'I. KINH TẾ'],
          [null, '1. Thu ngân sách', 'triệu đồng', 100, 50],
          ['KT02', '2. Trồng rừng', 'ha', 10, 5],
        ],
      },
    ]);
    expect(plan!.indicators.map((i) => [i.code, i.name])).toEqual([[null, 'Thu ngân sách'], ['KT02', 'Trồng rừng']]);
  });

  it('unknown words: a warning and the default', async () => {
    const { plan, issues } = await planOf([
      { name: 'KH', rows: [HEAD.slice(0, 8), ['KT01', 'Thu', 'triệu đồng', 'Cộng dồn kiểu mới', 'Lên', 'Hằng tháng', 100, 50]] },
    ]);
    expect(plan!.indicators[0]).toMatchObject({ aggregation: { kind: 'sum' }, direction: 'up', kind: 'flow' });
    expect(issues.map((i) => [i.severity, i.code, i.cell])).toEqual([
      ['warning', 'unknown_aggregation', 'D2'],
      ['warning', 'unknown_direction', 'E2'],
      ['warning', 'unknown_kind', 'F2'],
    ]);
    expect(issues[0].message).toContain('Cộng dồn kiểu mới');
  });

  it('bad target cells are located errors; the target is then null', async () => {
    const { plan, issues } = await planOf([
      { rows: [HEAD.slice(0, 9), ['KT01', 'Thu', 'triệu đồng', 'Tổng', 'Tăng', 'Lũy kế', { error: '#REF!' }, 'nhiều', 5]] },
    ]);
    expect(plan!.indicators[0].parentTarget).toBeNull();
    expect(targetsByName(plan!, plan!.indicators[0])).toEqual({ 'Thanh Hà': null, 'Thanh Sơn': 5 });
    expect(issues.map((i) => [i.severity, i.code, i.cell])).toEqual([
      ['error', 'not_a_number', 'H2'],
      ['error', 'error_value', 'G2'],
    ]);
  });

  it('"Bình quân theo" an indicator that is not in the plan: a warning', async () => {
    const { issues } = await planOf([{ rows: [HEAD.slice(0, 8), ['XH02', 'BHYT', '%', 'Bình quân theo XH09', 'Tăng', 'Thời điểm', 97, 96]] }]);
    expect(issues.map((i) => i.code)).toEqual(['unknown_weight_indicator']);
  });

  it('duplicate codes and duplicate commune columns: warnings, first kept', async () => {
    const { plan, issues } = await planOf([
      { rows: [['Mã số', 'Chỉ tiêu', 'ĐVT', 'Thanh Hà', 'Xã Thanh Hà'], ['KT01', 'Thu', 'ha', 1, 2], ['KT01', 'Thu lại', 'ha', 3, 4]] },
    ]);
    expect(plan!.communes).toEqual(['Thanh Hà']);
    expect(plan!.indicators.map((i) => i.name)).toEqual(['Thu']);
    expect(issues.map((i) => i.code).sort()).toEqual(['duplicate_commune', 'duplicate_indicator']);
  });

  it('a two-row header: "Kế hoạch năm 2020" over the commune names', async () => {
    const { plan } = await planOf([
      {
        rows: [
          ['Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm 2020', null, null],
          [null, null, null, 'Toàn huyện', 'Thanh Hà', 'Thanh Sơn'],
          ['KT01', 'Thu', 'ha', 30, 10, 20],
        ],
        merges: ['A1:A2', 'B1:B2', 'C1:C2', 'D1:F1'],
      },
    ]);
    expect(plan!.parentLabel).toBe('Toàn huyện');
    expect(plan!.communes).toEqual(['Thanh Hà', 'Thanh Sơn']);
    expect(targetsByName(plan!, plan!.indicators[0])).toEqual({ 'Thanh Hà': 10, 'Thanh Sơn': 20 });
    expect(plan!.year).toBeNull();
  });

  it('no plan table: plan null and an error naming the file', async () => {
    const { plan, issues } = await planOf([{ rows: [['Ghi chú'], ['Không có gì']] }], 'kh.xlsx');
    expect(plan).toBeNull();
    expect(issues[0]).toMatchObject({ severity: 'error', code: 'no_plan_table', file: 'kh.xlsx' });
    expect(readPlan([], 'x.xlsx')).toEqual({ plan: null, issues: [] });
  });
});

describe('plan words', () => {
  it('aggregations with and without diacritics', () => {
    expect(parseAggregation('Tổng', 'ha').agg).toEqual({ kind: 'sum' });
    expect(parseAggregation('tong', 'ha').agg).toEqual({ kind: 'sum' });
    expect(parseAggregation('Bình quân', 'ha').agg).toEqual({ kind: 'mean' });
    expect(parseAggregation('binh quan', 'ha').agg).toEqual({ kind: 'mean' });
    expect(parseAggregation('Bình quân theo XH01', '%').agg).toEqual({ kind: 'weighted', by: 'XH01' });
    expect(parseAggregation('binh quan theo XH01', '%').agg).toEqual({ kind: 'weighted', by: 'XH01' });
    expect(parseAggregation('Số xã đạt', 'xã').agg).toEqual({ kind: 'count_met' });
    expect(parseAggregation('so xa dat', 'xã').agg).toEqual({ kind: 'count_met' });
    expect(parseAggregation('Lớn nhất', 'ha').agg).toEqual({ kind: 'max' });
    expect(parseAggregation('Nhỏ nhất', 'ha').agg).toEqual({ kind: 'min' });
    expect(parseAggregation('Không', 'ha').agg).toEqual({ kind: 'none' });
    expect(parseAggregation('', '%')).toEqual({ agg: { kind: 'mean' }, known: true, empty: true });
    expect(parseAggregation('theo tháng', 'ha')).toEqual({ agg: { kind: 'sum' }, known: false, empty: false });
  });
  it('directions and kinds', () => {
    expect(parseDirection('Giảm')).toEqual({ dir: 'down', known: true });
    expect(parseDirection('giam')).toEqual({ dir: 'down', known: true });
    expect(parseDirection('')).toEqual({ dir: 'up', known: true });
    expect(parseKind('Thời điểm', 'ha')).toEqual({ kind: 'level', known: true });
    expect(parseKind('luy ke', '%')).toEqual({ kind: 'flow', known: true });
    expect(parseKind('', '%')).toEqual({ kind: 'level', known: true });
  });
});

describe('readPlan: commune columns whose names start like a role word', () => {
  it('keeps "Hương Sơn", "Chiêu Lưu", "Toàn Sơn", "Kiều Phú", "Loại Xá" as communes', async () => {
    const names = ['Hương Sơn', 'Chiêu Lưu', 'Toàn Sơn', 'Kiều Phú', 'Loại Xá'];
    const { plan, issues } = await planOf([
      {
        rows: [
          ['Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Chiều (Tăng/Giảm)', 'Loại', 'Toàn huyện', ...names],
          ['KT01', 'Thu ngân sách', 'triệu đồng', 'Tổng', 'Tăng', 'Lũy kế', 100, 10, 20, 30, 40, 0],
          ['XH03', 'Tỷ lệ hộ nghèo', '%', 'Bình quân', 'Giảm', 'Thời điểm', 5, 1, 2, 3, 4, 5],
        ],
      },
    ]);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(plan!.communes).toEqual(names);
    expect(plan!.indicators[1].direction).toBe('down');
    expect(targetsByName(plan!, plan!.indicators[0])['Kiều Phú']).toBe(40);
  });
});

describe('readPlan: a name column holding only numbers', () => {
  it('a row named "1" with no code is no indicator; one warning for the sheet when such rows hold figures, not one a row', async () => {
    const rows: unknown[][] = [HEAD, ['KT01', 'Thu ngân sách', 'triệu đồng', 'Tổng', 'Tăng', 'Lũy kế', 34500, 800, 1200]];
    for (let i = 0; i < 500; i++) rows.push([null, '1', null, null, null, null, 1, null, null]);
    rows.push(['KT02', 'Dân số', 'người', 'Tổng', 'Tăng', 'Thời điểm', 9000, 4000, 5000]);
    const { plan, issues } = await planOf([{ name: 'KH', rows: rows as never }]);
    expect(plan!.indicators.map((i) => i.code)).toEqual(['KT01', 'KT02']);
    expect(issues.map((i) => [i.code, i.cell])).toEqual([['plan_row_unnamed', 'B3']]);
    expect(issues[0].message).toMatch(/không phải chỉ tiêu/);
  });

  it('rows named only by a number and holding nothing are skipped without a word', async () => {
    const { plan, issues } = await planOf([{ name: 'KH', rows: [HEAD, ['KT01', 'Thu ngân sách', 'triệu đồng', 'Tổng', 'Tăng', 'Lũy kế', 34500, 800, 1200], [null, '(2)', null, null, null, null, null, null, null]] as never }]);
    expect(plan!.indicators.length).toBe(1);
    expect(issues).toEqual([]);
  });
});
