/**
 * The task pane's own words, Vietnamese first. Words shared with the output (statuses, severities,
 * period labels) come from src/write/labels.ts so the pane and the workbook say the same thing.
 */
import type { Lang } from '../types';

type Bi = { vi: string; en: string };

const STRINGS = {
  appTitle: { vi: 'Tổng hợp chỉ tiêu', en: 'Indicator consolidation' },
  appSubtitle: {
    vi: 'Tổng hợp báo cáo chỉ tiêu kinh tế - xã hội của các xã và đối chiếu với kế hoạch năm.',
    en: "Consolidate the communes' socio-economic indicator reports and judge them against the annual plan.",
  },
  langSwitch: { vi: 'English', en: 'Tiếng Việt' },
  langSwitchLabel: { vi: 'Chuyển sang tiếng Anh', en: 'Switch to Vietnamese' },
  modeExcel: { vi: 'Đang chạy trong Excel', en: 'Running in Excel' },
  modeBrowser: {
    vi: 'Đang chạy trong trình duyệt: kết quả được tải về dưới dạng tệp.',
    en: 'Running in a browser: the results are downloaded as files.',
  },
  // sources
  sourcesTitle: { vi: '1. Báo cáo của các xã', en: "1. The communes' reports" },
  communeFilesLabel: { vi: 'Chọn tệp báo cáo của các xã (.xlsx, .xls, .ods, .csv)', en: "Choose the communes' report files (.xlsx, .xls, .ods, .csv)" },
  dropHint: { vi: 'hoặc kéo thả các tệp vào đây', en: 'or drop the files here' },
  sheetsLabel: { vi: 'Hoặc dùng các sheet của sổ đang mở (mỗi sheet một xã)', en: 'Or use sheets of the open workbook (one commune per sheet)' },
  addSheets: { vi: 'Thêm các sheet đã chọn', en: 'Add the selected sheets' },
  refreshSheets: { vi: 'Làm mới danh sách sheet', en: 'Refresh the sheet list' },
  noSources: { vi: 'Chưa có báo cáo nào.', en: 'No report yet.' },
  clearSources: { vi: 'Bỏ tất cả', en: 'Remove all' },
  remove: { vi: 'Bỏ', en: 'Remove' },
  removeSource: { vi: 'Bỏ {name}', en: 'Remove {name}' },
  howRead: { vi: 'Cách đọc tệp', en: 'How it was read' },
  reading: { vi: 'Đang đọc…', en: 'Reading…' },
  unreadable: { vi: 'Không đọc được', en: 'Could not be read' },
  noCommune: { vi: '(chưa rõ xã)', en: '(commune not found)' },
  noPeriod: { vi: 'chưa rõ kỳ', en: 'period not found' },
  values: { vi: '{n} giá trị', en: '{n} values' },
  problems: { vi: '{n} vấn đề', en: '{n} problems' },
  sheetSource: { vi: 'sheet', en: 'sheet' },
  sourcesCount: { vi: '{n} báo cáo', en: '{n} reports' },
  // plan
  planTitle: { vi: '2. Kế hoạch năm', en: '2. Annual plan' },
  planFileLabel: { vi: 'Chọn tệp kế hoạch (.xlsx, .xls, .ods, .csv)', en: 'Choose the plan file (.xlsx, .xls, .ods, .csv)' },
  planSheetLabel: { vi: 'Hoặc một sheet của sổ đang mở', en: 'Or a sheet of the open workbook' },
  planSheetNone: { vi: '(không dùng sheet)', en: '(no sheet)' },
  planNone: {
    vi: 'Không có kế hoạch: chỉ tiêu lấy từ cột "Kế hoạch năm" của từng xã.',
    en: 'No plan: the targets come from each commune\'s "Kế hoạch năm" column.',
  },
  planLoaded: { vi: '{name}: {n} chỉ tiêu, {c} xã', en: '{name}: {n} indicators, {c} communes' },
  planUnreadable: { vi: '{name}: không đọc được kế hoạch', en: '{name}: the plan could not be read' },
  planRemove: { vi: 'Bỏ kế hoạch', en: 'Remove the plan' },
  // period
  periodTitle: { vi: '3. Kỳ báo cáo', en: '3. Reporting period' },
  periodDetected: { vi: 'Phát hiện: {label} ({n}/{total} báo cáo)', en: 'Detected: {label} ({n}/{total} reports)' },
  periodNotDetected: { vi: 'Chưa phát hiện được kỳ báo cáo.', en: 'No period detected yet.' },
  periodKindLabel: { vi: 'Kỳ', en: 'Period' },
  periodAuto: { vi: 'Tự động (theo đa số báo cáo)', en: 'Automatic (what most reports say)' },
  kindMonth: { vi: 'Tháng', en: 'Month' },
  kindQuarter: { vi: 'Quý', en: 'Quarter' },
  kindHalf: { vi: '6 tháng', en: 'First half' },
  kindNine: { vi: '9 tháng', en: 'Nine months' },
  kindYear: { vi: 'Năm', en: 'Year' },
  periodIndexMonth: { vi: 'Tháng số', en: 'Month number' },
  periodIndexQuarter: { vi: 'Quý số', en: 'Quarter number' },
  periodYearLabel: { vi: 'Năm', en: 'Year' },
  periodChosen: { vi: 'Sẽ tổng hợp cho: {label}', en: 'Will consolidate for: {label}' },
  // run
  run: { vi: 'Tổng hợp', en: 'Consolidate' },
  runNeedsSources: { vi: 'Hãy chọn ít nhất một báo cáo của xã.', en: "Choose at least one commune's report." },
  progressPlan: { vi: 'Đang đọc kế hoạch {file}', en: 'Reading the plan {file}' },
  progressRead: { vi: 'Đang đọc {file} ({done}/{total})', en: 'Reading {file} ({done}/{total})' },
  progressConsolidate: { vi: 'Đang tổng hợp…', en: 'Consolidating…' },
  progressWrite: { vi: 'Đang lập bảng kết quả…', en: 'Making the result tables…' },
  progressExcel: { vi: 'Đang ghi vào Excel…', en: 'Writing into Excel…' },
  progressBar: { vi: 'Tiến độ', en: 'Progress' },
  runFailed: { vi: 'Không tổng hợp được: {msg}', en: 'The consolidation failed: {msg}' },
  // result
  resultTitle: { vi: 'Kết quả', en: 'Result' },
  resultHeadline: { vi: '{parent}, {period}: {n} chỉ tiêu từ {c} báo cáo', en: '{parent}, {period}: {n} indicators from {c} reports' },
  statusCounts: { vi: 'Đánh giá các chỉ tiêu', en: 'Indicators by assessment' },
  shortfallsTitle: { vi: 'Chậm tiến độ nhiều nhất', en: 'Furthest behind' },
  shortfallsNone: { vi: 'Không có chỉ tiêu nào chậm tiến độ.', en: 'No indicator is behind.' },
  shortfallsMore: { vi: 'và {n} chỉ tiêu chậm tiến độ khác (xem sheet "{sheet}")', en: 'and {n} more indicators behind (see the "{sheet}" sheet)' },
  shortfallsMoreRows: { vi: 'và {n} trường hợp chậm tiến độ khác của các chỉ tiêu trên (xem sheet "{sheet}")', en: 'and {n} more cases of the indicators above (see the "{sheet}" sheet)' },
  shortfallYesNo: { vi: '{who}: {name}: Chưa đạt', en: '{who}: {name}: not met' },
  shortfallLine: {
    vi: '{who}: {name} đạt {pct} KH (yêu cầu {exp}), còn thiếu {gap} {unit}',
    en: '{who}: {name} at {pct} of target (expected {exp}), {gap} {unit} short',
  },
  issuesTitle: { vi: 'Vấn đề trong dữ liệu ({n})', en: 'Data problems ({n})' },
  issuesNone: { vi: 'Không phát hiện vấn đề nào.', en: 'No problem found.' },
  issuesMore: { vi: 'và {n} vấn đề khác', en: 'and {n} more' },
  issuesListLabel: { vi: 'Danh sách vấn đề (cuộn được)', en: 'List of problems (scrollable)' },
  issueGoTo: { vi: 'Chọn ô {cell} trong sheet {sheet}', en: 'Select cell {cell} on sheet {sheet}' },
  downloadXlsx: { vi: 'Tải bảng tổng hợp (.xlsx)', en: 'Download the workbook (.xlsx)' },
  downloadJson: { vi: 'Tải báo cáo JSON', en: 'Download the JSON report' },
  downloadDocx: { vi: 'Tải dự thảo báo cáo (.docx)', en: 'Download the draft report (.docx)' },
  downloadsMaking: { vi: 'Đang tạo các tệp để tải về (.xlsx, JSON)…', en: 'Making the files to download (.xlsx, JSON)…' },
  downloadsFailed: {
    vi: 'Không tạo được tệp để tải về: {msg}. Kết quả ở trên vẫn đúng; hãy bấm Tổng hợp lần nữa để tạo lại tệp.',
    en: 'The files to download could not be made: {msg}. The result above stands; press Consolidate again to make them.',
  },
  unitName: { vi: 'Cơ quan ban hành (đầu báo cáo, sheet Báo cáo và tệp Word)', en: 'Issuing body (heading of the report: the Báo cáo sheet and the Word file)' },
  writtenSheets: { vi: 'Đã ghi vào sổ đang mở các sheet: {names}', en: 'Written into the open workbook: {names}' },
  writeKept: { vi: 'Giữ nguyên các sheet cũ; kết quả mới ghi vào sheet mới: {names}', en: 'Earlier sheets kept; the new result went to new sheets: {names}' },
  writeFailed: { vi: 'Không ghi được vào Excel: {msg}', en: 'Could not write into Excel: {msg}' },
  selectFailed: { vi: 'Không chọn được ô: {msg}', en: 'Could not select the cell: {msg}' },
  // confirm dialog
  confirmTitle: { vi: 'Thay kết quả cũ?', en: 'Replace the earlier result?' },
  confirmText: {
    vi: 'Sổ này đã có kết quả tổng hợp của kỳ này từ lần chạy trước ({names}). Thay bằng kết quả mới?',
    en: 'This workbook already holds a consolidation of this period from an earlier run ({names}). Replace it with the new one?',
  },
  confirmReplace: { vi: 'Thay thế', en: 'Replace' },
  confirmKeep: { vi: 'Giữ lại, ghi sang sheet mới', en: 'Keep it, write new sheets' },
  confirmCancel: { vi: 'Hủy, không ghi gì', en: 'Cancel, write nothing' },
  writeCancelled: { vi: 'Đã hủy: không ghi gì vào sổ đang mở.', en: 'Cancelled: nothing was written into the open workbook.' },
  // misc
  fileReadError: { vi: 'Không mở được tệp: {msg}', en: 'The file could not be opened: {msg}' },
  noTable: { vi: 'Không tìm thấy bảng chỉ tiêu nào trong tệp.', en: 'No indicator table was found in the file.' },
  workerFailed: { vi: 'Lỗi khi xử lý: {msg}', en: 'Processing error: {msg}' },
  openWorkbook: { vi: 'Sổ đang mở', en: 'Open workbook' },
  // last year's files, "Số liệu cùng kỳ" (previous-source.ts)
  prevTitle: { vi: 'Số liệu cùng kỳ (không bắt buộc)', en: 'Same period last year (optional)' },
  prevHint: {
    vi: 'Báo cáo năm trước của các xã (cả các xã cũ trước sáp nhập), bảng tổng hợp năm trước do tonghop ghi, hoặc bảng của toàn huyện/tỉnh. Xã cũ được nối với xã mới theo sheet "Sáp nhập" của kế hoạch. Cột "Cùng kỳ" của chính xã vẫn được ưu tiên.',
    en: 'Last year\'s reports of the communes (the old ones before the merger too), last year\'s consolidated workbook made by tonghop, or a parent-level table. Old communes are mapped onto new ones by the plan\'s "Sáp nhập" sheet. A commune\'s own "Cùng kỳ" column still wins.',
  },
  prevFiles: { vi: 'Chọn tệp năm trước', en: 'Choose last year\'s files' },
  prevSheetLabel: { vi: 'Hoặc một sheet của sổ đang mở', en: 'Or a sheet of the open workbook' },
  prevAddSheet: { vi: 'Thêm sheet', en: 'Add the sheet' },
  prevNone: { vi: 'Chưa có tệp năm trước: cùng kỳ lấy từ cột "Cùng kỳ" của các xã.', en: 'No file of last year: the same-period figures come from the communes\' "Cùng kỳ" columns.' },
  prevCount: { vi: '{n} tệp/sheet năm trước', en: '{n} file(s)/sheet(s) of last year' },
  prevRemove: { vi: 'Bỏ', en: 'Remove' },
  prevRemoveName: { vi: 'Bỏ {name}', en: 'Remove {name}' },
  prevUnreadable: { vi: 'không đọc được sheet', en: 'the sheet could not be read' },
  // report forms for the communes (templates.ts)
  tplButton: { vi: 'Tải mẫu báo cáo cho các xã (.zip)', en: 'Download report forms for the communes (.zip)' },
  tplHint: {
    vi: 'Mỗi xã một tệp lập từ kế hoạch và kỳ báo cáo đã chọn: chỉ tiêu, kế hoạch năm của xã, ô nhập có kiểm tra. tonghop đọc lại mẫu đã điền một cách chắc chắn.',
    en: 'One workbook per commune made from the plan and the chosen period: indicators, the commune\'s targets, checked input cells. tonghop reads the filled forms back with certainty.',
  },
  tplOpen: { vi: 'Mở mẫu của xã trong Excel', en: 'Open the commune\'s form in Excel' },
  tplPick: { vi: 'Xã', en: 'Commune' },
  tplNoPlan: { vi: 'Hãy chọn kế hoạch năm trước (mục 2).', en: 'Choose the annual plan first (step 2).' },
  tplNoPeriod: { vi: 'Hãy chọn kỳ báo cáo (mục 3).', en: 'Choose the period (step 3).' },
  tplMaking: { vi: 'Đang lập các mẫu…', en: 'Making the forms…' },
  tplMade: { vi: 'Đã lập {n} mẫu báo cáo ({p}).', en: '{n} report form(s) made ({p}).' },
  tplOpened: { vi: 'Đã mở mẫu của {c} thành một sổ mới.', en: 'The form of {c} opened as a new workbook.' },
} satisfies Record<string, Bi>;

export type StringKey = keyof typeof STRINGS;

/** The pane's word for `key` in `lang`, with {placeholders} filled from `params`. */
export function t(key: StringKey, lang: Lang, params: Record<string, string | number> = {}): string {
  const s = STRINGS[key][lang];
  return s.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Every key, for tests (each has both languages, the same placeholders). */
export const STRING_KEYS = Object.keys(STRINGS) as StringKey[];

export const LANG_STORAGE_KEY = 'tonghop.lang';

/** The language remembered in `storage` (localStorage), Vietnamese by default or when storage fails. */
export function loadLang(storage: Pick<Storage, 'getItem'> | null | undefined): Lang {
  try {
    const v = storage?.getItem(LANG_STORAGE_KEY);
    return v === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** Remember the language; storage may be missing or refuse (private mode): then it is not remembered. */
export function saveLang(storage: Pick<Storage, 'setItem'> | null | undefined, lang: Lang): void {
  try {
    storage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    /* not remembered */
  }
}
