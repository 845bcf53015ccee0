/**
 * SheetSpecs (src/write/sheets.ts) written straight to an .xlsx file, with no exceljs: the XML parts are
 * built here (a sheet's cells straight into UTF-8 bytes) and zipped. It writes what
 * test/reference/exceljs-write.ts writes — values, formulas with their cached results, number formats, fonts,
 * fills, alignment, borders, merges, column widths, frozen panes, conditional formats (cellIs, dataBar), an
 * A4 page setup fitted to the width and print titles — in a tenth of the time: no object model per cell,
 * no string kept per cell, deflate by the platform, each sheet compressed on Node's thread pool while the
 * next is built.
 *
 * Runs in Node and in a browser Web Worker: no Node import at the top. Deflate is Node's zlib
 * (process.getBuiltinModule, so bundles never see a `require`) when present, else CompressionStream
 * ('deflate-raw'), else the parts are stored uncompressed.
 *
 * Strings always go to the shared-string table (t="s"): a text such as "=HYPERLINK(…)", "+cmd", "-1+1"
 * or "@SUM(A1)" stays text whatever it starts with. Characters XML 1.0 forbids (U+0001…) are written as
 * OOXML's _xHHHH_ escapes in cell texts (Excel, LibreOffice and exceljs decode them) and dropped elsewhere
 * (sheet names, formulas, number formats). The workbook asks for a full recalculation on load
 * (calcPr fullCalcOnLoad="1").
 *
 * Print setup: A4, orientation, margins, fit to width where asked, print titles (rows and columns), a print
 * area, page numbers in the footer; row heights (spec.rowHeights). A bar chart (spec.chart) is written as a
 * DrawingML chart part (xl/charts/chartN.xml) anchored by a drawing part, with its values cached.
 *
 * This file holds the workbook's package parts; write-sheet.ts a worksheet part and its chart; write-parts.ts
 * the escaping, address, style and byte helpers both use.
 */
import type { SheetSpec, WritableSheet } from '../types';
import { joinPieces, zipPieces, type ZipWriteEntry } from './zip';
import { deflateMode, partDeflaters, zipEntry } from './deflate';
import { sheetStateAttr } from './write-protect';
import { customPropsXml, CUSTOM_PROPS_CONTENT_TYPE, CUSTOM_PROPS_REL } from './marker';
import { col, escapeXml, safeFreeSheetName, MAX_COLS, MAX_ROWS, NS_MAIN, NS_R, parseRange, REL, StringTable, StyleBook, XML_HEAD } from './write-parts';
import { chartParts, quoteSheet, sheetPieces, sheetXml } from './write-sheet';

export { deflateMode, setNodeDeflate } from './deflate';
export { escapeCellText } from './write-parts';

export interface XlsxWriteOptions {
  /** dc:creator and cp:lastModifiedBy; "tonghop" when absent. */
  creator?: string;
  /** Creation/modification time written in docProps/core.xml; the current time when absent. */
  now?: Date;
  /** zlib level 0–9 for Node's deflate (the browser's CompressionStream has no level). Default 4: on these
   *  sheets half the time of level 6 for 3% more bytes. */
  level?: number;
  /** The run key written beside tonghop's mark in docProps/custom.xml (marker.ts); the same key goes into the run's JSON. */
  run?: string | null;
  /** The mark's value in docProps/custom.xml instead of "output/1" (a template: "template/1"), and more properties. */
  mark?: { value: string; props?: [string, string][] };
}

const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

interface Chart {
  sheet: number;
  xml: string;
  drawing: string;
}

function isoSeconds(d: Date): string {
  const t = d instanceof Date && Number.isFinite(d.getTime()) ? d : new Date();
  return t.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Each sheet's print titles (rows and columns) and print area, as <definedName>s in the order Excel wants. */
function definedNames(list: WritableSheet[], names: string[]): string[] {
  const defined: string[] = [];
  list.forEach((spec, i) => {
    const titles: string[] = [];
    const q = escapeXml(quoteSheet(names[i]));
    const tc = spec.print?.titleCols;
    if (tc && Number.isInteger(tc.first) && Number.isInteger(tc.last) && tc.first >= 1 && tc.last >= tc.first && tc.last <= MAX_COLS) {
      titles.push(`${q}!$${col(tc.first - 1)}:$${col(tc.last - 1)}`);
    }
    const h = spec.headerRows;
    if (h && Number.isInteger(h.first) && Number.isInteger(h.last)) {
      const first = Math.max(1, Math.min(h.first, h.last));
      const last = Math.min(MAX_ROWS, Math.max(h.first, h.last));
      if (last >= 1) titles.push(`${q}!$${first}:$${last}`);
    }
    if (titles.length) defined.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${titles.join(',')}</definedName>`);
    const area = typeof spec.print?.area === 'string' ? parseRange(spec.print.area) : null;
    if (area) defined.push(`<definedName name="_xlnm.Print_Area" localSheetId="${i}">${q}!$${col(area.c1)}$${area.r1 + 1}:$${col(area.c2)}$${area.r2 + 1}</definedName>`);
  });
  // Excel wants the defined names sorted: Print_Area before Print_Titles, by sheet
  defined.sort((a, b) => {
    const ka = /name="([^"]+)" localSheetId="(\d+)"/.exec(a)!, kb = /name="([^"]+)" localSheetId="(\d+)"/.exec(b)!;
    return ka[1] !== kb[1] ? (ka[1] < kb[1] ? -1 : 1) : Number(ka[2]) - Number(kb[2]);
  });
  return defined;
}

function workbookXml(names: string[], defined: string[], list: WritableSheet[]): string {
  return (
    `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><workbookPr/><bookViews><workbookView activeTab="0"/></bookViews><sheets>` +
    names.map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}"${sheetStateAttr(list[i])} r:id="rId${i + 1}"/>`).join('') +
    '</sheets>' +
    (defined.length ? `<definedNames>${defined.join('')}</definedNames>` : '') +
    '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'
  );
}

function workbookRelsXml(names: string[]): string {
  const n = names.length;
  return (
    `${XML_HEAD}<Relationships xmlns="${RELS_NS}">` +
    names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
    `<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
    '</Relationships>'
  );
}

/** The parts of the charts: each sheet's relationship to its drawing, the drawing, its relationship to the chart, the chart. */
function chartFiles(charts: Chart[]): [string, string][] {
  const relsXml = (id: string, type: string, target: string) =>
    `${XML_HEAD}<Relationships xmlns="${RELS_NS}"><Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/></Relationships>`;
  const files: [string, string][] = [];
  charts.forEach((c, k) => {
    files.push(
      [`xl/worksheets/_rels/sheet${c.sheet + 1}.xml.rels`, relsXml('rId1', 'drawing', `../drawings/drawing${k + 1}.xml`)],
      [`xl/drawings/drawing${k + 1}.xml`, c.drawing],
      [`xl/drawings/_rels/drawing${k + 1}.xml.rels`, relsXml('rId1', 'chart', `../charts/chart${k + 1}.xml`)],
      [`xl/charts/chart${k + 1}.xml`, c.xml],
    );
  });
  return files;
}

function contentTypesXml(names: string[], charts: Chart[]): string {
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
    charts.map((_, k) =>
      `<Override PartName="/xl/drawings/drawing${k + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>` +
      `<Override PartName="/xl/charts/chart${k + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`).join('') +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    `<Override PartName="/docProps/custom.xml" ContentType="${CUSTOM_PROPS_CONTENT_TYPE}"/>` +
    '</Types>'
  );
}

const ROOT_RELS =
  `${XML_HEAD}<Relationships xmlns="${RELS_NS}">` +
  `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/>` +
  `<Relationship Id="rId4" Type="${CUSTOM_PROPS_REL}" Target="docProps/custom.xml"/>` +
  '</Relationships>';

function coreXml(creator: string, when: string): string {
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:creator>${creator}</dc:creator><cp:lastModifiedBy>${creator}</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

function appXml(names: string[]): string {
  const n = names.length;
  return (
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
    '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${names.map((x) => `<vt:lpstr>${escapeXml(x)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
    '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion>' +
    '</Properties>'
  );
}

/**
 * A new .xlsx workbook holding the sheets, written directly (no exceljs). Sheet names are made safe and
 * unique as exceljs-write's freeSheetName does ("Tổng hợp (2)"); spec.chart becomes a chart part. Never
 * throws on a bad spec: unreadable merges, ranges and colours are left out.
 */
export async function writeXlsx(specs: WritableSheet[], opts: XlsxWriteOptions = {}): Promise<Uint8Array> {
  return joinPieces(await writeXlsxPieces(specs, opts));
}

/**
 * writeXlsx as pieces to be written in order (zipPieces): the compressed parts as they were made, never copied
 * into one array — what the command line writes to its file (at 3,321 communes, 24 MB less memory touched).
 */
export async function writeXlsxPieces(specs: WritableSheet[], opts: XlsxWriteOptions = {}): Promise<Uint8Array[]> {
  const creator = escapeXml(opts.creator ?? 'tonghop');
  const when = isoSeconds(opts.now ?? new Date());
  const level = typeof opts.level === 'number' && opts.level >= 0 && opts.level <= 9 ? Math.floor(opts.level) : 4;
  const list: WritableSheet[] = (Array.isArray(specs) ? specs : []).filter((s) => s && typeof s === 'object');
  if (!list.length) list.push({ key: 'empty', name: 'Sheet1', rows: [], widths: [], merges: [], styles: {} });

  const enc = new TextEncoder();
  const mode = deflateMode();
  const styles = new StyleBook();
  const strings = new StringTable();
  const used = new Set<string>(['history']); // Excel keeps "History" for itself
  const names: string[] = [];
  // Each sheet's part is compressed (off this thread where the platform allows) while the next is built.
  const sheetEntries: Promise<ZipWriteEntry>[] = [];
  const charts: Chart[] = [];
  // where Node's zlib streams, a long sheet is compressed as it is written (sheetPieces)
  const deflaters = mode === 'node' ? partDeflaters(level) : null;
  for (let i = 0; i < list.length; i++) {
    const spec = list[i];
    const name = safeFreeSheetName(spec.name, used);
    used.add(name.toLowerCase());
    names.push(name);
    const chart = Array.isArray(spec.rows) ? chartParts(spec as SheetSpec, name, charts.length + 1) : null; // a streamed sheet has none
    if (chart) charts.push({ sheet: i, ...chart });
    const part = `xl/worksheets/sheet${i + 1}.xml`;
    if (!deflaters) {
      sheetEntries.push(zipEntry(part, sheetXml(spec, i, styles, strings, !!chart), level, mode));
      continue;
    }
    const made = await sheetPieces(spec, i, styles, strings, !!chart, () => deflaters(part));
    if ('whole' in made) sheetEntries.push(zipEntry(part, made.whole, level, mode));
    else {
      made.entry.catch(() => undefined); // awaited below, after the other sheets: not an unhandled rejection meanwhile
      sheetEntries.push(made.entry);
    }
  }

  const parts: [string, string][] = [
    ['[Content_Types].xml', contentTypesXml(names, charts)],
    ['_rels/.rels', ROOT_RELS],
    ['docProps/core.xml', coreXml(creator, when)],
    ['docProps/app.xml', appXml(names)],
    ['docProps/custom.xml', customPropsXml(opts.run, opts.mark)],
    ['xl/workbook.xml', workbookXml(names, definedNames(list, names), list)],
    ['xl/_rels/workbook.xml.rels', workbookRelsXml(names)],
    ['xl/styles.xml', styles.xml()],
    ['xl/sharedStrings.xml', strings.xml()],
    ...chartFiles(charts),
  ];
  // the specs are not needed while the parts are compressed (the caller may go on meanwhile: the JSON report)
  list.length = 0;
  const entries = await Promise.all([...parts.map(([name, xml]) => zipEntry(name, enc.encode(xml), level, mode)), ...sheetEntries]);
  return zipPieces(entries);
}
