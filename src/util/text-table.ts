/**
 * Texts numbered in the order first met: the list that goes to another thread with typed arrays of numbers,
 * and each text's place in it (write/json-pack.ts, cli/report-pack.ts).
 */
export class TextTable {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  /** The place of `s` in the list, added at the end the first time. */
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}
