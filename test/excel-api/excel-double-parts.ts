/**
 * The worksheet's parts in the Excel test double (excel-double.ts): conditional formats, frozen panes,
 * page layout, custom properties and charts.
 */
import type { ExcelDouble, RangeProxy, WorksheetProxy } from './excel-double';
import { ClientProxy, ExcelDoubleError, hex, parseLoad, parseRef, rectAddress, type ChartSeriesState, type ChartState, type ConditionalFormatState, type PageLayoutState } from './excel-double-core';

const CF_TYPES = ['Custom', 'DataBar', 'ColorScale', 'IconSet', 'TopBottom', 'PresetCriteria', 'ContainsText', 'CellValue'];

export class ConditionalFormatCollectionProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly range: RangeProxy) { super(d, path); }
  add(type: string): ConditionalFormatProxy {
    const state: ConditionalFormatState = { type, range: '' };
    this._d.enqueue(this._path, 'call', 'add', [type], () => {
      if (!CF_TYPES.includes(type)) throw new ExcelDoubleError('InvalidArgument', `conditional format type ${type}`);
      const [{ sheet, rect }] = this.range._target();
      state.range = rectAddress(rect);
      sheet.conditionalFormats.push(state);
    }, 6);
    return new ConditionalFormatProxy(this._d, `${this._path}.add(${JSON.stringify(type)})`, state);
  }
}

class ConditionalFormatProxy extends ClientProxy {
  readonly cellValue: { format: { fill: { color: string }; font: { color: string; bold: boolean } }; rule: unknown };
  readonly dataBar: { barDirection: string; showDataBarOnly: boolean; positiveFormat: { fillColor: string; gradientFill: boolean; borderColor: string } };
  readonly custom: { rule: { formula: string }; format: { fill: { color: string }; font: { color: string; bold: boolean; italic: boolean } } };
  constructor(d: ExcelDouble, path: string, state: ConditionalFormatState) {
    super(d, path);
    const set = (name: string, v: unknown, f: () => void) => d.enqueue(path, 'set', name, [v], f, 6);
    const customOnly = (f: () => void) => () => {
      if (state.type !== 'Custom') throw new ExcelDoubleError('InvalidOperation', 'custom of a non-Custom conditional format');
      f();
    };
    const notLoaded = (n: string): never => { throw new ExcelDoubleError('PropertyNotLoaded', n); };
    this.custom = {
      rule: {
        set formula(v: string) {
          set('custom.rule.formula', v, customOnly(() => {
            if (typeof v !== 'string' || !v.startsWith('=') || v.length > 8192) throw new ExcelDoubleError('InvalidArgument', 'conditional format formula');
            state.formula = v;
          }));
        },
        get formula(): string { return notLoaded('formula'); },
      },
      format: {
        fill: { set color(v: string) { set('custom.format.fill.color', v, customOnly(() => { state.fill = hex(v); })); }, get color(): string { return notLoaded('fill.color'); } },
        font: {
          set color(v: string) { set('custom.format.font.color', v, customOnly(() => { state.fontColor = hex(v); })); }, get color(): string { return notLoaded('font.color'); },
          set bold(v: boolean) { set('custom.format.font.bold', v, customOnly(() => { state.bold = v; })); }, get bold(): boolean { return notLoaded('font.bold'); },
          set italic(v: boolean) { set('custom.format.font.italic', v, customOnly(() => { state.italic = v; })); }, get italic(): boolean { return notLoaded('font.italic'); },
        },
      },
    };
    this.cellValue = {
      format: {
        fill: { set color(v: string) { set('cellValue.format.fill.color', v, () => { state.fill = hex(v); }); }, get color(): string { throw new ExcelDoubleError('PropertyNotLoaded', 'fill.color'); } },
        font: {
          set color(v: string) { set('cellValue.format.font.color', v, () => { state.fontColor = hex(v); }); }, get color(): string { throw new ExcelDoubleError('PropertyNotLoaded', 'font.color'); },
          set bold(v: boolean) { set('cellValue.format.font.bold', v, () => { state.bold = v; }); }, get bold(): boolean { throw new ExcelDoubleError('PropertyNotLoaded', 'font.bold'); },
        },
      },
      set rule(v: unknown) {
        set('cellValue.rule', v, () => {
          if (state.type !== 'CellValue') throw new ExcelDoubleError('InvalidOperation', 'cellValue of a non-CellValue conditional format');
          state.rule = { ...(v as object) };
        });
      },
      get rule(): unknown { throw new ExcelDoubleError('PropertyNotLoaded', 'rule'); },
    };
    const dataBarOnly = () => { if (state.type !== 'DataBar') throw new ExcelDoubleError('InvalidOperation', 'dataBar of a non-DataBar conditional format'); };
    this.dataBar = {
      set barDirection(v: string) { set('dataBar.barDirection', v, dataBarOnly); }, get barDirection(): string { throw new ExcelDoubleError('PropertyNotLoaded', 'barDirection'); },
      set showDataBarOnly(v: boolean) { set('dataBar.showDataBarOnly', v, dataBarOnly); }, get showDataBarOnly(): boolean { throw new ExcelDoubleError('PropertyNotLoaded', 'showDataBarOnly'); },
      positiveFormat: {
        set fillColor(v: string) { set('dataBar.positiveFormat.fillColor', v, () => { dataBarOnly(); state.barColor = hex(v); }); }, get fillColor(): string { throw new ExcelDoubleError('PropertyNotLoaded', 'fillColor'); },
        set gradientFill(v: boolean) { set('dataBar.positiveFormat.gradientFill', v, dataBarOnly); }, get gradientFill(): boolean { throw new ExcelDoubleError('PropertyNotLoaded', 'gradientFill'); },
        set borderColor(v: string) { set('dataBar.positiveFormat.borderColor', v, dataBarOnly); }, get borderColor(): string { throw new ExcelDoubleError('PropertyNotLoaded', 'borderColor'); },
      },
    };
  }
}

export class FreezePanesProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly ws: WorksheetProxy) { super(d, path); }
  freezeRows(count = 1): void {
    this._d.enqueue(this._path, 'call', 'freezeRows', [count], () => { this.ws._sheet().freeze = { rows: count, cols: 0 }; }, 7);
  }
  freezeColumns(count = 1): void {
    this._d.enqueue(this._path, 'call', 'freezeColumns', [count], () => { this.ws._sheet().freeze = { rows: 0, cols: count }; }, 7);
  }
  freezeAt(range: RangeProxy | string): void {
    this._d.enqueue(this._path, 'call', 'freezeAt', [range], () => {
      const rect = typeof range === 'string' ? parseRef(range).rect : range._target()[0].rect;
      this.ws._sheet().freeze = { rows: rect.r2 + 1, cols: rect.c2 + 1 };
    }, 7);
  }
  unfreeze(): void {
    this._d.enqueue(this._path, 'call', 'unfreeze', [], () => { this.ws._sheet().freeze = null; }, 7);
  }
}

export class PageLayoutProxy extends ClientProxy {
  readonly headersFooters: { defaultForAllPages: { centerFooter: string; leftFooter: string; rightFooter: string; centerHeader: string } };
  constructor(d: ExcelDouble, path: string, private readonly ws: WorksheetProxy) {
    super(d, path);
    const footer = (pos: 'centerFooter' | 'leftFooter' | 'rightFooter' | 'centerHeader') => ({
      set: (v: string) => d.enqueue(`${path}.headersFooters.defaultForAllPages`, 'set', pos, [v], () => {
        if (typeof v !== 'string' || v.length > 255) throw new ExcelDoubleError('InvalidArgument', `${pos} longer than 255 characters`);
        ((this.ws._sheet().pageLayout.headerFooter ??= {}) as Record<string, string>)[pos] = v;
      }, 9),
      get: (): string => { throw new ExcelDoubleError('PropertyNotLoaded', pos); },
    });
    const dfl = {};
    for (const pos of ['centerFooter', 'leftFooter', 'rightFooter', 'centerHeader'] as const) Object.defineProperty(dfl, pos, { ...footer(pos), enumerable: true });
    this.headersFooters = { defaultForAllPages: dfl as PageLayoutProxy['headersFooters']['defaultForAllPages'] };
  }
  private setp(name: keyof PageLayoutState, v: unknown, check?: () => void): void {
    this._d.enqueue(this._path, 'set', name, [v], () => { check?.(); (this.ws._sheet().pageLayout as Record<string, unknown>)[name] = v; }, 9);
  }
  set orientation(v: string) { this.setp('orientation', v, () => { if (v !== 'Portrait' && v !== 'Landscape') throw new ExcelDoubleError('InvalidArgument', `orientation ${v}`); }); }
  set paperSize(v: string) { this.setp('paperSize', v); }
  set zoom(v: unknown) {
    this.setp('zoom', v, () => {
      const z = v as { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
      if (z.scale !== undefined && (z.horizontalFitToPages !== undefined || z.verticalFitToPages !== undefined)) throw new ExcelDoubleError('InvalidArgument', 'zoom: scale and fit to pages together');
      if (z.scale !== undefined && !(z.scale >= 10 && z.scale <= 400)) throw new ExcelDoubleError('InvalidArgument', `zoom scale ${z.scale}`);
    });
  }
  set centerHorizontally(v: boolean) { this.setp('centerHorizontally', v); }
  set leftMargin(v: number) { this.setp('leftMargin', v); }
  set rightMargin(v: number) { this.setp('rightMargin', v); }
  set topMargin(v: number) { this.setp('topMargin', v); }
  set bottomMargin(v: number) { this.setp('bottomMargin', v); }
  setPrintMargins(unit: string, m: Record<string, number>): void {
    this._d.enqueue(this._path, 'call', 'setPrintMargins', [unit, m], () => {
      if (!['Points', 'Inches', 'Centimeters'].includes(unit)) throw new ExcelDoubleError('InvalidArgument', `margin unit ${unit}`);
      const k = unit === 'Points' ? 1 : unit === 'Inches' ? 72 : 72 / 2.54;
      const out: Record<string, number> = {};
      for (const [key, v] of Object.entries(m)) {
        if (!['top', 'bottom', 'left', 'right', 'header', 'footer'].includes(key) || typeof v !== 'number' || v < 0) throw new ExcelDoubleError('InvalidArgument', `margin ${key}`);
        out[key] = Math.round(v * k * 100) / 100;
      }
      this.ws._sheet().pageLayout.margins = out;
    }, 9);
  }
  private setRef(name: 'printTitleRows' | 'printTitleColumns' | 'printArea', method: string, ref: RangeProxy | string, shape?: RegExp): void {
    this._d.enqueue(this._path, 'call', method, [ref], () => {
      const a = typeof ref === 'string' ? ref : rectAddress(ref._target()[0].rect);
      parseRef(a);
      if (shape && !shape.test(a)) throw new ExcelDoubleError('InvalidArgument', `${method}: ${a}`);
      this.ws._sheet().pageLayout[name] = a;
    }, 9);
  }
  setPrintTitleRows(rows: RangeProxy | string): void { this.setRef('printTitleRows', 'setPrintTitleRows', rows, /^\$?\d+:\$?\d+$/); }
  setPrintTitleColumns(cols: RangeProxy | string): void { this.setRef('printTitleColumns', 'setPrintTitleColumns', cols, /^\$?[A-Z]+:\$?[A-Z]+$/); }
  setPrintArea(area: RangeProxy | string): void { this.setRef('printArea', 'setPrintArea', area); }
}

export class CustomPropertyCollectionProxy extends ClientProxy {
  private _items: CustomPropertyProxy[] | null = null;
  constructor(d: ExcelDouble, path: string, private readonly ws: WorksheetProxy) { super(d, path); }
  add(key: string, value: string): CustomPropertyProxy {
    this._d.enqueue(this._path, 'call', 'add', [key, value], () => {
      if (!key || key.length > 255) throw new ExcelDoubleError('InvalidArgument', 'custom property key');
      this.ws._sheet().customProperties.set(key.toLowerCase(), { key, value: String(value) });
    }, 12);
    return new CustomPropertyProxy(this._d, `${this._path}.getItem(${JSON.stringify(key)})`, this.ws, key, false);
  }
  getItem(key: string): CustomPropertyProxy {
    return new CustomPropertyProxy(this._d, `${this._path}.getItem(${JSON.stringify(key)})`, this.ws, key, false);
  }
  getItemOrNullObject(key: string): CustomPropertyProxy {
    const p = new CustomPropertyProxy(this._d, `${this._path}.getItemOrNullObject(${JSON.stringify(key)})`, this.ws, key, true);
    this._d.enqueue(this._path, 'call', 'getItemOrNullObject', [key], () => p._resolveNullable(), 12);
    return p;
  }
  get items(): CustomPropertyProxy[] {
    if (!this._items) throw new ExcelDoubleError('PropertyNotLoaded', `items of ${this._path}`);
    return this._items;
  }
  load(props?: unknown): this {
    const wanted = parseLoad(props).map((p) => p.replace(/^items\//, '')).filter((p) => p !== 'items');
    this._d.enqueue(this._path, 'load', 'load', [wanted], () => {
      this._items = [...this.ws._sheet().customProperties.values()].map((cp) => {
        const p = new CustomPropertyProxy(this._d, `${this._path}.getItem(${JSON.stringify(cp.key)})`, this.ws, cp.key, false);
        p._loadNow(wanted);
        return p;
      });
    }, 12);
    return this;
  }
}

class CustomPropertyProxy extends ClientProxy {
  private _isNull: boolean | undefined;
  constructor(d: ExcelDouble, path: string, private readonly ws: WorksheetProxy, private readonly _key: string, private readonly orNull: boolean) { super(d, path); }
  private entry(): { key: string; value: string } | undefined {
    return this.ws._sheet().customProperties.get(this._key.toLowerCase());
  }
  _resolveNullable(): void {
    this._isNull = !this.entry();
  }
  _loadNow(wanted: string[]): void {
    const e = this.entry();
    const snap: Record<string, unknown> = {};
    for (const n of wanted.length ? wanted : ['key', 'value']) {
      if (n !== 'key' && n !== 'value') throw new ExcelDoubleError('InvalidArgument', `cannot load '${n}'`);
      snap[n] = e?.[n];
    }
    this._d.countResponse(snap);
    this._loaded = snap;
  }
  load(props?: unknown): this {
    const wanted = parseLoad(props);
    this._d.enqueue(this._path, 'load', 'load', [wanted], () => {
      const e = this.entry();
      if (!e) {
        if (this.orNull) return;
        throw new ExcelDoubleError('ItemNotFound', `${this._path} does not exist`);
      }
      this._loadNow(wanted);
    }, 12);
    return this;
  }
  get isNullObject(): boolean {
    if (this._isNull === undefined) throw new ExcelDoubleError('PropertyNotLoaded', `isNullObject of ${this._path} is known only after context.sync()`);
    return this._isNull;
  }
  get key(): string { return this._get('key'); }
  get value(): string { return this._get('value'); }
  set value(v: string) {
    this._d.enqueue(this._path, 'set', 'value', [v], () => {
      const e = this.entry();
      if (!e) throw new ExcelDoubleError('ItemNotFound', `${this._path} does not exist`);
      e.value = String(v);
    }, 12);
  }
  delete(): void {
    this._d.enqueue(this._path, 'call', 'delete', [], () => {
      if (!this.ws._sheet().customProperties.delete(this._key.toLowerCase())) throw new ExcelDoubleError('ItemNotFound', `${this._path} does not exist`);
    }, 12);
  }
}

export class ChartCollectionProxy extends ClientProxy {
  constructor(d: ExcelDouble, path: string, private readonly ws: WorksheetProxy) { super(d, path); }
  add(type: string, source: RangeProxy, seriesBy?: string): ChartProxy {
    const state: ChartState = { type, source: '', seriesBy, series: [] };
    this._d.enqueue(this._path, 'call', 'add', [type, source, seriesBy], () => {
      const sheet = this.ws._sheet();
      const [b] = source._target();
      if (b.sheet !== sheet) throw new ExcelDoubleError('InvalidArgument', 'chart source on another sheet');
      state.source = rectAddress(b.rect);
      // One series per column (seriesBy Columns / Auto on a tall range), per row otherwise.
      const byCols = seriesBy !== 'Rows';
      const n = byCols ? b.rect.c2 - b.rect.c1 + 1 : b.rect.r2 - b.rect.r1 + 1;
      for (let i = 0; i < n; i++) {
        const r = byCols ? { ...b.rect, c1: b.rect.c1 + i, c2: b.rect.c1 + i } : { ...b.rect, r1: b.rect.r1 + i, r2: b.rect.r1 + i };
        state.series.push({ values: rectAddress(r) });
      }
      sheet.charts.push(state);
    });
    return new ChartProxy(this._d, `${this._path}.add(${JSON.stringify(type)})`, state, this.ws);
  }
}

class ChartSeriesProxy extends ClientProxy {
  readonly format: { fill: { setSolidColor(c: string): void } };
  constructor(d: ExcelDouble, path: string, private readonly state: ChartState, private readonly index: () => number, private readonly ws: WorksheetProxy) {
    super(d, path);
    this.format = { fill: { setSolidColor: (c: string) => d.enqueue(`${path}.format.fill`, 'call', 'setSolidColor', [c], () => { this.item().color = hex(c); }) } };
  }
  private item(): ChartSeriesState {
    const s = this.state.series[this.index()];
    if (!s) throw new ExcelDoubleError('ItemNotFound', `${this._path}: no such series`);
    return s;
  }
  private range(r: RangeProxy): string {
    const [b] = r._target();
    if (b.sheet !== this.ws._sheet()) throw new ExcelDoubleError('InvalidArgument', 'series data on another sheet');
    return rectAddress(b.rect);
  }
  set name(v: string) { this._d.enqueue(this._path, 'set', 'name', [v], () => { this.item().name = v; }); }
  get name(): string { throw new ExcelDoubleError('PropertyNotLoaded', 'series.name'); }
  setValues(r: RangeProxy): void { this._d.enqueue(this._path, 'call', 'setValues', [r], () => { this.item().values = this.range(r); }, 7); }
  setXAxisValues(r: RangeProxy): void { this._d.enqueue(this._path, 'call', 'setXAxisValues', [r], () => { this.item().xAxisValues = this.range(r); }, 7); }
}

class ChartProxy extends ClientProxy {
  readonly title: { text: string; visible: boolean };
  readonly legend: { visible: boolean; position: string };
  readonly series: { getItemAt(i: number): ChartSeriesProxy; add(name?: string): ChartSeriesProxy };
  readonly axes: { valueAxis: { minimum: number }; categoryAxis: { reversePlotOrder: boolean } };
  constructor(d: ExcelDouble, path: string, private readonly state: ChartState, ws: WorksheetProxy) {
    super(d, path);
    const set = (name: string, v: unknown, f: () => void, minor = 1) => d.enqueue(path, 'set', name, [v], f, minor);
    const nl = (n: string): never => { throw new ExcelDoubleError('PropertyNotLoaded', n); };
    this.title = {
      set text(v: string) { set('title.text', v, () => { state.title = v; }); }, get text(): string { return nl('title.text'); },
      set visible(v: boolean) { set('title.visible', v, () => undefined); }, get visible(): boolean { return nl('title.visible'); },
    };
    this.legend = {
      set visible(v: boolean) { set('legend.visible', v, () => { state.legendVisible = v; }); }, get visible(): boolean { return nl('legend.visible'); },
      set position(v: string) {
        set('legend.position', v, () => {
          if (!['Top', 'Bottom', 'Left', 'Right', 'Corner', 'Custom'].includes(v)) throw new ExcelDoubleError('InvalidArgument', `legend position ${v}`);
          state.legendPosition = v;
        });
      },
      get position(): string { return nl('legend.position'); },
    };
    this.axes = {
      valueAxis: { set minimum(v: number) { set('axes.valueAxis.minimum', v, () => { state.valueAxisMinimum = v; }); }, get minimum(): number { return nl('minimum'); } },
      categoryAxis: { set reversePlotOrder(v: boolean) { set('axes.categoryAxis.reversePlotOrder', v, () => { state.categoriesReversed = v; }, 7); }, get reversePlotOrder(): boolean { return nl('reversePlotOrder'); } },
    };
    this.series = {
      getItemAt: (i: number) => new ChartSeriesProxy(d, `${path}.series.getItemAt(${i})`, state, () => i, ws),
      add: (name?: string) => {
        let index = -1;
        d.enqueue(`${path}.series`, 'call', 'add', [name], () => {
          state.series.push(name === undefined ? {} : { name });
          index = state.series.length - 1;
        }, 7);
        return new ChartSeriesProxy(d, `${path}.series.add(${JSON.stringify(name)})`, state, () => index, ws);
      },
    };
  }
  set name(v: string) { this._d.enqueue(this._path, 'set', 'name', [v], () => { this.state.name = v; }); }
  setPosition(startCell: RangeProxy | string, endCell?: RangeProxy | string): void {
    this._d.enqueue(this._path, 'call', 'setPosition', [startCell, endCell], () => {
      const a = (x: RangeProxy | string) => (typeof x === 'string' ? rectAddress(parseRef(x).rect) : rectAddress(x._target()[0].rect));
      this.state.position = { start: a(startCell), ...(endCell !== undefined ? { end: a(endCell) } : {}) };
    });
  }
}
