/**
 * The machine-readable report of FORMATS.md ("The machine-readable report"): period, communes,
 * indicators with their communes, shortfalls, issues. Keys always in the same order; missing numbers
 * are null, never 0 and never absent (except `gap`, present only where the status is "behind", as in
 * FORMATS.md). Added fields: parent, generatedAt, plan, aggregation/direction/kind, behindCount,
 * reportedCount, statusLabel, messageEn / messageVi (the message in the other language).
 */
import type { CommuneResult, IndicatorResult, Issue, Lang, Report, ReportCommune, Shortfall, SourceRef } from '../types';
import { issueMessage, statusLabel } from './labels';

function n(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

function s(x: string | null | undefined): string | null {
  return x === null || x === undefined ? null : String(x);
}

function source(src: SourceRef | null | undefined): { file: string; sheet: string; cell: string } | null {
  return src ? { file: src.file, sheet: src.sheet, cell: src.cell } : null;
}

function communeJson(c: ReportCommune) {
  return {
    name: c.name,
    file: s(c.file),
    period: s(c.period),
    sheets: c.sheets ? [...c.sheets] : [],
    values: n(c.values),
    issues: n(c.issues),
    reported: c.reported !== false && !!c.file,
    ...(c.reading ? { reading: c.reading } : {}),
  };
}

function communeResultJson(c: CommuneResult, lang: Lang) {
  const out: Record<string, unknown> = {
    commune: c.commune,
    target: n(c.target),
    actual: n(c.actual),
    completionPct: n(c.completionPct),
    expectedPct: n(c.expectedPct),
    status: c.status,
    statusLabel: statusLabel(c.status, lang),
  };
  if (c.status === 'behind' || n(c.gap) !== null) out.gap = n(c.gap);
  out.previous = n(c.previous);
  out.changePct = n(c.changePct);
  out.estimate = c.estimate === true;
  out.note = s(c.note);
  out.source = source(c.source);
  return out;
}

function indicatorJson(ind: IndicatorResult, lang: Lang) {
  const out: Record<string, unknown> = {
    code: s(ind.code),
    name: ind.name,
    unit: s(ind.unit),
    aggregation: s(ind.aggregation),
    direction: s(ind.direction),
    kind: s(ind.kind),
    target: n(ind.target),
    actual: n(ind.actual),
    completionPct: n(ind.completionPct),
    expectedPct: n(ind.expectedPct),
    previous: n(ind.previous),
    changePct: n(ind.changePct),
    status: ind.status,
    statusLabel: statusLabel(ind.status, lang),
  };
  if (ind.status === 'behind' || n(ind.gap) !== null) out.gap = n(ind.gap);
  out.behindCount = n(ind.behindCount) ?? 0;
  out.reportedCount = n(ind.reportedCount) ?? 0;
  out.communes = (ind.communes ?? []).map((c) => communeResultJson(c, lang));
  return out;
}

function shortfallJson(sf: Shortfall) {
  return {
    commune: sf.commune ?? null,
    code: s(sf.code),
    name: sf.name,
    unit: s(sf.unit),
    actual: n(sf.actual),
    target: n(sf.target),
    completionPct: n(sf.completionPct),
    expectedPct: n(sf.expectedPct),
    gap: n(sf.gap),
  };
}

function issueJson(i: Issue, lang: Lang) {
  const out: Record<string, unknown> = {
    severity: i.severity,
    file: s(i.file),
    sheet: s(i.sheet),
    cell: s(i.cell),
    code: i.code,
    message: issueMessage(i, lang),
  };
  if (lang === 'en') out.messageVi = i.message;
  else out.messageEn = i.messageEn;
  if (i.commune !== undefined) out.commune = s(i.commune);
  if (i.indicator !== undefined) out.indicator = s(i.indicator);
  return out;
}

/** The report as the JSON object of FORMATS.md, messages in `lang`. */
export function reportToJson(report: Report, lang: Lang = 'vi'): object {
  return {
    period: { year: n(report.period?.year), months: n(report.period?.months), label: report.period?.label ?? '' },
    parent: report.parent,
    generatedAt: report.generatedAt,
    plan: report.plan ? { file: s(report.plan.file), sheet: s(report.plan.sheet) } : null,
    communes: report.communes.map(communeJson),
    ...(report.files ? { files: report.files.map((f) => ({ file: f.file, commune: s(f.commune), status: f.status, issues: f.issues })) } : {}),
    indicators: report.indicators.map((x) => indicatorJson(x, lang)),
    shortfalls: report.shortfalls.map(shortfallJson),
    issues: report.issues.map((x) => issueJson(x, lang)),
  };
}
