/**
 * The task pane's third source, "Số liệu cùng kỳ" (issue 11): last year's files — the old communes' reports, last
 * year's consolidated workbook made by tonghop, or a parent-level table — and, inside Excel, sheets of the open
 * workbook. The plan's "Sáp nhập" sheet maps old communes onto new ones (read with the plan, nothing to do here).
 *
 * Self-contained: it builds its own card (inserted before the run button), keeps its list, and sends the whole
 * list to the worker ('setPrevious') each time it changes. taskpane.ts only mounts it and calls render() / setExcel().
 * Text from files goes into the page with textContent only.
 */
import type { Grid, Issue, Lang } from '../types';
import type { GridSourceMsg, ToWorker } from './protocol';
import { el, show } from './dom';
import { t } from './i18n';

/** What the pane gives this module. */
export interface PreviousHost {
  post(msg: ToWorker): void;
  lang(): Lang;
  /** Sheets of the open workbook as Grids (Excel mode), else null. */
  readSheets(): ((names: string[]) => Promise<{ grids: Grid[]; issues: Issue[] }>) | null;
  /** Names of the open workbook's sheets (Excel mode). */
  sheetNames(): string[];
}

interface Entry {
  id: number;
  name: string;
  file?: File;
  grids?: GridSourceMsg;
  failed?: string;
}

export interface PreviousPane {
  /** Redraw (language, the workbook's sheet list). */
  render(): void;
  /** Show the sheet choice (Excel mode). */
  setExcel(on: boolean): void;
  /** The entries, for tests. */
  names(): string[];
}

/** Build the card before `before` (the run section) and wire it. */
export function mountPreviousSource(host: PreviousHost, before: HTMLElement | null): PreviousPane {
  const entries: Entry[] = [];
  let nextId = 0;
  let excelOn = false;

  const title = el('h2', { attrs: { id: 'previous-title' } });
  const hint = el('p', { cls: 'hint' });
  const input = el('input', { cls: 'file-input', attrs: { type: 'file', multiple: '', id: 'previous-files', 'data-testid': 'previous-files', accept: '.xlsx,.xlsm,.xls,.xlsb,.ods,.csv' } });
  const fileText = el('span');
  const fileLabel = el('label', { cls: 'button file-button' }, input, fileText);
  const select = el('select', { attrs: { id: 'previous-sheet', 'data-testid': 'previous-sheet' } });
  const selectLabel = el('label', { attrs: { for: 'previous-sheet' } });
  const addSheet = el('button', { cls: 'button', attrs: { type: 'button', 'data-testid': 'previous-add-sheet' } });
  const sheetField = el('div', { cls: 'field' }, selectLabel, select, addSheet);
  const status = el('p', { attrs: { 'data-testid': 'previous-status' } });
  const list = el('ul', { cls: 'sources', attrs: { 'data-testid': 'previous-list' } });
  const card = el('section', { cls: 'card', attrs: { 'aria-labelledby': 'previous-title', 'data-testid': 'previous-source' } },
    title, hint, el('div', { cls: 'row' }, fileLabel), sheetField, status, list);
  if (before?.parentNode) before.parentNode.insertBefore(card, before);
  else document.body.appendChild(card);

  const send = () => {
    host.post({
      type: 'setPrevious',
      files: entries.filter((e) => e.file).map((e) => ({ name: e.name, blob: e.file })),
      grids: entries.filter((e) => e.grids).map((e) => e.grids!),
    });
  };

  const render = () => {
    title.textContent = t('prevTitle', host.lang());
    hint.textContent = t('prevHint', host.lang());
    fileText.textContent = t('prevFiles', host.lang());
    selectLabel.textContent = t('prevSheetLabel', host.lang());
    addSheet.textContent = t('prevAddSheet', host.lang());
    show(sheetField, excelOn);
    const names = host.sheetNames();
    if (select.options.length !== names.length || names.some((n, i) => select.options[i]?.value !== n)) {
      select.replaceChildren(...names.map((n) => el('option', { text: n, attrs: { value: n } })));
    }
    status.textContent = entries.length ? t('prevCount', host.lang(), { n: entries.length }) : t('prevNone', host.lang());
    list.replaceChildren(...entries.map((e) => {
      const rm = el('button', { cls: 'button-link', text: t('prevRemove', host.lang()), attrs: { type: 'button', 'aria-label': t('prevRemoveName', host.lang(), { name: e.name }), 'data-testid': 'previous-remove' } });
      rm.addEventListener('click', () => {
        entries.splice(entries.indexOf(e), 1);
        send();
        render();
      });
      return el('li', { cls: 'source' + (e.failed ? ' unreadable' : ''), attrs: { 'data-testid': 'previous-item' } },
        el('span', { cls: 'name', text: e.failed ? `${e.name} — ${e.failed}` : e.name }), rm);
    }));
  };

  input.addEventListener('change', () => {
    for (const f of [...(input.files ?? [])]) {
      const at = entries.findIndex((e) => e.file && e.name === f.name);
      const entry: Entry = { id: ++nextId, name: f.name, file: f };
      if (at >= 0) entries[at] = entry;
      else entries.push(entry);
    }
    input.value = '';
    send();
    render();
  });

  addSheet.addEventListener('click', () => {
    const read = host.readSheets();
    const name = select.value;
    if (!read || !name) return;
    void read([name]).then(({ grids, issues }) => {
      const g = grids.filter((x) => x.sheet === name);
      const why = issues.find((i) => i.sheet === name);
      const entry: Entry = g.length
        ? { id: ++nextId, name, grids: { file: g[0].file, grids: g } }
        : { id: ++nextId, name, failed: why ? (host.lang() === 'en' ? why.messageEn : why.message) : t('prevUnreadable', host.lang()) };
      const at = entries.findIndex((e) => !e.file && e.name === name);
      if (at >= 0) entries[at] = entry;
      else entries.push(entry);
      send();
      render();
    });
  });

  render();
  return {
    render,
    setExcel(on: boolean) {
      excelOn = on;
      render();
    },
    names: () => entries.map((e) => e.name),
  };
}
