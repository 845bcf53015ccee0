/**
 * The Excel test double and the adapters checked against Microsoft's declarations (@types/office-js), so
 * the double cannot drift from the real API unnoticed (issue 12).
 *
 * The adapters (src/excel-api) write a whole report and read sheets back on the double at ExcelApi 1.4,
 * 1.7, 1.9, 1.13 and 1.17; every call the double recorded — its object path, member and loaded
 * properties — is resolved against the classes of `declare namespace Excel` in index.d.ts, parsed with the
 * TypeScript compiler API. Each must exist there, and the API set Microsoft gives it ("[Api set: ExcelApi
 * 1.x]"), over the whole path, must be at most the set the run had: an ungated call above the set fails
 * here even if the double forgot to gate it. And the double must fail each call at least where Microsoft
 * says the member is missing (and never above its path's set).
 *
 * (office-addin-mock was considered: its OfficeMockObject applies writes at once instead of at sync,
 * knows no API sets, no payload limits, no *OrNullObject, and cannot load navigational properties of
 * collections ("items/name" throws), which is how every adapter lists sheets — it could not run this code.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { gridsFromOpenWorkbook, listSheetInfo, selectCell } from '../../src/excel-api/read';
import { writeSheetsToExcel } from '../../src/excel-api/write';
import { buildSheets } from '../../src/write/sheets';
import { makeReport } from '../write/fixture';
import { ExcelDouble, type CallRecord } from './excel-double';

interface Member {
  /** Excel class the member's value is (element class for arrays), when it is one. */
  type: string | null;
  /** ExcelApi minor version; 99 for members only in ExcelApiDesktop / ExcelApiOnline / preview. */
  api: number;
  /** When setting needs a later set than reading ("1.1 for reading visibility; 1.2 for setting it"). */
  setApi?: number;
}

function declarations(): Map<string, Map<string, Member>> {
  const file = path.join(__dirname, '../../node_modules/@types/office-js/index.d.ts');
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const classes = new Map<string, Map<string, Member>>();
  const typeName = (t: ts.TypeNode | undefined): string | null => {
    if (!t) return null;
    if (ts.isArrayTypeNode(t)) return typeName(t.elementType);
    if (ts.isTypeReferenceNode(t)) {
      const m = /^(?:Excel\.)?([A-Za-z]+)$/.exec(t.typeName.getText(src));
      return m ? m[1] : null;
    }
    return null;
  };
  const setApiOf = (n: ts.Node): number | undefined => {
    const m = /\[Api set: ExcelApi \d+\.\d+ for reading[^;\]]*; (\d+)\.(\d+) for setting/.exec(n.getFullText(src));
    return m ? Number(m[2]) : undefined;
  };
  const apiOf = (n: ts.Node): number => {
    const text = n.getFullText(src);
    const m = /\[Api set: ExcelApi (\d+)\.(\d+)/.exec(text);
    if (m) return Number(m[2]);
    return /\[Api set: /.test(text) ? 99 : 1; // another set (ExcelApiOnline, ExcelApiDesktop…), or none (load, context…)
  };
  for (const st of src.statements) {
    if (!ts.isModuleDeclaration(st) || st.name.getText(src) !== 'Excel' || !st.body || !ts.isModuleBlock(st.body)) continue;
    for (const c of st.body.statements) {
      if (!ts.isClassDeclaration(c) || !c.name) continue;
      const members = classes.get(c.name.text) ?? new Map<string, Member>();
      classes.set(c.name.text, members);
      for (const m of c.members) {
        if (!m.name || !(ts.isPropertyDeclaration(m) || ts.isMethodDeclaration(m) || ts.isGetAccessor(m))) continue;
        const name = m.name.getText(src);
        const member: Member = { type: typeName(ts.isMethodDeclaration(m) ? m.type : (m as ts.PropertyDeclaration).type), api: apiOf(m) };
        const setApi = setApiOf(m);
        if (setApi) member.setApi = setApi;
        const prev = members.get(name);
        // overloads: the lowest set, the class they return
        if (!prev || member.api < prev.api) members.set(name, { ...member, type: member.type ?? prev?.type ?? null });
      }
    }
  }
  return classes;
}

/** "worksheets.getItem(\"a.b\").getRange(\"A1\").format" → ["worksheets", "getItem", "getRange", "format"]. */
function segments(p: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quote = false;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (quote) { if (ch === '\\') i++; else if (ch === '"') quote = false; continue; }
    if (ch === '"') { quote = true; continue; }
    if (ch === '(') { depth++; continue; }
    if (ch === ')') { depth--; continue; }
    if (depth > 0) continue;
    if (ch === '.') { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

const BORDER_INDEX = new Set(['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal']);

describe('the Excel test double and the adapters against @types/office-js', () => {
  const dts = declarations();

  /** The class a path leads to and the highest API set on the way; throws naming what is not declared. */
  function walk(names: string[], start = 'RequestContext', setting = false): { cls: string; api: number; apis: { member: string; api: number }[] } {
    let cls = start;
    let api = 1;
    const apis: { member: string; api: number }[] = [];
    for (const raw of names) {
      const name = BORDER_INDEX.has(raw) && cls === 'RangeBorderCollection' ? 'getItem' : raw;
      let m = dts.get(cls)?.get(name);
      // a collection's load('items/x') reaches its items' property x (the double records it as 'x')
      const items = dts.get(cls)?.get('items');
      if (!m && items?.type) {
        m = dts.get(items.type)?.get(name);
        if (m) cls = items.type;
      }
      if (!m) throw new Error(`Excel.${cls} has no member '${name}' in @types/office-js`);
      const needs = setting && raw === names[names.length - 1] && m.setApi ? m.setApi : m.api;
      api = Math.max(api, needs);
      apis.push({ member: `${cls}.${name}`, api: needs });
      if (m.type && dts.has(m.type)) cls = m.type;
    }
    return { cls, api, apis };
  }

  function check(calls: CallRecord[], minor: number, gates: string[]) {
    for (const c of calls) {
      const base = segments(c.path);
      const root = base[0] === 'worksheets' ? ['workbook', ...base] : base;
      if (c.kind === 'load') {
        const at = walk(root);
        for (const prop of (c.args[0] as string[]) ?? []) {
          const w = walk(prop.split('/'), at.cls);
          expect(Math.max(at.api, w.api), `${c.path}.load('${prop}') at ExcelApi 1.${minor}`).toBeLessThanOrEqual(minor);
        }
        continue;
      }
      const w = walk([...root, ...c.name.split('.')], 'RequestContext', c.kind === 'set');
      expect(w.api, `${c.path}.${c.name} (${w.apis.filter((a) => a.api > minor).map((a) => `${a.member}: 1.${a.api}`).join(', ')}) at ExcelApi 1.${minor}`).toBeLessThanOrEqual(minor);
      // the double fails the call at least where the member itself is missing, and never above the path's set
      const own = w.apis[w.apis.length - 1];
      const gate = c.minApi ?? 1;
      if (gate < own.api || gate > w.api) gates.push(`${own.member} (declared 1.${own.api}, path 1.${w.api}): the double's gate 1.${gate}`);
    }
  }

  it('every call and load of a write, a re-run, a read and the pane helpers is declared, within the API set of the run', async () => {
    const specs = buildSheets(makeReport(), 'vi');
    const gates: string[] = [];
    let seen = 0;
    // the manifest's minimum set is one of those run here
    const manifest = fs.readFileSync(path.join(__dirname, '../../manifest.xml'), 'utf8');
    const min = Number(/<Set Name="ExcelApi" MinVersion="1\.(\d+)"\/>/.exec(manifest)?.[1]);
    expect([4, 7, 9, 13, 17]).toContain(min);
    for (const minor of [4, 7, 9, 13, 17]) {
      const xl = new ExcelDouble({ apiVersion: `1.${minor}` });
      xl.addSheet('Dữ liệu', [['Chỉ tiêu', null], ['Thu', 5]], { merges: ['A1:B1'] });
      const restore = xl.installGlobals();
      try {
        await writeSheetsToExcel(xl.context, specs, { runKey: 'k', replace: 'replace' });
        await writeSheetsToExcel(xl.context, specs, { runKey: 'k', replace: 'replace' });
        await gridsFromOpenWorkbook(xl.context, { sheets: ['Dữ liệu'] });
        await listSheetInfo(xl.context);
        await selectCell(xl.context, 'Dữ liệu', 'B2');
      } finally {
        restore();
      }
      expect(xl.syncs.every((s) => !s.error)).toBe(true);
      check(xl.calls, minor, gates);
      seen += xl.calls.length;
    }
    expect(seen).toBeGreaterThan(100);
    // The double gates each member as Microsoft declares it.
    expect([...new Set(gates)]).toEqual([]);
  }, 60_000);

  it('finds a member the API does not have, and a call above the run\'s set', () => {
    expect(() => walk(['workbook', 'worksheets', 'getItem', 'getRange', 'format', 'fill', 'colour'])).toThrow(/RangeFill has no member 'colour'/);
    expect(walk(['workbook', 'worksheets', 'getItem', 'pageLayout', 'setPrintTitleColumns']).api).toBe(9);
    expect(walk(['workbook', 'worksheets', 'getItem', 'getRanges']).api).toBe(9);
    expect(walk(['workbook', 'worksheets', 'getItem', 'getRange', 'conditionalFormats', 'add', 'custom', 'rule', 'formula']).api).toBe(6);
  });
});
