/**
 * Vietnamese number style for what people read: "." groups thousands, "," marks decimals.
 * 1227 → "1.227"; 54.5 → "54,5"; percentages "54,5%". Full precision stays in data.
 */

export function formatNumber(x: number | null | undefined, decimals = 2, lang: 'vi' | 'en' = 'vi'): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  const fixed = Math.abs(x).toFixed(decimals);
  let [int, frac = ''] = fixed.split('.');
  frac = frac.replace(/0+$/, '');
  const group = lang === 'vi' ? '.' : ',';
  const dec = lang === 'vi' ? ',' : '.';
  int = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const neg = x < 0 && (Number(int.replace(/\D/g, '')) > 0 || Number(frac) > 0);
  return (neg ? '-' : '') + int + (frac ? dec + frac : '');
}

export function formatPct(x: number | null | undefined, decimals = 1, lang: 'vi' | 'en' = 'vi'): string {
  const s = formatNumber(x, decimals, lang);
  return s ? s + '%' : '';
}
