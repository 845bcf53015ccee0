/**
 * The task pane's result box: the headline, the status counts, the worst shortfalls, the problems
 * found (each a link to its cell inside Excel), what was written into the workbook and the downloads.
 * Drawn from the result the worker sent back; text from files goes in with textContent only.
 */
import type { Issue, Lang, SheetSpec } from '../types';
import type { Narrative } from '../write/narrative';
import type { ReportView } from './protocol';
import { t, type StringKey } from './i18n';
import { $, el, show } from './dom';
import {
  errText,
  issueTarget,
  isYesNo,
  parentText,
  problemsToShow,
  statusCounts,
  unitText,
  type SheetSourceRef,
} from './model';
import { STATUSES, issueMessage, periodLabel, severityLabel, sheetNames, statusLabel } from '../write/labels';
import { formatNumber, formatPct } from '../util/format';
import { slug } from '../util/text';

export interface ResultState {
  report: ReportView;
  sheets: SheetSpec[];
  xlsxUrl: string | null;
  jsonUrl: string | null;
  /** The worker is still making the downloads (the result is drawn meanwhile). */
  making: boolean;
  /** Why the downloads could not be made (the result stands), or null. */
  downloadsError: string | null;
  written: { names: string[]; kept: boolean; cancelled?: boolean; notes?: { vi: string; en: string }[] } | null;
  writeError: string | null;
}

/** What the result box is drawn from. */
export interface ResultView {
  lang: Lang;
  mode: 'browser' | 'excel';
  result: ResultState | null;
  /** The open workbook's sheets added as sources, for the issues' links to their cells. */
  sheetRefs: SheetSourceRef[];
  goToCell(sheet: string, cell: string): Promise<void>;
  showFatal(msg: string): void;
  /** The narrative of the result's report for the Word download (made by the worker, which keeps the whole report). */
  narrative(lang: Lang, issuer: string | undefined): Promise<Narrative>;
}

function fileSlug(s: string): string {
  return slug(s) || 'ket-qua';
}

type Tr = (key: StringKey, params?: Record<string, string | number>) => string;

export function renderResult(view: ResultView): void {
  const { lang } = view;
  const tr: Tr = (key, params) => t(key, lang, params);
  const box = $('result');
  const r = view.result;
  show(box, !!r);
  if (!r) return;
  const rep = r.report;
  const reported = rep.communes.filter((c) => c.reported !== false).length;
  const parent = parentText(rep.parent, lang);
  $('result-headline').textContent = tr('resultHeadline', {
    parent,
    period: periodLabel(rep.period, lang),
    n: rep.indicators.length,
    c: reported,
  });

  const counts = statusCounts(rep.indicators);
  const ul = $('status-counts');
  ul.replaceChildren();
  for (const s of STATUSES) {
    ul.appendChild(
      el('li', { cls: `status-${s}`, attrs: { 'data-status': s } }, el('span', { cls: 'n', text: String(counts[s]) }), el('span', { cls: 'l', text: statusLabel(s, lang) })),
    );
  }
  renderShortfalls(rep, parent, lang, tr);
  renderIssues(rep, view, tr);
  renderWritten(r, tr, view.lang);
  renderDownloads(r, view);
}

function renderShortfalls(rep: ReportView, parent: string, lang: Lang, tr: Tr): void {
  const ol = $('shortfalls');
  ol.replaceChildren();
  // the worker picked the worst (model.ts: worstShortfalls) and counted the rest
  const worst = rep.shortfalls;
  show(ol, worst.length > 0);
  const none = $('shortfalls-none');
  none.textContent = tr('shortfallsNone');
  show(none, worst.length === 0);
  const aggregationOf = new Map(rep.indicators.map((i) => [i.code ?? `#${i.name}`, i.aggregation]));
  for (const s of worst) {
    const who = s.commune ?? parent;
    // A commune's yes/no indicator (combined as "Số xã đạt"): met or not, no percentage of "1 xã".
    const yesNo = s.commune !== null && isYesNo(aggregationOf.get(s.code ?? `#${s.name}`));
    ol.appendChild(
      el('li', {
        text: yesNo
          ? tr('shortfallYesNo', { who, name: s.name })
          : tr('shortfallLine', {
              who,
              name: s.name,
              pct: formatPct(s.completionPct, 1, lang),
              exp: formatPct(s.expectedPct, 1, lang),
              gap: formatNumber(s.gap, 2, lang),
              unit: unitText(s.unit, lang),
            }),
      }),
    );
  }
  const more = $('shortfalls-more');
  const left = rep.shortfallsMore;
  const sheet = sheetNames(lang).shortfalls;
  more.textContent = [
    left.indicators > 0 ? tr('shortfallsMore', { n: left.indicators, sheet }) : '',
    left.rows > 0 ? tr('shortfallsMoreRows', { n: left.rows, sheet }) : '',
  ].filter(Boolean).join('; ');
  show(more, more.textContent !== '');
}

function renderIssues(rep: ReportView, view: ResultView, tr: Tr): void {
  const problems = problemsToShow(rep.issues);
  $('issues-title').textContent = tr('issuesTitle', { n: problems.length });
  const list = $('issues');
  list.replaceChildren();
  const MAX_ISSUES = 300;
  for (const i of problems.slice(0, MAX_ISSUES)) list.appendChild(issueItem(i, view));
  show(list, problems.length > 0);
  // A list that scrolls must be reachable from the keyboard (axe: scrollable-region-focusable).
  list.setAttribute('tabindex', '0');
  list.setAttribute('aria-label', tr('issuesListLabel'));
  list.removeAttribute('aria-labelledby');
  const issuesNote = $('issues-note');
  issuesNote.textContent = problems.length === 0 ? tr('issuesNone') : problems.length > MAX_ISSUES ? tr('issuesMore', { n: problems.length - MAX_ISSUES }) : '';
  show(issuesNote, issuesNote.textContent !== '');
}

/** Inside Excel: which sheets the result went into, or why not. */
function renderWritten(r: ResultState, tr: Tr, lang: Lang): void {
  const written = $('excel-written');
  if (r.written?.cancelled) {
    written.textContent = tr('writeCancelled');
    written.classList.remove('error');
    show(written, true);
  } else if (r.written) {
    // what this Excel's API set did not allow follows, in the pane's language (the run log)
    written.textContent = [tr(r.written.kept ? 'writeKept' : 'writtenSheets', { names: r.written.names.join(', ') }), ...(r.written.notes ?? []).map((n) => n[lang])].join(' ');
    written.classList.remove('error');
    show(written, true);
  } else if (r.writeError) {
    written.textContent = tr('writeFailed', { msg: r.writeError });
    written.classList.add('error');
    show(written, true);
  } else show(written, false);
}

/** The downloads alone, redrawn when they arrive after the result. */
export function renderDownloadsOf(view: ResultView): void {
  if (view.result) renderDownloads(view.result, view);
}

function renderDownloads(r: ResultState, view: ResultView): void {
  const lang = view.lang;
  const rep = r.report;
  const status = $('downloads-status');
  status.textContent = r.making ? t('downloadsMaking', lang) : r.downloadsError ? t('downloadsFailed', lang, { msg: r.downloadsError }) : '';
  status.classList.toggle('error', !r.making && !!r.downloadsError);
  show(status, r.making || !!r.downloadsError);
  const dl = $('downloads');
  show(dl, !!(r.xlsxUrl || r.jsonUrl));
  const base = `tong-hop-${fileSlug(rep.period.label || 'ket-qua')}`;
  const ax = $('download-xlsx') as HTMLAnchorElement;
  const aj = $('download-json') as HTMLAnchorElement;
  show(ax, !!r.xlsxUrl);
  show(aj, !!r.jsonUrl);
  if (r.xlsxUrl) {
    ax.href = r.xlsxUrl;
    ax.download = `${base}.xlsx`;
  }
  if (r.jsonUrl) {
    aj.href = r.jsonUrl;
    aj.download = `${base}.json`;
  }
  // the narrative draft, made here on demand (the docx package runs in the browser); the unit field names the issuing body
  ($('download-docx') as HTMLButtonElement).onclick = async () => {
    const unit = ($('unit-name') as HTMLInputElement).value.trim();
    let bytes: Uint8Array;
    try {
      const [{ narrativeDocx }, narrative] = await Promise.all([import('../write/docx'), view.narrative(lang, unit || undefined)]);
      bytes = await narrativeDocx(narrative);
    } catch (e) {
      view.showFatal(t('workerFailed', lang, { msg: errText(e) }));
      return;
    }
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${base}.docx`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
}

function issueItem(i: Issue, view: ResultView): HTMLLIElement {
  const lang = view.lang;
  const li = el('li', { attrs: { 'data-testid': 'issue', 'data-code': i.code } });
  const sev = el('span', { cls: `sev sev-${i.severity}`, text: severityLabel(i.severity, lang) + ':' });
  const text = el('span', { cls: 'issue-text', text: issueMessage(i, lang) });
  const target = view.mode === 'excel' ? issueTarget(i, view.sheetRefs) : null;
  if (target) {
    const btn = el('button', { cls: 'issue-link', attrs: { type: 'button', 'data-testid': 'issue-link' } }, sev, text, el('span', { cls: 'go', text: `→ ${target.sheet}!${target.cell}`, attrs: { 'aria-hidden': 'true' } }));
    btn.title = t('issueGoTo', lang, { cell: target.cell, sheet: target.sheet });
    btn.addEventListener('click', async () => {
      try {
        await view.goToCell(target.sheet, target.cell);
      } catch (e) {
        view.showFatal(t('selectFailed', lang, { msg: errText(e) }));
      }
    });
    li.appendChild(btn);
  } else {
    li.appendChild(sev);
    li.appendChild(document.createTextNode(' '));
    li.appendChild(text);
  }
  return li;
}
