/** The plan's optional second target ("Tỉnh giao"), its section rows and the issuing body in its titles. */
import { describe, expect, it } from 'vitest';
import { issuerOf } from '../../src/read/plan';
import { planOf } from './helpers';

describe('second target, sections, issuing body', () => {
  it('reads "KH tỉnh giao" as the second parent target, never as a commune; section rows name their indicators', async () => {
    const { plan, issues } = await planOf([
      {
        name: 'Kế hoạch 2020',
        rows: [
          ['Đơn vị: UBND huyện Thanh Liêm'],
          ['KẾ HOẠCH CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM 2020'],
          [],
          ['Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Chiều', 'Loại', 'Toàn huyện', 'KH tỉnh giao', 'Thanh Hà', 'Liêm Cần'],
          [null, 'I. KINH TẾ'],
          ['KT01', 'Thu ngân sách', 'triệu đồng', 'Tổng', 'Tăng', 'Lũy kế', 12000, 13000, 800, 500],
          [null, 'II. VĂN HÓA - XÃ HỘI'],
          ['XH01', 'Tỷ lệ hộ nghèo', '%', 'Bình quân', 'Giảm', 'Thời điểm', 2, null, 3, 1.5],
        ],
      },
    ]);
    expect(issues).toEqual([]);
    const p = plan!;
    expect(p.communes).toEqual(['Thanh Hà', 'Liêm Cần']);
    expect(p.parentLabel).toBe('Toàn huyện');
    expect(p.secondLabel).toBe('KH tỉnh giao');
    expect(p.issuer).toBe('UBND huyện Thanh Liêm');
    expect(p.indicators.map((i) => [i.code, i.parentTarget, i.secondTarget, i.section])).toEqual([
      ['KT01', 12000, 13000, 'I. KINH TẾ'],
      ['XH01', 2, null, 'II. VĂN HÓA - XÃ HỘI'],
    ]);
  });

  it('finds the issuing body in the usual title cells', () => {
    expect(issuerOf(['Đơn vị: UBND huyện Thanh Liêm'])).toBe('UBND huyện Thanh Liêm');
    expect(issuerOf(['UBND HUYỆN BÌNH LỤC', 'KẾ HOẠCH NĂM 2020'])).toBe('UBND HUYỆN BÌNH LỤC');
    expect(issuerOf(['KẾ HOẠCH 2024', '(Kèm theo Quyết định số 45/QĐ-UBND ngày 15/01/2024 của UBND huyện Tân Phong)'])).toBe('UBND huyện Tân Phong');
    expect(issuerOf(['KẾ HOẠCH 2024'])).toBeNull();
  });
});
