/**
 * The pane's report forms (issue 13), without a page: the plan from a file or from grids, one form per commune
 * in one .zip made by the project's zip writer, the same bytes as the command line makes; base64 for
 * Excel.createWorkbook.
 */
import { describe, expect, it } from 'vitest';
import { findEntry, inspectZip, storedEntryBytes } from '../../src/xlsx/zip';
import { readXlsx } from '../../src/xlsx/workbook';
import { parsePeriod } from '../../src/read/period';
import { readCommune } from '../../src/read/commune';
import { formsZip, makeForms, toBase64 } from '../../src/taskpane/templates-make';
import { workbookMarkSync } from '../../src/cli/template';
import { templateFileNames } from '../../src/write/template';
import { communeNames, planBytes } from '../write/template-fixture';

const period = parsePeriod('9 tháng năm 2026')!;

describe('pane: report forms', () => {
  it('a .zip with one form per commune of the plan file', async () => {
    const communes = communeNames(15);
    const res = await makeForms({ name: 'ke-hoach.xlsx', data: await planBytes(communes) }, period);
    if (!res.ok) throw new Error(res.en);
    const zip = await formsZip(res.files);
    const z = inspectZip(zip, { maxCompressedBytes: 1e9, maxUncompressedBytes: 1e9 });
    if (!z.ok) throw new Error('not a zip');
    expect(z.entries.map((e) => e.name)).toEqual(templateFileNames(communes));
    for (const f of res.files) {
      const bytes = storedEntryBytes(zip, findEntry(z.entries, f.name)!)!;
      expect(bytes).toEqual(f.data);
      expect(workbookMarkSync(bytes)).toBe('template/1');
      const { grids } = await readXlsx({ name: f.name, data: bytes });
      const rep = readCommune(grids, { file: f.name, plan: res.plan });
      expect([rep.commune, rep.period?.label]).toEqual([f.commune, '9 tháng năm 2026']);
      expect(rep.issues.map((i) => i.code)).toEqual(['template_read', 'template_blank']); // not filled in yet
    }
  });

  it('a plan sheet of the open workbook (grids); a single commune for Excel.createWorkbook', async () => {
    const communes = communeNames(4);
    const { grids } = await readXlsx({ name: 'Book1', data: await planBytes(communes) });
    const res = await makeForms({ name: 'Book1', grids }, period, [communes[2]]);
    if (!res.ok) throw new Error(res.en);
    expect(res.files.map((f) => f.commune)).toEqual([communes[2]]);
    const b64 = toBase64(res.files[0].data);
    expect(new Uint8Array(Buffer.from(b64, 'base64'))).toEqual(res.files[0].data);
  });

  it('a plan without commune columns says so', async () => {
    const res = await makeForms({ name: 'x.xlsx', data: new Uint8Array([1, 2, 3]) }, period);
    expect(res.ok).toBe(false);
  });
});
