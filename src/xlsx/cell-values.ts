/**
 * Cell values as exceljs-read gives them, for every reader of src/xlsx/ (the .xlsx scanner, SheetJS's
 * formats) and the exceljs reference under test/reference/: dates as ISO text, formulas naming another
 * workbook.
 */

/** Formula text naming another workbook: "[1]Sheet1!A1", "'[Book2.xlsx]Sheet1'!A1", "'C:\x\[a.xlsx]S'!A1". */
export const EXTERNAL_REF = /\[[^\]]*\][^!]*!/;

/** A Date as ISO text: "2024-06-30" at midnight UTC, else "2024-06-30T08:00:00"; null when it is no date. */
export function isoDate(d: Date): string | null {
  const t = d.getTime();
  if (!Number.isFinite(t)) return null;
  const iso = d.toISOString();
  return t % 86_400_000 === 0 ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** An Excel serial date (1900 system with its leap-year bug, or 1904) as exceljs converts it. */
export function serialIso(v: number, date1904: boolean): string | null {
  return isoDate(new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000)));
}
