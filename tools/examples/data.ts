/**
 * The figures of the bundled example: a fictional district, "huyện Tân Phong", its 2024 plan and
 * what its 16 communes achieved in the first six months of 2024. Everything is computed from a
 * fixed seed, so `npm run examples:make` always produces the same workbooks.
 */
import { seeded } from '../random';

/** Small fast PRNG with a fixed seed (mulberry32). */
export const rng = seeded;

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export interface ExampleIndicator {
  code: string;
  name: string;
  unit: string;
  /** As written in the plan's "Cách tổng hợp" column. */
  aggregation: string;
  direction: 'Tăng' | 'Giảm';
  kind: 'Lũy kế' | 'Thời điểm';
  /** Decimals the communes write. */
  digits: number;
  section: 'KT' | 'XH' | 'XD';
}

export const DISTRICT = 'Tân Phong';
export const PARENT_LABEL = 'Toàn huyện';
export const YEAR = 2024;
export const PERIOD_LABEL = '6 tháng đầu năm 2024';

export const INDICATORS: ExampleIndicator[] = [
  { code: 'KT01', name: 'Thu ngân sách nhà nước trên địa bàn', unit: 'triệu đồng', aggregation: 'Tổng', direction: 'Tăng', kind: 'Lũy kế', digits: 1, section: 'KT' },
  { code: 'KT02', name: 'Tổng diện tích gieo trồng cây hằng năm', unit: 'ha', aggregation: 'Tổng', direction: 'Tăng', kind: 'Lũy kế', digits: 1, section: 'KT' },
  { code: 'KT03', name: 'Sản lượng lương thực có hạt', unit: 'tấn', aggregation: 'Tổng', direction: 'Tăng', kind: 'Lũy kế', digits: 1, section: 'KT' },
  { code: 'KT04', name: 'Diện tích trồng rừng tập trung', unit: 'ha', aggregation: 'Tổng', direction: 'Tăng', kind: 'Lũy kế', digits: 1, section: 'KT' },
  { code: 'KT05', name: 'Tỷ lệ che phủ rừng', unit: '%', aggregation: 'Bình quân', direction: 'Tăng', kind: 'Thời điểm', digits: 2, section: 'KT' },
  { code: 'KT06', name: 'Đường giao thông nông thôn được cứng hóa', unit: 'km', aggregation: 'Tổng', direction: 'Tăng', kind: 'Lũy kế', digits: 2, section: 'KT' },
  { code: 'KT07', name: 'Số xã đạt chuẩn nông thôn mới', unit: 'xã', aggregation: 'Số xã đạt', direction: 'Tăng', kind: 'Thời điểm', digits: 0, section: 'KT' },
  { code: 'KT08', name: 'Số tiêu chí nông thôn mới đạt được', unit: 'tiêu chí', aggregation: 'Lớn nhất', direction: 'Tăng', kind: 'Thời điểm', digits: 0, section: 'KT' },
  { code: 'XH01', name: 'Dân số trung bình', unit: 'người', aggregation: 'Tổng', direction: 'Tăng', kind: 'Thời điểm', digits: 0, section: 'XH' },
  { code: 'XH02', name: 'Tỷ lệ hộ nghèo', unit: '%', aggregation: 'Bình quân theo XH01', direction: 'Giảm', kind: 'Thời điểm', digits: 2, section: 'XH' },
  { code: 'XH03', name: 'Tỷ lệ dân số tham gia bảo hiểm y tế', unit: '%', aggregation: 'Bình quân theo XH01', direction: 'Tăng', kind: 'Thời điểm', digits: 2, section: 'XH' },
  { code: 'XH04', name: 'Số lao động được giải quyết việc làm mới', unit: 'người', aggregation: 'Tổng', direction: 'Tăng', kind: 'Lũy kế', digits: 0, section: 'XH' },
  { code: 'XH05', name: 'Tỷ lệ hộ dân sử dụng nước sạch hợp vệ sinh', unit: '%', aggregation: 'Nhỏ nhất', direction: 'Tăng', kind: 'Thời điểm', digits: 2, section: 'XH' },
  { code: 'XH06', name: 'Số vụ tai nạn giao thông', unit: 'vụ', aggregation: 'Tổng', direction: 'Giảm', kind: 'Lũy kế', digits: 0, section: 'XH' },
  { code: 'XD01', name: 'Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ', unit: '%', aggregation: 'Không', direction: 'Tăng', kind: 'Thời điểm', digits: 1, section: 'XD' },
];

export const SECTIONS: Record<ExampleIndicator['section'], string> = {
  KT: 'KINH TẾ',
  XH: 'VĂN HÓA - XÃ HỘI',
  XD: 'XÂY DỰNG ĐẢNG, CHÍNH QUYỀN',
};

export interface ExampleCommune {
  /** The plan's spelling (plan column header). */
  name: string;
  /** "xã" or "thị trấn". */
  type: 'xã' | 'thị trấn';
  /** Population, mid-2024. */
  population: number;
  /** How well it is doing: < 1 behind, > 1 ahead. */
  perf: number;
  /** Planned to reach the new-rural-area standard this year. */
  ntm: boolean;
}

export const COMMUNES: ExampleCommune[] = [
  { name: 'Thị trấn Phú Lộc', type: 'thị trấn', population: 17842, perf: 1.12, ntm: false },
  { name: 'Hòa An', type: 'xã', population: 9215, perf: 0.93, ntm: true },
  { name: 'Phú Thịnh', type: 'xã', population: 7630, perf: 1.06, ntm: true },
  { name: 'Quảng Lợi', type: 'xã', population: 6108, perf: 0.78, ntm: false },
  { name: 'Đông Sơn', type: 'xã', population: 8457, perf: 1.1, ntm: false },
  { name: 'Bình Minh', type: 'xã', population: 11023, perf: 1.04, ntm: true },
  { name: 'Yên Lạc', type: 'xã', population: 5386, perf: 1.18, ntm: false },
  { name: 'Thanh Xuân', type: 'xã', population: 7914, perf: 0.86, ntm: true },
  { name: 'Hưng Đạo', type: 'xã', population: 6742, perf: 1.0, ntm: false },
  { name: 'Nghĩa Trung', type: 'xã', population: 4968, perf: 0.9, ntm: false },
  { name: 'Đức Thắng', type: 'xã', population: 8831, perf: 1.08, ntm: false },
  { name: 'Minh Khai', type: 'xã', population: 7205, perf: 0.81, ntm: true },
  { name: 'Kim Liên', type: 'xã', population: 9560, perf: 1.02, ntm: true },
  { name: 'Lạc Hồng', type: 'xã', population: 5874, perf: 0.96, ntm: false },
  { name: 'Tân Hiệp', type: 'xã', population: 6637, perf: 1.14, ntm: false },
  { name: 'Sơn Thủy', type: 'xã', population: 4412, perf: 0.95, ntm: false },
];

/** The commune of the plan that sends no file. */
export const MISSING_COMMUNE = 'Sơn Thủy';

export interface Figures {
  /** Annual target in the plan (null: none). */
  target: number | null;
  /** Year to date (lũy kế) for flows, level at the end of the period for levels. */
  actual: number;
  /** The month of June alone (flows), or the level (levels). */
  month: number;
  /** Same period last year. */
  previous: number;
}

export interface ExampleData {
  /** figures[commune][code] */
  figures: Record<string, Record<string, Figures>>;
  parentTargets: Record<string, number | null>;
}

function buildData(): ExampleData {
  const r = rng(20240630);
  const u = (a: number, b: number) => a + (b - a) * r();
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const figures: ExampleData['figures'] = {};

  for (const c of COMMUNES) {
    const f: Record<string, Figures> = {};
    const town = c.type === 'thị trấn';
    const p = c.population;
    const k = c.perf;
    const flow = (target: number | null, digits: number, yearShare = 0.5, base?: number): Figures => {
      const t = target ?? base ?? 0;
      const actual = round(t * yearShare * k * u(0.92, 1.08), digits);
      const month = round(actual * u(0.13, 0.21), digits);
      const previous = round(actual / u(0.97, 1.16), digits);
      return { target, actual, month, previous };
    };
    const level = (target: number | null, value: number, previous: number, digits: number): Figures => ({
      target,
      actual: round(value, digits),
      month: round(value, digits),
      previous: round(previous, digits),
    });

    const kt01 = Math.round((p * u(0.22, 0.4) * (town ? 2.2 : 1)) / 10) * 10;
    f.KT01 = flow(kt01, 1);
    const kt02 = Math.round(p * u(0.05, 0.085) * (town ? 0.3 : 1));
    f.KT02 = flow(kt02, 1, 0.56);
    const kt03 = Math.round((kt02 * u(4.6, 5.8)) / 10) * 10;
    f.KT03 = flow(kt03, 1, 0.55);
    const kt04 = town ? 10 : int(25, 120);
    f.KT04 = flow(kt04, 1, 0.45);
    const kt05 = round(town ? u(18, 25) : u(38, 72), 1);
    f.KT05 = level(kt05, kt05 * (1 + 0.08 * (k - 1)) + u(-0.3, 0.5), kt05 * u(0.96, 0.99), 2);
    const kt06 = round(u(1.5, 6), 1);
    f.KT06 = flow(kt06, 2, 0.5);
    f.KT07 = c.ntm ? level(1, k >= 1 ? 1 : 0, 0, 0) : level(null, 0, 0, 0);
    if (town) f.KT07 = level(null, 0, 0, 0);
    const kt08 = town ? null : c.ntm ? 19 : int(14, 17);
    const crit = kt08 === null ? 0 : c.ntm ? (k >= 1 ? 19 : 18) : Math.min(kt08, int(13, 17));
    f.KT08 = level(kt08, crit, Math.max(crit - int(0, 2), 0), 0);
    f.XH01 = level(null, p, p - int(30, 140), 0);
    const xh02 = round(town ? u(0.8, 1.6) : u(2, 7.5), 2);
    f.XH02 = level(xh02, xh02 * (1.18 - 0.25 * k) * u(0.97, 1.03), xh02 * u(1.15, 1.45), 2);
    const xh03 = round(u(90, 97), 1);
    f.XH03 = level(xh03, Math.min(99.5, xh03 * (0.94 + 0.06 * k) * u(0.995, 1.01)), xh03 * u(0.95, 0.99), 2);
    const xh04 = Math.round((p * u(0.01, 0.018)) / 5) * 5;
    f.XH04 = flow(xh04, 0);
    const xh05 = round(u(93, 99), 1);
    f.XH05 = level(xh05, Math.min(100, xh05 * (0.96 + 0.04 * k) * u(0.998, 1.006)), xh05 * u(0.96, 0.99), 2);
    const xh06 = town ? 4 : int(1, 3);
    const acc = Math.max(0, Math.round(xh06 * 0.5 * (2 - k) * u(0.6, 1.6)));
    f.XH06 = { target: xh06, actual: acc, month: Math.min(acc, int(0, 1)), previous: acc + int(0, 2) };
    const xd01 = [85, 90, 100][int(0, 2)];
    f.XD01 = level(xd01, [80, 85.7, 90, 92.3, 100][Math.min(4, Math.max(0, Math.round((k - 0.8) * 10)))], 85, 1);
    figures[c.name] = f;
  }

  const sum = (code: string, to: number) =>
    Math.round(COMMUNES.reduce((s, c) => s + (figures[c.name][code].target ?? 0), 0) / to) * to;
  const parentTargets: Record<string, number | null> = {
    KT01: sum('KT01', 100),
    KT02: null, // empty: the communes' targets summed stand in
    KT03: sum('KT03', 100),
    KT04: sum('KT04', 10),
    KT05: 56,
    KT06: round(COMMUNES.reduce((s, c) => s + (figures[c.name].KT06.target ?? 0), 0), 1),
    KT07: null, // empty: the communes planned to reach it (target 1) are counted
    KT08: 19,
    XH01: null,
    XH02: 3.8,
    XH03: 94.5,
    XH04: sum('XH04', 10),
    XH05: 93,
    XH06: null,
    XD01: 90,
  };
  return { figures, parentTargets };
}

export const DATA: ExampleData = buildData();
