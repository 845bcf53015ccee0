/**
 * Glue between consolidate.ts and previous.ts: last year's values put into the communes' cells by the precedence
 * rule (the own "Cùng kỳ" wins; more than 1 % apart → a warning giving both), each with its source, and the
 * parent's previous value (its communes' previous combined, else the parent figure of last year's files).
 */
import type { Issue, Period, Plan, PreviousFileRecord, PreviousReport, PreviousSource, SourceRef } from '../types';
import { pickPrevious, previousFromFiles, type PreviousDef, type PreviousPick } from './previous';
import * as M from './messages';
import { where } from '../util/issues';

/** The part of consolidate's figures (core/cells.ts) this module reads and fills: commune i's previous value of indicator k. */
export interface PreviousCells {
  previous(i: number, k: number): number | null;
  setPrevious(i: number, k: number, value: number | null, source: PreviousSource): void;
}

interface ApplyInput {
  input: PreviousReport[] | null | undefined;
  plan: Plan | null;
  runPeriod: Period | null;
  defs: (PreviousDef & { label: string })[];
  /** Slot names, in the order of `cells`. */
  names: string[];
  cells: PreviousCells;
  /** Where commune i's own previous value of indicator k was read (null: it has none). */
  previousAt(i: number, k: number): M.Place | null;
  issues: Issue[];
}

/** "tệp 'a.xlsx', sheet 'S', ô E7" or "gộp từ Xã A, Xã B" — where last year's files' value is, for messages. */
export function describeSource(s: PreviousSource, lang: 'vi' | 'en'): string {
  if (s.kind === 'merged') {
    const names = (s.from ?? []).map((f) => f.commune).join(', ');
    return lang === 'vi' ? `gộp từ ${names}` : `merged from ${names}`;
  }
  const src: SourceRef | null | undefined = s.source;
  if (!src) return '';
  const w = where(src.file, src.sheet, src.cell);
  return lang === 'vi' ? w.vi : w.en;
}

/**
 * Fill every cell's previous value from last year's files where the commune gives none, mark each previous value's
 * source, raise the merger's and the precedence's issues. Returns the parent's picks of last year's files (by
 * indicator), or null when no file of last year was given (then nothing is changed).
 */
export function applyPrevious(a: ApplyInput): { parent: (PreviousPick | null)[]; files: (PreviousFileRecord & { parent?: true })[] } | null {
  if (!a.input || a.input.length === 0) return null;
  const res = previousFromFiles({
    defs: a.defs,
    communes: a.names,
    merger: a.plan?.merger ?? null,
    reports: a.input,
    period: a.runPeriod,
  });
  a.issues.push(...res.issues);
  a.names.forEach((name, i) => {
    const picks = res.communes.get(name) ?? null;
    a.defs.forEach((d, k) => {
      const own = a.cells.previous(i, k);
      const ownAt = a.previousAt(i, k);
      const ownRef: SourceRef | null = ownAt ? { file: ownAt.file ?? '', sheet: ownAt.sheet ?? '', cell: ownAt.cell ?? '' } : null;
      const files = picks?.[k] ?? null;
      const { pick, mismatch } = pickPrevious(own, ownRef, files);
      if (mismatch && files && own !== null && files.value !== null) {
        const at = { vi: describeSource(files.source, 'vi'), en: describeSource(files.source, 'en') };
        a.issues.push(M.previousMismatch(ownAt ?? { file: null }, name, d.label, own, files.value, at, d.unit));
      }
      if (pick) a.cells.setPrevious(i, k, pick.value, pick.source);
    });
  });
  return { parent: res.parent, files: res.files };
}

/** Last year's files on record; the parent's marked used when one of its figures became the parent's previous. */
export function previousFilesRecord(files: (PreviousFileRecord & { parent?: true })[], parentUsed: boolean): PreviousFileRecord[] {
  return files.map(({ parent, ...f }) => (parent && parentUsed ? { ...f, used: true } : f));
}

/** The parent's previous: its communes' previous combined (FORMATS.md), else last year's parent figure. */
export function parentPrevious(combined: number | null, filePick: PreviousPick | null, hasFiles: boolean): { previous: number | null; source?: PreviousSource } {
  if (combined !== null) return hasFiles ? { previous: combined, source: { kind: 'combined' } } : { previous: combined };
  if (filePick && filePick.value !== null) return { previous: filePick.value, source: filePick.source };
  return { previous: null };
}
