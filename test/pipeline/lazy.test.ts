/** runPipeline reads lazy sources one at a time (issue 9: never all files' bytes at once) and skips tonghop's own outputs. */
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { inputName, isGridSource, isInputFile, isLazyInputFile, runPipeline, type CommuneInput, type LazyInputFile } from '../../src/pipeline';
import { readWorkbookFile } from '../../src/xlsx/read-any';
import { writeXlsx } from '../../src/xlsx/write';
import { mkIssue } from '../../src/util/issues';

const XA = path.resolve(__dirname, '..', '..', 'examples', 'xa');
const PLAN = path.resolve(__dirname, '..', '..', 'examples', 'ke-hoach-2024.xlsx');

describe('runPipeline with lazy communes', () => {
  it('loads each file only when its turn comes, after the previous one is read; skips and failures become issues', async () => {
    const events: string[] = [];
    const names = ['hoa-an.xlsx', 'kim-lien.xlsx', 'yen-lac.xlsx'];
    const sources: LazyInputFile[] = names.map((n) => ({
      name: n,
      load: async () => {
        events.push(`load ${n}`);
        return new Uint8Array(fs.readFileSync(path.join(XA, n)));
      },
    }));
    sources.push({ name: 'big.xlsx', load: async () => ({ skip: mkIssue({ severity: 'error', code: 'file_too_large', vi: 'lớn', en: 'big', file: 'big.xlsx' }) }) });
    sources.push({ name: 'boom.xlsx', load: async () => { throw new Error('EIO'); } });
    const res = await runPipeline({
      plan: { name: 'kh.xlsx', data: new Uint8Array(fs.readFileSync(PLAN)) },
      communes: sources,
      onProgress: (p) => void (p.stage === 'read' && events.push(`read ${p.file}`)),
    });
    expect(events.slice(0, 6)).toEqual(['read hoa-an.xlsx', 'load hoa-an.xlsx', 'read kim-lien.xlsx', 'load kim-lien.xlsx', 'read yen-lac.xlsx', 'load yen-lac.xlsx']);
    expect(res.communeReports.map((r) => r.file)).toEqual(names);
    expect(res.report.files?.filter((f) => f.status === 'skipped').map((f) => f.file)).toEqual(['big.xlsx', 'boom.xlsx']);
    expect(res.report.issues.find((i) => i.file === 'boom.xlsx')?.code).toBe('unreadable_file');
  });

  it("files whose bytes are at hand still work, and a workbook tonghop wrote is skipped there too", async () => {
    const first = await runPipeline({ communes: [{ name: 'hoa-an.xlsx', data: new Uint8Array(fs.readFileSync(path.join(XA, 'hoa-an.xlsx'))) }] });
    const out = await writeXlsx(first.sheets, { run: 'k1' });
    const res = await runPipeline({
      communes: [
        { name: 'hoa-an.xlsx', data: new Uint8Array(fs.readFileSync(path.join(XA, 'hoa-an.xlsx'))) },
        { name: 'tong-hop.xlsx', data: out },
      ],
    });
    expect(res.communeReports.map((r) => r.file)).toEqual(['hoa-an.xlsx']);
    expect(res.report.files?.find((f) => f.file === 'tong-hop.xlsx')).toMatchObject({ status: 'skipped', commune: null });
    expect(res.report.issues.find((i) => i.file === 'tong-hop.xlsx')).toMatchObject({ code: 'own_output', severity: 'info' });

    // over the reading limits (its zip directory refused by them), it is still told apart as tonghop's own
    const tight = await runPipeline({ communes: [{ name: 'tong-hop.xlsx', data: out }], limits: { maxUncompressedBytes: 1024 } });
    expect(tight.report.issues.find((i) => i.file === 'tong-hop.xlsx')).toMatchObject({ code: 'own_output', severity: 'info' });
  });

  it('takes files at hand, lazy files and grids in one list, read in the order given', async () => {
    const bytes = (n: string) => new Uint8Array(fs.readFileSync(path.join(XA, n)));
    const grids = await readWorkbookFile({ name: 'kim-lien.xlsx', data: bytes('kim-lien.xlsx') });
    const communes: CommuneInput[] = [
      { name: 'yen-lac.xlsx', load: async () => bytes('yen-lac.xlsx') },
      { file: 'kim-lien.xlsx', grids: grids.grids, issues: grids.issues },
      { name: 'hoa-an.xlsx', data: bytes('hoa-an.xlsx') },
    ];
    expect(communes.map((c) => [isLazyInputFile(c), isGridSource(c), isInputFile(c)])).toEqual([[true, false, false], [false, true, false], [false, false, true]]);
    expect(communes.map(inputName)).toEqual(['yen-lac.xlsx', 'kim-lien.xlsx', 'hoa-an.xlsx']);
    const read: string[] = [];
    const plan = { name: 'kh.xlsx', data: new Uint8Array(fs.readFileSync(PLAN)) };
    const res = await runPipeline({ plan, communes, onProgress: (p) => void (p.stage === 'read' && read.push(`${p.file} ${p.done}/${p.total}`)) });
    expect(read).toEqual(['yen-lac.xlsx 0/3', 'kim-lien.xlsx 1/3', 'hoa-an.xlsx 2/3']);
    expect(res.communeReports.map((r) => r.file)).toEqual(['yen-lac.xlsx', 'kim-lien.xlsx', 'hoa-an.xlsx']);
    const files = await runPipeline({ plan, communes: ['yen-lac.xlsx', 'kim-lien.xlsx', 'hoa-an.xlsx'].map((n) => ({ name: n, data: bytes(n) })) });
    expect(res.report.communes).toEqual(files.report.communes);
  });
});
