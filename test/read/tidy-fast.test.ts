import { describe, expect, it } from 'vitest';
import { tidyFast } from '../../src/read/table';
import { tidy } from '../../src/util/text';

describe('tidyFast: tidy() only where it changes something', () => {
  it('gives what tidy gives, for every character alone, at either end and between two letters', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const s of [ch, `a${ch}b`, `a${ch}`, `${ch}b`, `a ${ch}b`]) if (tidyFast(s) !== tidy(s)) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('tidies runs of blanks, blanks at the ends and blanks other than the space', () => {
    expect(tidyFast('Dân  số')).toBe('Dân số');
    expect(tidyFast(' Dân số')).toBe('Dân số');
    expect(tidyFast('Dân số ')).toBe('Dân số');
    expect(tidyFast('Dân\u00a0số')).toBe('Dân số');
    expect(tidyFast('Dân\nsố')).toBe('Dân số');
    expect(tidyFast('Dân số')).toBe('Dân số');
  });
});
