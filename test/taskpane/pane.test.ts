/**
 * The task pane's logic without a page: the model (source lines, period choice, result lists),
 * the words in both languages, the host detection that never hangs, and the worker's message
 * handling driven directly in Node on workbooks made here (numbers worked out by hand).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it, vi } from 'vitest';
import type { CommuneReport, CommuneRow, Issue, IssueCode, Period, ReadValue, Shortfall } from '../../src/types';
import { mkIssue } from '../../src/util/issues';
import {
  agreeing,
  choiceOf,
  countValues,
  SHORTFALLS_SHOWN,
  issueTarget,
  looksLikeWorkbook,
  makePeriod,
  moreBehind,
  problemsToShow,
  statusCounts,
  summarizeCommune,
  summarizePlan,
  worstShortfalls,
} from '../../src/taskpane/model';
import { LANG_STORAGE_KEY, STRING_KEYS, loadLang, saveLang, t } from '../../src/taskpane/i18n';
import { detectHost } from '../../src/taskpane/host';
import { createWorkerCore } from '../../src/taskpane/worker';
import type { FromWorker, ToWorker } from '../../src/taskpane/protocol';
import { runPipeline } from '../../src/pipeline';
import { reportToJson } from '../../src/write/json';
import { buildNarrative } from '../../src/write/narrative';
import { writeXlsx } from '../../src/xlsx/write';

// ───────────────────────────── helpers ─────────────────────────────

function rv(value: number | null, cell = 'E5'): ReadValue {
  return { value, raw: value, cell };
}

function row(target: number | null, actual: number | null, previous: number | null): CommuneRow {
  return {
    code: null,
    name: 'x',
    unit: 'ha',
    target: target === undefined ? null : rv(target),
    actual: rv(actual),
    previous: previous === null ? null : rv(previous),
    estimate: false,
    sheet: 'S',
    row: 5,
  };
}

function issue(severity: Issue['severity'], file: string | null, sheet: string | null, cell: string | null, code = 'x'): Issue {
  return mkIssue({ severity, code: code as IssueCode, vi: `vi ${code}`, en: `en ${code}`, file, sheet, cell });
}

function shortfall(commune: string | null, name: string, completionPct: number, expectedPct: number): Shortfall {
  return { commune, code: null, name, unit: 'ha', actual: 1, target: 1, completionPct, expectedPct, gap: 1 };
}

/** A commune workbook as a statistician would make it: title rows, one header row, a few indicators. */
async function communeWorkbook(commune: string, rows: (string | number | null)[][], title = 'BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM 2024'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Báo cáo');
  ws.addRow([`UBND XÃ ${commune.toUpperCase()}`]);
  ws.addRow([title]);
  ws.addRow([]);
  ws.addRow(['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện', 'Cùng kỳ năm trước']);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function planWorkbook(communes: string[], rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Kế hoạch 2024');
  ws.addRow(['KẾ HOẠCH CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM 2024']);
  ws.addRow([]);
  ws.addRow(['Mã số', 'Chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Chiều', 'Loại', 'Toàn huyện', ...communes]);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function ab(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

function collect() {
  const msgs: FromWorker[] = [];
  const core = createWorkerCore((m) => msgs.push(m));
  const of = <T extends FromWorker['type']>(type: T) => msgs.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);
  /** The source lines posted (in 'sources' messages, a batch each), in order. */
  const listed = (from: FromWorker[] = msgs) => from.flatMap((m) => (m.type === 'sources' ? m.listed : []));
  return { msgs, core, of, listed };
}

// ───────────────────────────── model ─────────────────────────────

describe('model: a source line', () => {
  it('counts the numbers held: target, actual, previous with a value', () => {
    // row 1: 3 numbers; row 2: target and previous (actual empty) = 2; row 3: only the target = 1 → 6
    const rows = [row(1000, 600, 500), row(50, null, 40), row(7, null, null)];
    expect(countValues({ rows })).toBe(6);
  });

  it('summarises a commune report: commune, period, values, problems (info left out)', () => {
    const period: Period = { year: 2024, months: 6, kind: 'half', label: '6 tháng đầu năm 2024' };
    const rep: CommuneReport = {
      file: 'an-binh.xlsx', commune: 'An Bình', communeFrom: 'title', period, periodFrom: 'title', sheets: ['Báo cáo'],
      rows: [row(1000, 600, 500), row(50, null, 40)],
      issues: [issue('error', 'an-binh.xlsx', 'Báo cáo', 'E6'), issue('warning', 'an-binh.xlsx', null, null), issue('info', 'an-binh.xlsx', null, null)],
    };
    expect(summarizeCommune(rep)).toEqual({
      file: 'an-binh.xlsx', commune: 'An Bình', period, values: 5, problems: 2, errors: 1, sheets: ['Báo cáo'], unreadable: null,
    });
  });

  it('a source that gave no rows is unreadable, with the first error as the reason (else a default)', () => {
    const base: CommuneReport = { file: 'x.xls', commune: null, communeFrom: null, period: null, periodFrom: null, sheets: [], rows: [], issues: [] };
    expect(summarizeCommune(base).unreadable).toEqual({ vi: 'Không tìm thấy bảng chỉ tiêu nào trong tệp.', en: 'No indicator table was found in the file.' });
    const withErr = { ...base, issues: [issue('warning', 'x.xls', null, null, 'w'), issue('error', 'x.xls', null, null, 'old_format')] };
    expect(summarizeCommune(withErr).unreadable).toEqual({ vi: 'vi old_format', en: 'en old_format' });
  });

  it('summarises a plan, or says why there is none', () => {
    expect(summarizePlan('kh.xlsx', null, [issue('error', 'kh.xlsx', null, null, 'no_plan')]).unreadable).toEqual({ vi: 'vi no_plan', en: 'en no_plan' });
    const plan = { file: 'kh.xlsx', sheet: 'KH', parentLabel: 'Toàn huyện', communes: ['A', 'B', 'C'], indicators: [{}, {}] as never, year: 2024, issues: [] };
    expect(summarizePlan('kh.xlsx', plan, [])).toEqual({ file: 'kh.xlsx', indicators: 2, communes: 3, problems: 0, unreadable: null });
  });

  it('takes .xlsx and .xlsm as workbooks', () => {
    expect(['a.xlsx', 'B.XLSM', 'c.xls', 'd.ods', 'e.csv'].map(looksLikeWorkbook)).toEqual([true, true, false, false, false]);
  });
});

describe('model: the period the user chooses', () => {
  it('makes the readers\' labels and months', () => {
    expect(makePeriod({ kind: 'auto' })).toBeNull();
    expect(makePeriod({ kind: 'month', index: 4, year: 2020 })).toEqual({ year: 2020, months: 4, kind: 'month', index: 4, label: 'tháng 4 năm 2020' });
    expect(makePeriod({ kind: 'quarter', index: 2, year: 2020 })).toEqual({ year: 2020, months: 6, kind: 'quarter', index: 2, label: 'quý II năm 2020' });
    expect(makePeriod({ kind: 'quarter', index: 1, year: 2020 })!.label).toBe('quý I năm 2020');
    expect(makePeriod({ kind: 'half', year: 2020 })).toEqual({ year: 2020, months: 6, kind: 'half', label: '6 tháng đầu năm 2020' });
    expect(makePeriod({ kind: 'nine', year: 2021 })).toEqual({ year: 2021, months: 9, kind: 'nine', label: '9 tháng năm 2021' });
    expect(makePeriod({ kind: 'year', year: 2020 })).toEqual({ year: 2020, months: 12, kind: 'year', label: 'năm 2020' });
  });

  it('refuses impossible choices; an unusable year becomes unknown', () => {
    expect(makePeriod({ kind: 'month', index: 13, year: 2020 })).toBeNull();
    expect(makePeriod({ kind: 'month', index: 0, year: 2020 })).toBeNull();
    expect(makePeriod({ kind: 'quarter', index: 5, year: 2020 })).toBeNull();
    expect(makePeriod({ kind: 'quarter', index: 3, year: 20 })).toEqual({ year: null, months: 9, kind: 'quarter', index: 3, label: 'quý III' });
    expect(makePeriod({ kind: 'year', year: null })!.label).toBe('cả năm');
  });

  it('presets the controls from a detected period (round trip)', () => {
    for (const c of [{ kind: 'month', index: 7, year: 2022 }, { kind: 'quarter', index: 4, year: 2022 }, { kind: 'half', year: 2023 }, { kind: 'nine', year: 2023 }, { kind: 'year', year: 2024 }] as const) {
      expect(choiceOf(makePeriod(c)!)).toEqual(c);
    }
  });

  it('counts the sources agreeing with a period (same months; the year where both know it)', () => {
    const p6 = makePeriod({ kind: 'half', year: 2024 })!;
    const q2 = makePeriod({ kind: 'quarter', index: 2, year: 2024 })!; // also 6 months
    const p6old = makePeriod({ kind: 'half', year: 2023 })!;
    const p6noYear = makePeriod({ kind: 'half', year: null })!;
    const p9 = makePeriod({ kind: 'nine', year: 2024 })!;
    expect(agreeing([p6, q2, p6old, p6noYear, p9, null], p6)).toBe(3);
  });
});

describe('model: the result', () => {
  it('counts indicators by status, every status present', () => {
    const s = (status: 'met' | 'behind' | 'no_data') => ({ status });
    expect(statusCounts([s('met'), s('behind'), s('behind'), s('no_data')])).toEqual({ met: 1, on_track: 0, behind: 2, no_target: 0, no_data: 1 });
  });

  it('lists the shortfalls furthest behind first: lowest share of the expected progress', () => {
    const list = [
      shortfall('A', 'Lúa', 40, 50), // 0.8 of what was expected
      shortfall('B', 'Ngô', 10, 25), // 0.4
      shortfall(null, 'Ngô', 20, 50), // 0.4, the parent first on a tie
      shortfall('C', 'Hộ nghèo', 90, 100), // 0.9
    ];
    expect(worstShortfalls(list, 3).map((s) => `${s.commune}/${s.name}`)).toEqual(['null/Ngô', 'B/Ngô', 'A/Lúa']);
    expect(worstShortfalls(list, 0)).toEqual([]);
    expect(worstShortfalls(list, Number.NaN)).toEqual([]);
  });

  it('picks the worst as a stable sort of them all would, with many ties and any count', () => {
    // shares drawn from a few values (ties), communes and names from a few (ties on ties), the parent among them
    let seed = 7;
    const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % k);
    for (let round = 0; round < 20; round++) {
      const list = Array.from({ length: 60 }, () =>
        shortfall(rnd(5) === 0 ? null : ['Ân Thi', 'An Bình', 'Đào Xá', 'Bắc Sơn'][rnd(4)], ['Lúa', 'Ngô', 'Hộ nghèo'][rnd(3)], [10, 20, 30][rnd(3)], [25, 50][rnd(2)]),
      );
      const sorted = worstShortfalls(list, Infinity);
      expect(sorted).toHaveLength(60);
      // the very objects, in the same order (equal shortfalls keep the list's order)
      for (const n of [0, 1, 3, 10, 59, 60, 61]) {
        const worst = worstShortfalls(list, n);
        expect(worst).toHaveLength(Math.min(n, 60));
        expect(worst.every((x, i) => x === sorted[i])).toBe(true);
      }
    }
  });

  it('shows errors and warnings, not info, in the report order', () => {
    const list = [issue('warning', 'b.xlsx', 'S', 'A2', 'w'), issue('info', 'a.xlsx', null, null, 'i'), issue('error', 'b.xlsx', 'S', 'C10', 'e2'), issue('error', 'b.xlsx', 'S', 'C9', 'e1')];
    expect(problemsToShow(list).map((i) => i.code)).toEqual(['e1', 'e2', 'w']);
  });

  it('a problem leads to a cell only when its sheet is a source from the open workbook', () => {
    const refs = [{ file: 'Book1.xlsx', sheets: ['Xã A'] }];
    expect(issueTarget(issue('error', 'Book1.xlsx', 'Xã A', 'E12'), refs)).toEqual({ sheet: 'Xã A', cell: 'E12' });
    expect(issueTarget(issue('error', 'a.xlsx', 'Xã A', 'E12'), refs)).toBeNull(); // an uploaded file
    expect(issueTarget(issue('error', 'Book1.xlsx', 'Xã B', 'E12'), refs)).toBeNull();
    expect(issueTarget(issue('error', 'Book1.xlsx', 'Xã A', null), refs)).toBeNull();
    expect(issueTarget(issue('error', 'Book1.xlsx', 'Xã A', 'E0'), refs)).toBeNull();
    expect(issueTarget(issue('error', null, 'Xã C', 'B2'), [{ file: '', sheets: ['Xã C'] }])).toEqual({ sheet: 'Xã C', cell: 'B2' });
  });
});

// ───────────────────────────── words ─────────────────────────────

describe('i18n', () => {
  it('every word exists in Vietnamese and English with the same placeholders', () => {
    expect(STRING_KEYS.length).toBeGreaterThan(50);
    for (const k of STRING_KEYS) {
      const vi = t(k, 'vi'), en = t(k, 'en');
      expect(vi.trim(), k).not.toBe('');
      expect(en.trim(), k).not.toBe('');
      const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(ph(vi), k).toEqual(ph(en));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('values', 'vi', { n: 43 })).toBe('43 giá trị');
    expect(t('values', 'en', { n: 43 })).toBe('43 values');
    expect(t('progressRead', 'vi', { file: 'a.xlsx', done: 2 })).toBe('Đang đọc a.xlsx (2/{total})');
    expect(t('run', 'vi')).toBe('Tổng hợp');
    expect(t('run', 'en')).toBe('Consolidate');
  });

  it('Vietnamese by default; English remembered; a refusing storage is not an error', () => {
    const mem = new Map<string, string>();
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
    expect(loadLang(storage)).toBe('vi');
    saveLang(storage, 'en');
    expect(mem.get(LANG_STORAGE_KEY)).toBe('en');
    expect(loadLang(storage)).toBe('en');
    mem.set(LANG_STORAGE_KEY, 'fr');
    expect(loadLang(storage)).toBe('vi');
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(loadLang(refusing)).toBe('vi');
    expect(() => saveLang(refusing, 'en')).not.toThrow();
    expect(loadLang(null)).toBe('vi');
  });
});

// ───────────────────────────── host ─────────────────────────────

describe('host detection never hangs', () => {
  const excelRun = { run: async () => undefined };

  it('no office.js → browser', async () => {
    expect(await detectHost({}, 50)).toEqual({ kind: 'browser', reason: 'no-office' });
  });

  it('office.js in an ordinary browser (no host) → browser', async () => {
    const g = { Office: { HostType: { Excel: 'Excel' }, onReady: async () => ({ host: null, platform: null }) }, Excel: excelRun };
    expect(await detectHost(g, 1000)).toEqual({ kind: 'browser', reason: 'not-excel' });
  });

  it('onReady that never settles → browser after the timeout', async () => {
    const g = { Office: { onReady: () => new Promise(() => undefined) } };
    expect(await detectHost(g, 30)).toEqual({ kind: 'browser', reason: 'timeout' });
  });

  it('onReady that throws or rejects → browser', async () => {
    expect((await detectHost({ Office: { onReady: () => { throw new Error('x'); } } }, 1000)).kind).toBe('browser');
    expect((await detectHost({ Office: { onReady: () => Promise.reject(new Error('x')) } }, 1000)).kind).toBe('browser');
  });

  it('Excel host (callback or promise style) → excel; without Excel.run → browser', async () => {
    const promiseStyle = { Office: { HostType: { Excel: 'Excel' }, onReady: async () => ({ host: 'Excel', platform: 'PC' }) }, Excel: excelRun };
    expect(await detectHost(promiseStyle, 1000)).toEqual({ kind: 'excel' });
    const callbackStyle = { Office: { HostType: { Excel: 'Excel' }, onReady: (cb: (i: unknown) => void) => void setTimeout(() => cb({ host: 'Excel', platform: 'OfficeOnline' }), 5) }, Excel: excelRun };
    expect(await detectHost(callbackStyle, 1000)).toEqual({ kind: 'excel' });
    expect(await detectHost({ Office: promiseStyle.Office }, 1000)).toEqual({ kind: 'browser', reason: 'no-excel-api' });
    const word = { Office: { HostType: { Excel: 'Excel' }, onReady: async () => ({ host: 'Word', platform: 'PC' }) }, Excel: excelRun };
    expect(await detectHost(word, 1000)).toEqual({ kind: 'browser', reason: 'not-excel' });
  });
});

// ───────────────────────────── worker ─────────────────────────────

describe('worker: reading and consolidating off the UI thread', () => {
  it('lists each file as it is read: commune, period, values found (hand-counted)', async () => {
    const data = await communeWorkbook('An Bình', [
      [1, 'Tổng diện tích gieo trồng', 'ha', 1000, 600, 550], // 3 numbers
      [2, 'Thu ngân sách trên địa bàn', 'triệu đồng', 12000, 'x', 5000], // 2 ("x" is no value)
    ]);
    const { core, of, listed } = collect();
    await core.handle({ type: 'addFile', id: 'f1', name: 'an-binh.xlsx', data: ab(data) });
    // the progress line is told which file is being read, then the line comes
    expect(of('sources').map((m) => m.reading).filter(Boolean)).toEqual([{ id: 'f1', name: 'an-binh.xlsx' }]);
    expect(listed()).toHaveLength(1);
    const [src] = listed();
    expect(src.id).toBe('f1');
    expect(src.summary.commune).toBe('An Bình');
    expect(src.summary.period).toMatchObject({ year: 2024, months: 6 });
    expect(src.summary.values).toBe(5);
    expect(src.summary.unreadable).toBeNull();
  });

  it('reads a File/Blob itself, so the page copies no bytes', async () => {
    const data = await communeWorkbook('An Bình', [[1, 'Tổng diện tích gieo trồng', 'ha', 1000, 600, 550]]);
    const { core, listed } = collect();
    await core.handle({ type: 'addFile', id: 'b1', name: 'an-binh.xlsx', blob: new Blob([ab(data)]) });
    expect(listed()[0].summary.values).toBe(3);
  });

  it('files added in one message (read ahead of their turn) are listed in order; a File that cannot be read says so on its line', async () => {
    const names = ['An Bình', 'Bình Minh', 'Cẩm Lệ'];
    const books = await Promise.all(names.map((n) => communeWorkbook(n, [[1, 'Tổng diện tích gieo trồng', 'ha', 1000, 600, 550]])));
    const broken = new Blob([ab(books[0])]);
    broken.arrayBuffer = () => Promise.reject(new Error('gone from disk'));
    const files = [
      ...books.map((b, i) => ({ id: `m${i}`, name: `xa-${i}.xlsx`, blob: new Blob([ab(b)]) })),
      { id: 'gone', name: 'xa-gone.xlsx', blob: broken },
    ];
    const { core, of, msgs, listed } = collect();
    await core.handle({ type: 'addFiles', files });
    expect(core.sourceIds()).toEqual(['m0', 'm1', 'm2', 'gone']);
    expect(listed().map((m) => m.id)).toEqual(['m0', 'm1', 'm2', 'gone']);
    expect(listed().slice(0, 3).map((m) => m.summary.commune)).toEqual(names);
    expect(of('failed')).toEqual([{ type: 'failed', id: 'gone', message: expect.stringContaining('gone from disk') }]);
    // messages keep their order: the lines before the failure are posted before it, the failed file's own after it
    const failedAt = msgs.findIndex((m) => m.type === 'failed');
    expect(listed(msgs.slice(0, failedAt)).map((m) => m.id)).toEqual(['m0', 'm1', 'm2']);
    expect(listed(msgs.slice(failedAt)).map((m) => m.id)).toEqual(['gone']);
  });

  it('Files chosen together are read in groups, each line as when read alone; a group that no longer adds up is read file by file', async () => {
    const names = ['An Bình', 'Bình Minh', 'Cẩm Lệ', 'Đông Hòa', 'Gia Lộc'];
    const books = await Promise.all(names.map((n, i) => communeWorkbook(n, [[1, 'Tổng diện tích gieo trồng', 'ha', 1000 + i, 600, 550 + i]])));
    const adds = (make: (b: Uint8Array, name: string) => Blob) => books.map((b, i) => ({ id: `m${i}`, name: `xa-${i}.xlsx`, blob: make(b, `xa-${i}.xlsx`) }));
    const alone = collect();
    await alone.core.handle({ type: 'addFiles', files: adds((b) => new Blob([ab(b)])) });
    const reads = vi.spyOn(Blob.prototype, 'arrayBuffer');
    try {
      const grouped = collect();
      await grouped.core.handle({ type: 'addFiles', files: adds((b, name) => new File([ab(b)], name)) });
      expect(reads).toHaveBeenCalledTimes(1); // five files, one read
      expect(grouped.listed()).toEqual(alone.listed());
      reads.mockClear();
      // a file changed on disk since it was chosen: the group's bytes no longer add up, each file is read alone
      const files = adds((b, name) => new File([ab(b)], name));
      Object.defineProperty(files[2].blob, 'size', { value: files[2].blob.size + 1 });
      const changed = collect();
      await changed.core.handle({ type: 'addFiles', files });
      expect(reads).toHaveBeenCalledTimes(1 + names.length);
      expect(changed.listed()).toEqual(alone.listed());
      expect(changed.of('failed')).toEqual([]);
    } finally {
      reads.mockRestore();
    }
  });

  it('a file that is not a workbook is listed as unreadable, saying why, in both languages', async () => {
    const { core, of, listed } = collect();
    await core.handle({ type: 'addFile', id: 'bad', name: 'ghi-chu.xlsx', data: ab(new TextEncoder().encode('không phải sổ tính')) });
    const s = listed()[0].summary;
    expect(s.unreadable).not.toBeNull();
    expect(s.unreadable!.vi).not.toBe('');
    expect(s.unreadable!.en).not.toBe('');
    expect(s.unreadable!.vi).not.toBe(s.unreadable!.en);
    expect(of('failed')).toEqual([]); // a bad file is data, not a failure
  });

  it('tonghop\'s own output added as a commune file is skipped, saying so, and never counted as a commune (issue 9)', async () => {
    const a = await communeWorkbook('An Bình', [[1, 'Tổng diện tích gieo trồng', 'ha', 1000, 600, 550]]);
    const { report, sheets } = await runPipeline({ communes: [{ name: 'an-binh.xlsx', data: a }] });
    const out = await writeXlsx(sheets, { run: 'r1' });
    const { core, of, listed } = collect();
    await core.handle({ type: 'addFile', id: 'a', name: 'an-binh.xlsx', data: ab(a) });
    await core.handle({ type: 'addFile', id: 'o', name: 'tong-hop.xlsx', data: ab(out) });
    const own = listed().find((m) => m.id === 'o')!.summary;
    expect(own.unreadable?.vi).toContain('do tonghop ghi');
    expect(own.unreadable?.en).toContain('written by tonghop');
    await core.handle({ type: 'run', runId: 1, ids: ['a', 'o'], period: null, lang: 'vi', outputs: { xlsx: false, json: false } });
    const res = of('result')[0];
    expect(res.report.communes.map((c) => c.file)).toEqual(['an-binh.xlsx']);
    expect(core.lastReport()!.indicators).toEqual(report.indicators);
    expect(res.report.files?.find((f) => f.file === 'tong-hop.xlsx')?.status).toBe('unreadable');
    expect(res.report.issues.some((i) => i.code === 'own_output' && i.file === 'tong-hop.xlsx')).toBe(true);
  });

  it('runs the pipeline on the sources in the pane\'s order; the result equals runPipeline; removed sources are left out', async () => {
    const a = await communeWorkbook('An Bình', [[1, 'Tổng diện tích gieo trồng', 'ha', 1000, 600, 550]]);
    const b = await communeWorkbook('Bình Minh', [[1, 'Tổng diện tích gieo trồng', 'ha', 800, 300, 350]]);
    const c = await communeWorkbook('Cẩm Lệ', [[1, 'Tổng diện tích gieo trồng', 'ha', 500, 100, 90]]);
    const { core, of, msgs: posted } = collect();
    // Not awaited one by one: the core handles messages in order anyway.
    const msgs: ToWorker[] = [
      { type: 'addFile', id: 'a', name: 'an-binh.xlsx', data: ab(a) },
      { type: 'addFile', id: 'b', name: 'binh-minh.xlsx', data: ab(b) },
      { type: 'addFile', id: 'c', name: 'cam-le.xlsx', data: ab(c) },
      { type: 'remove', ids: ['c'] },
      { type: 'run', runId: 7, ids: ['b', 'a', 'c'], period: null, lang: 'vi', outputs: { xlsx: true, json: true } },
    ];
    await Promise.all(msgs.map((m) => core.handle(m)));
    expect(core.sourceIds()).toEqual(['a', 'b']);
    const [res] = of('result');
    expect(res.runId).toBe(7);
    // the result first, drawn while the downloads are made; then the downloads, of the same run
    expect(res.downloads).toBe(true);
    const [dl] = of('downloads');
    expect(dl.runId).toBe(7);
    expect(dl.error).toBeUndefined();
    expect(posted.indexOf(res)).toBeLessThan(posted.indexOf(dl));
    // Without a plan the targets are the communes' own: 800 + 1000 = 1800; actual 300 + 600 = 900 → 50 %.
    const ind = res.report.indicators[0];
    expect(ind.target).toBe(1800);
    expect(ind.actual).toBe(900);
    expect(ind.completionPct).toBe(50);
    expect(res.report.communes.map((x) => x.name).sort()).toEqual(['An Bình', 'Bình Minh']); // not Cẩm Lệ (removed)
    const ref = await runPipeline({ communes: [{ name: 'binh-minh.xlsx', data: b }, { name: 'an-binh.xlsx', data: a }], lang: 'vi' });
    const strip = (j: unknown) => ({ ...(j as object), generatedAt: 0 });
    expect(strip(JSON.parse(await dl.json!.text()))).toEqual(strip(reportToJson(ref.report, 'vi')));
    expect(res.sheets.map((s) => s.key)).toEqual(ref.sheets.map((s) => s.key));
    const zip = new Uint8Array(dl.xlsx!);
    expect([zip[0], zip[1]]).toEqual([0x50, 0x4b]); // "PK": an .xlsx is a zip
    // Progress named the files read.
    const read = of('progress').filter((p) => p.stage === 'read').map((p) => p.file);
    expect(read).toEqual(['binh-minh.xlsx', 'an-binh.xlsx']);
  });

  it('parses each file once, when it is added: the run reuses its grids (and the plan\'s)', async () => {
    const a = await communeWorkbook('An Bình', [[1, 'Tổng diện tích gieo trồng', 'ha', 1000, 600, 550]]);
    const p = await planWorkbook(['An Bình'], [['KT01', 'Tổng diện tích gieo trồng', 'ha', 'Tổng', 'Tăng', 'Lũy kế', 1000, 1000]]);
    const { core, of } = collect();
    const aBuf = ab(a);
    const pBuf = ab(p);
    await core.handle({ type: 'setPlan', plan: { kind: 'file', name: 'ke-hoach.xlsx', data: pBuf } });
    await core.handle({ type: 'addFile', id: 'a', name: 'an-binh.xlsx', data: aBuf });
    // The bytes are gone after they were listed: a run that parsed them again would read nothing.
    new Uint8Array(aBuf).fill(0);
    new Uint8Array(pBuf).fill(0);
    await core.handle({ type: 'run', runId: 1, ids: ['a'], period: null, lang: 'vi', outputs: { xlsx: false, json: false } });
    const [res] = of('result');
    expect(res.report.communes.map((x) => x.name)).toEqual(['An Bình']);
    expect(res.report.indicators[0].actual).toBe(600);
    expect(res.report.indicators[0].target).toBe(1000);
  });

  it('Excel mode asks for no downloads: none are made', async () => {
    const a = await communeWorkbook('An Bình', [[1, 'Tổng diện tích gieo trồng', 'ha', 1000, 600, 550]]);
    const { core, of } = collect();
    await core.handle({ type: 'addFile', id: 'a', name: 'an-binh.xlsx', data: ab(a) });
    await core.handle({ type: 'run', runId: 1, ids: ['a'], period: null, lang: 'vi', outputs: { xlsx: false, json: false } });
    const [res] = of('result');
    expect(res.downloads).toBeUndefined();
    expect(of('downloads')).toEqual([]);
    expect(res.sheets.length).toBeGreaterThan(0);
  });

  it('the pane\'s "Đơn vị" field reaches the workbook: the issuing body of the headings of "Tổng hợp" and "Báo cáo"', async () => {
    const a = await communeWorkbook('An Bình', [[1, 'Tổng diện tích gieo trồng', 'ha', 1000, 600, 550]]);
    const { core, of } = collect();
    await core.handle({ type: 'addFile', id: 'a', name: 'an-binh.xlsx', data: ab(a) });
    await core.handle({ type: 'run', runId: 1, ids: ['a'], period: null, issuer: 'UBND huyện Thanh Liêm', lang: 'vi', outputs: { xlsx: false, json: false } });
    await core.handle({ type: 'run', runId: 2, ids: ['a'], period: null, lang: 'vi', outputs: { xlsx: false, json: false } });
    const [withUnit, without] = of('result');
    expect(withUnit.report.issuer).toBe('UBND huyện Thanh Liêm');
    const texts = (sheets: typeof withUnit.sheets, key: string) => sheets.find((s) => s.key === key)!.rows.flat().map((c) => c?.v).filter((v) => typeof v === 'string');
    for (const key of ['summary', 'report']) {
      expect(texts(withUnit.sheets, key)).toContain('UBND HUYỆN THANH LIÊM');
      expect(texts(without.sheets, key)).not.toContain('UBND HUYỆN THANH LIÊM');
    }
  });

  it('the page gets the report without per-commune results and with the worst shortfalls only; the Word download\'s narrative is made from the whole report', async () => {
    const names = ['An Bình', 'Bình Minh', 'Cẩm Lệ'];
    // 6 months of 2024: 50 % expected; every commune at 10–12 % of its target on four indicators → 12 communes' shortfalls and the parent's
    const rows = (i: number) => [
      [1, 'Tổng diện tích gieo trồng', 'ha', 1000, 100 + i, 90],
      [2, 'Sản lượng lương thực', 'tấn', 9000, 900 + i, 800],
      [3, 'Thu ngân sách trên địa bàn', 'triệu đồng', 12000, 1200 + i, 1000],
      [4, 'Số hộ nghèo giảm', 'hộ', 50, 5, 4],
    ];
    const books = await Promise.all(names.map((n, i) => communeWorkbook(n, rows(i))));
    const { core, of } = collect();
    for (const [i, b] of books.entries()) await core.handle({ type: 'addFile', id: `c${i}`, name: `xa-${i}.xlsx`, data: ab(b) });
    await core.handle({ type: 'run', runId: 1, ids: ['c0', 'c1', 'c2'], period: null, lang: 'vi', outputs: { xlsx: false, json: false } });
    const view = of('result')[0].report;
    const full = core.lastReport()!;
    expect(full.indicators.every((i) => i.communes.length === 3)).toBe(true);
    // all of the report but the per-commune results…
    expect(view.indicators).toEqual(full.indicators.map(({ communes: _c, ...i }) => i));
    const { indicators: _i, shortfalls: _s, shortfallsMore, ...rest } = view;
    const { indicators: _fi, shortfalls: _fs, ...fullRest } = full;
    expect(rest).toEqual(fullRest);
    // …and of the shortfalls, those the result box lists and how many it leaves to the sheet
    expect(full.shortfalls.length).toBeGreaterThan(SHORTFALLS_SHOWN);
    const worst = worstShortfalls(full.shortfalls, SHORTFALLS_SHOWN);
    expect(view.shortfalls).toEqual(worst);
    expect(shortfallsMore).toEqual(moreBehind(full.shortfalls, worst));
    expect(shortfallsMore.indicators + shortfallsMore.rows).toBeGreaterThan(0);

    // the narrative, with the pane's "Đơn vị" and language at the time of asking
    await core.handle({ type: 'narrative', runId: 1, lang: 'en', issuer: 'UBND huyện Thanh Liêm' });
    await core.handle({ type: 'narrative', runId: 1, lang: 'vi' });
    const [en, vi] = of('narrative');
    expect(en).toEqual({ type: 'narrative', runId: 1, narrative: buildNarrative({ ...full, issuer: 'UBND huyện Thanh Liêm' }, 'en') });
    expect(en.narrative.issuer).toBe('UBND huyện Thanh Liêm');
    expect(vi.narrative).toEqual(buildNarrative(full, 'vi'));
    // the communes behind, which the view does not carry, are in it
    expect(vi.narrative.body.map((b) => b.text).join(' ')).toContain('Cẩm Lệ');
    // a run the worker has no result of: a failure, not a narrative
    await core.handle({ type: 'narrative', runId: 5, lang: 'vi' });
    expect(of('narrative')).toHaveLength(2);
    expect(of('failed')).toEqual([{ type: 'failed', message: expect.stringContaining('5') }]);
  });

  it('a plan, then no plan: summarised, and every source listed again against it', async () => {
    const a = await communeWorkbook('An Bình', [[1, 'Tổng diện tích gieo trồng', 'ha', 1000, 600, 550]]);
    const plan = await planWorkbook(['An Bình', 'Bình Minh'], [
      ['NN01', 'Tổng diện tích gieo trồng', 'ha', 'Tổng', 'Tăng', 'Lũy kế', 2000, 1200, 800],
      ['NN02', 'Sản lượng lương thực', 'tấn', 'Tổng', 'Tăng', 'Lũy kế', 9000, 5000, 4000],
    ]);
    const { core, of, msgs, listed } = collect();
    await core.handle({ type: 'addFile', id: 'a', name: 'an-binh.xlsx', data: ab(a) });
    await core.handle({ type: 'setPlan', plan: { kind: 'file', name: 'ke-hoach.xlsx', data: ab(plan) } });
    const planMsg = of('plan')[0];
    expect(planMsg.summary).toEqual({ file: 'ke-hoach.xlsx', indicators: 2, communes: 2, problems: expect.any(Number), unreadable: null });
    // listed, then the plan, then listed again against it
    expect(msgs.filter((m) => m.type === 'plan')).toHaveLength(1);
    const planAt = msgs.indexOf(planMsg);
    expect(listed(msgs.slice(0, planAt)).map((m) => m.id)).toEqual(['a']);
    expect(listed(msgs.slice(planAt)).map((m) => m.id)).toEqual(['a']);
    expect(msgs.every((m) => m.type === 'sources' || m.type === 'plan')).toBe(true);
    await core.handle({ type: 'run', runId: 2, ids: ['a'], period: null, lang: 'vi', outputs: { xlsx: false, json: false } });
    const rep = core.lastReport()!;
    // The plan's target for An Bình (1200) wins over the sheet's own (1000): 600 / 1200 = 50 %.
    const nn01 = rep.indicators.find((i) => i.code === 'NN01')!;
    expect(nn01.communes.find((c) => c.commune === 'An Bình')!.completionPct).toBe(50);
    await core.handle({ type: 'setPlan', plan: { kind: 'none' } });
    expect(of('plan')[1].summary).toBeNull();
  });

  it('sheets of the open workbook come as Grids and are consolidated with the files', async () => {
    const { core, of, listed } = collect();
    const cell = (v: string | number) => ({ v });
    const grid = {
      file: 'Book1.xlsx',
      sheet: 'Cẩm Lệ',
      merges: [],
      rows: [
        [cell('UBND XÃ CẨM LỆ')],
        [cell('BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU 6 THÁNG ĐẦU NĂM 2024')],
        [],
        ['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Kế hoạch năm', 'Thực hiện', 'Cùng kỳ năm trước'].map(cell),
        [cell(1), cell('Tổng diện tích gieo trồng'), cell('ha'), cell(500), cell('12,5 tr'), cell(90)],
      ],
    };
    await core.handle({ type: 'addGrids', id: 's1', source: { file: 'Book1.xlsx', grids: [grid] } });
    const s = listed()[0].summary;
    expect(s.commune).toBe('Cẩm Lệ');
    expect(s.values).toBe(2); // target and previous; "12,5 tr" is not a number
    await core.handle({ type: 'run', runId: 3, ids: ['s1'], period: null, lang: 'vi', outputs: { xlsx: false, json: false } });
    const rep = of('result')[0].report;
    const bad = rep.issues.find((i) => i.sheet === 'Cẩm Lệ' && i.cell === 'E5');
    expect(bad).toBeDefined();
    expect(bad!.file).toBe('Book1.xlsx');
    // …so the pane can lead the user to it.
    expect(issueTarget(bad!, [{ file: 'Book1.xlsx', sheets: ['Cẩm Lệ'] }])).toEqual({ sheet: 'Cẩm Lệ', cell: 'E5' });
  });
});
