/**
 * Hand-made SheetSpecs for the Excel API adapter tests, shaped like write/'s output:
 * a summary (one row per indicator, formulas for % KH, conditional formats, a chart), a detail sheet
 * with 2 columns per commune (TH, % KH) under a merged commune header, shortfalls, issues, sources.
 */
import type { CellStyle, SheetSpec, SpecCell } from '../../src/types';
import { colLetter, rangeAddress } from '../../src/util/address';

export const STYLES: Record<string, CellStyle> = {
  title: { bold: true, size: 14, hAlign: 'center' },
  header: { bold: true, fill: 'D9E1F2', hAlign: 'center', vAlign: 'middle', wrap: true, border: true },
  text: { border: true },
  num: { border: true, hAlign: 'right' },
  behind: { border: true, fill: 'FFC7CE', color: '9C0006' },
  met: { border: true, fill: 'C6EFCE', color: '006100' },
};

const t = (v: string | null, style = 'text'): SpecCell => ({ v, text: true, style });
const n = (v: number | null, fmt = '#,##0.0##', style = 'num'): SpecCell => ({ v, fmt, style });

/** A commune name; a few look like formulas. */
export function communeName(i: number): string {
  const hostile = ['=HYPERLINK("http://x","y")', '+cmd', '-1+1', '@SUM(A1)'];
  return i < hostile.length ? hostile[i] : `Xã Thịnh Vượng số ${i + 1}`;
}

export function indicatorName(k: number): string {
  return `Chỉ tiêu kinh tế - xã hội số ${k + 1} (giá trị sản xuất, thu ngân sách)`;
}

/** Deterministic pseudo-random numbers with full precision. */
function num(i: number, k: number): number {
  return ((i * 7919 + k * 104729) % 100000) / 7 + 0.123456789;
}

export function summarySpec(nInd: number): SheetSpec {
  const first = 7;
  const rows: (SpecCell | null)[][] = [
    [{ v: 'BÁO CÁO TỔNG HỢP CHỈ TIÊU KINH TẾ - XÃ HỘI', text: true, style: 'title' }],
    [t('Toàn huyện', 'title')],
    [t('Kỳ báo cáo: quý I năm 2020', 'text')],
    [],
    [],
    ['STT', 'Mã', 'Chỉ tiêu', 'ĐVT', 'KH năm', 'TH', '% KH', '% KH cần đạt'].map((h) => t(h, 'header')),
  ];
  for (let k = 0; k < nInd; k++) {
    const r = first + k;
    const target = 1000 + k * 13;
    const actual = num(k, 1);
    rows.push([
      n(k + 1, '0', 'num'),
      t(`KT${String(k + 1).padStart(2, '0')}`),
      t(indicatorName(k)),
      t('triệu đồng'),
      n(target, '#,##0'),
      n(actual),
      { v: (actual / target) * 100, f: `IF(E${r}=0,"",F${r}/E${r}*100)`, fmt: '#,##0.0', style: k % 3 === 0 ? 'behind' : 'met' },
      n(25, '#,##0.0'),
    ]);
  }
  const last = first + nInd - 1;
  return {
    key: 'summary',
    name: 'Tổng hợp',
    rows,
    widths: [5, 9, 45, 11, 13, 13, 9, 11],
    merges: ['A1:H1', 'A2:H2', 'A3:H3'],
    styles: STYLES,
    headerRows: { first: 6, last: 6 },
    freeze: { rows: 6, cols: 3 },
    conditionalFormats: [
      { range: `G${first}:G${last}`, type: 'cellIs', operator: 'lessThan', formula: `$H${first}`, fill: 'FFC7CE', color: '9C0006' },
      { range: `F${first}:F${last}`, type: 'dataBar', color: '638EC6' },
    ],
    print: { orientation: 'landscape', paper: 'A4', fitToWidth: true },
    chart: { type: 'bar', title: '% kế hoạch', categories: `C${first}:C${last}`, values: `G${first}:G${last}`, anchor: 'J6' },
  };
}

/** Detail: 5 fixed columns, then 2 per commune (TH, % KH) under a merged commune header. */
export function detailSpec(nCommunes: number, nInd: number): SheetSpec {
  const fixed = 5;
  const width = fixed + 2 * nCommunes;
  const h1: (SpecCell | null)[] = [t('STT', 'header'), t('Mã', 'header'), t('Chỉ tiêu', 'header'), t('ĐVT', 'header'), t('Toàn huyện', 'header')];
  const h2: (SpecCell | null)[] = [null, null, null, null, t('TH', 'header')];
  const merges: string[] = ['A1:' + colLetter(width - 1) + '1'];
  for (let i = 0; i < nCommunes; i++) {
    h1.push(t(communeName(i), 'header'), null);
    h2.push(t('TH', 'header'), t('% KH', 'header'));
    merges.push(rangeAddress(2, fixed + 2 * i, 2, fixed + 2 * i + 1));
  }
  const rows: (SpecCell | null)[][] = [[t('CHI TIẾT THEO XÃ', 'title')], [t('Kỳ báo cáo: quý I năm 2020')], h1, h2];
  for (let k = 0; k < nInd; k++) {
    const row: (SpecCell | null)[] = [n(k + 1, '0'), t(`KT${k + 1}`), t(indicatorName(k)), t('triệu đồng'), n(num(k, 0))];
    for (let i = 0; i < nCommunes; i++) {
      const a = num(k, i + 2);
      row.push(n(a), { v: a / 10, fmt: '#,##0.0', style: (i + k) % 4 === 0 ? 'behind' : 'num' });
    }
    rows.push(row);
  }
  return {
    key: 'detail',
    name: 'Chi tiết xã',
    rows,
    widths: [5, 8, 40, 11, 13, ...Array.from({ length: 2 * nCommunes }, (_, j) => (j % 2 === 0 ? 12 : 8))],
    merges,
    styles: STYLES,
    headerRows: { first: 3, last: 4 },
    freeze: { rows: 4, cols: fixed },
    print: { orientation: 'landscape', paper: 'A4', fitToWidth: true },
  };
}

/** Shortfalls: one row per (commune, indicator) behind — a quarter of them. */
export function shortfallsSpec(nCommunes: number, nInd: number): SheetSpec {
  const rows: (SpecCell | null)[][] = [[t('CHỈ TIÊU CHẬM TIẾN ĐỘ', 'title')], [], ['Xã', 'Mã', 'Chỉ tiêu', 'ĐVT', 'TH', 'KH', '% KH', '% cần đạt', 'Còn thiếu'].map((h) => t(h, 'header'))];
  for (let i = 0; i < nCommunes; i++)
    for (let k = 0; k < nInd; k++) {
      if ((i + k) % 4 !== 0) continue;
      const a = num(k, i + 2);
      rows.push([t(communeName(i)), t(`KT${k + 1}`), t(indicatorName(k)), t('triệu đồng'), n(a), n(a * 3), n(33.3333333, '#,##0.0'), n(50, '#,##0.0'), n(a / 2)]);
    }
  return { key: 'shortfalls', name: 'Chậm tiến độ', rows, widths: [24, 8, 40, 11, 13, 13, 9, 9, 13], merges: ['A1:I1'], styles: STYLES, headerRows: { first: 3, last: 3 }, print: { orientation: 'landscape', paper: 'A4' } };
}

export function issuesSpec(nCommunes: number): SheetSpec {
  const rows: (SpecCell | null)[][] = [[t('VẤN ĐỀ KHI ĐỌC SỐ LIỆU', 'title')], [], ['Mức', 'Tệp', 'Sheet', 'Ô', 'Mã', 'Nội dung'].map((h) => t(h, 'header'))];
  for (let i = 0; i < nCommunes; i++) {
    rows.push([t('Cảnh báo'), t(`xa-${i + 1}.xlsx`), t('Kinh tế'), t(`E${12 + i}`), t('not_a_number'), t(`Tệp 'xa-${i + 1}.xlsx', sheet 'Kinh tế', ô E${12 + i}: '12,5 tr' không phải là số`)]);
  }
  return { key: 'issues', name: 'Vấn đề', rows, widths: [10, 20, 14, 6, 16, 80], merges: ['A1:F1'], styles: STYLES, headerRows: { first: 3, last: 3 } };
}

export function sourcesSpec(nCommunes: number): SheetSpec {
  const rows: (SpecCell | null)[][] = [[t('NGUỒN SỐ LIỆU', 'title')], [], ['Xã', 'Tệp', 'Sheet', 'Số giá trị'].map((h) => t(h, 'header'))];
  for (let i = 0; i < nCommunes; i++) rows.push([t(communeName(i)), t(`xa-${i + 1}.xlsx`), t('Kinh tế'), n(80, '0')]);
  return { key: 'sources', name: 'Nguồn', rows, widths: [24, 20, 14, 10], merges: ['A1:D1'], styles: STYLES, headerRows: { first: 3, last: 3 } };
}

/** A full output set sized like `nCommunes` communes × `nInd` indicators. */
export function outputSpecs(nCommunes: number, nInd = 80): SheetSpec[] {
  return [summarySpec(nInd), detailSpec(nCommunes, nInd), shortfallsSpec(nCommunes, nInd), issuesSpec(nCommunes), sourcesSpec(nCommunes)];
}
