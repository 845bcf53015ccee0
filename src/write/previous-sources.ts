/**
 * Where each previous value ("Cùng kỳ") came from, for the people reading the outputs (issue 11): the block under
 * the table of "Chi tiết xã" (one row per unit and indicator whose previous has a recorded source) and the sentences
 * of the narrative. Sources are recorded only when last year's files were given (core/previous-apply.ts).
 */
import type { IndicatorResult, Lang, PreviousSource, Report, SpecCell } from '../types';
import { formatNumber } from '../util/format';
import { label } from './labels';
import { withPreviousSource } from '../core/results';

type Bi = { vi: string; en: string };

const W = {
  title: { vi: 'NGUỒN SỐ LIỆU CÙNG KỲ', en: 'WHERE THE SAME-PERIOD FIGURES CAME FROM' },
  what: { vi: 'Chỉ tiêu — đơn vị', en: 'Indicator — unit' },
  source: { vi: 'Nguồn', en: 'Source' },
} satisfies Record<string, Bi>;

function place(s: { file: string; sheet: string; cell: string } | null | undefined, lang: Lang): string {
  if (!s) return '';
  return lang === 'vi' ? `tệp '${s.file}', sheet '${s.sheet}', ô ${s.cell}` : `file '${s.file}', sheet '${s.sheet}', cell ${s.cell}`;
}

/** "Cột Cùng kỳ của xã (tệp …, ô F5)", "Tệp năm trước: …", "Gộp từ Thanh Hà (3.000; tệp …), Thanh Lưu (…)", "Cộng từ các xã". */
export function describePreviousSource(s: PreviousSource, lang: Lang): string {
  const vi = lang === 'vi';
  const num = (x: number | null) => (x === null ? '—' : formatNumber(x, 2, lang));
  switch (s.kind) {
    case 'own': {
      const also = s.files !== undefined && s.files !== null ? (vi ? `; tệp năm trước: ${num(s.files)}` : `; last year's files: ${num(s.files)}`) : '';
      return (vi ? `Cột "Cùng kỳ" của xã (${place(s.source, lang)})` : `The commune's own "Cùng kỳ" column (${place(s.source, lang)})`) + also;
    }
    case 'file':
      return (vi ? 'Tệp năm trước: ' : "Last year's file: ") + place(s.source, lang);
    case 'combined':
      return vi ? 'Tổng hợp từ cùng kỳ của các xã' : "Combined from the communes' previous values";
    case 'merged': {
      const parts = (s.from ?? []).map((f) => `${f.commune} (${num(f.value)}; ${place(f.source, lang)})`);
      const missing = s.missing?.length ? (vi ? `; thiếu số liệu: ${s.missing.join(', ')}` : `; no figure for: ${s.missing.join(', ')}`) : '';
      return (vi ? 'Gộp từ các xã cũ: ' : 'Merged from the old communes: ') + parts.join(', ') + missing;
    }
  }
}

/** Every (unit, indicator) whose previous value has a recorded source: the parent first, then the communes. */
function sourced(report: Report): { ind: IndicatorResult; unit: string; previous: number | null; source: PreviousSource }[] {
  const out: { ind: IndicatorResult; unit: string; previous: number | null; source: PreviousSource }[] = [];
  for (const ind of report.indicators) {
    if (ind.previousSource) out.push({ ind, unit: report.parent, previous: ind.previous, source: ind.previousSource });
    for (const c of withPreviousSource(ind)) out.push({ ind, unit: c.commune, previous: c.previous ?? null, source: c.previousSource! });
  }
  return out;
}

/**
 * Rows for the block under the "Chi tiết xã" table (empty when no source is recorded): a blank row, the title, the
 * header, one row per unit and indicator — STT | Mã số | Chỉ tiêu — đơn vị | (ĐVT) | | Cùng kỳ | Nguồn, so the
 * wide columns C and F hold the text and the number and the source's text runs on to the right.
 */
export function previousSourceRows(report: Report, lang: Lang, width: number): (SpecCell | null)[][] {
  const list = sourced(report);
  if (!list.length) return [];
  const pad = (r: (SpecCell | null)[]) => { while (r.length < width) r.push(null); return r; };
  const rows: (SpecCell | null)[][] = [pad([]), pad([{ v: W.title[lang], style: 'title' }])];
  const heads = [label('no', lang), label('code', lang), W.what[lang], null, null, label('previous', lang), W.source[lang]];
  rows.push(pad(heads.map((v) => ({ v, style: 'header' }))));
  list.forEach((x, i) => {
    rows.push(pad([
      { v: i + 1, style: 'textCenter' },
      { v: x.ind.code, text: true, style: 'textCenter' },
      { v: `${x.ind.name} — ${x.unit}`, text: true, style: 'text' },
      { v: x.ind.unit, text: true, style: 'textCenter' },
      null,
      { v: x.previous, style: 'num', fmt: x.previous !== null && !Number.isInteger(x.previous) ? '#,##0.00' : '#,##0' },
      { v: describePreviousSource(x.source, lang), text: true },
    ]));
  });
  return rows;
}

/** The narrative's sentence on where the same-period figures came from (none when no source is recorded). */
export function previousSentences(report: Report, lang: Lang = 'vi'): string[] {
  const vi = lang === 'vi';
  const own = new Set<string>(), file = new Set<string>();
  const merged = new Map<string, Set<string>>();
  for (const ind of report.indicators) {
    for (const c of withPreviousSource(ind)) {
      const s = c.previousSource!;
      if (s.kind === 'own') own.add(c.commune);
      else if (s.kind === 'file') file.add(c.commune);
      else if (s.kind === 'merged') {
        const set = merged.get(c.commune) ?? new Set<string>();
        for (const f of s.from ?? []) set.add(f.commune);
        merged.set(c.commune, set);
      }
    }
  }
  if (!own.size && !file.size && !merged.size) return [];
  const parts: string[] = [];
  if (own.size) parts.push(vi ? `${own.size} xã theo cột "Cùng kỳ" trong báo cáo của xã` : `${own.size} communes from the "Cùng kỳ" column of their own reports`);
  if (file.size) parts.push(vi ? `${file.size} xã theo báo cáo năm trước của chính xã` : `${file.size} communes from their own reports of last year`);
  if (merged.size) {
    const list = [...merged].map(([n, olds]) => `${n} (${[...olds].join(', ')})`).join('; ');
    parts.push(vi ? `${merged.size} xã sau sáp nhập được tính từ số liệu năm trước của các xã cũ: ${list}` : `${merged.size} merged communes from last year's figures of their old communes: ${list}`);
  }
  return [vi ? `Số liệu cùng kỳ năm trước: ${parts.join('; ')}.` : `Same period last year: ${parts.join('; ')}.`];
}
