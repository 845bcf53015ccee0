import { colIndex } from './address';
import { foldWords } from './text';
import type { Issue, IssueCode, Severity } from '../types';

export interface IssueInit {
  severity: Severity;
  code: IssueCode;
  /** Vietnamese message, naming the place ("Xã Thanh Hà, sheet 'Kinh tế', ô E12: '12,5 tr' không phải là số"). */
  vi: string;
  /** English message. */
  en: string;
  file?: string | null;
  sheet?: string | null;
  cell?: string | null;
  commune?: string | null;
  indicator?: string | null;
}

/** Make an Issue. Every module reports problems through this, never by throwing. */
export function mkIssue(i: IssueInit): Issue {
  return {
    severity: i.severity,
    code: i.code,
    message: i.vi,
    messageEn: i.en,
    file: i.file ?? null,
    sheet: i.sheet ?? null,
    cell: i.cell ?? null,
    ...(i.commune !== undefined ? { commune: i.commune } : {}),
    ...(i.indicator !== undefined ? { indicator: i.indicator } : {}),
  };
}

/** "tệp 'a.xlsx', sheet 'Kinh tế', ô E12" / "file 'a.xlsx', sheet 'Kinh tế', cell E12" — the place prefix of messages. */
export function where(file: string | null | undefined, sheet?: string | null, cell?: string | null): { vi: string; en: string } {
  const vi: string[] = [];
  const en: string[] = [];
  if (file) { vi.push(`tệp '${file}'`); en.push(`file '${file}'`); }
  if (sheet) { vi.push(`sheet '${sheet}'`); en.push(`sheet '${sheet}'`); }
  if (cell) { vi.push(`ô ${cell}`); en.push(`cell ${cell}`); }
  return { vi: vi.join(', '), en: en.join(', ') };
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order for display and for the report: severity, file, sheet, row, column, code. */
export function sortIssues(list: Issue[]): Issue[] {
  const cellKey = (c: string | null) => {
    if (!c) return [0, 0];
    const m = /^([A-Z]+)(\d+)$/.exec(c);
    if (!m) return [0, 0];
    return [Number(m[2]), colIndex(m[1]) + 1];
  };
  return [...list].sort((a, b) => {
    if (ORDER[a.severity] !== ORDER[b.severity]) return ORDER[a.severity] - ORDER[b.severity];
    const fa = a.file ?? '', fb = b.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const sa = a.sheet ?? '', sb = b.sheet ?? '';
    if (sa !== sb) return sa < sb ? -1 : 1;
    const [ra, ca] = cellKey(a.cell), [rb, cb] = cellKey(b.cell);
    if (ra !== rb) return ra - rb;
    if (ca !== cb) return ca - cb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}

/**
 * "Xã Thanh Sơn" / "Thị trấn Ba Chẽ" / "Tệp 'a.xlsx'": how a message about a commune's file starts
 * (a name already saying xã / phường / thị trấn / UBND is kept as written); empty without either.
 */
export function communePlace(commune: string | null, file: string | null): { vi: string; en: string } {
  if (!commune) return file ? { vi: `Tệp '${file}'`, en: `File '${file}'` } : { vi: '', en: '' };
  const typed = /^(?:xa|phuong|thi tran|ubnd)\b/.test(foldWords(commune));
  return { vi: typed ? commune : `Xã ${commune}`, en: commune };
}
