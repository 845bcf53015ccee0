import { describe, expect, it } from 'vitest';
import { parseStyles } from '../../src/xlsx/styles';

const styles = (xfs: number[], numFmts = '', extra = '') =>
  `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${numFmts}${extra}` +
  `<cellXfs count="${xfs.length}">${xfs.map((id) => `<xf numFmtId="${id}" fontId="0"/>`).join('')}</cellXfs></styleSheet>`;

describe('parseStyles: which cell styles show dates and percentages', () => {
  it('reads built-in and custom formats by cell style', () => {
    const s = parseStyles(styles([0, 14, 10, 164, 3], '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'));
    expect([...s.date]).toEqual([0, 1, 0, 1, 0]);
    expect([...s.percent]).toEqual([0, 0, 1, 0, 0]);
  });

  it('answers by the number formats and cell styles alone, each distinct set on its own', () => {
    const a = parseStyles(styles([0, 14], '', '<fonts count="1"><font/></fonts>'));
    const b = parseStyles(styles([0, 14], '', '<fonts count="2"><font/><font/></fonts>'));
    const c = parseStyles(styles([0, 9]));
    const d = parseStyles(styles([0, 164], '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'));
    const e = parseStyles(styles([0, 164], '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy"/></numFmts>'));
    expect(b).toEqual(a);
    expect([...a.date, ...a.percent]).toEqual([0, 1, 0, 0]);
    expect([...c.date, ...c.percent]).toEqual([0, 0, 0, 1]);
    expect([...d.date, ...d.percent]).toEqual([0, 0, 0, 1]);
    expect([...e.date, ...e.percent]).toEqual([0, 1, 0, 0]);
  });
});
