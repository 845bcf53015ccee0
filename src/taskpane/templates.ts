/**
 * The pane's "report forms for the communes" (issue 13): a button that downloads one form per commune of the
 * plan as a .zip, and — in Excel, where ExcelApi 1.8 allows (Excel.createWorkbook) — a commune's form opened
 * as a new workbook. Light: the forms are made by templates-make.ts, loaded on the first click.
 * The pane hooks it in with initTemplates(deps) (taskpane.ts); its words follow the pane's language.
 */
import type { Grid, Lang, Period } from '../types';
import { el, show } from './dom';
import { t } from './i18n';

export interface TemplateDeps {
  lang(): Lang;
  period(): Period | null;
  /** The plan file chosen, if any. */
  planFile(): File | null;
  /** The plan's sheet of the open workbook read as grids, if the plan is a sheet. */
  planSheet(): Promise<{ name: string; grids: Grid[] } | null>;
}



let deps: TemplateDeps | null = null;

const lang = (): Lang => (deps?.lang() === 'en' ? 'en' : 'vi');

/** ExcelApi 1.8 (Excel.createWorkbook) in this host? */
function canCreateWorkbook(): boolean {
  const g = globalThis as unknown as { Office?: { context?: { requirements?: { isSetSupported(n: string, v: string): boolean } } }; Excel?: { createWorkbook?: unknown } };
  try {
    return !!g.Office?.context?.requirements?.isSetSupported('ExcelApi', '1.8') && typeof g.Excel?.createWorkbook === 'function';
  } catch {
    return false;
  }
}

async function planInput(): Promise<{ name: string; data?: Uint8Array; grids?: Grid[] } | null> {
  const f = deps!.planFile();
  if (f) return { name: f.name, data: new Uint8Array(await f.arrayBuffer()) };
  return deps!.planSheet();
}

function setStatus(text: string, error = false) {
  const s = document.getElementById('templates-status');
  if (!s) return;
  s.textContent = text;
  s.classList.toggle('error', error);
}

function download(name: string, data: Uint8Array, type: string) {
  const url = URL.createObjectURL(new Blob([data as Uint8Array<ArrayBuffer>], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function prepare(): Promise<{ plan: { name: string; data?: Uint8Array; grids?: Grid[] }; period: Period } | null> {
  const period = deps!.period();
  const plan = await planInput();
  if (!plan) return setStatus(t('tplNoPlan', lang()), true), null;
  if (!period) return setStatus(t('tplNoPeriod', lang()), true), null;
  setStatus(t('tplMaking', lang()));
  return { plan, period };
}

async function onDownload() {
  try {
    const p = await prepare();
    if (!p) return;
    const m = await import(/* webpackChunkName: "templates" */ './templates-make');
    const res = await m.makeForms(p.plan, p.period);
    if (!res.ok) return setStatus(deps!.lang() === 'en' ? res.en : res.vi, true);
    download(`mau-bao-cao-${p.period.year ?? ''}-${p.period.months}t.zip`, await m.formsZip(res.files), 'application/zip');
    setStatus(t('tplMade', lang(), { n: res.files.length, p: p.period.label }));
    fillCommunes(res.plan.communes);
  } catch (e) {
    setStatus(String((e as Error)?.message ?? e), true);
  }
}

function fillCommunes(names: string[]) {
  const sel = document.getElementById('templates-commune') as HTMLSelectElement | null;
  if (!sel || (names.length && !canCreateWorkbook())) return;
  sel.replaceChildren(...names.map((n) => el('option', { text: n, attrs: { value: n } })));
  show(document.getElementById('templates-open-row')!, names.length > 0);
}

async function onOpen() {
  try {
    const sel = document.getElementById('templates-commune') as HTMLSelectElement;
    const p = await prepare();
    if (!p || !sel.value) return;
    const m = await import(/* webpackChunkName: "templates" */ './templates-make');
    const res = await m.makeForms(p.plan, p.period, [sel.value]);
    if (!res.ok) return setStatus(deps!.lang() === 'en' ? res.en : res.vi, true);
    const excel = (globalThis as unknown as { Excel: { createWorkbook(b64: string): Promise<void> } }).Excel;
    await excel.createWorkbook(m.toBase64(res.files[0].data));
    setStatus(t('tplOpened', lang(), { c: sel.value }));
  } catch (e) {
    setStatus(String((e as Error)?.message ?? e), true);
  }
}

/** In Excel (ExcelApi 1.8+): list the plan's communes as soon as a plan is chosen, for "open the form". */
async function refreshCommunes() {
  if (!canCreateWorkbook()) return;
  try {
    const plan = await planInput();
    if (!plan) return fillCommunes([]);
    const m = await import(/* webpackChunkName: "templates" */ './templates-make');
    const res = await m.planOf(plan);
    fillCommunes('plan' in res ? res.plan.communes : []);
  } catch {
    fillCommunes([]);
  }
}

function render() {
  const b = document.getElementById('download-templates');
  if (b) b.textContent = t('tplButton', lang());
  const h = document.getElementById('templates-hint');
  if (h) h.textContent = t('tplHint', lang());
  const o = document.getElementById('open-template');
  if (o) o.textContent = t('tplOpen', lang());
  const l = document.getElementById('templates-commune-label');
  if (l) l.textContent = t('tplPick', lang());
}

/** Put the controls under the plan (after #plan-status's block) and wire them. */
export function initTemplates(d: TemplateDeps): void {
  deps = d;
  const anchor = document.getElementById('plan-status')?.parentElement;
  if (!anchor || document.getElementById('download-templates')) return;
  const box = el(
    'div',
    { cls: 'templates', attrs: { id: 'templates' } },
    el('button', { cls: 'button', attrs: { type: 'button', id: 'download-templates', 'data-testid': 'download-templates' } }),
    el('p', { cls: 'hint', attrs: { id: 'templates-hint' } }),
    el(
      'div',
      { cls: 'row', attrs: { id: 'templates-open-row' } },
      el('label', { attrs: { for: 'templates-commune', id: 'templates-commune-label' } }),
      el('select', { attrs: { id: 'templates-commune', 'data-testid': 'templates-commune' } }),
      el('button', { cls: 'button', attrs: { type: 'button', id: 'open-template', 'data-testid': 'open-template' } }),
    ),
    el('p', { attrs: { id: 'templates-status', 'data-testid': 'templates-status', role: 'status' } }),
  );
  anchor.after(box);
  show(document.getElementById('templates-open-row')!, false);
  document.getElementById('download-templates')!.addEventListener('click', () => void onDownload());
  document.getElementById('open-template')!.addEventListener('click', () => void onOpen());
  // the pane's language switch: the words follow (this listener runs after the pane's own)
  document.getElementById('lang-switch')?.addEventListener('click', () => render());
  // the plan chosen (a file, or a sheet of the open workbook): its communes for "open the form" (after the pane's own handlers)
  document.getElementById('plan-file')?.addEventListener('change', () => void refreshCommunes());
  document.getElementById('plan-sheet')?.addEventListener('change', () => setTimeout(() => void refreshCommunes(), 0));
  document.getElementById('plan-remove')?.addEventListener('click', () => fillCommunes([]));
  render();
}
