/**
 * The parts of a worksheet that make it a form to fill in, for the .xlsx writer (write.ts): sheet protection
 * without a password, the protection of a cell format (unlocked input cells), data validation with its input
 * message, and the sheet state (a very hidden marker sheet). Pure string builders: write.ts places them.
 *
 * OOXML order inside <worksheet>: … sheetData, sheetProtection, … mergeCells, conditionalFormatting,
 * dataValidations, … pageMargins, pageSetup … — write.ts puts sheetProtectionXml right after </sheetData>
 * and dataValidationsXml after the conditional formats.
 */
import type { CellStyle, DataValidationSpec, SheetSpec } from '../types';

const ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

function attr(s: string, max: number): string {
  return [...String(s ?? '').replace(ILLEGAL, '')]
    .slice(0, max)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;');
}

/** <sheetProtection> without a password: every locked cell is read-only; columns and rows may still be resized. */
export function sheetProtectionXml(spec: Pick<SheetSpec, 'protect'>): string {
  return spec.protect ? '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" formatRows="0"/>' : '';
}

/** The xf's protection element and its apply flag for a style ('' for the default, locked). */
export function xfProtection(st: CellStyle | undefined): { key: string; xml: string; apply: string } {
  return st?.unlocked ? { key: 'u', xml: '<protection locked="0"/>', apply: ' applyProtection="1"' } : { key: '', xml: '', apply: '' };
}

const RANGE = /^\$?[A-Za-z]{1,3}\$?\d{1,7}(?::\$?[A-Za-z]{1,3}\$?\d{1,7})?$/;

function num(v: unknown): string | null {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
}

function validationXml(v: DataValidationSpec): string {
  if (!v || typeof v !== 'object') return '';
  const parts = String(v.range ?? '').trim().split(/\s+/).filter((p) => RANGE.test(p));
  if (!parts.length) return '';
  const sqref = parts.map((p) => p.replace(/\$/g, '').toUpperCase()).join(' ');
  let head: string;
  let formulas: string;
  if (v.type === 'list') {
    const items = (v.list ?? []).map((x) => String(x).replace(/[",]/g, ' ').replace(ILLEGAL, '').trim()).filter(Boolean);
    if (!items.length) return '';
    head = 'type="list"';
    formulas = `<formula1>"${attr(items.join(','), 250).replace(/&quot;/g, '"')}"</formula1>`;
  } else if (v.type === 'decimal') {
    const min = num(v.min) ?? '0';
    const max = num(v.max);
    head = max !== null ? 'type="decimal" operator="between"' : 'type="decimal" operator="greaterThanOrEqual"';
    formulas = `<formula1>${min}</formula1>${max !== null ? `<formula2>${max}</formula2>` : ''}`;
  } else return '';
  const style = v.errorStyle === 'stop' ? '' : ` errorStyle="${v.errorStyle === 'information' ? 'information' : 'warning'}"`;
  const msg =
    (v.promptTitle ? ` promptTitle="${attr(v.promptTitle, 32)}"` : '') +
    (v.prompt ? ` prompt="${attr(v.prompt, 255)}"` : '') +
    (v.errorTitle ? ` errorTitle="${attr(v.errorTitle, 32)}"` : '') +
    (v.error ? ` error="${attr(v.error, 225)}"` : '');
  return `<dataValidation ${head}${style} allowBlank="1" showInputMessage="1" showErrorMessage="1"${msg} sqref="${sqref}">${formulas}</dataValidation>`;
}

/** <dataValidations> of a sheet ('' when it has none). */
export function dataValidationsXml(spec: Pick<SheetSpec, 'validations'>): string {
  const list = Array.isArray(spec.validations) ? spec.validations.map(validationXml).filter(Boolean) : [];
  return list.length ? `<dataValidations count="${list.length}">${list.join('')}</dataValidations>` : '';
}

/** The state attribute of a <sheet> in workbook.xml ('' when visible). */
export function sheetStateAttr(spec: Pick<SheetSpec, 'state'>): string {
  return spec.state === 'hidden' || spec.state === 'veryHidden' ? ` state="${spec.state}"` : '';
}
