/**
 * The narrative draft as a Word file (the `docx` package: no I/O of its own, works in Node and in the
 * browser). Page per Nghị định 30/2020/NĐ-CP for administrative documents: A4 portrait, margins top 20 mm,
 * bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt for the body (12–13 pt for the heading block),
 * the heading as a borderless two-column table (issuing body left, national motto right), "Nơi nhận" left
 * and the signature block right at the end, page numbers centred at the top from the second page.
 */
import {
  AlignmentType, BorderStyle, Document, Footer, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun,
  WidthType, convertMillimetersToTwip,
} from 'docx';
import type { Lang, Report } from '../types';
import { buildNarrative, type Narrative } from './narrative';

const FONT = 'Times New Roman';
/** Half-points: 14 pt body, 12 pt heading block (issuing body, motto), 12 pt recipients. */
const BODY = 28;
const HEAD = 24;
const SMALL = 24;

/** A4 and the margins of Nghị định 30/2020/NĐ-CP (mm). */
export const PAGE_MM = { width: 210, height: 297, top: 20, bottom: 20, left: 30, right: 15 };

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

function run(text: string, o: { bold?: boolean; italic?: boolean; size?: number; underline?: boolean } = {}): TextRun {
  return new TextRun({ text, bold: o.bold, italics: o.italic, size: o.size ?? BODY, font: FONT, ...(o.underline ? { underline: {} } : {}) });
}

function centred(text: string, o: { bold?: boolean; italic?: boolean; size?: number; underline?: boolean; after?: number } = {}): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: o.after ?? 0 }, children: [run(text, o)] });
}

function twoColumns(left: Paragraph[], right: Paragraph[], leftPct = 40): Table {
  const cell = (children: Paragraph[], pct: number) => new TableCell({ children, width: { size: pct, type: WidthType.PERCENTAGE }, borders: NO_BORDERS });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, leftPct), cell(right, 100 - leftPct)] })],
  });
}

/** The Word document of a narrative. */
export function narrativeDocument(n: Narrative): Document {
  const heading = twoColumns(
    [centred(n.issuer.toUpperCase(), { bold: true, size: HEAD }), centred('———', { size: HEAD, after: 80 }), centred(n.number, { size: HEAD })],
    [
      centred(n.motto[0], { bold: true, size: HEAD }),
      centred(n.motto[1], { bold: true, size: 26 }),
      centred('———————', { size: HEAD, after: 80 }),
      centred(n.placeDate, { italic: true, size: BODY }),
    ],
  );
  const body: Paragraph[] = n.body.map((b) =>
    b.kind === 'heading'
      ? new Paragraph({ spacing: { before: 120, after: 60 }, indent: { firstLine: convertMillimetersToTwip(10) }, children: [run(b.text, { bold: true })] })
      : new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        spacing: { after: 120, line: 300 },
        indent: { firstLine: convertMillimetersToTwip(10) },
        children: [run(b.text)],
      }),
  );
  const closing = twoColumns(
    [
      new Paragraph({ children: [run(n.recipients.title, { bold: true, italic: true, size: SMALL })] }),
      ...n.recipients.lines.map((l) => new Paragraph({ children: [run(l, { size: 22 })] })),
    ],
    n.signatures.length > 1
      ? [centred(n.signatures[1].title, { bold: true }), centred(n.signatures[1].note, { italic: true, size: SMALL })]
      : [],
    50,
  );
  const preparer = n.signatures[0]
    ? [new Paragraph({ spacing: { before: 1200 }, children: [] }), twoColumns([centred(n.signatures[0].title, { bold: true }), centred(n.signatures[0].note, { italic: true, size: SMALL })], [], 50)]
    : [];

  return new Document({
    creator: 'tonghop',
    title: `${n.title} ${n.subtitle}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [{
      properties: {
        page: {
          size: { width: convertMillimetersToTwip(PAGE_MM.width), height: convertMillimetersToTwip(PAGE_MM.height) },
          margin: {
            top: convertMillimetersToTwip(PAGE_MM.top),
            bottom: convertMillimetersToTwip(PAGE_MM.bottom),
            left: convertMillimetersToTwip(PAGE_MM.left),
            right: convertMillimetersToTwip(PAGE_MM.right),
          },
        },
      },
      footers: {
        default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SMALL })] })] }),
      },
      children: [
        heading,
        new Paragraph({ spacing: { before: 240 }, children: [] }),
        centred(n.title, { bold: true, size: BODY }),
        centred(n.subtitle, { bold: true, size: BODY }),
        centred(n.draftNote, { italic: true, size: SMALL, after: 240 }),
        ...body,
        new Paragraph({ spacing: { before: 240 }, children: [] }),
        closing,
        ...preparer,
      ],
    }],
  });
}

/** The report's narrative as .docx bytes. */
export async function writeDocx(report: Report, lang: Lang = 'vi'): Promise<Uint8Array> {
  return narrativeDocx(buildNarrative(report, lang));
}

/** A narrative already built (the task pane's worker builds it from the report it keeps) as .docx bytes. */
export async function narrativeDocx(n: Narrative): Promise<Uint8Array> {
  const buf = await Packer.toArrayBuffer(narrativeDocument(n));
  return new Uint8Array(buf);
}
