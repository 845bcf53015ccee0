/**
 * Issue 9, "junk as a commune": a file that cannot be read is named in the report and never counted as a
 * commune — it neither takes a real commune's place nor hides one that did not report.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runPipeline } from '../../src/pipeline';
import { reportToJson } from '../../src/write/json';
import type { InputFile } from '../../src/types';

const ROOT = path.resolve(__dirname, '../..');
const PLAN: InputFile = { name: 'ke-hoach-2024.xlsx', data: new Uint8Array(fs.readFileSync(path.join(ROOT, 'examples/ke-hoach-2024.xlsx'))) };
const COMMUNES: InputFile[] = fs
  .readdirSync(path.join(ROOT, 'examples/xa'))
  .sort()
  .map((n) => ({ name: n, data: new Uint8Array(fs.readFileSync(path.join(ROOT, 'examples/xa', n))) }));

function junk(name: string, seed: number): InputFile {
  const data = new Uint8Array(4096);
  let x = seed;
  for (let i = 0; i < data.length; i++) data[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return { name, data };
}

async function run(files: InputFile[]) {
  const { report } = await runPipeline({ communes: files, plan: PLAN, now: new Date('2024-07-10T00:00:00Z') });
  return report;
}

describe('unreadable files are never communes', () => {
  it('random bytes named after a commune that reported: the real file counts, the figures do not change', async () => {
    const base = await run(COMMUNES);
    // "bao-cao-hoa-an.xlsx" sorts before "hoa-an.xlsx": before the fix, it took Hòa An's place
    const withJunk = await run([junk('bao-cao-hoa-an.xlsx', 7), ...COMMUNES]);
    expect(withJunk.indicators).toEqual(base.indicators);
    expect(withJunk.shortfalls).toEqual(base.shortfalls);
    expect(withJunk.communes).toEqual(base.communes);
    const f = withJunk.files!.find((x) => x.file === 'bao-cao-hoa-an.xlsx')!;
    expect(f).toMatchObject({ status: 'unreadable', commune: null });
    expect(f.issues).toBeGreaterThan(0);
    expect(withJunk.issues.some((i) => i.file === 'bao-cao-hoa-an.xlsx' && i.severity === 'error')).toBe(true);
    const json = reportToJson(withJunk) as { communes: { file: string | null; reported: boolean }[]; files: { file: string; status: string }[] };
    expect(json.communes.some((c) => c.file === 'bao-cao-hoa-an.xlsx')).toBe(false);
    expect(json.files.find((x) => x.file === 'bao-cao-hoa-an.xlsx')?.status).toBe('unreadable');
  });

  it('junk named after the commune that did not report does not hide that it did not report', async () => {
    const base = await run(COMMUNES);
    const missing = base.communes.filter((c) => c.reported === false).map((c) => c.name);
    expect(missing).toEqual(['Sơn Thủy']);
    const withJunk = await run([...COMMUNES, junk('son-thuy.xlsx', 11)]);
    expect(withJunk.communes.filter((c) => c.reported === false).map((c) => c.name)).toEqual(['Sơn Thủy']);
    expect(withJunk.indicators).toEqual(base.indicators);
    expect(withJunk.files!.filter((x) => x.status === 'unreadable').map((x) => x.file)).toEqual(['son-thuy.xlsx']);
    expect(withJunk.files!.filter((x) => x.status === 'used')).toHaveLength(15);
  });
});
