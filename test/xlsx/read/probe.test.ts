import { it } from 'vitest';
import { readXlsx } from '../../../src/xlsx/workbook';
import { file, handWorkbook, zipParts } from './helpers';

async function t(label: string, parts: Map<string, string>) {
  const z = zipParts(parts);
  const t0 = Date.now();
  const r = await readXlsx(file('x.xlsx', z));
  console.log(label, z.length, Date.now() - t0, 'ms', r.grids.length, r.issues.slice(0, 2).map((i) => i.code));
}
it('probe', async () => {
  for (const n of [1000, 2000]) {
    let p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });
    p.set('xl/workbook.xml', p.get('xl/workbook.xml')!.replace('<sheets>', '<sheets>' + '<b/>'.repeat(n)));
    await t('smalltags' + n, p);
    p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' }] });
    p.set('xl/workbook.xml', p.get('xl/workbook.xml')!.replace('<sheets>', '<sheets>' + '<sheet name="s" r:id="rId1"/>'.repeat(n)));
    await t('sheets' + n, p);
    p = handWorkbook({ sheets: [{ name: 'A', xml: '<row><c><v>1</v></c></row>'.repeat(n * 5) }] });
    await t('nor' + n, p);
    p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1"><v>1' + '<c>'.repeat(n * 5) }] });
    await t('unclosedv' + n, p);
    p = handWorkbook({ sheets: [{ name: 'A', xml: '<row r="1"><c r="A1"><v>1</v></c></row>', tail: '<mergeCells>' + Array.from({ length: n * 5 }, (_, i) => `<mergeCell ref="A${i + 2}:B${i + 2}"/>`).join('') + '</mergeCells>' }] });
    await t('merges' + n, p);
  }
}, 600000);
