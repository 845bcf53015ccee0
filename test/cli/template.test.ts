/**
 * `tonghop template` (issue 13): one form per commune of the plan (15 and 200 communes), a subset with
 * --commune, never overwriting a file the user gave; and 200 filled forms consolidated to the figures typed.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { run, tempDir } from './helpers';
import { communeNames, fillForm, planBytes, typedValues } from '../write/template-fixture';
import { templateFileNames } from '../../src/write/template';
import { workbookMarkSync } from '../../src/cli/template';

async function setup(n: number): Promise<{ dir: string; communes: string[] }> {
  const dir = tempDir('tonghop-template-');
  const communes = communeNames(n);
  fs.writeFileSync(path.join(dir, 'ke-hoach.xlsx'), await planBytes(communes));
  return { dir, communes };
}

const args = (out = 'mau') => ['template', '--plan', 'ke-hoach.xlsx', '--period', '6 tháng đầu năm 2026', '--out', out];

describe('tonghop template', () => {
  it('15 communes: one form each, named after the commune; a subset with --commune', async () => {
    const { dir, communes } = await setup(15);
    const r = await run(args(), dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Đã lập 15 mẫu báo cáo \(6 tháng đầu năm 2026\) trong mau/);
    expect(fs.readdirSync(path.join(dir, 'mau')).sort()).toEqual(templateFileNames(communes).sort());
    for (const f of fs.readdirSync(path.join(dir, 'mau'))) expect(workbookMarkSync(new Uint8Array(fs.readFileSync(path.join(dir, 'mau', f))))).toBe('template/1');

    const s = await run([...args('mot-so'), '--commune', 'thanh ha', 'Hòa Sơn', '--commune', communes[7]], dir);
    expect(s.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'mot-so')).sort()).toEqual(['mau-bao-cao-hoa-son.xlsx', 'mau-bao-cao-minh-ha.xlsx', 'mau-bao-cao-thanh-ha.xlsx']);
    const u = await run([...args('x'), '--commune', 'Không Có'], dir);
    expect(u.code).toBe(1);
    expect(u.err).toMatch(/kế hoạch không có xã: Không Có/);
    expect(u.err).toMatch(/no such commune in the plan/);
  });

  it('never overwrites: refuses without --force; with --force replaces only its own forms', async () => {
    const { dir } = await setup(3);
    expect((await run(args(), dir)).code).toBe(0);
    const again = await run(args(), dir);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/đã có; thêm --force/);
    expect((await run([...args(), '--force'], dir)).code).toBe(0);
    // a commune's own file where a form would go: never replaced, even with --force
    const theirs = path.join(dir, 'mau', 'mau-bao-cao-hoa-ha.xlsx');
    fs.writeFileSync(theirs, 'báo cáo của xã');
    const forced = await run([...args(), '--force'], dir);
    expect(forced.code).toBe(1);
    expect(forced.err).toMatch(/không phải mẫu trống do tonghop lập/);
    expect(fs.readFileSync(theirs, 'utf8')).toBe('báo cáo của xã');
    // a form a commune filled in and sent back, saved where the forms are: the user's data, never replaced
    fs.unlinkSync(theirs);
    expect((await run([...args(), '--force'], dir)).code).toBe(0);
    const mine = path.join(dir, 'mau', 'mau-bao-cao-thanh-ha.xlsx');
    const filled = await fillForm(new Uint8Array(fs.readFileSync(mine)), typedValues(0));
    fs.writeFileSync(mine, filled);
    const refill = await run([...args(), '--force'], dir);
    expect(refill.code).toBe(1);
    expect(refill.err).toMatch(/mẫu đã được xã điền/);
    expect(new Uint8Array(fs.readFileSync(mine))).toEqual(filled);
    // usage errors
    expect((await run(['template', '--plan', 'ke-hoach.xlsx', '--out', 'y'], dir)).err).toMatch(/thiếu --period/);
    expect((await run(['template', '--plan', 'nope.xlsx', '--period', 'năm 2026', '--out', 'y'], dir)).err).toMatch(/không có tệp kế hoạch/);
    expect((await run(['template', '--help'], dir)).out).toMatch(/tonghop template/);
  });

  it('200 communes: 200 forms; all filled and consolidated to exactly the figures typed', async () => {
    const { dir, communes } = await setup(200);
    const r = await run(args(), dir);
    expect(r.code).toBe(0);
    const names = templateFileNames(communes);
    expect(fs.readdirSync(path.join(dir, 'mau')).sort()).toEqual([...names].sort());
    fs.mkdirSync(path.join(dir, 'bao-cao'));
    for (let k = 0; k < communes.length; k++) {
      const data = new Uint8Array(fs.readFileSync(path.join(dir, 'mau', names[k])));
      fs.writeFileSync(path.join(dir, 'bao-cao', names[k]), await fillForm(data, typedValues(k)));
    }
    const c = await run(['consolidate', '--plan', 'ke-hoach.xlsx', '--out', 'tong-hop.xlsx', '--json', 'tong-hop.json', 'bao-cao'], dir);
    expect(c.code).toBe(0);
    const rep = JSON.parse(fs.readFileSync(path.join(dir, 'tong-hop.json'), 'utf8'));
    expect(rep.communes.filter((x: { reported: boolean }) => x.reported)).toHaveLength(200);
    const kt01 = rep.indicators.find((i: { code: string }) => i.code === 'KT01');
    expect(kt01.communes.map((x: { actual: number }) => x.actual)).toEqual(communes.map((_, k) => 512.25 + 3 * k));
    expect(kt01.actual).toBeCloseTo(communes.reduce((s, _, k) => s + 512.25 + 3 * k, 0), 6);
    const xh04 = rep.indicators.find((i: { code: string }) => i.code === 'XH04');
    expect(xh04.actual).toBe(communes.filter((_, k) => k % 3 === 0).length);
    const codes = new Set(rep.issues.map((i: { code: string }) => i.code));
    for (const bad of ['not_a_number', 'template_changed', 'template_text_value', 'indicator_not_in_plan', 'no_commune']) expect(codes.has(bad), bad).toBe(false);
  }, 300_000);
});
