/**
 * A cache for a pure function of one string: the same names, units and words come back in every
 * commune's file, so folding each distinct input once keeps the work per file flat. Bounded: past
 * `max` entries the cache starts again (a run over hostile text never grows it without end).
 */
export function memoString<T>(fn: (s: string) => T, max = 20_000): (s: string) => T {
  let cache = new Map<string, T>();
  return (s: string): T => {
    const hit = cache.get(s);
    if (hit !== undefined || cache.has(s)) return hit as T;
    const key = ownCopy(s); // remembered: it must not keep the file's text it was cut from
    const v = fn(key);
    if (cache.size >= max) cache = new Map();
    cache.set(key, v);
    return v;
  };
}

/**
 * A string that shares no memory with the text it was cut from. JavaScript engines keep a substring (in V8
 * from 13 characters) as a view of the whole text: a name read from a commune's shared-strings part, kept
 * in the report, keeps that whole part alive — a fifth of what 200 communes' readings hold in memory.
 * ' ' + s is a pair of strings that slice must first make into one new text: the result is a view of that
 * copy, and the part it was cut from can go (test/read/memo.test.ts). A fifth of the cost of a JSON round trip.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** One copy per distinct text: memoString keeps copies of its keys. */
const interned = memoString((s: string) => s, 50_000);

/**
 * One shared copy per distinct text (ownCopy made once): the indicators' names, codes and units come back
 * in every commune's file. Short texts too: V8 makes a text cut from the file under 13 characters a copy of its
 * own, so each file's "KT01" or "ha" would be one more (at 3,321 communes, 265,000 codes and as many units).
 * Bounded: past 50,000 texts the pool starts again.
 */
export function intern(s: string): string {
  return interned(s);
}
