/**
 * Ranges' formats in the Excel test double (excel-double.ts): RangeAreas, format, fill, font, borders.
 */
import type { ExcelDouble, WorksheetProxy } from './excel-double';
import { ClientProxy, ExcelDoubleError, hex, parseLoad, quoteSheet, rectAddress, type Bound, type CellState, type Rect } from './excel-double-core';

export class RangeAreasProxy extends ClientProxy {
  readonly format: FormatProxy;
  private _bound: Rect[] | null | undefined;
  private _isNull: boolean | undefined;
  constructor(d: ExcelDouble, path: string, private readonly _ws: WorksheetProxy, private readonly finder: () => Rect[] | null, private readonly orNull: boolean, private readonly minMinor: number) {
    super(d, path);
    this.format = new FormatProxy(d, `${path}.format`, () => this._target(), minMinor);
  }
  _resolveNullable(): Rect[] | null {
    if (this._bound === undefined) this._bound = this.finder();
    this._isNull = !this._bound;
    return this._bound;
  }
  _target(): Bound[] {
    const sheet = this._ws._sheet();
    if (this._bound === undefined) this._bound = this.finder();
    if (!this._bound) throw new ExcelDoubleError('InvalidObjectPath', `${this._path} is a null object`);
    return this._bound.map((rect) => ({ sheet, rect }));
  }
  get isNullObject(): boolean {
    if (this._isNull === undefined) throw new ExcelDoubleError('PropertyNotLoaded', `isNullObject of ${this._path} is known only after context.sync()`);
    return this._isNull;
  }
  protected _scalars() {
    return {
      address: () => this._target().map((b) => `${quoteSheet(b.sheet.name)}!${rectAddress(b.rect)}`).join(', '),
      areaCount: () => this._target().length,
    };
  }
  load(props?: unknown): this {
    if (this.orNull) {
      // Loading a null object is allowed; its properties stay unavailable.
      const wanted = parseLoad(props);
      this._d.enqueue(this._path, 'load', 'load', [wanted], () => {
        if (!this._resolveNullable()) return;
        const all = this._scalars();
        const snap: Record<string, unknown> = {};
        for (const n of wanted.length ? wanted : Object.keys(all)) {
          if (!(n in all)) throw new ExcelDoubleError('InvalidArgument', `cannot load '${n}'`);
          snap[n] = (all as Record<string, () => unknown>)[n]();
        }
        this._d.countResponse(snap);
        this._loaded = snap;
      }, this.minMinor);
      return this;
    }
    return super.load(props);
  }
  get address(): string { return this._get('address'); }
  get areaCount(): number { return this._get('areaCount'); }
}

export class FormatProxy extends ClientProxy {
  readonly fill: FillProxy;
  readonly font: FontProxy;
  readonly borders: BordersProxy;
  constructor(d: ExcelDouble, path: string, readonly _targets: () => Bound[], readonly _minMinor = 1) {
    super(d, path);
    this.fill = new FillProxy(d, `${path}.fill`, this);
    this.font = new FontProxy(d, `${path}.font`, this);
    this.borders = new BordersProxy(d, `${path}.borders`, this);
  }
  /** Apply f to every cell of the targets (creating cells). */
  _each(f: (cell: CellState, r: number, c: number, rect: Rect) => void): void {
    for (const { sheet, rect } of this._targets()) {
      if ((rect.r2 - rect.r1 + 1) * (rect.c2 - rect.c1 + 1) > 2_000_000) continue; // whole columns/rows: not tracked per cell
      for (let r = rect.r1; r <= rect.r2; r++) for (let c = rect.c1; c <= rect.c2; c++) f(this._d.cellAt(sheet, r, c, true)!, r, c, rect);
    }
  }
  _set(name: string, v: unknown, apply: () => void, minMinor = 1): void {
    this._d.enqueue(this._path, 'set', name, [v], apply, Math.max(minMinor, this._minMinor));
  }
  set horizontalAlignment(v: string) { this._set('horizontalAlignment', v, () => this._each((c) => { c.format.hAlign = v; })); }
  set verticalAlignment(v: string) { this._set('verticalAlignment', v, () => this._each((c) => { c.format.vAlign = v; })); }
  set wrapText(v: boolean) { this._set('wrapText', v, () => this._each((c) => { c.format.wrap = v; })); }
  set columnWidth(v: number) {
    this._set('columnWidth', v, () => { for (const { sheet, rect } of this._targets()) for (let c = rect.c1; c <= rect.c2; c++) sheet.columnWidths.set(c, v); }, 2);
  }
  set rowHeight(v: number) {
    this._set('rowHeight', v, () => { for (const { sheet, rect } of this._targets()) for (let r = rect.r1; r <= rect.r2; r++) sheet.rowHeights.set(r, v); }, 2);
  }
  autofitColumns(): void {
    this._d.enqueue(this._path, 'call', 'autofitColumns', [], () => undefined, Math.max(2, this._minMinor));
  }
}

class FillProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly f: FormatProxy) { super(d, path); }
  set color(v: string) { this.f._set('fill.color', v, () => this.f._each((c) => { c.format.fill = hex(v); })); }
  clear(): void { this._d.enqueue(this._path, 'call', 'clear', [], () => this.f._each((c) => { delete c.format.fill; }), this.f._minMinor); }
}

class FontProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly f: FormatProxy) { super(d, path); }
  set bold(v: boolean) { this.f._set('font.bold', v, () => this.f._each((c) => { c.format.bold = v; })); }
  set italic(v: boolean) { this.f._set('font.italic', v, () => this.f._each((c) => { c.format.italic = v; })); }
  set size(v: number) { this.f._set('font.size', v, () => this.f._each((c) => { c.format.size = v; })); }
  set color(v: string) { this.f._set('font.color', v, () => this.f._each((c) => { c.format.color = hex(v); })); }
  set name(v: string) { this.f._set('font.name', v, () => this.f._each((c) => { c.format.fontName = v; })); }
}

const EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal'];

class BordersProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly f: FormatProxy) { super(d, path); }
  getItem(index: string): BorderProxy {
    if (!EDGES.includes(index) && !['DiagonalDown', 'DiagonalUp'].includes(index)) throw new ExcelDoubleError('InvalidArgument', `border ${index}`);
    return new BorderProxy(this._d, `${this._path}.getItem(${JSON.stringify(index)})`, this.f, index);
  }
}

class BorderProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly f: FormatProxy, private readonly edge: string) { super(d, path); }
  set style(v: string) {
    this.f._set(`borders.${this.edge}.style`, v, () =>
      this.f._each((c, r, col, rect) => {
        const b = (c.format.borders ??= {});
        const on = v === 'None' ? undefined : v;
        switch (this.edge) {
          case 'EdgeTop': if (r === rect.r1) b.top = on; break;
          case 'EdgeBottom': if (r === rect.r2) b.bottom = on; break;
          case 'EdgeLeft': if (col === rect.c1) b.left = on; break;
          case 'EdgeRight': if (col === rect.c2) b.right = on; break;
          case 'InsideHorizontal': if (r > rect.r1) b.top = on; if (r < rect.r2) b.bottom = on; break;
          case 'InsideVertical': if (col > rect.c1) b.left = on; if (col < rect.c2) b.right = on; break;
        }
      }),
    );
  }
  set color(v: string) { this.f._set(`borders.${this.edge}.color`, v, () => undefined); }
  set weight(v: string) { this.f._set(`borders.${this.edge}.weight`, v, () => undefined); }
}
