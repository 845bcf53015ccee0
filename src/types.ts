/**
 * The shared data of tonghop's pipeline (see DESIGN.md):
 *
 *   files / open sheets ─▶ Grid ─▶ CommuneReport[] + Plan ─▶ consolidate ─▶ Report ─▶ SheetSpec[] ─▶ Excel / .xlsx / JSON
 *
 * Glossary (Vietnamese → code): xã/phường/thị trấn → commune; huyện/tỉnh → parent; chỉ tiêu → indicator;
 * kế hoạch (KH) → plan/target; thực hiện (TH) → actual; cùng kỳ → previous; lũy kế → flow; thời điểm → level;
 * % KH → completionPct; kỳ báo cáo → period; chậm tiến độ → behind.
 *
 * Everything here is plain JSON-able data: it crosses a Web Worker boundary in the add-in.
 */

// ───────────────────────────── Grid (adapters → read/) ─────────────────────────────

/** A cell's value as the spreadsheet holds it. For formulas: the cached result. */
export type CellValue = number | string | boolean | null;

export interface GridCell {
  /** The value, or a formula's cached result; null when empty or when the result is an error. */
  v: CellValue;
  /** Formula text without the leading "=", when the cell holds a formula. */
  f?: string;
  /** Error value such as "#DIV/0!", "#REF!" (the cell's own value or its formula's cached result). */
  error?: string;
  /** The value was a date (v is then the ISO date string "2020-03-23"). */
  date?: boolean;
  /** The formula refers to another workbook ("[1]Sheet1!A1"): v is the cached value. */
  external?: boolean;
  /**
   * The cell's number format shows a percentage ("0.00%"), so v is the fraction: 0.5684 is shown as 56.84%.
   * (Added by the reader helper; the reader then reads 56.84 with percent: true.) Formats with a literal "%"
   * in quotes ('0.0"%"') do not set it.
   */
  percentFormat?: boolean;
}

/** Merged area, 0-based inclusive. Only the top-left cell of a merge holds the value in a Grid. */
export interface MergeSpan {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** One sheet as a 2-D array. rows[r][c] is the cell at 0-based row r, column c (A1 = [0][0]). */
export interface Grid {
  /** The file's name as the user gave it (base name, e.g. "xa-thanh-son.xlsx"); for sheets of the open workbook, the workbook's name or "" */
  file: string;
  sheet: string;
  rows: (GridCell | null | undefined)[][];
  merges: MergeSpan[];
  /** Set when the adapter stopped reading before the end (row/column limits). */
  truncated?: { rows?: number; cols?: number };
  /** The sheet's state in its workbook when not visible: 'hidden' (Unhide lists it) or 'veryHidden' (only code can show it). */
  state?: 'hidden' | 'veryHidden';
}

/** A file as given by the user or the shell, before it is parsed. */
export interface InputFile {
  name: string;
  data: Uint8Array;
}

// ───────────────────────────── Issues ─────────────────────────────

export type Severity = 'error' | 'warning' | 'info';

/** Every problem tonghop reports, by its stable code (the JSON report's `issues[].code`). */
export type IssueCode =
  | 'ambiguous_match'
  | 'commune_conflict'
  | 'commune_unknown'
  | 'csv_read'
  | 'dangling_link'
  | 'damaged_part'
  | 'duplicate_commune'
  | 'duplicate_indicator'
  | 'error_value'
  | 'excel_api_limited'
  | 'external_formula'
  | 'far_above_target'
  | 'file_archive'
  | 'file_csv'
  | 'file_damaged'
  | 'file_empty'
  | 'file_encrypted'
  | 'file_html'
  | 'file_not_spreadsheet'
  | 'file_ods'
  | 'file_read_as_csv'
  | 'file_text'
  | 'file_too_large'
  | 'file_xls'
  | 'file_xlsb'
  | 'file_xml_spreadsheet'
  | 'formula_no_result'
  | 'hidden_sheet'
  | 'implausible_value'
  | 'indicator_not_in_plan'
  | 'macros_ignored'
  | 'merges_ignored'
  | 'merges_unreadable'
  | 'merger_conflict'
  | 'merger_unknown_commune'
  | 'missing_commune'
  | 'missing_shared_strings'
  | 'mixed_number_style'
  | 'negative_target'
  | 'negative_value'
  | 'no_commune'
  | 'no_commune_files'
  | 'no_period'
  | 'no_plan_table'
  | 'no_sheets'
  | 'no_table'
  | 'no_usable_files'
  | 'not_a_number'
  | 'not_regular_file'
  | 'not_yes_no'
  | 'number_style_guess'
  | 'own_output'
  | 'percent_value'
  | 'period_conflict'
  | 'period_from_date'
  | 'period_mismatch'
  | 'plan_row_unnamed'
  | 'plan_too_wide'
  | 'plan_without_communes'
  | 'plan_year_mismatch'
  | 'previous_duplicate'
  | 'previous_mismatch'
  | 'previous_partial'
  | 'previous_missing'
  | 'previous_period_mismatch'
  | 'previous_unmapped'
  | 'rate_out_of_range'
  | 'reader_unavailable'
  | 'reworded_match'
  | 'sheet_not_found'
  | 'sheet_skipped'
  | 'sheets_skipped'
  | 'sheet_without_table'
  | 'skipped_file'
  | 'target_mismatch'
  | 'target_not_in_plan'
  | 'template_blank'
  | 'template_changed'
  | 'template_read'
  | 'template_text_value'
  | 'truncated_sheet'
  | 'unit_ambiguous'
  | 'unit_mismatch'
  | 'unit_slip'
  | 'unknown_aggregation'
  | 'unknown_commune'
  | 'unknown_direction'
  | 'unknown_kind'
  | 'unknown_weight_indicator'
  | 'unreadable_file'
  | 'unreadable_folder'
  | 'unreadable_sheet'
  | 'weight_missing'
  | 'zip_bomb';

/**
 * A problem met while reading or judging. The run goes on. Messages name the place to look.
 * `message` is Vietnamese; `messageEn` the same in English (the JSON report carries `message`
 * in the chosen language).
 */
export interface Issue {
  severity: Severity;
  /** Stable machine code, snake_case: one of IssueCode. */
  code: IssueCode;
  message: string;
  messageEn: string;
  file: string | null;
  sheet: string | null;
  /** A1-style address, e.g. "E12" (no sheet, no $). */
  cell: string | null;
  commune?: string | null;
  indicator?: string | null;
}

// ───────────────────────────── Read results (read/ → core/) ─────────────────────────────

export interface SourceRef {
  file: string;
  sheet: string;
  cell: string;
}

/**
 * A number read from a cell, in the unit of its row, with the cell it came from: in the row's sheet of the
 * report's file (core/values.ts sourceOf makes the SourceRef; no object of its own for each of a run's million values).
 */
export interface ReadValue {
  /** The number; for yes/no indicators: 1 for "Đạt", 0 for "Chưa đạt". null when the cell holds no value ("-", "x", "k/c", empty, error, unreadable). */
  value: number | null;
  /** The cell's raw content as read (text, number, boolean), for display. */
  raw: CellValue;
  /** A1-style address of the cell ("E12"), in the row's sheet. */
  cell: string;
  /** A qualifier found around the number ("trên", "hơn", "gần", "khoảng", "ước"…) or another remark. */
  note?: string;
  /** The value was "Đạt"/"Chưa đạt"/true/false. */
  boolean?: boolean;
  /** The value is a percentage written with "%" ("56,84%" → 56.84). */
  percent?: boolean;
}

/** One indicator row of a commune's table. */
export interface CommuneRow {
  code: string | null;
  /** Name as written, with numbering stripped ("1.1 Thu ngân sách" → "Thu ngân sách"). */
  name: string;
  /** Unit as written in the row (ĐVT), trimmed; null when absent. */
  unit: string | null;
  /** Address of the row's unit cell ("D12"), for messages about the unit. */
  unitCell?: string | null;
  target: ReadValue | null;
  actual: ReadValue | null;
  previous: ReadValue | null;
  /** The row's "Ghi chú" text, if any. */
  note?: string;
  /** "Ước", "ước thực hiện", "ước tính" in the row, its header or the title. */
  estimate: boolean;
  sheet: string;
  /** 1-based row number in the sheet. */
  row: number;
  /** The row is a sub-item of the row above ("- Ngô" under "Sản lượng lương thực"): "Trong đó", "-", "+" before the name with no code. */
  subItem?: boolean;
}

export type PeriodKind = 'month' | 'quarter' | 'half' | 'nine' | 'year';

export interface Period {
  year: number | null;
  /** Months since the start of the year covered (tháng 4 → 4; quý II → 6; 6 tháng → 6; 9 tháng → 9; năm → 12). */
  months: number;
  kind: PeriodKind;
  /** Quarter number for kind 'quarter', month number for 'month'. */
  index?: number;
  /** Vietnamese label: "tháng 4 năm 2020", "quý I năm 2020", "6 tháng đầu năm 2020", "9 tháng năm 2021", "năm 2020". */
  label: string;
  estimate?: boolean;
}

/** One table read from a sheet: where its header is and which columns were taken (A1 letters). */
export interface TableRecord {
  sheet: string;
  /** 1-based header rows: "5" or "5-7". */
  header: string;
  target?: { column: string; header: string };
  actual?: { column: string; header: string };
  previous?: { column: string; header: string };
  /** Value and ratio columns not taken, with their headers ("Quý III", "TH/KH (%)"). */
  passed?: { column: string; header: string; role: string }[];
  /** Indicator rows read. */
  rows: number;
}

/**
 * Every choice made while reading one file that could have gone another way (FORMATS.md "Never silently
 * wrong"): which sheets and tables, which columns, the number style, where the period and the commune came
 * from, units taken from names, reworded names matched to the plan.
 */
export interface ReadingRecord {
  /** Sheets not used, and why: 'hidden' / 'veryHidden' (last year's copy, say), 'no_table', 'empty'. */
  skippedSheets: { sheet: string; why: 'hidden' | 'veryHidden' | 'no_table' | 'empty' }[];
  tables: TableRecord[];
  /** The number style of the file's number texts, and a text showing it (null: no evidence, Vietnamese held). */
  numberStyle: { style: 'vi' | 'en'; evidence: string | null; evidenceCell: string | null; ambiguous: number };
  /** The text the period was read from ("9 tháng năm 2020", "Từ ngày 01/01/2020 đến ngày 30/9/2020"). */
  periodText: string | null;
  /** The text the commune's name was read from (a title, the sheet name, the file name). */
  communeText: string | null;
  /** "Cộng", "Tổng cộng" rows skipped: sheet!cell of their names. */
  totalRows: string[];
  /** Units read from names: sheet!cell, the name without the unit, the unit. */
  unitsFromNames: { cell: string; name: string; unit: string }[];
  /** Rows whose names were matched to a plan indicator by meaning, not spelling (filled by core/). */
  matches?: { cell: string; written: string; indicator: string; score: number }[];
}

export interface CommuneReport {
  /** The file's base name. */
  file: string;
  /** The commune's name as detected (from title, sheet or file name), or null. With a plan, the plan's spelling. */
  commune: string | null;
  communeFrom: 'title' | 'sheet' | 'file' | 'user' | null;
  period: Period | null;
  periodFrom: 'title' | 'header' | 'sheet' | 'file' | 'user' | null;
  /** Names of the sheets whose tables gave rows. */
  sheets: string[];
  rows: CommuneRow[];
  issues: Issue[];
  /** The record of the reader's choices for this file. */
  reading?: ReadingRecord;
}

// ───────────────────────────── Plan ─────────────────────────────

export type Aggregation =
  | { kind: 'sum' }
  | { kind: 'mean' }
  | { kind: 'weighted'; by: string }
  | { kind: 'count_met' }
  | { kind: 'max' }
  | { kind: 'min' }
  | { kind: 'none' };

export type Direction = 'up' | 'down';
export type IndicatorKind = 'flow' | 'level';

export interface PlanIndicator {
  /** "KT01"; null when the plan has no code for it (then the folded name is the key). */
  code: string | null;
  name: string;
  unit: string;
  aggregation: Aggregation;
  direction: Direction;
  kind: IndicatorKind;
  /** The parent's own target ("Toàn huyện" column); null when empty. */
  parentTarget: number | null;
  /**
   * Target per commune, in the order of the plan's `communes` (targets[i] is communes[i]'s). Empty → null; a
   * commune beyond the array's end has none (null). An array, not an object keyed by name: a country's plan
   * has 3,321 communes × 80 indicators, and objects of thousands of keys cost ten times more to make.
   */
  targets: (number | null)[];
  /** Where the row is: file, sheet, cell of the name. */
  source: SourceRef | null;
  /** The second parent target ("Tỉnh giao" column), when the plan has one; null when its cell is empty. */
  secondTarget?: number | null;
  /** The plan's section the row is under ("I. KINH TẾ"), when the plan has section rows. */
  section?: string | null;
}

export interface Plan {
  file: string;
  sheet: string;
  /** The parent column's header: "Toàn huyện", "Toàn tỉnh", "Tổng", ... or null. */
  parentLabel: string | null;
  /** Commune names from the plan's commune columns, in order. */
  communes: string[];
  indicators: PlanIndicator[];
  /** Year in the plan's title or sheet name, if any. */
  year: number | null;
  issues: Issue[];
  /** Header of the optional second parent target column ("Tỉnh giao", "KH tỉnh giao", "Dự toán tỉnh giao"). */
  secondLabel?: string | null;
  /** The issuing body named in the plan's title cells ("Đơn vị: UBND huyện Thanh Liêm" → "UBND huyện Thanh Liêm"). */
  issuer?: string | null;
  /** The optional sheet "Sáp nhập": one row per old commune, with the new commune (plan spelling) it was merged into. */
  merger?: MergerRow[];
}

/** One row of the plan's "Sáp nhập" sheet: an old commune ("Đơn vị cũ") merged into a new one ("Đơn vị mới"). */
export interface MergerRow {
  /** The new commune as the plan names it (the plan's spelling when it is a plan commune). */
  newName: string;
  /** The old commune as written. */
  oldName: string;
  /** The cell of "Đơn vị cũ". */
  source: SourceRef;
}

/**
 * Last year's figures given beside this year's files (FORMATS.md "Last year's files and the 2025 merger"): one unit's
 * table of last year, whose actuals are this year's previous values. Made from a commune report of last year, a
 * consolidated workbook written by tonghop (one per unit of its "Chi tiết xã" sheet), or a plain parent-level table.
 */
export interface PreviousReport {
  file: string;
  /** The unit (an old or new commune) as read; null for the parent (a parent-level table, or the parent of a consolidated workbook). */
  commune: string | null;
  kind: 'report' | 'consolidated' | 'table';
  period: Period | null;
  /** Rows whose `actual` is last year's figure (target and previous unused). */
  rows: CommuneRow[];
  issues: Issue[];
}

/** Where a previous value ("Cùng kỳ") came from. */
export interface PreviousSource {
  /**
   * own: the commune's own "Cùng kỳ" column; file: last year's file of the same unit; merged: combined from the old
   * communes' values of last year; combined: the parent's, combined from its communes' previous values.
   */
  kind: 'own' | 'file' | 'merged' | 'combined';
  /** own / file: the cell read. */
  source?: SourceRef | null;
  /** merged: each old commune with its value (in the indicator's unit) and the cell it was read from. */
  from?: { commune: string; value: number | null; source: SourceRef | null }[];
  /** merged: old communes mapped to this one with no value of last year. */
  missing?: string[];
  /** own: the value in last year's files, when they give one too. */
  files?: number | null;
}

// ───────────────────────────── Report (core/ → write/, JSON) ─────────────────────────────

export type Status = 'met' | 'on_track' | 'behind' | 'no_target' | 'no_data';

export interface CommuneResult {
  commune: string;
  target: number | null;
  actual: number | null;
  completionPct: number | null;
  expectedPct: number;
  status: Status;
  /** Only where status is "behind". */
  gap?: number;
  previous?: number | null;
  changePct?: number | null;
  /** Where the previous value came from (only when there is one). */
  previousSource?: PreviousSource;
  /** Where the actual came from. */
  source?: SourceRef | null;
  note?: string;
  estimate?: boolean;
}

export interface IndicatorResult {
  code: string | null;
  name: string;
  unit: string;
  /** Vietnamese label of the aggregation as in the plan: "Tổng", "Bình quân", "Bình quân theo XH01", "Số xã đạt", "Lớn nhất", "Nhỏ nhất", "Không". */
  aggregation: string;
  /** "Tăng" | "Giảm" */
  direction: string;
  /** "Lũy kế" | "Thời điểm" */
  kind: string;
  target: number | null;
  actual: number | null;
  completionPct: number | null;
  expectedPct: number;
  previous: number | null;
  changePct: number | null;
  /** Where the parent's previous value came from (only when there is one). */
  previousSource?: PreviousSource;
  status: Status;
  gap?: number;
  /** Number of communes whose status is "behind". */
  behindCount: number;
  /** Number of communes that reported an actual. */
  reportedCount: number;
  communes: CommuneResult[];
  /** Every target of the parent with its completion, the main one first; only when the plan has a second target. */
  targets?: TargetResult[];
  /** The plan's section ("I. KINH TẾ"), when the plan has section rows. */
  section?: string | null;
  /** Every commune's actual was an estimate ("ước"). */
  estimate?: boolean;
}

/** One target of the parent: the plan column's label, the target, the completion against it. */
export interface TargetResult {
  label: string;
  target: number | null;
  completionPct: number | null;
}

export interface Shortfall {
  /** null for the parent itself. */
  commune: string | null;
  code: string | null;
  name: string;
  unit: string;
  actual: number;
  target: number;
  completionPct: number;
  expectedPct: number;
  gap: number;
}

export interface ReportCommune {
  name: string;
  file: string | null;
  period?: string | null;
  sheets?: string[];
  /** Number of values read from the file (actual/target/previous cells with a number). */
  values?: number;
  /** Number of issues naming this file. */
  issues?: number;
  /** false for a commune of the plan with no file. */
  reported?: boolean;
  /** How the file was read: every choice that could have gone another way. */
  reading?: ReadingRecord;
}

/** Every input file and what became of it: used as a commune's report, not used (another period, a duplicate, no commune),
 *  unreadable, or skipped before reading (tonghop's own output, a lock or hidden file, not a regular file…). */
export interface ReportFile {
  file: string;
  /** The commune the file was read as; null when unreadable. */
  commune: string | null;
  status: 'used' | 'not_used' | 'unreadable' | 'skipped';
  /** Issues naming the file. */
  issues: number;
}

export interface Report {
  period: { year: number | null; months: number; label: string };
  /** "Toàn huyện", "Toàn tỉnh", ... (the plan's parent column header, or "Toàn đơn vị"). */
  parent: string;
  /** ISO date-time the report was made. */
  generatedAt: string;
  plan: { file: string | null; sheet: string | null } | null;
  communes: ReportCommune[];
  /** Every input file, readable or not (FORMATS.md: a file that cannot be read is never a commune). */
  files?: ReportFile[];
  indicators: IndicatorResult[];
  shortfalls: Shortfall[];
  issues: Issue[];
  /** The issuing body of the narrative and the official heading ("UBND huyện Thanh Liêm"): the user's, else the plan's. */
  issuer?: string | null;
  /** Last year's files (issue 11), each unit read from them and whether its figures were used; only when some were given. */
  previousFiles?: PreviousFileRecord[];
}

/** One unit read from last year's files: the file, the unit (null: the parent), how it was read, whether it was used. */
export interface PreviousFileRecord {
  file: string;
  unit: string | null;
  kind: PreviousReport['kind'];
  period: string | null;
  used: boolean;
}

// ───────────────────────────── SheetSpec (write/ → adapters) ─────────────────────────────

export type Lang = 'vi' | 'en';

export type SpecValue = string | number | boolean | null;

/**
 * One output cell. `v` is the value (for a formula: its cached result). `f` a formula without "=".
 * `text: true` marks text that came from input files: adapters must write it so it is never taken
 * for a formula (exceljs: a plain string; Excel API: number format "@" or a leading apostrophe).
 */
export interface SpecCell {
  v: SpecValue;
  f?: string;
  text?: boolean;
  /** Number format, Excel syntax: '#,##0.0', '0.0"%"' ... */
  fmt?: string;
  /** Name of a style in the sheet's `styles`. */
  style?: string;
}

export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  /** Font size in points. */
  size?: number;
  /** Font colour "RRGGBB". */
  color?: string;
  /** Fill colour "RRGGBB". */
  fill?: string;
  hAlign?: 'left' | 'center' | 'right';
  vAlign?: 'top' | 'middle' | 'bottom';
  wrap?: boolean;
  border?: boolean;
  /** Font name (default: the workbook's, Calibri). */
  font?: string;
  /** The cell stays editable when its sheet is protected (SheetSpec.protect): an input cell of a template. */
  unlocked?: boolean;
}

/** Data validation of input cells (a template's): a number range or a list, with the input message shown on entry. */
export interface DataValidationSpec {
  /** A1 ranges separated by spaces ("F8:G8 F10"). */
  range: string;
  type: 'decimal' | 'list';
  /** decimal: value ≥ min (max absent) or min ≤ value ≤ max. */
  min?: number;
  max?: number;
  /** list: the choices ("Đạt", "Chưa đạt"). */
  list?: string[];
  /** Input message (title ≤ 32 characters, text ≤ 255). */
  promptTitle?: string;
  prompt?: string;
  errorTitle?: string;
  error?: string;
  /** 'stop' refuses other values; 'warning' (the default) asks; 'information' tells. */
  errorStyle?: 'stop' | 'warning' | 'information';
}

export interface ConditionalFormatSpec {
  /** A1 range, e.g. "G5:G40". */
  range: string;
  /** cellIs: compare to a number; dataBar: a data bar. */
  type: 'cellIs' | 'dataBar';
  operator?: 'lessThan' | 'greaterThanOrEqual' | 'between' | 'equal';
  formula?: string;
  fill?: string;
  color?: string;
}

export interface ChartSpec {
  type: 'bar';
  title: string;
  /** A1 ranges on the same sheet. */
  categories: string;
  values: string;
  /** Where to put it: top-left cell. */
  anchor: string;
  /** A second series (the expected progress of the period), same rows as `values`; the .xlsx writer draws it beside. */
  expected?: string;
  /** Names of the two series ("% KH", "Tiến độ yêu cầu (%)"). */
  names?: [string, string];
}

export interface SheetSpec {
  /** Stable role of the sheet: "summary", "detail", "shortfalls", "issues", "sources". */
  key: string;
  /** The name wanted ("Tổng hợp", "Chi tiết xã", ...). Adapters choose a free name if taken. */
  name: string;
  /** Dense rows starting at A1; null = empty cell. */
  rows: (SpecCell | null)[][];
  /** Column widths in characters, from column A. */
  widths: number[];
  merges: string[];
  styles: Record<string, CellStyle>;
  /** Rows (1-based) of the header that print on every page and that are frozen. */
  headerRows?: { first: number; last: number };
  freeze?: { rows: number; cols: number };
  conditionalFormats?: ConditionalFormatSpec[];
  print?: {
    orientation: 'landscape' | 'portrait';
    paper: 'A4';
    /** Scale the columns to one page width (only where that keeps the text at 8 pt or more). */
    fitToWidth?: boolean;
    /** Columns (1-based) repeated at the left of every printed page. */
    titleCols?: { first: number; last: number };
    /** Only this A1 range prints. */
    area?: string;
    /** Page margins in millimetres. */
    margins?: { top: number; bottom: number; left: number; right: number };
    /** Page numbers in the footer ("Trang 2/5"); the word before the numbers. */
    pageWord?: string;
    /** Print scale in % (10–400), instead of fitting to the width: chosen so that no text prints under 8 pt. */
    scale?: number;
  };
  /** Row heights in points, by 0-based row (null: automatic). Set where wrapped text needs more than one line. */
  rowHeights?: (number | null)[];
  chart?: ChartSpec;
  /** Protect the sheet without a password: only cells styled `unlocked` can be edited (Review › Unprotect Sheet lifts it). */
  protect?: boolean;
  /** Data validation of cells. */
  validations?: DataValidationSpec[];
  /** The sheet's state in the workbook: 'veryHidden' sheets are shown only by code (a template's marker sheet). */
  state?: 'hidden' | 'veryHidden';
}

/**
 * A sheet's rows made one at a time as they are written, so that a long sheet's cells are never all in memory
 * at once (the detail and shortfalls sheets of thousands of communes: a million cells).
 */
export interface RowStream {
  /** How many rows. */
  length: number;
  /** Row r (0-based) with its height in points (null: automatic). Asked once for each row, in order. */
  row(r: number): { cells: (SpecCell | null)[]; height: number | null };
  /** Called after the last row: what depends on every row (the print scale) is then set on the sheet. */
  end(): void;
}

/** A SheetSpec whose rows are made as they are written: only writeXlsx takes one (buildSheetsForWriting). */
export interface StreamedSheetSpec extends Omit<SheetSpec, 'rows' | 'rowHeights' | 'chart'> {
  rows: RowStream;
}

/** What writeXlsx writes: a sheet at hand, or one made as it is written. */
export type WritableSheet = SheetSpec | StreamedSheetSpec;
