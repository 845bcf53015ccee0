/**
 * The first `n` of `list` in `order`, exactly as [...list].sort(order).slice(0, n) gives them — a stable sort:
 * equal ones keep the list's order — made in one pass keeping the first n, with no sort of a long list for a
 * few (the result box's ten worst of 81,000 shortfalls, the narrative's three worst communes of a thousand).
 * A count that is not a number gives none, as slice(0, NaN) does.
 */
export function firstInOrder<T>(list: readonly T[], n: number, order: (a: T, b: T) => number): T[] {
  const k = Math.max(0, Math.trunc(n) || 0);
  if (!(k < list.length)) return [...list].sort(order);
  const first: T[] = [];
  for (const x of list) {
    if (first.length === k && (k === 0 || order(x, first[k - 1]) >= 0)) continue;
    // after every one it does not come before: equal ones keep the list's order, as in a stable sort
    let i = first.length;
    while (i > 0 && order(x, first[i - 1]) < 0) i--;
    first.splice(i, 0, x);
    if (first.length > k) first.pop();
  }
  return first;
}
