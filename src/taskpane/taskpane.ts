/**
 * The task pane. One page for both shells: inside Excel (office.js reports the Excel host) it reads
 * sheets of the open workbook and writes the result into it; in an ordinary browser it offers the
 * result as downloads. Reading and consolidating happen in a Web Worker (worker.ts); this file only
 * keeps the list of sources, the plan and the period the user chose, and shows what comes back.
 *
 * Text from files is always put in the page with textContent, never as HTML.
 */
import type { Lang, Period, Report } from '../types';
import { t, loadLang, saveLang, type StringKey } from './i18n';
import { whenOfficeReady } from './host';
import { $, askReplace, el, safeStorage, sameReadingLines, show, sourceMeta, sourceReading } from './dom';
import { errText, looksLikeWorkbook, makePeriod, type PeriodChoice, type PlanSummary, type SourceSummary } from './model';
import { periodChoiceFromControls, renderPeriodView } from './period-view';
import type { FromWorker, GridSourceMsg, ReportView, ToWorker } from './protocol';
import type { Narrative } from '../write/narrative';
import { initTemplates } from './templates';
import { mountPreviousSource, type PreviousPane } from './previous-source';
import { renderDownloadsOf, renderResult as renderResultView, type ResultState, type ResultView } from './result-view';
import { startParseWorkers } from './parse-workers';
import { OrderedSender } from './send-files';

type ExcelOps = typeof import('./excel');

interface SourceEntry {
  id: string;
  kind: 'file' | 'sheet';
  /** File name, or the sheet's name for a sheet of the open workbook. */
  name: string;
  /** For sheets: the file label the issues carry (the workbook's name or ""). */
  file: string;
  sheets: string[];
  summary: SourceSummary | null;
  failed: string | null;
}

type PlanState =
  | { kind: 'none' }
  | { kind: 'file'; name: string; summary: PlanSummary | null }
  | { kind: 'sheet'; name: string; summary: PlanSummary | null };

const state = {
  lang: 'vi' as Lang,
  mode: 'browser' as 'browser' | 'excel',
  sources: [] as SourceEntry[],
  plan: { kind: 'none' } as PlanState,
  choice: { kind: 'auto' } as PeriodChoice,
  /** Files being read when added: the progress line counts them. */
  batch: { total: 0, done: 0, current: '' },
  running: false,
  runId: 0,
  runProgress: null as { stage: string; file?: string; done: number; total: number } | null,
  result: null as ResultState | null,
  workbookSheets: [] as string[],
};

let excel: ExcelOps | null = null;
let worker: Worker | null = null;
let workerTried = false;
let nextId = 0;

// ───────────────────────────── small DOM helpers ─────────────────────────────

function tr(key: StringKey, params?: Record<string, string | number>): string {
  return t(key, state.lang, params);
}

/**
 * Send to the worker, starting it first if needed. The page opens without the pipeline's code; the worker is
 * started once the page is up and idle (startWorkerWhenIdle), or here by the first message if that comes first.
 */
function post(msg: ToWorker, transfer: Transferable[] = []) {
  sender.post(msg, transfer);
}

/** Every message in the order posted, the chosen files' bytes read on the way (send-files.ts). */
const sender = new OrderedSender((msg, transfer) => {
  if (!worker && !workerTried) startWorker();
  worker?.postMessage(msg, transfer);
});

// ───────────────────────────── language ─────────────────────────────

function applyStaticTexts() {
  document.documentElement.lang = state.lang;
  document.title = tr('appTitle');
  document.querySelectorAll<HTMLElement>('[data-i18n]').forEach((e) => {
    e.textContent = tr(e.dataset.i18n as StringKey);
  });
  document.querySelectorAll<HTMLElement>('[data-i18n-label]').forEach((e) => {
    e.setAttribute('aria-label', tr(e.dataset.i18nLabel as StringKey));
  });
  document.querySelectorAll<HTMLElement>('[data-i18n-title]').forEach((e) => {
    e.title = tr(e.dataset.i18nTitle as StringKey);
  });
  const sw = $('lang-switch');
  sw.setAttribute('lang', state.lang === 'vi' ? 'en' : 'vi');
  const mode = $('mode');
  mode.textContent = state.mode === 'excel' ? tr('modeExcel') : tr('modeBrowser');
  mode.classList.toggle('excel', state.mode === 'excel');
}

let previousPane: PreviousPane | null = null; // "Số liệu cùng kỳ" (previous-source.ts)

function renderAll() {
  previousPane?.render();
  applyStaticTexts();
  renderSources();
  renderPlan();
  renderPeriod();
  renderProgress();
  renderResult();
}

// ───────────────────────────── sources ─────────────────────────────

/** Sources whose reading the user opened (kept open across redraws). */
const openReadings = new Set<string>();

/** Each source's drawn line and what it was drawn from: a line whose inputs did not change is kept as it is. */
const drawnSources = new Map<string, { from: unknown[]; li: HTMLElement }>();

function renderSources() {
  const list = $('source-list');
  // after a run, the reworded names matched to the plan join the file's reading
  const fromRun = new Map<string, Reading>();
  for (const c of state.result?.report.communes ?? []) if (c.reading && c.file !== null && !fromRun.has(c.file)) fromRun.set(c.file, c.reading);
  const lines: HTMLElement[] = [];
  const kept = new Set<string>();
  for (const s of state.sources) {
    const reading = runReading(s, fromRun.get(s.file));
    const from = [s.summary, s.failed, s.name, s.kind, state.lang, reading];
    const old = drawnSources.get(s.id);
    let li = old && old.from.length === from.length && old.from.every((x, i) => x === from[i]) ? old.li : null;
    if (!li) {
      li = sourceLine(s, reading);
      drawnSources.set(s.id, { from, li });
    }
    kept.add(s.id);
    lines.push(li);
  }
  for (const id of [...drawnSources.keys()]) if (!kept.has(id)) drawnSources.delete(id);
  const now = list.children;
  // Only lines drawn anew are swapped in (the others keep their place: no restyling of 200 lines per frame).
  const changed = lines.map((li, i) => (now[i] === li ? -1 : i)).filter((i) => i >= 0);
  if (now.length !== lines.length || changed.some((i) => lines[i].parentNode === list)) list.replaceChildren(...lines);
  else for (const i of changed) list.replaceChild(lines[i], now[i]);
  const n = state.sources.length;
  show($('no-sources'), n === 0);
  show($('clear-sources'), n > 0);
  $('sources-count').textContent = n > 0 ? tr('sourcesCount', { n }) : '';
  renderRunButton();
}

type Reading = NonNullable<Report['communes'][number]['reading']>;

/** Whether a run's reading reads as the listed one did, per reading and language (a run's reading is asked again at every redraw). */
const runReadingSame = new WeakMap<Reading, { lang: Lang; listed: Reading | undefined; same: boolean }>();

/**
 * The run's reading of a source, for its line; undefined when it gives the same lines as the reading listed (most
 * often: no reworded names), so that the line drawn from the listing is kept, not drawn again for every source.
 */
function runReading(s: SourceEntry, fromRun: Reading | undefined): Reading | undefined {
  if (!fromRun) return undefined;
  const listed = s.summary?.reading;
  let known = runReadingSame.get(fromRun);
  if (!known || known.lang !== state.lang || known.listed !== listed) {
    known = { lang: state.lang, listed, same: sameReadingLines(fromRun, listed, state.lang) };
    runReadingSame.set(fromRun, known);
  }
  return known.same ? undefined : fromRun;
}

function sourceLine(s: SourceEntry, fromRun: Reading | undefined): HTMLElement {
  const unreadable = s.failed !== null || !!s.summary?.unreadable;
  const li = el('li', { cls: 'source' + (unreadable ? ' unreadable' : '') + (s.summary ? '' : ' pending'), attrs: { 'data-testid': 'source', 'data-id': s.id } });
  const main = el('div', { cls: 'source-main' });
  const name = el('div', { cls: 'source-name' });
  if (s.kind === 'sheet') name.appendChild(el('span', { cls: 'badge', text: tr('sheetSource') }));
  name.appendChild(document.createTextNode(s.name));
  main.appendChild(name);
  main.appendChild(sourceMeta(s.summary, state.lang));
  if (unreadable) {
    const why = s.failed ?? (state.lang === 'en' ? s.summary!.unreadable!.en : s.summary!.unreadable!.vi);
    main.appendChild(el('div', { cls: 'source-why', text: `${tr('unreadable')}: ${why}` }));
  }
  const reading = sourceReading(fromRun ?? s.summary?.reading, state.lang, openReadings, s.id);
  if (reading) main.appendChild(reading);
  li.appendChild(main);
  const rm = el('button', { cls: 'button-link', text: tr('remove'), attrs: { type: 'button', 'aria-label': tr('removeSource', { name: s.name }), 'data-testid': 'remove-source' } });
  rm.addEventListener('click', () => removeSources([s.id]));
  li.appendChild(rm);
  return li;
}

/** Files sent to the worker per 'addFiles' message. */
const FILES_PER_MESSAGE = 20;

function addFiles(files: File[]) {
  if (files.length === 0) return;
  const adds: { id: string; name: string; blob: File }[] = [];
  for (const f of files) {
    const old = state.sources.findIndex((s) => s.kind === 'file' && s.name === f.name);
    const entry: SourceEntry = { id: `f${++nextId}`, kind: 'file', name: f.name, file: f.name, sheets: [], summary: null, failed: null };
    if (old >= 0) {
      const gone = state.sources[old].id;
      const queued = adds.findIndex((a) => a.id === gone);
      if (queued >= 0) {
        // the same name twice in one choice: the last one wins, the first is never sent
        adds.splice(queued, 1);
        state.batch.total--;
      } else post({ type: 'remove', ids: [gone] });
      state.sources[old] = entry;
    } else {
      state.sources.push(entry);
    }
    state.batch.total++;
    // The progress line names a file from the first moment (the worker's "reading" messages follow).
    if (!state.batch.current) state.batch.current = f.name;
    adds.push({ id: entry.id, name: f.name, blob: f });
  }
  // A few messages for the lot, not one per file; not one for all either: the worker starts on the first files
  // while the others are read. Their bytes are read here and handed over (send-files.ts).
  sender.files(adds, FILES_PER_MESSAGE);
  renderSources();
  renderProgress();
}

function removeSources(ids: string[]) {
  const gone = new Set(ids);
  const pendingGone = state.sources.filter((s) => gone.has(s.id) && !s.summary).length;
  state.sources = state.sources.filter((s) => !gone.has(s.id));
  if (pendingGone > 0) {
    state.batch.total = Math.max(state.batch.done, state.batch.total - pendingGone);
    if (state.batch.done >= state.batch.total) state.batch = { total: 0, done: 0, current: '' };
  }
  post({ type: 'remove', ids });
  renderSources();
  renderPeriod();
  renderProgress();
  ($('commune-files') as HTMLInputElement).focus();
}

async function addSelectedSheets() {
  if (!excel) return;
  const boxes = [...document.querySelectorAll<HTMLInputElement>('#sheet-list input[type=checkbox]:checked')];
  const names = boxes.map((b) => b.value);
  if (names.length === 0) return;
  try {
    const { grids, issues } = await excel.readSheets(names);
    for (const name of names) {
      const g = grids.filter((x) => x.sheet === name);
      const file = g[0]?.file ?? '';
      if (g.length === 0) {
        // The sheet went away (renamed or deleted since the list was made): say so in its line.
        const why = issues.find((i) => i.sheet === name) ?? issues[0];
        const entry: SourceEntry = { id: `s${++nextId}`, kind: 'sheet', name, file, sheets: [name], summary: null, failed: why ? (state.lang === 'en' ? why.messageEn : why.message) : tr('unreadable') };
        entry.summary = { file, commune: null, period: null, values: 0, problems: 0, errors: 0, sheets: [], unreadable: null };
        state.sources.push(entry);
        continue;
      }
      const existing = state.sources.findIndex((s) => s.kind === 'sheet' && s.name === name);
      const entry: SourceEntry = { id: `s${++nextId}`, kind: 'sheet', name, file, sheets: [name], summary: null, failed: null };
      if (existing >= 0) {
        post({ type: 'remove', ids: [state.sources[existing].id] });
        state.sources[existing] = entry;
      } else state.sources.push(entry);
      state.batch.total++;
      if (!state.batch.current) state.batch.current = name;
      const source: GridSourceMsg = { file, grids: g };
      post({ type: 'addGrids', id: entry.id, source });
    }
    boxes.forEach((b) => (b.checked = false));
  } catch (e) {
    showFatal(tr('workerFailed', { msg: errText(e) }));
  }
  renderSources();
  renderProgress();
}

async function loadWorkbookSheets() {
  if (!excel) return;
  try {
    state.workbookSheets = await excel.sheetNamesOfWorkbook();
  } catch (e) {
    state.workbookSheets = [];
    showFatal(tr('workerFailed', { msg: errText(e) }));
  }
  renderSheetChoices();
}

function renderSheetChoices() {
  previousPane?.render();
  const list = $('sheet-list');
  const checked = new Set([...list.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value));
  list.replaceChildren();
  state.workbookSheets.forEach((name, i) => {
    const box = el('input', { attrs: { type: 'checkbox', id: `sheet-${i}`, 'data-testid': 'sheet-choice' } });
    box.value = name;
    box.checked = checked.has(name);
    const lab = el('label', { attrs: { for: `sheet-${i}` } }, box, document.createTextNode(name));
    list.appendChild(lab);
  });
  const sel = $('plan-sheet') as HTMLSelectElement;
  const current = state.plan.kind === 'sheet' ? state.plan.name : '';
  sel.replaceChildren(el('option', { text: tr('planSheetNone'), attrs: { value: '' } }));
  for (const name of state.workbookSheets) {
    const o = el('option', { text: name });
    o.value = name;
    sel.appendChild(o);
  }
  sel.value = current;
}

// ───────────────────────────── plan ─────────────────────────────

function renderPlan() {
  const p = state.plan;
  const status = $('plan-status');
  status.removeAttribute('data-i18n');
  status.classList.remove('error');
  if (p.kind === 'none') status.textContent = tr('planNone');
  else if (!p.summary) status.textContent = `${p.name}: ${tr('reading')}`;
  else if (p.summary.unreadable) {
    status.textContent = `${tr('planUnreadable', { name: p.name })}: ${state.lang === 'en' ? p.summary.unreadable.en : p.summary.unreadable.vi}`;
    status.classList.add('error');
  } else status.textContent = tr('planLoaded', { name: p.name, n: p.summary.indicators, c: p.summary.communes });
  // what scripts and the bench wait on
  status.dataset.state = p.kind === 'none' ? 'none' : !p.summary ? 'reading' : p.summary.unreadable ? 'error' : 'loaded';
  show($('plan-remove'), p.kind !== 'none');
  const sel = document.getElementById('plan-sheet') as HTMLSelectElement | null;
  if (sel && sel.options.length > 0) sel.options[0].textContent = tr('planSheetNone');
}

function setPlanFile(f: File) {
  state.plan = { kind: 'file', name: f.name, summary: null };
  ($('plan-sheet') as HTMLSelectElement).value = '';
  post({ type: 'setPlan', plan: { kind: 'file', name: f.name, blob: f } });
  markSourcesPending();
  renderPlan();
}

async function setPlanSheet(name: string) {
  if (!name) return clearPlan();
  if (!excel) return;
  try {
    const { grids } = await excel.readSheets([name]);
    state.plan = { kind: 'sheet', name, summary: null };
    ($('plan-file') as HTMLInputElement).value = '';
    post({ type: 'setPlan', plan: { kind: 'grids', source: { file: grids[0]?.file ?? '', grids } } });
    markSourcesPending();
  } catch (e) {
    showFatal(tr('workerFailed', { msg: errText(e) }));
  }
  renderPlan();
}

function clearPlan() {
  state.plan = { kind: 'none' };
  ($('plan-file') as HTMLInputElement).value = '';
  ($('plan-sheet') as HTMLSelectElement).value = '';
  post({ type: 'setPlan', plan: { kind: 'none' } });
  markSourcesPending();
  renderPlan();
}

/** The worker lists every source again after a plan change (names are recognised against the plan). */
function markSourcesPending() {
  // Keep the old lines on screen until the new ones arrive: only the progress line says so.
  state.batch.total += state.sources.length;
  if (!state.batch.current && state.sources.length > 0) state.batch.current = state.sources[0].name;
}

// ───────────────────────────── period (period-view.ts) ─────────────────────────────

function chosenPeriod(): Period | null {
  return makePeriod(state.choice);
}

function renderPeriod() {
  renderPeriodView(state.sources, state.choice, state.lang);
}

function readPeriodControls() {
  state.choice = periodChoiceFromControls(state.choice, state.sources);
}

// ───────────────────────────── run ─────────────────────────────

function renderRunButton() {
  const run = $('run') as HTMLButtonElement;
  run.disabled = state.running;
  run.setAttribute('aria-busy', state.running ? 'true' : 'false');
}

function renderProgress() {
  renderProgressArea();
  document.body.classList.toggle('progressing', !$('progress-area').hidden);
}

function renderProgressArea() {
  const area = $('progress-area');
  const bar = $('progress') as HTMLProgressElement;
  const text = $('progress-text');
  const p = state.runProgress;
  if (state.running && p) {
    show(area, true);
    const total = Math.max(1, p.total);
    let label: string;
    if (p.stage === 'plan') label = tr('progressPlan', { file: p.file ?? '' });
    else if (p.stage === 'read') label = tr('progressRead', { file: p.file ?? '', done: p.done + 1, total: p.total });
    else if (p.stage === 'consolidate') label = tr('progressConsolidate');
    else if (p.stage === 'excel') label = tr('progressExcel');
    else label = tr('progressWrite');
    bar.max = total;
    bar.value = p.stage === 'plan' ? 0 : Math.min(total, p.done);
    text.textContent = label;
    return;
  }
  const b = state.batch;
  if (b.total > 0 && b.done < b.total) {
    show(area, true);
    bar.max = b.total;
    bar.value = b.done;
    text.textContent = tr('progressRead', { file: b.current, done: Math.min(b.total, b.done + 1), total: b.total });
    return;
  }
  show(area, false);
}

/** Identifies a run for the Excel writer: the same period and parent → the same key (its sheets may be replaced). */
function runKeyOf(report: ReportView): string {
  return `${report.period.label || `${report.period.year ?? ''}/${report.period.months}`}|${report.parent}`;
}

function onRun() {
  if (state.running) return;
  const hint = $('run-hint');
  if (state.sources.length === 0) {
    hint.textContent = tr('runNeedsSources');
    return;
  }
  hint.textContent = '';
  hideFatal();
  state.running = true;
  state.runId++;
  const planName = state.plan.kind === 'none' ? null : state.plan.name;
  state.runProgress = planName !== null
    ? { stage: 'plan', file: planName, done: 0, total: state.sources.length }
    : { stage: 'read', file: state.sources[0].name, done: 0, total: state.sources.length };
  revokeDownloads();
  state.result = null;
  renderRunButton();
  renderProgress();
  renderResult();
  const browser = state.mode === 'browser';
  post({
    type: 'run',
    runId: state.runId,
    ids: state.sources.map((s) => s.id),
    period: chosenPeriod(),
    issuer: ($('unit-name') as HTMLInputElement | null)?.value.trim() || undefined,
    lang: state.lang,
    outputs: { xlsx: browser, json: browser, sheets: !browser },
  });
}

/** The run's downloads, made by the worker after the result it drew: their links, or why there are none. */
function onDownloads(msg: Extract<FromWorker, { type: 'downloads' }>) {
  const res = state.result;
  if (msg.runId !== state.runId || !res) return; // a run since: the next result brings its own
  res.making = false;
  if (msg.error !== undefined) res.downloadsError = msg.error;
  if (msg.xlsx) res.xlsxUrl = URL.createObjectURL(new Blob([msg.xlsx], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  if (msg.json !== undefined) res.jsonUrl = URL.createObjectURL(msg.json);
  renderDownloadsOf(resultView());
}

function revokeDownloads() {
  const r = state.result;
  if (r?.xlsxUrl) URL.revokeObjectURL(r.xlsxUrl);
  if (r?.jsonUrl) URL.revokeObjectURL(r.jsonUrl);
}

async function onResult(msg: Extract<FromWorker, { type: 'result' }>) {
  if (msg.runId !== state.runId) return;
  const res: ResultState = {
    report: msg.report,
    sheets: msg.sheets,
    xlsxUrl: null,
    jsonUrl: null,
    making: !!msg.downloads,
    downloadsError: null,
    written: null,
    writeError: null,
  };
  state.result = res;
  renderSources(); // the reworded names matched in the run join each source's reading
  if (state.mode === 'excel' && excel) {
    state.runProgress = { stage: 'excel', done: 0, total: 1 };
    renderProgress();
    try {
      const out = await excel.writeResult(msg.sheets, runKeyOf(msg.report), (names) => askReplace(tr('confirmText', { names: names.join(', ') })));
      res.written = { names: out.names, kept: out.kept, cancelled: out.cancelled, notes: out.notes };
      document.body.dataset.syncs = String(out.syncs);
    } catch (e) {
      res.writeError = errText(e);
    }
  }
  state.running = false;
  state.runProgress = null;
  renderRunButton();
  renderProgress();
  renderResult();
  $('result').focus();
}

// ───────────────────────────── result ─────────────────────────────

function renderResult() {
  renderResultView(resultView());
}

function resultView(): ResultView {
  return {
    lang: state.lang,
    mode: state.mode,
    result: state.result,
    sheetRefs: state.sources.filter((s) => s.kind === 'sheet').map((s) => ({ file: s.file, sheets: s.sheets })),
    goToCell: async (sheet, cell) => {
      await excel?.goToCell(sheet, cell);
    },
    showFatal,
    narrative: askNarrative,
  };
}

/** The Word download's narrative, asked of the worker (it keeps the run's whole report); answered by a 'narrative' message. */
let narrativeAsked: { runId: number; resolve(n: Narrative): void; reject(e: Error): void } | null = null;

function askNarrative(lang: Lang, issuer: string | undefined): Promise<Narrative> {
  return new Promise((resolve, reject) => {
    narrativeAsked?.reject(new Error('superseded'));
    narrativeAsked = { runId: state.runId, resolve, reject };
    post({ type: 'narrative', runId: state.runId, lang, issuer });
    if (!worker) failNarrative('worker');
  });
}

function failNarrative(message: string) {
  const asked = narrativeAsked;
  narrativeAsked = null;
  asked?.reject(new Error(message));
}

// ───────────────────────────── worker messages ─────────────────────────────

function showFatal(msg: string) {
  const f = $('fatal');
  f.textContent = msg;
  show(f, true);
}

function hideFatal() {
  show($('fatal'), false);
}

function batchStep(name?: string) {
  const b = state.batch;
  if (name !== undefined) b.current = name;
  else {
    b.done++;
    if (b.done >= b.total) state.batch = { total: 0, done: 0, current: '' };
  }
}

let renderPending = false;
/** A redraw waiting for RENDER_EVERY to pass (cut short when the batch ends). */
let renderTimer: ReturnType<typeof setTimeout> | null = null;
let lastRender = -Infinity;
/** While files are being read, the list and the progress line are redrawn at most this often (ms). */
const RENDER_EVERY = 150;

/**
 * Redraw the sources, the period and the progress line soon, coalescing many messages: at the next frame,
 * but while a batch of files is being read not sooner than RENDER_EVERY after the last redraw. Every redraw
 * is layout and paint on the main thread, which the worker's reading competes with on a small machine.
 */
function scheduleRender() {
  const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => setTimeout(f, 16);
  const draw = () => {
    renderTimer = null;
    raf(() => {
      renderPending = false;
      lastRender = performance.now();
      renderSources();
      renderPeriod();
      renderProgress();
    });
  };
  // the batch's end (or a lone change) is drawn at the next frame
  const wait = state.batch.total > 0 ? lastRender + RENDER_EVERY - performance.now() : 0;
  if (renderPending) {
    if (renderTimer !== null && wait <= 0) {
      clearTimeout(renderTimer);
      draw();
    }
    return;
  }
  renderPending = true;
  if (wait > 0) renderTimer = setTimeout(draw, wait);
  else draw();
}

function onWorkerMessage(msg: FromWorker) {
  switch (msg.type) {
    case 'sources': {
      const byId = new Map(state.sources.map((s) => [s.id, s]));
      for (const { id, summary } of msg.listed) {
        const s = byId.get(id);
        if (state.batch.total > 0) batchStep();
        if (s) s.summary = summary;
      }
      if (msg.reading && state.batch.total > 0) batchStep(msg.reading.name);
      scheduleRender();
      return;
    }
    case 'plan':
      if (state.plan.kind !== 'none' && msg.summary) state.plan.summary = msg.summary;
      renderPlan();
      return;
    case 'progress':
      if (msg.runId !== state.runId) return;
      state.runProgress = { stage: msg.stage, file: msg.file, done: msg.done, total: msg.total };
      renderProgress();
      return;
    case 'result':
      void onResult(msg);
      return;
    case 'downloads':
      onDownloads(msg);
      return;
    case 'narrative':
      if (narrativeAsked && msg.runId === narrativeAsked.runId) {
        narrativeAsked.resolve(msg.narrative);
        narrativeAsked = null;
      }
      return;
    case 'failed':
      if (msg.id) {
        const s = state.sources.find((x) => x.id === msg.id);
        if (s) {
          s.failed = msg.message;
          if (!s.summary) {
            s.summary = { file: s.name, commune: null, period: null, values: 0, problems: 0, errors: 0, sheets: [], unreadable: null };
            if (state.batch.total > 0) batchStep();
          }
          renderSources();
        }
      } else if (msg.runId !== undefined) {
        if (msg.runId !== state.runId) return;
        state.running = false;
        state.runProgress = null;
        showFatal(tr('runFailed', { msg: msg.message }));
        renderRunButton();
      } else if (narrativeAsked) failNarrative(msg.message); // shown by the download's button
      else showFatal(tr('workerFailed', { msg: msg.message }));
      renderProgress();
      return;
  }
}

// ───────────────────────────── wiring ─────────────────────────────

function wire() {
  $('lang-switch').addEventListener('click', () => {
    state.lang = state.lang === 'vi' ? 'en' : 'vi';
    saveLang(safeStorage(), state.lang);
    renderAll();
  });

  const input = $('commune-files') as HTMLInputElement;
  input.addEventListener('change', () => {
    addFiles([...(input.files ?? [])]);
    input.value = '';
  });

  const zone = $('drop-zone');
  const isFileDrag = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  zone.addEventListener('dragenter', (e) => {
    if (!isFileDrag(e)) return;
    e.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragover', (e) => {
    if (!isFileDrag(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('dragleave', (e) => {
    if (e.target === zone) zone.classList.remove('dragging');
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    const files = [...(e.dataTransfer?.files ?? [])];
    // Workbooks first; anything else still goes to the reader, which says why it can't be read.
    addFiles([...files.filter((f) => looksLikeWorkbook(f.name)), ...files.filter((f) => !looksLikeWorkbook(f.name))]);
  });
  // A file dropped elsewhere must not make the browser leave the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());

  $('clear-sources').addEventListener('click', () => removeSources(state.sources.map((s) => s.id)));
  $('add-sheets').addEventListener('click', () => void addSelectedSheets());
  $('refresh-sheets').addEventListener('click', () => void loadWorkbookSheets());

  const planInput = $('plan-file') as HTMLInputElement;
  planInput.addEventListener('change', () => {
    const f = planInput.files?.[0];
    if (f) setPlanFile(f);
  });
  $('plan-remove').addEventListener('click', () => clearPlan());
  ($('plan-sheet') as HTMLSelectElement).addEventListener('change', (e) => void setPlanSheet((e.target as HTMLSelectElement).value));

  for (const id of ['period-kind', 'period-index', 'period-year']) {
    $(id).addEventListener('change', () => {
      readPeriodControls();
      renderPeriod();
    });
  }

  $('run').addEventListener('click', onRun);
}

/**
 * Start the worker when the page is up and has nothing else to do, so that its script is loaded and compiled
 * (a quarter of a second on a small machine) before the user has picked the files, not after.
 */
function startWorkerWhenIdle() {
  const start = () => {
    if (!worker && !workerTried) startWorker();
  };
  const idle = (globalThis as { requestIdleCallback?: (f: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
  if (typeof idle === 'function') idle(start, { timeout: 2000 });
  else setTimeout(start, 300);
}

function startWorker() {
  workerTried = true;
  try {
    worker = new Worker(new URL('worker.js', document.baseURI).href);
    startParseWorkers(worker, document.baseURI);
    worker.onmessage = (e: MessageEvent) => onWorkerMessage(e.data as FromWorker);
    worker.onerror = (e: ErrorEvent) => {
      showFatal(tr('workerFailed', { msg: e.message || 'worker' }));
      failNarrative(e.message || 'worker');
      if (state.running) {
        state.running = false;
        state.runProgress = null;
        renderRunButton();
        renderProgress();
      }
    };
  } catch (e) {
    showFatal(tr('workerFailed', { msg: errText(e) }));
  }
}

/** Into Excel mode, whenever Office.onReady reports Excel (it may come long after the page is up). */
async function enterExcel() {
  if (state.mode === 'excel') return;
  try {
    excel = await import(/* webpackChunkName: "excel" */ './excel');
    state.mode = 'excel';
  } catch (e) {
    showFatal(tr('workerFailed', { msg: errText(e) }));
    return;
  }
  show($('sheet-sources'), true);
  show($('plan-sheet-field'), true);
  previousPane?.setExcel(true);
  document.body.dataset.mode = state.mode;
  renderAll();
  await loadWorkbookSheets();
}

function boot() {
  state.lang = loadLang(safeStorage());
  previousPane = mountPreviousSource({
    post: (m) => post(m),
    lang: () => state.lang,
    readSheets: () => (excel ? (names) => excel!.readSheets(names) : null),
    sheetNames: () => state.workbookSheets,
  }, document.getElementById('run-section'));
  wire();
  initTemplates({
    lang: () => state.lang,
    period: () => chosenPeriod(),
    planFile: () => ($('plan-file') as HTMLInputElement).files?.[0] ?? null,
    planSheet: async () => (state.plan.kind === 'sheet' && excel ? { name: state.plan.name, grids: (await excel.readSheets([state.plan.name])).grids } : null),
  });
  show($('sheet-sources'), false);
  show($('plan-sheet-field'), false);
  document.body.dataset.mode = state.mode;
  document.body.dataset.office = 'pending';
  renderAll();
  // The page never waits on office.js: it is usable in browser mode at once, and switches to Excel
  // mode when (if ever) Office.onReady says so.
  document.body.dataset.ready = 'true';
  startWorkerWhenIdle();
  whenOfficeReady((host) => {
    if (host.kind === 'excel') {
      void enterExcel().then(() => {
        document.body.dataset.office = state.mode;
      });
    } else document.body.dataset.office = 'browser';
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
