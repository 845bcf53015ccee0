/**
 * A parsed file as it crosses from a parse worker to the pane's worker. Structured cloning a file's Grids (a
 * thousand small cell objects) cost both threads about a millisecond per file; as JSON text (one string to copy)
 * it costs a third of that. JSON is used only when it gives the Grids back exactly: every row and cell an object
 * or a hole (holes come back as holes), every number finite and not -0; otherwise the Grids are cloned as before.
 */
import type { Grid } from '../types';
import type { Parsed } from './parse';

export type WireParsed = { json: string } | { parsed: Parsed };

/** Are these Grids given back exactly by JSON (with the rows' holes restored by unpackParsed)? */
function jsonExact(grids: Grid[]): boolean {
  for (const g of grids) {
    const rows = g.rows;
    for (let r = 0; r < rows.length; r++) {
      if (!(r in rows)) continue;
      const row = rows[r];
      if (!Array.isArray(row)) return false;
      for (let c = 0; c < row.length; c++) {
        if (!(c in row)) continue;
        const cell = row[c];
        if (cell === null || typeof cell !== 'object') return false;
        const v = cell.v;
        if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return false;
      }
    }
  }
  return true;
}

export function packParsed(p: Parsed): WireParsed {
  return jsonExact(p.grids) ? { json: JSON.stringify(p) } : { parsed: p };
}

/** An array whose nulls were holes (JSON writes a hole as null): the holes again, the same length. */
function withHoles<T>(a: (T | null)[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (x !== null) out[i] = x;
  }
  out.length = a.length;
  return out;
}

export function unpackParsed(w: WireParsed): Parsed {
  if ('parsed' in w) return w.parsed;
  const p = JSON.parse(w.json) as Parsed;
  for (const g of p.grids) g.rows = withHoles(g.rows as (Grid['rows'][number] | null)[]).map((row) => withHoles(row as (Grid['rows'][number][number] | null)[]));
  return p;
}
