/**
 * The pane's "Kỳ báo cáo" card: the period most sources agree on, the user's choice (automatic, a month, a
 * quarter, …) drawn into its controls, and the controls read back into a choice.
 */
import type { Lang, Period, PeriodKind } from '../types';
import { t } from './i18n';
import { $, el, show } from './dom';
import { agreeing, choiceOf, makePeriod, type PeriodChoice, type SourceSummary } from './model';
import { majorityPeriod } from '../core/period';
import { periodLabel } from '../write/labels';

type Sources = readonly { summary: SourceSummary | null }[];

/** The period most readable sources give, how many agree, out of how many. */
export function detectedPeriod(sources: Sources): { period: Period | null; n: number; total: number } {
  const periods = sources.map((s) => s.summary?.period ?? null);
  const known = sources.filter((s) => s.summary && !s.summary.unreadable).length;
  const p = majorityPeriod(periods);
  return { period: p, n: p ? agreeing(periods, p) : 0, total: known };
}

/** Draw the card: what was detected, the choice in its controls, the period the run will use. */
export function renderPeriodView(sources: Sources, choice: PeriodChoice, lang: Lang): void {
  const tr = (key: Parameters<typeof t>[0], params?: Record<string, string | number>) => t(key, lang, params);
  const d = detectedPeriod(sources);
  const det = $('period-detected');
  det.removeAttribute('data-i18n');
  det.textContent = d.period ? tr('periodDetected', { label: periodLabel(d.period, lang), n: d.n, total: d.total }) : tr('periodNotDetected');

  const kind = $('period-kind') as HTMLSelectElement;
  kind.value = choice.kind;
  const c = choice;
  show($('period-index-field'), c.kind === 'month' || c.kind === 'quarter');
  show($('period-year-field'), c.kind !== 'auto');
  if (c.kind === 'month' || c.kind === 'quarter') {
    const idx = $('period-index') as HTMLSelectElement;
    const n = c.kind === 'month' ? 12 : 4;
    $('period-index-label').textContent = tr(c.kind === 'month' ? 'periodIndexMonth' : 'periodIndexQuarter');
    if (idx.options.length !== n || idx.dataset.kind !== c.kind) {
      idx.replaceChildren();
      for (let i = 1; i <= n; i++) {
        const o = el('option', { text: c.kind === 'month' ? String(i) : ['I', 'II', 'III', 'IV'][i - 1] });
        o.value = String(i);
        idx.appendChild(o);
      }
      idx.dataset.kind = c.kind;
    }
    idx.value = String(c.index ?? 1);
  }
  if (c.kind !== 'auto') ($('period-year') as HTMLInputElement).value = c.year === null ? '' : String(c.year);

  const chosen = makePeriod(choice) ?? d.period;
  $('period-chosen').textContent = chosen ? tr('periodChosen', { label: periodLabel(chosen, lang) }) : '';
}

/** The controls read back into a choice; leaving "automatic" starts from the period detected. */
export function periodChoiceFromControls(prev: PeriodChoice, sources: Sources): PeriodChoice {
  const kind = ($('period-kind') as HTMLSelectElement).value as PeriodKind | 'auto';
  if (kind === 'auto') return { kind: 'auto' };
  let year: number | null;
  let index: number | undefined;
  if (prev.kind === 'auto') {
    const detected = detectedPeriod(sources).period;
    const base = detected ? choiceOf(detected) : null;
    year = base?.year ?? new Date().getFullYear();
    index = base && base.kind === kind ? base.index : 1;
  } else {
    const yearText = ($('period-year') as HTMLInputElement).value.trim();
    year = yearText && Number.isFinite(Number(yearText)) ? Math.trunc(Number(yearText)) : null;
    index = prev.kind === kind ? Number(($('period-index') as HTMLSelectElement).value) || 1 : 1;
  }
  return kind === 'month' || kind === 'quarter' ? { kind, index, year } : { kind, year };
}
