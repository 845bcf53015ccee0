/**
 * boot.js, the first script of every shipped page, must run in the webviews of older Office
 * (Internet Explorer 11, old Edge): it parses as ES5 (acorn, ecmaVersion 5). office.js is never a
 * blocking script: no page has <script src=…office.js> without async/defer; boot.js loads it async.
 * The browser side (the message shown, late and hanging office.js) is test/e2e/boot.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist, distFiles } from './build-once';

let dist = '';

/** The <script> tags of a page, in order, with their src (null: inline) and text. */
function scripts(html: string): { src: string | null; attrs: string; body: string }[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map((m) => {
    const src = /\bsrc=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[1]);
    return { src: src ? (src[1] ?? src[2] ?? src[3]) : null, attrs: m[1], body: m[2] };
  });
}

describe('the pages start with an ES5 bootstrap', () => {
  beforeAll(async () => {
    dist = await buildDist();
  }, 900_000);

  const pages = ['taskpane.html', 'commands.html', 'help.html'];

  it('every shipped page is listed here', () => {
    expect(distFiles(dist).filter((f) => f.endsWith('.html')).sort()).toEqual([...pages].sort());
  });

  for (const page of pages) {
    it(`${page}: the first script (office.js aside) parses as ES5, and it is boot.js`, () => {
      const html = fs.readFileSync(path.join(dist, page), 'utf8');
      const first = scripts(html).filter((s) => !(s.src && /office\.js$/.test(s.src)))[0];
      expect(first, 'a first script').toBeDefined();
      expect(first.src).toBe('boot.js');
      const code = first.src ? fs.readFileSync(path.join(dist, first.src), 'utf8') : first.body;
      expect(() => parse(code, { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
    });

    it(`${page}: office.js is never a blocking script`, () => {
      const html = fs.readFileSync(path.join(dist, page), 'utf8');
      for (const s of scripts(html)) {
        if (s.src && /office\.js/.test(s.src)) expect(s.attrs).toMatch(/\b(async|defer)\b/);
        if (!s.src) expect(s.body).not.toMatch(/office\.js/);
      }
    });
  }

  it('the bundle is not a script of the page: boot.js loads it (taskpane.js)', () => {
    const html = fs.readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
    expect(scripts(html).map((s) => s.src)).toEqual(['boot.js']);
    expect(html).toMatch(/data-bundle=("|')?taskpane\.js/);
  });
});
