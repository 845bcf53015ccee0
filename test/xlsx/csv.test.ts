/** The CSV reader (src/xlsx/csv.ts): encodings, delimiters, RFC 4180 quoting, fields kept as the text typed. */
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, detectDelimiter, gridsFromCsv, parseCsv } from '../../src/xlsx/csv';
import { readWorkbookFile } from '../../src/xlsx/read-any';
import { DEFAULT_LIMITS, resolveLimits } from '../../src/xlsx/limits';
import type { Grid } from '../../src/types';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Windows-1258 bytes of a Vietnamese text: precomposed where the code page has the letter, else base + combining tone mark. */
function encode1258(s: string): Uint8Array {
  const dec = new TextDecoder('windows-1258');
  const table = new Map<string, number>();
  for (let b = 0x80; b <= 0xff; b++) table.set(dec.decode(Uint8Array.of(b)), b);
  const TONES = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
  const out: number[] = [];
  for (const ch of s.normalize('NFC')) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else if (table.has(ch)) out.push(table.get(ch)!);
    else {
      const parts = [...ch.normalize('NFD')];
      const tone = parts.filter((p) => TONES.has(p));
      const base = parts.filter((p) => !TONES.has(p)).join('').normalize('NFC');
      const b = base.charCodeAt(0) < 0x80 ? base.charCodeAt(0) : table.get(base);
      if (b === undefined || tone.length !== 1) throw new Error(`not in cp1258: ${ch}`);
      out.push(b, table.get(tone[0])!);
    }
  }
  return Uint8Array.from(out);
}

function texts(g: Grid): (string | null)[][] {
  return g.rows.map((r) => Array.from(r, (c) => (c ? (c.error ?? (c.v as string)) : null)));
}

const VI = 'STT;Chỉ tiêu;ĐVT;Kế hoạch năm;Thực hiện\r\n1;Tổng thu ngân sách nhà nước trên địa bàn;triệu đồng;4.000,25;1.227\r\n2;Tỷ lệ hộ nghèo;%;1,96;54,5\r\n';

describe('decodeCsvBytes', () => {
  it('valid UTF-8 is UTF-8; a BOM is stripped', () => {
    expect(decodeCsvBytes(utf8('Xã Đạp Thanh'))).toEqual({ text: 'Xã Đạp Thanh', encoding: 'utf-8' });
    expect(decodeCsvBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('Xã Đạp Thanh')]))).toEqual({ text: 'Xã Đạp Thanh', encoding: 'utf-8-bom' });
  });

  it('anything else is Windows-1258, its combining tone marks composed (NFC)', () => {
    const bytes = encode1258('Tổng thu ngân sách, Đạp Thanh, Lũy kế, Ước thực hiện');
    // the code page writes "ổ" as ô + combining hook: two bytes
    expect(bytes.length).toBeGreaterThan('Tổng thu ngân sách, Đạp Thanh, Lũy kế, Ước thực hiện'.length);
    const d = decodeCsvBytes(bytes);
    expect(d.encoding).toBe('windows-1258');
    expect(d.text).toBe('Tổng thu ngân sách, Đạp Thanh, Lũy kế, Ước thực hiện');
    expect(d.text).toBe(d.text.normalize('NFC'));
  });

  it('UTF-16 with a byte-order mark (Excel "Unicode text")', () => {
    const s = 'Chỉ tiêu\tThực hiện';
    const le = new Uint8Array(2 + s.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < s.length; i++) {
      le[2 + 2 * i] = s.charCodeAt(i) & 0xff;
      le[3 + 2 * i] = s.charCodeAt(i) >> 8;
    }
    expect(decodeCsvBytes(le)).toEqual({ text: s, encoding: 'utf-16le' });
  });
});

describe('parseCsv', () => {
  it('quoted fields hold delimiters, line breaks and doubled quotes; CRLF, LF and CR end records', () => {
    const text = 'a,"b,c","d\r\ne","say ""hi"""\r\n1,,"",x\n"last"\rend';
    expect(parseCsv(text, ',').records).toEqual([
      ['a', 'b,c', 'd\r\ne', 'say "hi"'],
      ['1', '', '', 'x'],
      ['last'],
      ['end'],
    ]);
  });

  it('a trailing line break adds no record; a trailing delimiter adds an empty field; an unclosed quote runs to the end', () => {
    expect(parseCsv('a,b\n', ',').records).toEqual([['a', 'b']]);
    expect(parseCsv('a,b,', ',').records).toEqual([['a', 'b', '']]);
    expect(parseCsv('a,"b\nc', ',').records).toEqual([['a', 'b\nc']]);
    expect(parseCsv('', ',').records).toEqual([]);
  });

  it('stops after maxRecords and says whether more followed', () => {
    expect(parseCsv('1\n2\n3\n', ',', 2)).toEqual({ records: [['1'], ['2']], more: true });
    expect(parseCsv('1\n2\n\n,,\n', ',', 2)).toEqual({ records: [['1'], ['2']], more: false });
  });
});

describe('detectDelimiter', () => {
  it('semicolon where commas are decimal commas; comma; tab', () => {
    expect(detectDelimiter(VI)).toBe(';');
    expect(detectDelimiter('STT,Chỉ tiêu,Thực hiện\n1,"Thu, chi",1.227\n2,Lúa,"54,5"\n')).toBe(',');
    expect(detectDelimiter('STT\tChỉ tiêu\tThực hiện\n1\tThu, chi; khác\t1.227\n2\tLúa\t54,5\n')).toBe('\t');
  });

  it('title rows above the table do not decide it', () => {
    const t = 'UBND XÃ THANH HÀ\nBÁO CÁO 6 THÁNG, NĂM 2020\n\nSTT;Chỉ tiêu;Thực hiện\n1;Lúa;54,5\n2;Ngô;1.227\n3;Khoai;12,3\n';
    expect(detectDelimiter(t)).toBe(';');
  });
});

describe('gridsFromCsv', () => {
  const lim = DEFAULT_LIMITS;

  it('Vietnamese number texts reach the Grid as typed, never guessed into numbers', () => {
    const { grids, issues } = gridsFromCsv({ name: 'thanh-ha.csv', data: utf8(VI) }, lim);
    expect(grids).toHaveLength(1);
    const g = grids[0];
    expect(g.sheet).toBe('thanh-ha');
    expect(g.file).toBe('thanh-ha.csv');
    expect(g.merges).toEqual([]);
    expect(g.rows[1]).toEqual([{ v: '1' }, { v: 'Tổng thu ngân sách nhà nước trên địa bàn' }, { v: 'triệu đồng' }, { v: '4.000,25' }, { v: '1.227' }]);
    expect(g.rows[2][3]).toEqual({ v: '1,96' });
    expect(issues.map((i) => [i.severity, i.code])).toEqual([['info', 'csv_read']]);
    expect(issues[0].message).toContain('dấu chấm phẩy');
    expect(issues[0].messageEn).toContain('semicolons');
  });

  it('the same table in UTF-8, UTF-8 with BOM and Windows-1258 gives the same Grid', () => {
    const a = gridsFromCsv({ name: 'x.csv', data: utf8(VI) }, lim).grids[0];
    const b = gridsFromCsv({ name: 'x.csv', data: Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(VI)]) }, lim).grids[0];
    const c = gridsFromCsv({ name: 'x.csv', data: encode1258(VI) }, lim);
    expect(b).toEqual(a);
    expect(c.grids[0]).toEqual(a);
    expect(c.issues[0].messageEn).toContain('Windows-1258');
  });

  it('empty fields are empty cells; error literals are error cells; tab-separated text', () => {
    const t = 'Chỉ tiêu\tKH\tTH\n"Lúa, ngô"\t\t#DIV/0!\nx\t"a ""b"""\t#N/A\n\n\n';
    const g = gridsFromCsv({ name: 'b.csv', data: utf8(t) }, lim).grids[0];
    expect(texts(g)).toEqual([
      ['Chỉ tiêu', 'KH', 'TH'],
      ['Lúa, ngô', null, '#DIV/0!'],
      ['x', 'a "b"', '#N/A'],
    ]);
    expect(g.rows[1][2]).toEqual({ v: null, error: '#DIV/0!' });
    expect(g.rows[1][1]).toBeUndefined();
  });

  it('rows and columns past the limits are cut, with the truncated_sheet warning', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${i};a;b;c;d`).join('\n');
    const small = resolveLimits({ maxRows: 10, maxCols: 3 });
    const { grids, issues } = gridsFromCsv({ name: 'big.csv', data: utf8(lines) }, small);
    expect(grids[0].rows).toHaveLength(10);
    expect(grids[0].rows[0]).toHaveLength(3);
    expect(grids[0].truncated).toEqual({ rows: 10, cols: 3 });
    expect(issues.find((i) => i.code === 'truncated_sheet')?.message).toContain("'big.csv'");
  });
});

describe('readWorkbookFile: text files', () => {
  it('a CSV named .xlsx is read as CSV, with a warning saying so', async () => {
    const { grids, issues } = await readWorkbookFile({ name: 'bao-cao.xlsx', data: utf8(VI) });
    expect(grids).toHaveLength(1);
    expect(grids[0].rows[1][4]).toEqual({ v: '1.227' });
    const w = issues.find((i) => i.code === 'file_read_as_csv')!;
    expect(w.severity).toBe('warning');
    expect(w.file).toBe('bao-cao.xlsx');
    expect(w.message).toContain("'bao-cao.xlsx'");
    expect(w.messageEn).toContain('really a CSV');
  });

  it('a one-column .csv is still a CSV; the same text named .xlsx is refused as plain text', async () => {
    const one = await readWorkbookFile({ name: 'mot-cot.csv', data: utf8('Chỉ tiêu\nLúa\nNgô\n') });
    expect(one.grids[0].rows.map((r) => r[0]?.v)).toEqual(['Chỉ tiêu', 'Lúa', 'Ngô']);
    const txt = await readWorkbookFile({ name: 'mot-cot.xlsx', data: utf8('Chỉ tiêu\nLúa\nNgô\n') });
    expect(txt.grids).toEqual([]);
    expect(txt.issues.map((i) => i.code)).toEqual(['file_text']);
  });

  it('HTML saved as .xls keeps its refusal', async () => {
    const r = await readWorkbookFile({ name: 'bao-cao.xls', data: utf8('<html><body><table><tr><td>1</td></tr></table></body></html>') });
    expect(r.grids).toEqual([]);
    expect(r.issues.map((i) => [i.severity, i.code])).toEqual([['error', 'file_html']]);
  });
});
