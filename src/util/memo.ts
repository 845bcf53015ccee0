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
    const v = fn(s);
    if (cache.size >= max) cache = new Map();
    cache.set(s, v);
    return v;
  };
}
