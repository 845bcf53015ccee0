#!/usr/bin/env node
/**
 * Draws the add-in's icons (assets/icon-16.png … icon-80.png, logo-filled.png) without any image
 * package: a tiny rasteriser (4×4 supersampling) and a PNG encoder (zlib + CRC-32).
 * The picture: Excel green rounded square, three white bars rising, and a white "sum" bar under them.
 * Run: node scripts/make-icons.js
 */
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** RGBA pixels (Uint8Array, width*height*4) → PNG bytes. */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Is the point (x, y) in unit coordinates (0..1) inside a rounded rectangle? */
function inRoundRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const GREEN = [0x21, 0x73, 0x46];
const WHITE = [0xff, 0xff, 0xff];

/** The picture, as a function from unit coordinates to a colour or null (transparent). */
function shade(x, y, size) {
  // Small icons get a thicker, simpler drawing so they stay legible.
  const pad = size <= 16 ? 0.0 : 0.04;
  if (!inRoundRect(x, y, pad, pad, 1 - pad, 1 - pad, size <= 16 ? 0.12 : 0.16)) return null;
  const bars = [
    { x0: 0.2, x1: 0.36, top: 0.52 },
    { x0: 0.42, x1: 0.58, top: 0.36 },
    { x0: 0.64, x1: 0.8, top: 0.2 },
  ];
  const base = 0.7;
  for (const b of bars) if (x >= b.x0 && x <= b.x1 && y >= b.top && y <= base) return WHITE;
  // The "total" bar under the columns.
  if (x >= 0.2 && x <= 0.8 && y >= 0.76 && y <= 0.84) return WHITE;
  return GREEN;
}

function draw(size) {
  const ss = 4;
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = shade((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size, size);
          if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((a / (ss * ss)) * 255);
    }
  }
  return encodePng(size, size, rgba);
}

if (require.main === module) {
  const out = path.resolve(__dirname, '..', 'assets');
  fs.mkdirSync(out, { recursive: true });
  for (const size of [16, 32, 64, 80, 128]) {
    fs.writeFileSync(path.join(out, `icon-${size}.png`), draw(size));
  }
  fs.writeFileSync(path.join(out, 'logo-filled.png'), draw(300));
  console.log('icons written to', out);
}

module.exports = { encodePng, crc32, draw };
