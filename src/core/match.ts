/**
 * Matching: commune rows to indicators (by code, else by folded name) and commune names to
 * the plan's names (folded with communeKey).
 */
import { communeKey, indicatorKey } from '../util/text';

/** A code as compared: trimmed, upper case, inner spaces removed ("kt 01 " → "KT01"); empty → null. */
export function codeKey(code: string | null | undefined): string | null {
  if (code == null) return null;
  const k = String(code).replace(/\s+/g, '').toUpperCase();
  return k ? k : null;
}

/** A name as compared: indicatorKey (numbering, case, diacritics, punctuation folded); empty → null. */
export function nameKey(name: string | null | undefined): string | null {
  if (name == null) return null;
  const k = indicatorKey(name);
  return k ? k : null;
}

/**
 * Index of indicators by code and by name key. `find` tries the code first, then the name;
 * the first indicator added under a key keeps it.
 */
export class IndicatorIndex {
  private byCode = new Map<string, number>();
  private byName = new Map<string, number>();

  add(i: number, code: string | null | undefined, name: string | null | undefined): void {
    const c = codeKey(code);
    if (c !== null && !this.byCode.has(c)) this.byCode.set(c, i);
    const n = nameKey(name);
    if (n !== null && !this.byName.has(n)) this.byName.set(n, i);
  }

  find(code: string | null | undefined, name: string | null | undefined): number | undefined {
    const c = codeKey(code);
    if (c !== null) {
      const hit = this.byCode.get(c);
      if (hit !== undefined) return hit;
    }
    const n = nameKey(name);
    return n === null ? undefined : this.byName.get(n);
  }

  /** Find by a reference that may be a code or a name ("Bình quân theo XH01"). */
  findRef(ref: string): number | undefined {
    return this.find(ref, ref);
  }
}

/** Index of commune names by communeKey. The first name under a key keeps it. */
export class CommuneIndex {
  private map = new Map<string, string>();
  constructor(names: readonly string[] = []) {
    for (const n of names) this.add(n);
  }
  add(name: string): void {
    const k = communeKey(name);
    if (k && !this.map.has(k)) this.map.set(k, name);
  }
  /** The indexed spelling of a name, or undefined. */
  find(name: string | null | undefined): string | undefined {
    if (!name) return undefined;
    const k = communeKey(name);
    return k ? this.map.get(k) : undefined;
  }
}
