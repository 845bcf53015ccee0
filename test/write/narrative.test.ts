/**
 * The narrative's sentences, one kind of indicator at a time, numbers worked out by hand in each test.
 */
import { describe, expect, it } from 'vitest';
import type { CommuneResult, IndicatorResult, Report } from '../../src/types';
import { behindSentences, buildNarrative, completenessSentences, formatNumber, indicatorSentence } from '../../src/write/narrative';
import { summaryLines } from '../../src/cli/table';
import { makeReport } from './fixture';

function ind(p: Partial<IndicatorResult>): IndicatorResult {
  return {
    code: 'KT01', name: 'Thu ngân sách nhà nước', unit: 'triệu đồng', aggregation: 'Tổng', direction: 'Tăng', kind: 'Lũy kế',
    target: null, actual: null, completionPct: null, expectedPct: 50, previous: null, changePct: null, status: 'no_data',
    behindCount: 0, reportedCount: 0, communes: [], ...p,
  };
}

describe('numbers in Vietnamese style', () => {
  it('groups thousands with dots, decimals with a comma, at most two places', () => {
    expect(formatNumber(1227)).toBe('1.227');
    expect(formatNumber(54.5)).toBe('54,5');
    expect(formatNumber(4000.25)).toBe('4.000,25');
    expect(formatNumber(1.956)).toBe('1,96');
    expect(formatNumber(-12.5)).toBe('-12,5');
    expect(formatNumber(1227.5, 'en')).toBe('1,227.5');
  });
});

describe('one sentence per indicator', () => {
  it('flow, higher is better, on track: 24324 / 47000 = 51,75 % ≥ 50 %; (24324 / 22567.8 − 1) = +7,78 %', () => {
    const s = indicatorSentence(ind({ actual: 24324, target: 47000, completionPct: 24324 / 47000 * 100, previous: 22567.8, changePct: (24324 / 22567.8 - 1) * 100, status: 'on_track' }));
    expect(s).toBe('Thu ngân sách nhà nước đạt 24.324 triệu đồng, bằng 51,75% kế hoạch năm, tăng 7,78% so với cùng kỳ; đúng tiến độ (yêu cầu 50%).');
  });

  it('flow behind: 512 / 1180 = 43,39 % < 50 %, gap 1180 × 0,5 − 512 = 78 ha; previous 640 → −20 %', () => {
    const s = indicatorSentence(ind({ name: 'Diện tích trồng rừng tập trung', unit: 'ha', actual: 512, target: 1180, completionPct: 512 / 1180 * 100, previous: 640, changePct: (512 / 640 - 1) * 100, status: 'behind', gap: 78 }));
    expect(s).toBe('Diện tích trồng rừng tập trung đạt 512 ha, bằng 43,39% kế hoạch năm, giảm 20% so với cùng kỳ; chậm tiến độ (yêu cầu 50%, còn thiếu 78 ha).');
  });

  it('level indicator met: 57,2 / 56 = 102,14 %, expected 100 %', () => {
    const s = indicatorSentence(ind({ name: 'Tỷ lệ che phủ rừng', unit: '%', kind: 'Thời điểm', aggregation: 'Bình quân', actual: 57.2, target: 56, completionPct: 57.2 / 56 * 100, expectedPct: 100, status: 'met' }));
    expect(s).toBe('Tỷ lệ che phủ rừng đạt 57,2%, bằng 102,14% kế hoạch năm; đã đạt kế hoạch năm.');
  });

  it('lower-is-better rate: poverty 2,5 % → 1,96 % "giảm còn", ceiling 3,8 %', () => {
    const s = indicatorSentence(ind({ name: 'Tỷ lệ hộ nghèo', unit: '%', kind: 'Thời điểm', direction: 'Giảm', actual: 1.96, target: 3.8, completionPct: 1.96 / 3.8 * 100, expectedPct: 100, previous: 2.5, changePct: (1.96 / 2.5 - 1) * 100, status: 'met' }));
    expect(s).toBe('Tỷ lệ hộ nghèo giảm còn 1,96% (cùng kỳ: 2,5%), kế hoạch năm không quá 3,8%; đạt kế hoạch năm.');
  });

  it('lower-is-better flow behind: 8 accidents against 12 × 50 % = 6 allowed, 2 over; 8 / 5 − 1 = +60 %', () => {
    const s = indicatorSentence(ind({ name: 'Số vụ tai nạn giao thông', unit: 'vụ', direction: 'Giảm', actual: 8, target: 12, completionPct: 8 / 12 * 100, previous: 5, changePct: 60, status: 'behind', gap: 2 }));
    expect(s).toBe('Số vụ tai nạn giao thông là 8 vụ, kế hoạch năm không quá 12 vụ, tăng 60% so với cùng kỳ; chậm tiến độ (vượt mức cho phép của kỳ 2 vụ).');
  });

  it('Số xã đạt: 12 of 15 communes, target 13 → 12 / 13 = 92,31 %, level, behind by 1', () => {
    const communes = Array.from({ length: 15 }, (_, k) => ({ commune: `Xã ${k}`, target: 1, actual: k < 12 ? 1 : 0, completionPct: null, expectedPct: 100, status: 'met' }) as CommuneResult);
    const s = indicatorSentence(ind({ name: 'Số xã đạt chuẩn nông thôn mới', unit: 'xã', aggregation: 'Số xã đạt', kind: 'Thời điểm', actual: 12, target: 13, completionPct: 12 / 13 * 100, expectedPct: 100, status: 'behind', gap: 1, communes }));
    expect(s).toBe('Số xã đạt chuẩn nông thôn mới: 12/15 xã đạt chuẩn, bằng 92,31% kế hoạch năm; chậm tiến độ (yêu cầu 100%, còn thiếu 1 xã).');
  });

  it('two targets: 860 / 741,4 = 116 % of the province target and 860 / 895,8 = 96 % of the district plan', () => {
    const s = indicatorSentence(ind({
      unit: 'tỷ đồng', actual: 860, target: 895.8, completionPct: 860 / 895.8 * 100, status: 'met', estimate: true, previous: 761.8, changePct: (860 / 761.8 - 1) * 100,
      targets: [{ label: 'Toàn huyện', target: 895.8, completionPct: 860 / 895.8 * 100 }, { label: 'Dự toán tỉnh giao', target: 741.4, completionPct: 860 / 741.4 * 100 }],
    }));
    // 860/895.8 = 0.96004…; 860/741.4 = 1.15997…; 860/761.8 − 1 = 0.12890…
    expect(s).toBe('Thu ngân sách nhà nước ước đạt 860 tỷ đồng, bằng 96% kế hoạch năm và bằng 116% dự toán tỉnh giao, tăng 12,89% so với cùng kỳ; đã đạt kế hoạch năm.');
    const k = indicatorSentence(ind({ actual: 50, target: 100, completionPct: 50, status: 'on_track', targets: [{ label: 'Toàn huyện', target: 100, completionPct: 50 }, { label: 'Tỉnh giao', target: 80, completionPct: 62.5 }] }));
    expect(k).toContain('bằng 50% kế hoạch năm và bằng 62,5% kế hoạch tỉnh giao');
  });

  it('estimate: "ước đạt"', () => {
    const s = indicatorSentence(ind({ name: 'Số lao động được giải quyết việc làm mới', unit: 'người', actual: 1227, target: 2400, completionPct: 1227 / 24, status: 'on_track', estimate: true }));
    expect(s).toBe('Số lao động được giải quyết việc làm mới ước đạt 1.227 người, bằng 51,13% kế hoạch năm; đúng tiến độ (yêu cầu 50%).');
  });

  it('no target and no data', () => {
    expect(indicatorSentence(ind({ name: 'Dân số trung bình', unit: 'người', actual: 60321, status: 'no_target' }))).toBe('Dân số trung bình đạt 60.321 người; chưa có kế hoạch năm để so sánh.');
    expect(indicatorSentence(ind({ name: 'Sản lượng lương thực', unit: 'tấn', status: 'no_data' }))).toBe('Sản lượng lương thực: chưa có số liệu.');
  });

  it('English', () => {
    const s = indicatorSentence(ind({ actual: 24324, target: 47000, completionPct: 24324 / 47000 * 100, previous: 22567.8, changePct: (24324 / 22567.8 - 1) * 100, status: 'on_track' }), 'en');
    expect(s).toBe('Thu ngân sách nhà nước reached 24,324 triệu đồng, 51.75% of the annual target, up 7.78% on the same period last year; on track (expected 50%).');
  });
});

describe('the whole draft', () => {
  const report: Report = makeReport();

  it('names the communes furthest behind and the completeness', () => {
    // KT01: Thanh Hà 350 / 800 = 43,75 % behind; XH01 (Giảm) parent 2,5 / 2 = 125 %
    const b = behindSentences(report);
    expect(b.some((t) => t.startsWith('Thu ngân sách trên địa bàn: toàn huyện không chậm tiến độ; 1 xã chậm tiến độ, thấp nhất là Thanh Hà (43,75%)'))).toBe(true);
    const c = completenessSentences(report);
    expect(c[0]).toMatch(/^Đã nhận báo cáo của \d+\/\d+ xã/);
    expect(c[1]).toMatch(/phát hiện \d+ lỗi và \d+ cảnh báo/);
  });

  it('counts a commune whose only file was not consolidated as without a report, never one whose second file was left out', () => {
    const rep = makeReport();
    rep.communes = [
      ...rep.communes,
      { name: 'Thanh Hà', file: 'thanh-ha-2.xlsx', period: null, sheets: [], values: 3, issues: 1, reported: false },
      { name: 'Khánh Thượng', file: 'kt-quy-truoc.xlsx', period: 'quý I năm 2020', sheets: [], values: 3, issues: 1, reported: false },
    ];
    const c = completenessSentences(rep);
    expect(c[0]).toBe('Đã nhận báo cáo của 2/4 xã; chưa có báo cáo: Liêm Cần, Khánh Thượng.');
    const lines = summaryLines(rep, { lang: 'vi', outputs: [] });
    expect(lines).toContain('Số xã đã đọc: 2/4');
    expect(lines).toContain('Chưa có báo cáo: Liêm Cần, Khánh Thượng');
    expect(lines).toContain('Tệp không được tổng hợp (xem sheet Kiểm tra dữ liệu): thanh-ha-2.xlsx, kt-quy-truoc.xlsx');
  });

  it('has the heading, the title with the period, sections, Nơi nhận and both signatures', () => {
    const n = buildNarrative({ ...report, issuer: 'UBND huyện Thanh Liêm' });
    expect(n.issuer).toBe('UBND huyện Thanh Liêm');
    expect(n.number).toBe('Số: …/BC-UBND');
    expect(n.motto).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']);
    expect(n.placeDate).toBe('…, ngày … tháng … năm …');
    expect(n.subtitle).toBe('Kết quả thực hiện các chỉ tiêu kinh tế - xã hội 6 tháng đầu năm 2020');
    expect(n.recipients.title).toBe('Nơi nhận:');
    expect(n.signatures.map((s) => s.title)).toEqual(['NGƯỜI LẬP BIỂU', 'THỦ TRƯỞNG ĐƠN VỊ']);
    const withSections = buildNarrative({
      ...report,
      indicators: report.indicators.map((x, i) => ({ ...x, section: i < 2 ? 'I. KINH TẾ' : 'II. VĂN HÓA - XÃ HỘI' })),
    });
    const heads = withSections.body.filter((b) => b.kind === 'heading').map((b) => b.text);
    expect(heads).toContain('1. Kinh tế');
    expect(heads).toContain('2. Văn hóa - xã hội');
  });
});
