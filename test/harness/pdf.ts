/**
 * Printing through LibreOffice, measured: a file converted to PDF (`soffice --convert-to pdf`), its words and
 * their boxes read with poppler's `pdftotext -bbox`, then the smallest text height and the words whose boxes
 * overlap on a page. Null (the tests skip, saying why) without soffice or pdftotext.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { soffice } from './libreoffice';

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

export const pdftotext = has('pdftotext');
/** Both LibreOffice (with Writer, for .docx) and poppler are here. */
export const canPrint = !!soffice && pdftotext;

/** Convert a file to PDF with LibreOffice (a private profile); returns the PDF's path. */
export function toPdf(file: string, outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-pdf-'))): string {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-lo-'));
  const res = spawnSync(soffice!, [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--nologo', '--convert-to', 'pdf', '--outdir', outDir, file], {
    encoding: 'utf8', timeout: 120_000, env: { ...process.env, HOME: profile },
  });
  fs.rmSync(profile, { recursive: true, force: true });
  const pdf = path.join(outDir, path.basename(file).replace(/\.[^.]+$/, '') + '.pdf');
  if (!fs.existsSync(pdf)) throw new Error(`soffice did not convert ${file}: ${res.stderr || res.stdout}`);
  return pdf;
}

export interface Word { page: number; x1: number; y1: number; x2: number; y2: number; text: string }

/** Every word of the PDF with its box (points, origin top left). */
export function pdfWords(pdf: string): { pages: number; words: Word[] } {
  const html = spawnSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
  const words: Word[] = [];
  let page = 0;
  const re = /<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    if (m[0] === '<page ') { page++; continue; }
    words.push({ page, x1: +m[1], y1: +m[2], x2: +m[3], y2: +m[4], text: m[5] });
  }
  return { pages: page, words };
}

export interface PrintMeasure {
  pages: number;
  words: number;
  /** Smallest word box height (pt): about the font size as printed. */
  smallest: number;
  /**
   * Pairs of words on one page drawn over each other: boxes overlapping sideways (by more than 0.5 pt) with
   * middles closer than 0.6 of the smaller box (a word's box is taller than the line spacing, so the lines of one
   * wrapped cell touch; lines of text run into each other are closer than that).
   */
  overlaps: [Word, Word][];
}

/** Measure a PDF: the smallest text and the overlapping words. */
export function measurePdf(pdf: string): PrintMeasure {
  const { pages, words } = pdfWords(pdf);
  const overlaps: [Word, Word][] = [];
  const byPage = new Map<number, Word[]>();
  for (const w of words) {
    if (!w.text.trim()) continue;
    (byPage.get(w.page) ?? byPage.set(w.page, []).get(w.page)!).push(w);
  }
  for (const list of byPage.values()) {
    list.sort((a, b) => a.y1 - b.y1);
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      for (let j = i + 1; j < list.length && list[j].y1 < a.y2 - 0.5; j++) {
        const b = list[j];
        const ox = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
        const dy = Math.abs((a.y1 + a.y2) / 2 - (b.y1 + b.y2) / 2);
        if (ox > 0.5 && dy < 0.6 * Math.min(a.y2 - a.y1, b.y2 - b.y1)) overlaps.push([a, b]);
      }
    }
  }
  const heights = words.filter((w) => w.text.trim()).map((w) => w.y2 - w.y1);
  return { pages, words: heights.length, smallest: heights.length ? Math.min(...heights) : 0, overlaps };
}
