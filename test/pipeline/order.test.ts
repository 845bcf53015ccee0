/**
 * Issue 4, "nothing different": the same files in any order and under any file names give the same
 * JSON report, file-name fields aside. A file whose commune is known only from its file name keeps
 * its name (renaming it changes what the file says, not just where it lies).
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { runPipeline, loadCommune, loadPlan } from '../../src/pipeline';
import { reportToJson } from '../../src/write/json';
import type { InputFile } from '../../src/types';

const ROOT = path.resolve(__dirname, '../..');
const SAMPLES = path.resolve(ROOT, '../shared/samples/ba-che-2020-q1');

function filesIn(dir: string): InputFile[] {
  return fs
    .readdirSync(dir)
    .filter((n) => /\.xls[xm]$/i.test(n))
    .sort()
    .map((n) => ({ name: n, data: new Uint8Array(fs.readFileSync(path.join(dir, n))) }));
}

/** The report with every file-name field blanked, the date fixed. */
function withoutFileNames(json: unknown): unknown {
  return JSON.parse(JSON.stringify(json), function (key, value) {
    if (key === 'file' || key === 'generatedAt') return null;
    // messages quote the file name: compare them without it
    if ((key === 'message' || key === 'messageEn') && typeof value === 'string') return value.replace(/'[^']*\.xls[xm]'/g, "'…'");
    if (key === 'issues' && Array.isArray(value)) {
      return [...value].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    return value;
  });
}

const cases: { label: string; plan: string; dir: string; skip: boolean }[] = [
  { label: 'examples (huyện Tân Phong, 15 files)', plan: path.join(ROOT, 'examples/ke-hoach-2024.xlsx'), dir: path.join(ROOT, 'examples/xa'), skip: false },
  { label: 'shared sample (Ba Chẽ, 8 files)', plan: path.join(SAMPLES, 'plan.xlsx'), dir: path.join(SAMPLES, 'communes'), skip: !fs.existsSync(SAMPLES) },
];

describe.each(cases)('same report whatever the order and names: $label', ({ plan, dir, skip }) => {
  it.skipIf(skip)('shuffled and renamed files give the same JSON report', async () => {
    const planFile = { name: path.basename(plan), data: new Uint8Array(fs.readFileSync(plan)) };
    const files = filesIn(dir);
    // which files are known only by their name
    const { plan: p } = await loadPlan({ plan: planFile });
    const byNameOnly = new Set<string>();
    for (const f of files) if ((await loadCommune(f, p)).communeFrom === 'file') byNameOnly.add(f.name);

    const now = new Date('2024-07-05T03:00:00Z');
    const base = withoutFileNames(reportToJson((await runPipeline({ communes: files, plan: planFile, now })).report, 'vi'));

    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: files.length, maxLength: files.length }), async (keys) => {
        const order = files.map((f, i) => ({ f, k: keys[i] })).sort((a, b) => a.k - b.k).map((x) => x.f);
        const renamed = order.map((f, i) => (byNameOnly.has(f.name) ? f : { name: `tep-${i}-${keys[i]}${path.extname(f.name)}`, data: f.data }));
        const got = withoutFileNames(reportToJson((await runPipeline({ communes: renamed, plan: planFile, now })).report, 'vi'));
        expect(got).toEqual(base);
      }),
      { numRuns: 4, seed: 20241121 },
    );
  });
});
