/** The few DOM helpers of the task pane: elements by id, elements made with text only, showing, a source's line, the confirmation dialog, storage. */
import type { Lang, ReadingRecord } from '../types';
import { t, type StringKey } from './i18n';
import type { SourceSummary } from './model';
import { periodLabel } from '../write/labels';
import { readingLines } from '../write/reading';

export function $(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} missing`);
  return e;
}

/** An element with text (textContent only) and attributes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, opts: { cls?: string; text?: string; attrs?: Record<string, string> } = {}, ...children: (Node | null)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (opts.cls) e.className = opts.cls;
  if (opts.text !== undefined) e.textContent = opts.text;
  if (opts.attrs) for (const [k, v] of Object.entries(opts.attrs)) e.setAttribute(k, v);
  for (const c of children) if (c) e.appendChild(c);
  return e;
}

export function show(e: HTMLElement, on: boolean) {
  e.hidden = !on;
}

/** The confirmation dialog: replace an earlier run's sheets (true) or keep them (false); `text` names them. */
/**
 * "Replace the earlier result?": true replaces, false keeps it and adds the new sheets, 'cancel' (the Cancel
 * button or Esc) writes nothing.
 */
export function askReplace(text: string): Promise<boolean | 'cancel'> {
  const back = $('confirm-backdrop');
  const yes = $('confirm-replace') as HTMLButtonElement;
  const no = $('confirm-keep') as HTMLButtonElement;
  const cancel = $('confirm-cancel') as HTMLButtonElement;
  const buttons = [yes, no, cancel];
  $('confirm-text').textContent = text;
  const before = document.activeElement as HTMLElement | null;
  show(back, true);
  yes.focus();
  return new Promise((resolve) => {
    const done = (v: boolean | 'cancel') => {
      show(back, false);
      yes.removeEventListener('click', onYes);
      no.removeEventListener('click', onNo);
      cancel.removeEventListener('click', onCancel);
      back.removeEventListener('keydown', onKey);
      before?.focus?.();
      resolve(v);
    };
    const onYes = () => done(true);
    const onNo = () => done(false);
    const onCancel = () => done('cancel');
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        // Esc cancels: nothing is written (neither replaced nor added).
        e.preventDefault();
        done('cancel');
      } else if (e.key === 'Tab') {
        // Keep the focus inside the dialog.
        e.preventDefault();
        const k = buttons.indexOf(document.activeElement as HTMLButtonElement);
        const next = (k + (e.shiftKey ? buttons.length - 1 : 1) + buttons.length) % buttons.length;
        buttons[k < 0 ? 0 : next].focus();
      }
    };
    yes.addEventListener('click', onYes);
    no.addEventListener('click', onNo);
    cancel.addEventListener('click', onCancel);
    back.addEventListener('keydown', onKey);
  });
}

/** The line under a source: commune, period, values read, problems ("reading…" until its summary comes). */
export function sourceMeta(sum: SourceSummary | null | undefined, lang: Lang): HTMLElement {
  const tr = (key: StringKey, params?: Record<string, string | number>) => t(key, lang, params);
  const meta = el('div', { cls: 'source-meta' });
  if (!sum) {
    meta.textContent = tr('reading');
    return meta;
  }
  const parts: (string | HTMLElement)[] = [];
  parts.push(sum.commune ?? tr('noCommune'));
  parts.push(sum.period ? periodLabel(sum.period, lang) : tr('noPeriod'));
  parts.push(tr('values', { n: sum.values }));
  parts.push(el('span', { cls: sum.problems > 0 ? 'count-problems' : '', text: tr('problems', { n: sum.problems }) }));
  parts.forEach((p, i) => {
    if (i > 0) meta.appendChild(document.createTextNode(' · '));
    meta.appendChild(typeof p === 'string' ? document.createTextNode(p) : p);
  });
  return meta;
}

/** localStorage, or null where the browser refuses it. */
export function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Do the two readings give the same lines (what the source's details show)? */
export function sameReadingLines(a: ReadingRecord | undefined, b: ReadingRecord | undefined, lang: Lang): boolean {
  if (a === b) return true;
  const la = readingLines(a, lang);
  const lb = readingLines(b, lang);
  return la.length === lb.length && la.every((l, i) => l.what === lb[i].what && l.detail === lb[i].detail);
}

/**
 * How a file was read — every choice that could have gone another way — behind a click on "Cách đọc tệp"
 * (a <details>, so the keyboard opens it too). `open` keeps the ids of those the user opened across redraws.
 */
export function sourceReading(reading: ReadingRecord | undefined, lang: Lang, open: Set<string>, id: string): HTMLElement | null {
  const lines = readingLines(reading, lang);
  if (!lines.length) return null;
  const box = el('details', { cls: 'source-reading', attrs: { 'data-testid': 'source-reading' } });
  if (open.has(id)) box.setAttribute('open', '');
  box.addEventListener('toggle', () => {
    if ((box as HTMLDetailsElement).open) open.add(id);
    else open.delete(id);
  });
  box.appendChild(el('summary', { text: t('howRead', lang) }));
  const ul = el('ul', {});
  for (const l of lines) ul.appendChild(el('li', {}, el('strong', { text: `${l.what}: ` }), document.createTextNode(l.detail)));
  box.appendChild(ul);
  return box;
}
