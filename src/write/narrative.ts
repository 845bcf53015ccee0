/**
 * The narrative draft ("Dự thảo báo cáo"): the Report written out as the report a district publishes, in the
 * style of the published reviews — "Thu ngân sách nhà nước ước đạt 860 tỷ đồng, bằng 56,84% kế hoạch năm và
 * bằng 52,47% kế hoạch tỉnh giao, tăng 12,89% so với cùng kỳ", "tỷ lệ hộ nghèo giảm còn 1,96%", "15/15 xã đạt
 * chuẩn". Pure functions (no I/O, no clock): the "Báo cáo" sheet (sheets.ts) and the Word file (docx.ts) are
 * both made from `buildNarrative`.
 *
 * Layout of an administrative report (Nghị định 30/2020/NĐ-CP): the issuing body on the left, the national
 * motto on the right, "Số: …/BC-…" and "…, ngày … tháng … năm …", the title with the period, the body, then
 * "Nơi nhận" on the left and the signature block on the right.
 */
import type { IndicatorResult, Lang, Report } from '../types';
import { foldWords } from '../util/text';
import { communeResults } from '../core/results';
import { firstInOrder } from '../util/first-in-order';
import { communeCoverage, formatDate, periodLabel } from './labels';
import { previousSentences } from './previous-sources';

export type NarrativeBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string };

export interface Narrative {
  /** The issuing body as written ("UBND huyện Thanh Liêm"); its capitals head the page. */
  issuer: string;
  /** "Số: …/BC-UBND". */
  number: string;
  /** "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc". */
  motto: [string, string];
  /** "…, ngày … tháng … năm …". */
  placeDate: string;
  /** "BÁO CÁO". */
  title: string;
  /** "Kết quả thực hiện các chỉ tiêu kinh tế - xã hội 6 tháng đầu năm 2020". */
  subtitle: string;
  /** "(Dự thảo lập ngày 06/07/2020 từ số liệu các xã gửi)". */
  draftNote: string;
  body: NarrativeBlock[];
  recipients: { title: string; lines: string[] };
  signatures: { title: string; note: string }[];
}

// ───────────────────────────── numbers ─────────────────────────────

/**
 * A number the way the language writes it, rounded to at most `decimals` places, trailing zeros dropped:
 * vi 1227 → "1.227", 54.5 → "54,5", 4000.25 → "4.000,25"; en "1,227", "54.5".
 */
export function formatNumber(x: number, lang: Lang = 'vi', decimals = 2): string {
  if (!Number.isFinite(x)) return '';
  const f = 10 ** decimals;
  let r = Math.round(Math.abs(x) * f) / f;
  if (r === 0) r = 0;
  const [int, frac = ''] = r.toFixed(decimals).split('.');
  const fracT = frac.replace(/0+$/, '');
  const group = lang === 'vi' ? '.' : ',';
  const dec = lang === 'vi' ? ',' : '.';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const sign = x < 0 && (Number(int) > 0 || fracT) ? '-' : '';
  return sign + grouped + (fracT ? dec + fracT : '');
}

/** A percentage: "56,84%". */
export function formatPct(x: number, lang: Lang = 'vi'): string {
  return formatNumber(x, lang, 2) + '%';
}

/** "1.227 người", "54,5%" (no space before %). */
function withUnit(x: number, unit: string, lang: Lang): string {
  const u = (unit ?? '').trim();
  if (!u) return formatNumber(x, lang);
  if (u === '%') return formatPct(x, lang);
  return `${formatNumber(x, lang)} ${u}`;
}

function fin(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** Lower is better: the indicator's direction label is "Giảm" (or "down"). */
export function isDown(ind: IndicatorResult): boolean {
  const d = foldWords(ind.direction ?? '');
  return d === 'giam' || d === 'down';
}

function isCount(ind: IndicatorResult): boolean {
  return /^(?:so xa dat|count)/.test(foldWords(ind.aggregation ?? ''));
}

function isPercent(unit: string): boolean {
  return /^%$|^phan tram$/.test(foldWords(unit ?? '').replace(/\s+/g, ' ').trim()) || (unit ?? '').trim() === '%';
}

/** "Kế hoạch tỉnh giao", "Dự toán tỉnh giao", "Tỉnh giao" → the words after "bằng X% …". */
function targetWords(label: string, lang: Lang): string {
  const t = label.trim();
  const f = foldWords(t);
  if (lang === 'en') return `the ${t} target`;
  if (/^(?:ke hoach|du toan|chi tieu)\b/.test(f)) return t.charAt(0).toLowerCase() + t.slice(1);
  if (/^kh\b/.test(f)) return 'kế hoạch' + t.slice(2);
  return 'kế hoạch ' + t.charAt(0).toLowerCase() + t.slice(1);
}

function lowerFirst(s: string): string {
  return s ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

function upperFirst(s: string): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

// ───────────────────────────── one sentence per indicator ─────────────────────────────

/**
 * The sentence of one indicator of the parent:
 *  - flow / level, higher is better: "{Tên} {đạt|ước đạt} {TH} {ĐVT}, bằng X% kế hoạch năm[ và bằng Y% kế hoạch tỉnh giao],
 *    tăng Z% so với cùng kỳ; {đã đạt kế hoạch năm | đúng tiến độ (yêu cầu E%) | chậm tiến độ (yêu cầu E%, còn thiếu G ĐVT)}."
 *  - a lower-is-better rate: "{Tên} giảm còn X% (cùng kỳ: P%), kế hoạch năm không quá T%; …"
 *  - Số xã đạt: "{Tên}: A/N xã đạt chuẩn, …".
 *  - no data: "{Tên}: chưa có số liệu."; no target: "…; chưa có kế hoạch năm để so sánh."
 */
export function indicatorSentence(ind: IndicatorResult, lang: Lang = 'vi'): string {
  const vi = lang === 'vi';
  const name = ind.name.trim();
  const actual = fin(ind.actual);
  const unit = ind.unit ?? '';
  if (actual === null) return vi ? `${name}: chưa có số liệu.` : `${name}: no data yet.`;
  const down = isDown(ind);
  const pctUnit = isPercent(unit);
  const prev = fin(ind.previous);
  const change = fin(ind.changePct);
  const target = fin(ind.target);
  const parts: string[] = [];

  // the figure
  if (isCount(ind)) {
    const n = communeResults(ind).length || ind.reportedCount || 0;
    const a = formatNumber(actual, lang, 0);
    parts.push(vi
      ? `${name}: ${ind.estimate ? 'ước ' : ''}${n ? `${a}/${n}` : a} xã đạt chuẩn`
      : `${name}: ${n ? `${a}/${n}` : a} communes meet the standard${ind.estimate ? ' (estimate)' : ''}`);
  } else if (down && pctUnit) {
    const verb = prev === null ? (vi ? 'là' : 'is') : actual < prev ? (vi ? 'giảm còn' : 'fell to') : actual > prev ? (vi ? 'tăng lên' : 'rose to') : (vi ? 'giữ ở mức' : 'stayed at');
    parts.push(vi
      ? `${name} ${ind.estimate ? 'ước ' : ''}${verb} ${formatPct(actual, lang)}${prev !== null ? ` (cùng kỳ: ${formatPct(prev, lang)})` : ''}`
      : `${name} ${verb} ${formatPct(actual, lang)}${prev !== null ? ` (same period last year: ${formatPct(prev, lang)})` : ''}${ind.estimate ? ' (estimate)' : ''}`);
  } else {
    const verb = vi ? (down ? (ind.estimate ? 'ước là' : 'là') : ind.estimate ? 'ước đạt' : 'đạt') : (ind.estimate ? 'is estimated at' : down ? 'was' : 'reached');
    parts.push(vi ? `${name} ${verb} ${withUnit(actual, unit, lang)}` : `${name} ${verb} ${withUnit(actual, unit, lang)}`);
  }

  // the targets
  const tgts = ind.targets && ind.targets.length ? ind.targets : [{ label: '', target, completionPct: fin(ind.completionPct) }];
  if (target !== null && target !== 0 || tgts.some((t) => fin(t.target) !== null && t.target !== 0)) {
    if (down) {
      const ceiling = tgts.filter((t) => fin(t.target) !== null).map((t, i) => {
        const lbl = i === 0 ? (vi ? 'kế hoạch năm' : 'the annual target') : targetWords(t.label, lang);
        return vi ? `${lbl} không quá ${withUnit(t.target!, unit, lang)}` : `${lbl} at most ${withUnit(t.target!, unit, lang)}`;
      });
      if (ceiling.length) parts.push(ceiling.join(vi ? ', ' : ', '));
    } else {
      const of = tgts.filter((t) => fin(t.completionPct) !== null).map((t, i) => {
        const lbl = i === 0 || !t.label ? (vi ? 'kế hoạch năm' : 'the annual target') : targetWords(t.label, lang);
        return vi ? `bằng ${formatPct(t.completionPct!, lang)} ${lbl}` : `${formatPct(t.completionPct!, lang)} of ${lbl}`;
      });
      if (of.length) parts.push(of.join(vi ? ' và ' : ' and '));
    }
  }

  // the same period last year (the rate's own clause already says it)
  if (change !== null && !(down && pctUnit) && !isCount(ind)) {
    const abs = formatPct(Math.abs(change), lang);
    parts.push(change > 0 ? (vi ? `tăng ${abs} so với cùng kỳ` : `up ${abs} on the same period last year`)
      : change < 0 ? (vi ? `giảm ${abs} so với cùng kỳ` : `down ${abs} on the same period last year`)
        : (vi ? 'bằng cùng kỳ' : 'the same as last year'));
  }

  return parts.join(', ') + '; ' + statusClause(ind, lang) + '.';
}

/** Whether the figure is on track for the period. */
function statusClause(ind: IndicatorResult, lang: Lang): string {
  const vi = lang === 'vi';
  const exp = formatPct(ind.expectedPct, lang);
  const unit = ind.unit ?? '';
  const down = isDown(ind);
  switch (ind.status) {
    case 'met':
      return down ? (vi ? 'đạt kế hoạch năm' : 'within the annual target') : vi ? 'đã đạt kế hoạch năm' : 'the annual target is met';
    case 'on_track':
      return down
        ? (vi ? `trong giới hạn của kỳ (${exp} mức kế hoạch năm)` : `within the limit for the period (${exp} of the annual target)`)
        : (vi ? `đúng tiến độ (yêu cầu ${exp})` : `on track (expected ${exp})`);
    case 'behind': {
      const gap = fin(ind.gap);
      if (down) {
        return vi
          ? `chậm tiến độ (vượt mức cho phép của kỳ${gap !== null ? ` ${withUnit(gap, unit, lang)}` : ''})`
          : `behind (above the limit for the period${gap !== null ? ` by ${withUnit(gap, unit, lang)}` : ''})`;
      }
      return vi
        ? `chậm tiến độ (yêu cầu ${exp}${gap !== null ? `, còn thiếu ${withUnit(gap, unit, lang)}` : ''})`
        : `behind (expected ${exp}${gap !== null ? `, short by ${withUnit(gap, unit, lang)}` : ''})`;
    }
    case 'no_target':
      return vi ? 'chưa có kế hoạch năm để so sánh' : 'no annual target to compare with';
    default:
      return vi ? 'chưa có số liệu' : 'no data yet';
  }
}

// ───────────────────────────── the parts of the report ─────────────────────────────

/** The indicators behind: one sentence each, with the communes furthest behind (at most `top`). */
export function behindSentences(report: Report, lang: Lang = 'vi', top = 3): string[] {
  const vi = lang === 'vi';
  const out: string[] = [];
  for (const ind of report.indicators) {
    // the direction read once, not in every comparison (a country: a thousand communes behind per indicator)
    const down = isDown(ind);
    const list = communeResults(ind);
    const behind: { commune: string; pct: number }[] = [];
    for (let j = 0; j < list.length; j++) {
      const pct = list.status(j) === 'behind' ? fin(list.completionPct(j)) : null;
      if (pct !== null) behind.push({ commune: list.commune(j), pct });
    }
    if (ind.status !== 'behind' && !behind.length) continue;
    const worst = firstInOrder(behind, top, (a, b) => (down ? b.pct - a.pct : a.pct - b.pct) || (a.commune < b.commune ? -1 : 1))
      .map((c) => `${c.commune} (${formatPct(c.pct, lang)})`)
      .join(', ');
    const head = ind.status === 'behind' && fin(ind.completionPct) !== null
      ? (vi ? `${ind.name}: ${report.parent.toLowerCase().startsWith('toàn') ? lowerFirst(report.parent) : report.parent} đạt ${formatPct(ind.completionPct!, lang)} kế hoạch năm, yêu cầu ${formatPct(ind.expectedPct, lang)}`
        : `${ind.name}: ${formatPct(ind.completionPct!, lang)} of the annual target against ${formatPct(ind.expectedPct, lang)} expected`)
      : (vi ? `${ind.name}: ${report.parent.toLowerCase().startsWith('toàn') ? lowerFirst(report.parent) : report.parent} không chậm tiến độ` : `${ind.name}: on schedule overall`);
    const tail = behind.length
      ? (vi ? `; ${behind.length} xã chậm tiến độ, thấp nhất là ${worst}` : `; ${behind.length} communes behind, furthest behind: ${worst}`)
      : '';
    // only the parent's shortfalls and indicators with communes behind are listed
    out.push(head + tail + '.');
  }
  return out;
}

/** Completeness and data problems: "Đã nhận báo cáo của 15/16 xã; chưa có báo cáo: Sơn Thủy. …". */
export function completenessSentences(report: Report, lang: Lang = 'vi'): string[] {
  const vi = lang === 'vi';
  const { reported, missing } = communeCoverage(report);
  const total = reported.length + missing.length;
  const out: string[] = [];
  out.push(vi
    ? `Đã nhận báo cáo của ${reported.length}/${total} xã${missing.length ? `; chưa có báo cáo: ${missing.map((c) => c.name).join(', ')}` : ''}.`
    : `Reports received from ${reported.length}/${total} communes${missing.length ? `; none from ${missing.map((c) => c.name).join(', ')}` : ''}.`);
  const errors = report.issues.filter((i) => i.severity === 'error').length;
  const warnings = report.issues.filter((i) => i.severity === 'warning').length;
  out.push(errors + warnings === 0
    ? (vi ? 'Kiểm tra dữ liệu không phát hiện vấn đề nào.' : 'The data check found no problem.')
    : (vi ? `Kiểm tra dữ liệu phát hiện ${errors} lỗi và ${warnings} cảnh báo (chi tiết tại sheet "Kiểm tra dữ liệu"); số liệu nêu trên cần được rà soát lại trước khi ban hành.`
      : `The data check found ${errors} errors and ${warnings} warnings (see the "Data check" sheet); check the figures above before issuing.`));
  return out;
}

/** The issuing body: the report's, else "UBND ……" (left for the clerk to fill in). */
function issuerOf(report: Report, lang: Lang): string {
  const i = report.issuer?.trim();
  if (i) return i;
  return lang === 'vi' ? 'UBND ……' : '…… People\'s Committee';
}

function abbreviation(issuer: string): string {
  return /^(?:ubnd|ủy ban|uỷ ban)/i.test(issuer) ? 'UBND' : '…';
}

/** The whole draft. */
export function buildNarrative(report: Report, lang: Lang = 'vi'): Narrative {
  const vi = lang === 'vi';
  const issuer = issuerOf(report, lang);
  const period = periodLabel(report.period, lang);
  const made = formatDate(report.generatedAt);
  const body: NarrativeBlock[] = [];

  const reportedCount = report.communes.filter((c) => c.reported !== false && !!c.file).length;
  body.push({
    kind: 'paragraph',
    text: vi
      ? `Trên cơ sở kế hoạch năm${report.period.year ? ` ${report.period.year}` : ''} và báo cáo của ${reportedCount} xã, ${issuer} báo cáo kết quả thực hiện các chỉ tiêu kinh tế - xã hội ${period} như sau:`
      : `From the annual plan${report.period.year ? ` for ${report.period.year}` : ''} and the reports of ${reportedCount} communes, ${issuer} reports the socio-economic indicators for ${period} as follows:`,
  });

  // one paragraph per section of the plan (in the plan's order), one sentence per indicator
  const sections: { name: string | null; items: IndicatorResult[] }[] = [];
  for (const ind of report.indicators) {
    const name = ind.section?.trim() || null;
    const last = sections[sections.length - 1];
    const same = last && last.name === name ? last : sections.find((s) => s.name === name);
    if (same) same.items.push(ind);
    else sections.push({ name, items: [ind] });
  }
  const numbered = sections.length > 1 || sections[0]?.name;
  body.push({ kind: 'heading', text: vi ? 'I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU' : 'I. RESULTS BY INDICATOR' });
  if (!report.indicators.length) body.push({ kind: 'paragraph', text: vi ? 'Không có chỉ tiêu nào.' : 'No indicators.' });
  sections.forEach((s, k) => {
    if (numbered) {
      const plain = (s.name ?? (vi ? 'Các chỉ tiêu khác' : 'Other indicators')).replace(/^[IVX]{1,5}\s*[.):\-–]\s*/, '');
      body.push({ kind: 'heading', text: `${k + 1}. ${upperFirst(plain.charAt(0) + plain.slice(1).toLowerCase())}` });
    }
    body.push({ kind: 'paragraph', text: s.items.map((i) => indicatorSentence(i, lang)).join(' ') });
  });

  body.push({ kind: 'heading', text: vi ? 'II. CÁC CHỈ TIÊU CHẬM TIẾN ĐỘ' : 'II. INDICATORS BEHIND SCHEDULE' });
  const behind = behindSentences(report, lang);
  if (behind.length) for (const t of behind) body.push({ kind: 'paragraph', text: t });
  else body.push({ kind: 'paragraph', text: vi ? 'Không có chỉ tiêu nào chậm tiến độ.' : 'No indicator is behind schedule.' });

  body.push({ kind: 'heading', text: vi ? 'III. TÌNH HÌNH BÁO CÁO VÀ SỐ LIỆU' : 'III. REPORTS AND DATA' });
  body.push({ kind: 'paragraph', text: [...completenessSentences(report, lang), ...previousSentences(report, lang)].join(' ') });

  return {
    issuer,
    number: vi ? `Số: …/BC-${abbreviation(issuer)}` : `No.: …/BC-${abbreviation(issuer)}`,
    motto: vi ? ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'] : ['SOCIALIST REPUBLIC OF VIETNAM', 'Independence - Freedom - Happiness'],
    placeDate: vi ? '…, ngày … tháng … năm …' : '…, date … / … / …',
    title: vi ? 'BÁO CÁO' : 'REPORT',
    subtitle: vi ? `Kết quả thực hiện các chỉ tiêu kinh tế - xã hội ${period}` : `Socio-economic indicators, ${period}`,
    draftNote: vi ? `(Dự thảo lập${made ? ` ngày ${made}` : ''} từ số liệu các xã gửi)` : `(Draft made${made ? ` on ${made}` : ''} from the communes' reports)`,
    body,
    recipients: vi
      ? { title: 'Nơi nhận:', lines: ['- Như trên;', '- Lãnh đạo đơn vị;', '- Lưu: VT.'] }
      : { title: 'Recipients:', lines: ['- As above;', '- The unit\'s leaders;', '- Filed: VT.'] },
    signatures: vi
      ? [{ title: 'NGƯỜI LẬP BIỂU', note: '(Ký, ghi rõ họ tên)' }, { title: 'THỦ TRƯỞNG ĐƠN VỊ', note: '(Ký tên, đóng dấu)' }]
      : [{ title: 'PREPARED BY', note: '(Signature, full name)' }, { title: 'HEAD OF UNIT', note: '(Signature, seal)' }],
  };
}

/** The draft as plain text lines (the "Báo cáo" sheet, the CLI): heading, title, body, recipients, signatures. */
export function narrativeText(n: Narrative): string[] {
  return [
    n.issuer.toUpperCase(), n.number, n.motto[0], n.motto[1], n.placeDate, '', n.title, n.subtitle, n.draftNote, '',
    ...n.body.map((b) => b.text), '', n.recipients.title, ...n.recipients.lines, '', ...n.signatures.map((s) => s.title),
  ];
}
