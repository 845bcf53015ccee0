/**
 * Hostile text for issue 4 ("Hostile text"): commune, sheet, file and indicator names, units and
 * notes that would run script if put in a page as HTML, or become formulas if typed into Excel.
 * The workbooks are made here with exceljs, the way a commune's file and a district's plan look
 * (title naming the commune, "6 tháng đầu năm 2024", a header row, one row per indicator), so the
 * hostile strings reach every output through the real reader.
 *
 * Numbers (by hand): the plan gives every commune a target of 100 for every indicator (all "Tổng",
 * "Lũy kế"; the parent's target is the sum, 800). Six months → expected 50 %. Commune i reports 80
 * (80 % ≥ 50 %: on track) for every indicator except the i-th, where it reports 10 (10 % < 50 %:
 * behind, gap = 100 × 50 % − 10 = 40). The parent: 7 × 80 + 10 = 570 of 800 = 71,25 % → on track.
 * So there are exactly 8 shortfalls, (commune i, indicator i), all shown in the pane (it shows 10).
 * Each commune's own indicator row also holds a value that is not a number in "Cùng kỳ" (the
 * hostile text itself), so every commune has a problem whose message names its sheet.
 */
import ExcelJS from 'exceljs';
import type { Grid, GridCell, InputFile } from '../../src/types';

/** The strings of the brief, by short name. */
export const HOSTILE = {
  img: '<img src=x onerror="window.__xss=1">',
  script: '<script>window.__xss=2</script>',
  svg: '"><svg onload=window.__xss=3>',
  hyperlink: '=HYPERLINK("http://x","y")',
  plus: '+cmd',
  minus: '-1+1',
  at: '@SUM(A1)',
  /** Right-to-left override (U+202E) and pop directional formatting (U+202C) inside a name. */
  rlo: 'Tân\u202EPhú\u202C',
} as const;

/** A name with control characters: only through Grids (exceljs drops them when it writes a file). */
export const CONTROL_NAME = 'Hòa\u0007Bình\u001b';

/** Sheet names (≤ 31 characters, none of : \ / ? * [ ]), one per commune, in COMMUNES' order. */
export const SHEETS = [
  '<img src=x onerror=__xss=4>',
  '<svg onload=__xss=5>',
  '"><svg onload=__xss=6>',
  '=HYPERLINK("x","y")',
  '+cmd',
  '-1+1',
  '@SUM(A1)',
  'Bảng\u202Ecba',
];

/** Commune names (the plan's columns), in order. */
export const COMMUNES = [HOSTILE.img, HOSTILE.script, HOSTILE.svg, HOSTILE.hyperlink, HOSTILE.plus, HOSTILE.minus, HOSTILE.at, HOSTILE.rlo];

/** File names of the communes' workbooks (any text a browser's File may carry). */
export const FILE_NAMES = [
  '<img src=x onerror=__xss=7>.xlsx',
  '<script>window.__xss=8</script>.xlsx',
  '"><svg onload=__xss=9>.xlsx',
  '=HYPERLINK("http:\\\\x","y").xlsx',
  '+cmd.xlsx',
  '-1+1.xlsx',
  '@SUM(A1).xlsx',
  'Tân\u202Excod.xlsx',
];

export const PLAN_FILE_NAME = '<img src=x onerror=__xss=10>.xlsx';

/** Indicator rows of the plan: code, name, unit. Numbering is stripped from names ("+cmd" → "cmd"), so "+…" and "-…" are units here. */
export const INDICATORS: { code: string; name: string; unit: string }[] = [
  { code: 'KT01', name: HOSTILE.img, unit: HOSTILE.plus },
  { code: 'KT02', name: HOSTILE.script, unit: HOSTILE.minus },
  { code: 'KT03', name: HOSTILE.svg, unit: HOSTILE.at },
  { code: 'KT04', name: HOSTILE.hyperlink, unit: HOSTILE.img },
  { code: 'KT05', name: HOSTILE.at, unit: HOSTILE.hyperlink },
  { code: 'KT06', name: `${HOSTILE.rlo} sản lượng`, unit: HOSTILE.svg },
  { code: 'KT07', name: 'Số hộ', unit: HOSTILE.script },
  { code: 'KT08', name: 'Diện tích', unit: HOSTILE.rlo },
];

/** Notes ("Ghi chú") of the communes' rows: row k of every commune carries NOTES[k]. */
export const NOTES = [HOSTILE.svg, HOSTILE.hyperlink, HOSTILE.script, HOSTILE.plus, HOSTILE.minus, HOSTILE.at, HOSTILE.img, HOSTILE.rlo];

export const TARGET = 100;
export const ON_TRACK = 80;
export const BEHIND = 10;
export const PREVIOUS = 70;

type Row = (string | number | null)[];

/** The rows of the plan sheet. */
export function planRows(communes: string[] = COMMUNES): Row[] {
  return [
    ['KẾ HOẠCH CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM 2024'],
    [],
    ['STT', 'Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Chiều', 'Loại', 'Toàn huyện', ...communes],
    ...INDICATORS.map((ind, k): Row => [k + 1, ind.code, ind.name, ind.unit, 'Tổng', 'Tăng', 'Lũy kế', null, ...communes.map(() => TARGET)]),
  ];
}

/** The rows of commune i's sheet (its title names it; indicator i is behind; "Cùng kỳ" of that row is hostile text). */
export function communeRows(i: number, commune: string = COMMUNES[i]): Row[] {
  return [
    [`Đơn vị báo cáo: ${commune}`],
    ['BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM 2024'],
    [],
    ['STT', 'Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện', 'Cùng kỳ năm trước', 'Ghi chú'],
    ...INDICATORS.map((ind, k): Row => [
      k + 1,
      ind.code,
      ind.name,
      ind.unit,
      TARGET,
      k === i % INDICATORS.length ? BEHIND : ON_TRACK,
      k === i % INDICATORS.length ? BAD_PREVIOUS : PREVIOUS,
      NOTES[k],
    ]),
  ];
}

/** What commune i writes in "Cùng kỳ" of its behind row: not a number (a problem naming the sheet). */
export const BAD_PREVIOUS = HOSTILE.hyperlink;

async function bookBytes(sheets: { name: string; rows: Row[] }[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((row, r) =>
      row.forEach((v, c) => {
        // Plain strings: exceljs writes them as text, never as formulas.
        if (v !== null && v !== undefined) ws.getCell(r + 1, c + 1).value = v;
      }),
    );
  }
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

export interface HostileFiles {
  plan: InputFile;
  communes: InputFile[];
}

/** The plan and the 8 communes' workbooks as files. */
export async function hostileFiles(): Promise<HostileFiles> {
  const plan = { name: PLAN_FILE_NAME, data: await bookBytes([{ name: 'KH 2024', rows: planRows() }]) };
  const communes: InputFile[] = [];
  for (let i = 0; i < COMMUNES.length; i++) {
    communes.push({ name: FILE_NAMES[i], data: await bookBytes([{ name: SHEETS[i], rows: communeRows(i) }]) });
  }
  return { plan, communes };
}

/** Rows as a Grid (what an adapter gives), for sources that never were a file (sheets of the open workbook). */
export function rowsToGrid(rows: Row[], file: string, sheet: string): Grid {
  return {
    file,
    sheet,
    rows: rows.map((row) => row.map((v): GridCell | null => (v === null || v === undefined ? null : { v }))),
    merges: [],
  };
}

/** Every hostile string, for scanning outputs. */
export const ALL_HOSTILE: string[] = [...new Set([...Object.values(HOSTILE), CONTROL_NAME, ...SHEETS, ...FILE_NAMES, PLAN_FILE_NAME, ...INDICATORS.flatMap((x) => [x.name, x.unit]), ...NOTES])];

/** Whether a string begins the way Excel would take for a formula when typed. */
export function looksLikeFormula(s: string): boolean {
  return /^[=+\-@]/.test(s);
}
