/**
 * Printing, measured: the workbook and the Word draft converted to PDF by LibreOffice, their words read
 * with poppler's `pdftotext -bbox`. A word's box is about 1.3 × its font size (LibreOffice's fonts here:
 * 8 pt → 10.39, 11 pt → 14.30, 14 pt → 18.20), so "no text under 8 pt" is "no box under 10.3 pt".
 * Overlapping text: two words on one page whose boxes overlap sideways while their middles are closer than
 * 0.6 of a line (lines of one wrapped cell are a whole line apart).
 * Also: the chart part of the .xlsx survives a LibreOffice round trip.
 * Skipped, saying why, without soffice (with Writer, for .docx) or pdftotext.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSheets } from '../../src/write/sheets';
import { writeDocx } from '../../src/write/docx';
import { writeXlsx } from '../../src/xlsx/write';
import { manyIndicators, soffice } from '../harness/libreoffice';
import { canPrint, measurePdf, toPdf } from '../harness/pdf';
import { makeReport } from './fixture';

if (!canPrint) console.warn('test/write/print.test.ts: skipped — needs soffice (apt-get install libreoffice-calc libreoffice-writer) and pdftotext (poppler-utils)');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-print-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Box height of 8 pt text, with a little room for rounding. */
const MIN_BOX = 8 * 1.3 - 0.1;

function zipNames(file: string): string[] {
  return spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
}

async function printWorkbook(communes: number): Promise<ReturnType<typeof measurePdf>> {
  const report = manyIndicators(14, communes);
  report.issuer = 'UBND huyện Thanh Liêm';
  const file = path.join(dir, `tong-hop-${communes}.xlsx`);
  fs.writeFileSync(file, await writeXlsx(buildSheets(report, 'vi')));
  return measurePdf(toPdf(file, dir));
}

describe.skipIf(!canPrint)('the workbook prints legibly on A4', () => {
  for (const communes of [15, 200]) {
    it(`${communes} communes: no text under 8 pt, no overlapping text`, async () => {
      const m = await printWorkbook(communes);
      console.log(`print ${communes} communes: ${m.pages} pages, smallest text ${(m.smallest / 1.3).toFixed(2)} pt (box ${m.smallest.toFixed(2)}), ${m.overlaps.length} overlaps`);
      expect(m.words).toBeGreaterThan(500);
      expect(m.smallest).toBeGreaterThanOrEqual(MIN_BOX);
      expect(m.overlaps.map(([a, b]) => `p${a.page} '${a.text}' / '${b.text}'`)).toEqual([]);
    }, 120_000);
  }
});

describe.skipIf(!canPrint)('the Word draft', () => {
  it('opens in LibreOffice (converts to PDF): A4, the heading, 13–14 pt text', async () => {
    const report = { ...makeReport(), issuer: 'UBND huyện Thanh Liêm' };
    const file = path.join(dir, 'bao-cao.docx');
    fs.writeFileSync(file, await writeDocx(report, 'vi'));
    const pdf = toPdf(file, dir);
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
 for (const s of ['UBND HUYỆN', 'THANH LIÊM', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BÁO CÁO', 'Nơi nhận:', 'NGƯỜI LẬP BIỂU', 'THỦ TRƯỞNG ĐƠN VỊ']) {
      expect(text).toContain(s);
    }
    const m = measurePdf(pdf);
    expect(m.smallest).toBeGreaterThanOrEqual(MIN_BOX);
    expect(m.overlaps).toEqual([]);
    // the left margin: 30 mm = 85 pt
    expect(Math.min(...spawnSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' }).stdout.match(/xMin="([\d.]+)"/g)!.map((x) => Number(x.slice(6, -1))))).toBeGreaterThanOrEqual(84);
  }, 120_000);
});

describe.skipIf(!soffice)('the chart in the .xlsx', () => {
  it('is written as xl/charts/chart1.xml with its drawing, and survives a LibreOffice round trip', async () => {
    const file = path.join(dir, 'chart.xlsx');
    fs.writeFileSync(file, await writeXlsx(buildSheets(makeReport(), 'vi')));
    const names = zipNames(file);
    expect(names).toEqual(expect.arrayContaining(['xl/charts/chart1.xml', 'xl/drawings/drawing1.xml', 'xl/worksheets/_rels/sheet1.xml.rels']));
    const chart = spawnSync('unzip', ['-p', file, 'xl/charts/chart1.xml'], { encoding: 'utf8' }).stdout;
    expect(chart).toContain("<c:f>'Tổng hợp'!$G$10:$G$15</c:f>");
    expect(chart).toContain("<c:f>'Tổng hợp'!$H$10:$H$15</c:f>");
    const out = path.join(dir, 'round');
    fs.mkdirSync(out, { recursive: true });
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-lo-'));
    spawnSync(soffice!, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, file], {
      encoding: 'utf8', timeout: 120_000, env: { ...process.env, HOME: profile },
    });
    fs.rmSync(profile, { recursive: true, force: true });
    const back = path.join(out, 'chart.xlsx');
    expect(fs.existsSync(back)).toBe(true);
    const backNames = zipNames(back);
    expect(backNames.some((n) => /^xl\/charts\/chart\d+\.xml$/.test(n))).toBe(true);
    const backChart = spawnSync('unzip', ['-p', back, backNames.find((n) => /^xl\/charts\/chart\d+\.xml$/.test(n))!], { encoding: 'utf8' }).stdout;
    expect(backChart).toContain('barChart');
    expect(backChart).toMatch(/\$G\$10:\$G\$15/);
  }, 120_000);
});
