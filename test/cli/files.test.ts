/** File search and atomic writing of the command line (src/cli/files.ts), and its argument parser. */
import { describe, it, expect } from 'vitest';
import * as fs from 'fs';
import * as path from 'path';
import { collectFiles, writeAtomically, OutputExistsError } from '../../src/cli/files';
import { parseArgs } from '../../src/cli/args';
import { listFiles, tempDir } from './helpers';

function touch(p: string, data = 'x'): void {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
}

describe('collectFiles', () => {
  it('walks folders in code-point order, keeps .xlsx/.xlsm/.xls/.xlsb/.ods/.csv (any case), skips lock/hidden/excluded files, notes other formats', () => {
    const dir = tempDir();
    touch(path.join(dir, 'in', 'b.xlsx'));
    touch(path.join(dir, 'in', 'A.XLSX'));
    touch(path.join(dir, 'in', 'sub', 'c.xlsm'));
    touch(path.join(dir, 'in', '~$b.xlsx'));
    touch(path.join(dir, 'in', '.an.xlsx'));
    touch(path.join(dir, 'in', '.git', 'd.xlsx'));
    touch(path.join(dir, 'in', 'cu.xls'));
    touch(path.join(dir, 'in', 'bang.ods'));
    touch(path.join(dir, 'in', 'sub', 'e.XLSB'));
    touch(path.join(dir, 'in', 'f.csv'));
    touch(path.join(dir, 'in', 'g.numbers'));
    touch(path.join(dir, 'in', '~$cu.xls'));
    touch(path.join(dir, 'in', 'ghi-chu.docx'));
    touch(path.join(dir, 'in', 'ghi-chu.txt'));
    touch(path.join(dir, 'in', 'plan.xlsx'));
    touch(path.join(dir, 'in', 'out.xlsx'));
    const got = collectFiles(['in'], [path.join(dir, 'in', 'plan.xlsx'), path.join(dir, 'in', 'out.xlsx')], dir);
    expect(got.files.map((f) => f.name)).toEqual(['A.XLSX', 'b.xlsx', 'bang.ods', 'cu.xls', 'f.csv', 'c.xlsm', 'e.XLSB']);
    expect(got.files.map((f) => path.relative(dir, f.path).split(path.sep).join('/'))).toEqual(['in/A.XLSX', 'in/b.xlsx', 'in/bang.ods', 'in/cu.xls', 'in/f.csv', 'in/sub/c.xlsm', 'in/sub/e.XLSB']);
    expect(got.skippedOther.map((p) => path.basename(p))).toEqual(['g.numbers']);
  });

  it('a file named explicitly is taken whatever its extension; each file once', () => {
    const dir = tempDir();
    touch(path.join(dir, 'in', 'a.xlsx'));
    touch(path.join(dir, 'bao-cao.xls'));
    const got = collectFiles(['in', 'in/a.xlsx', './in/../in/a.xlsx', 'bao-cao.xls'], [], dir);
    expect(got.files.map((f) => f.name)).toEqual(['a.xlsx', 'bao-cao.xls']);
  });

  it('names two files with one base name by their relative paths; NFC names', () => {
    const dir = tempDir();
    touch(path.join(dir, 'thang-5', 'bc.xlsx'));
    touch(path.join(dir, 'thang-6', 'bc.xlsx'));
    touch(path.join(dir, 'x', 'Ha\u0300 Nam.xlsx')); // decomposed "Hà"
    const got = collectFiles(['thang-5', 'thang-6', 'x'], [], dir);
    expect(got.files.map((f) => f.name)).toEqual(['thang-5/bc.xlsx', 'thang-6/bc.xlsx', 'H\u00e0 Nam.xlsx']);
  });
});

describe('writeAtomically', () => {
  it('writes through a temporary file beside the target and leaves none behind', async () => {
    const dir = tempDir();
    await writeAtomically([{ target: path.join(dir, 'out', 'a.xlsx'), data: new Uint8Array([80, 75, 3, 4]) }, { target: path.join(dir, 'b.json'), data: '{"a":1}\n' }], false);
    expect(listFiles(dir)).toEqual(['b.json', 'out/a.xlsx']);
    expect([...fs.readFileSync(path.join(dir, 'out', 'a.xlsx'))]).toEqual([80, 75, 3, 4]);
  });

  it('without force an existing target is refused and kept; the temporary file is removed', async () => {
    const dir = tempDir();
    touch(path.join(dir, 'a.xlsx'), 'old');
    await expect(writeAtomically([{ target: path.join(dir, 'a.xlsx'), data: 'new' }], false)).rejects.toThrow(OutputExistsError);
    expect(fs.readFileSync(path.join(dir, 'a.xlsx'), 'utf8')).toBe('old');
    expect(listFiles(dir)).toEqual(['a.xlsx']);
  });

  it('with force the target is replaced', async () => {
    const dir = tempDir();
    touch(path.join(dir, 'a.xlsx'), 'old');
    await writeAtomically([{ target: path.join(dir, 'a.xlsx'), data: 'new' }], true);
    expect(fs.readFileSync(path.join(dir, 'a.xlsx'), 'utf8')).toBe('new');
    expect(listFiles(dir)).toEqual(['a.xlsx']);
  });

  it('when the move fails, the error is thrown and no temporary file stays', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'a.xlsx', 'inside'), { recursive: true }); // a non-empty folder where the file should go
    await expect(writeAtomically([{ target: path.join(dir, 'a.xlsx'), data: 'new' }], true)).rejects.toThrow();
    expect(listFiles(dir)).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual(['a.xlsx']);
  });

  it('bytes still being made are written after the others; if they fail, nothing is moved and no temporary file stays', async () => {
    const dir = tempDir();
    const order: string[] = [];
    const later = new Promise<Uint8Array>((resolve) => setTimeout(() => {
      order.push('workbook made');
      resolve(new Uint8Array([80, 75]));
    }, 20));
    const pieces = (function* () {
      order.push('json written');
      yield '{"a":';
      yield '1}';
    })();
    await writeAtomically([{ target: path.join(dir, 'a.xlsx'), data: later }, { target: path.join(dir, 'a.json'), data: pieces }], false);
    expect(order).toEqual(['json written', 'workbook made']);
    expect(listFiles(dir)).toEqual(['a.json', 'a.xlsx']);
    expect(fs.readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('{"a":1}');

    const dir2 = tempDir();
    const failing = Promise.reject(new Error('deflate failed'));
    failing.catch(() => undefined);
    await expect(writeAtomically([{ target: path.join(dir2, 'a.xlsx'), data: failing }, { target: path.join(dir2, 'a.json'), data: '{}' }], false)).rejects.toThrow('deflate failed');
    expect(listFiles(dir2)).toEqual([]);
  });

  it('writers are given their open file first, in order, and awaited; the lock goes beside `lockBeside`', async () => {
    const dir = tempDir();
    const order: string[] = [];
    const writer = (name: string, text: string) => async (fd: number) => {
      order.push(`${name} called`);
      await new Promise((r) => setTimeout(r, 10));
      fs.writeSync(fd, text, 0);
      order.push(`${name} done`);
    };
    const pieces = (function* () {
      order.push('pieces written');
      yield '[1]';
    })();
    await writeAtomically(
      [{ target: path.join(dir, 'a.json'), data: writer('json', '{"a":1}') }, { target: path.join(dir, 'c.txt'), data: pieces }, { target: path.join(dir, 'a.xlsx'), data: writer('xlsx', 'PK') }],
      false,
      undefined,
      path.join(dir, 'a.xlsx'),
    );
    expect(order.slice(0, 3)).toEqual(['json called', 'xlsx called', 'pieces written']);
    expect(listFiles(dir)).toEqual(['a.json', 'a.xlsx', 'c.txt']);
    expect(fs.readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('{"a":1}');
  });

  it('when one output fails, the files are closed only after every writer has finished with its own', async () => {
    const dir = tempDir();
    let slowDone = false;
    const slow = async (fd: number) => {
      await new Promise((r) => setTimeout(r, 50));
      fs.writeSync(fd, 'late', 0); // would throw EBADF had the file been closed already
      slowDone = true;
    };
    const failing = Promise.reject(new Error('deflate failed'));
    failing.catch(() => undefined);
    await expect(writeAtomically([{ target: path.join(dir, 'a.json'), data: slow }, { target: path.join(dir, 'a.xlsx'), data: failing }], false)).rejects.toThrow('deflate failed');
    expect(slowDone).toBe(true);
    expect(listFiles(dir)).toEqual([]);
  });
});

describe('parseArgs', () => {
  it('reads options in both forms, flags, "--" and positionals in order', () => {
    const p = parseArgs(['consolidate', '-p', 'kh.xlsx', '--out=o.xlsx', '--json', 'r.json', '--lang=en', '--period', 'quý I/2020', '-f', 'a', '--', '-b.xlsx']);
    expect(p).toEqual({
      command: 'consolidate',
      args: { plan: 'kh.xlsx', out: 'o.xlsx', json: 'r.json', lang: 'en', period: 'quý I/2020', force: true, help: false, inputs: ['a', '-b.xlsx'] },
    });
  });

  it('help, version and errors', () => {
    expect(parseArgs(['-h'])).toEqual({ command: 'help' });
    expect(parseArgs(['--version'])).toEqual({ command: 'version' });
    expect(parseArgs(['consolidate', '--force=yes'])).toMatchObject({ command: 'error', en: "option '--force' takes no value" });
    expect(parseArgs(['consolidate', '--out', '--json', 'x.json'])).toMatchObject({ command: 'error', en: "option '--out' needs a value" });
    expect(parseArgs(['--out', 'x.xlsx'])).toMatchObject({ command: 'error', en: "option '--out' must come after the command 'consolidate'" });
  });
});

describe('writeAtomically with bytes in pieces (a workbook: zipPieces)', () => {
  it('writes the pieces in order, as they are, whether at hand or still being made', async () => {
    const dir = tempDir();
    const pieces = [new Uint8Array([1, 2, 3]), new Uint8Array(0), Buffer.from('tổng hợp'), new Uint8Array(300_000).fill(7)];
    const joined = Buffer.concat(pieces);
    const a = path.join(dir, 'a.xlsx'), b = path.join(dir, 'b.xlsx');
    await writeAtomically([{ target: a, data: pieces }, { target: b, data: Promise.resolve(pieces) }], false);
    expect(fs.readFileSync(a).equals(joined)).toBe(true);
    expect(fs.readFileSync(b).equals(joined)).toBe(true);
  });
});
