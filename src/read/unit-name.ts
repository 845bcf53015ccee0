/**
 * A unit written inside an indicator's name, when the table has no unit column (or its cell is empty):
 *   "Thu ngân sách (tỷ đồng)", "Tổng thu ngân sách xã (Đơn vị: tỷ đồng)", "Sản lượng lương thực [tạ]",
 *   "Diện tích lúa, ha", "Tỷ lệ hộ nghèo (ĐVT: %)".
 * After "ĐVT:" / "Đơn vị:" any text is the unit; otherwise only a unit tonghop knows (money, mass, area, length,
 * people, percent, or a common counting word): "Tai nạn giao thông (số vụ)" keeps its words.
 */
import { parseUnit } from '../core/units';
import { foldWords, tidy } from '../util/text';

const LABEL = /^(?:don vi tinh|don vi|dvt|dv tinh|dv)\s*:?\s*/;

/** Counting words used as units in commune tables (beside the convertible ones core/units.ts knows). */
const COUNT_UNITS = new Set([
  'ho', 'con', 'vu', 'xa', 'cai', 'chiec', 'cong trinh', 'truong', 'luot', 'co so', 'doanh nghiep', 'hop tac xa',
  'thon', 'lop', 'hoc sinh', 'tre', 'chau', 'benh nhan', 'lit', 'm3', 'kw', 'kwh', 'cay', 'du an', 'ca', 'nguoi',
  'ho gia dinh', 'gia dinh', 'lao dong', 'the', 'dong', 'tau', 'trang trai', 'mo hinh', 'diem', 'cuoc', 'dot',
]);

const PER_TIME = new Set(['nam', 'thang', 'ngay', 'quy', 'vu', 'khau', 'ho', 'nguoi']);

function knownUnit(text: string, counting = true): boolean {
  const t = tidy(text);
  if (!t || t.length > 20) return false;
  const parts = t.split('/').map((x) => x.trim());
  if (parts.length > 3 || parts.some((x) => !x)) return false;
  const known = (x: string) => {
    const u = parseUnit(x);
    return !!u && (!u.dim.startsWith('u:') || (counting && COUNT_UNITS.has(foldWords(x))));
  };
  // "tạ/ha", "triệu đồng/người/năm": a known unit per a known unit or a span of time
  return known(parts[0]) && parts.slice(1).every((x) => known(x) || PER_TIME.has(foldWords(x)));
}

/** The unit as written after its label: "Đơn vị: tỷ đồng" → "tỷ đồng", "ĐVT:%" → "%". */
function afterLabel(inner: string, foldedLabel: string): string {
  const colon = inner.search(/[:：]/);
  if (colon >= 0) return tidy(inner.slice(colon + 1));
  const words = inner.split(/\s+/);
  return tidy(words.slice(foldedLabel.trim().split(' ').length).join(' '));
}

/** The name without its unit, and the unit; null when the name carries no unit. */
export function unitFromName(name: string): { name: string; unit: string } | null {
  const t = tidy(name);
  // "(...)" or "[...]" at the end
  const br = /\s*[([]\s*([^()[\]]{1,40}?)\s*[)\]]\s*$/.exec(t);
  if (br && br.index > 0) {
    const inner = br[1];
    const f = foldWords(inner);
    const labelled = LABEL.exec(f);
    if (labelled) {
      const unit = afterLabel(inner, labelled[0]);
      if (unit) return { name: tidy(t.slice(0, br.index)), unit };
    } else if (knownUnit(inner)) {
      return { name: tidy(t.slice(0, br.index)), unit: tidy(inner) };
    }
  }
  // "Diện tích lúa, ha" / "Diện tích lúa - ĐVT: ha"
  const tail = /\s*[,;–-]\s*([^,;–-]{1,25})$/.exec(t);
  if (tail && tail.index > 0) {
    const inner = tail[1];
    const labelled = LABEL.exec(foldWords(inner));
    if (labelled) {
      const unit = afterLabel(inner, labelled[0]);
      if (unit) return { name: tidy(t.slice(0, tail.index)), unit };
    } else if (knownUnit(inner, false)) {
      return { name: tidy(t.slice(0, tail.index)), unit: tidy(inner) };
    }
  }
  return null;
}
