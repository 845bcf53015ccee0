/**
 * manifest.xml checked OFFLINE (the official validator calls a web service): well-formed XML, the
 * elements in the schema's order, resources that exist, both languages, and every URL https and
 * pointing at a file `npm run build` emits (dist/ is built once, see build-once.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SaxesParser } from 'saxes';
import { OfficeAddinManifest } from 'office-addin-manifest';
import { ROOT, buildDist, distFiles } from './build-once';

const OFFICE_NS = 'http://schemas.microsoft.com/office/appforoffice/1.1';
const BT_NS = 'http://schemas.microsoft.com/office/officeappbasictypes/1.0';
const VO_NS = 'http://schemas.microsoft.com/office/taskpaneappversionoverrides';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const ORIGIN = 'https://localhost:3000';

interface XNode {
  local: string;
  uri: string;
  attrs: Record<string, { value: string; uri: string; local: string }>;
  children: XNode[];
  text: string;
}

/** Parse with saxes (a strict, namespace-aware XML parser): throws on anything not well-formed. */
function parseXml(xml: string): XNode {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XNode[] = [];
  let root: XNode | null = null;
  let error: Error | null = null;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (tag) => {
    const attrs: XNode['attrs'] = {};
    for (const [qname, a] of Object.entries(tag.attributes)) {
      const at = a as { value: string; uri: string; local: string };
      attrs[qname] = { value: at.value, uri: at.uri, local: at.local };
    }
    const node: XNode = { local: tag.local ?? tag.name, uri: tag.uri ?? '', attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1].children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (error) throw error;
  if (!root) throw new Error('no root element');
  return root;
}

function attr(n: XNode, local: string, uri = ''): string | undefined {
  return Object.values(n.attrs).find((a) => a.local === local && a.uri === uri)?.value;
}

function child(n: XNode, local: string): XNode | undefined {
  return n.children.find((c) => c.local === local);
}

function all(n: XNode, pred: (x: XNode) => boolean, out: XNode[] = []): XNode[] {
  if (pred(n)) out.push(n);
  for (const c of n.children) all(c, pred, out);
  return out;
}

/** `names` appear in `order` (a subsequence of it), each at most once unless listed as repeatable. */
function inSchemaOrder(names: string[], order: string[]): boolean {
  let k = 0;
  for (const n of names) {
    const at = order.indexOf(n, k);
    if (at < 0) return false;
    k = at + 1;
  }
  return true;
}

/** Width and height from a PNG's IHDR. */
function pngSize(file: string): { w: number; h: number } {
  const b = fs.readFileSync(file);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
}

const MANIFEST = path.join(ROOT, 'manifest.xml');
const xml = fs.readFileSync(MANIFEST, 'utf8');

describe('manifest.xml is well-formed', () => {
  it('parses as namespace-well-formed XML', () => {
    const root = parseXml(xml);
    expect(root.local).toBe('OfficeApp');
    expect(root.uri).toBe(OFFICE_NS);
    expect(attr(root, 'type', XSI_NS)).toBe('TaskPaneApp');
  });

  it('the well-formedness check itself rejects broken XML', () => {
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow();
    expect(() => parseXml('<p:a/>')).toThrow(); // unbound prefix
    expect(() => parseXml(xml.replace('</Hosts>', ''))).toThrow();
  });
});

describe('manifest.xml follows the schema', () => {
  const root = parseXml(xml);
  const top = root.children.map((c) => c.local);

  it('top-level elements are exactly those of the template, in the schema order', () => {
    expect(top).toEqual([
      'Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl',
      'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'VersionOverrides',
    ]);
    // The same against the full TaskPaneApp sequence of the schema (optional elements included).
    const schema = [
      'Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl',
      'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'AllowSnapshot', 'Dictionary', 'VersionOverrides',
    ];
    expect(inSchemaOrder(top, schema)).toBe(true);
    expect(inSchemaOrder(['Version', 'Id'], schema)).toBe(false);
  });

  it('identity: a GUID, a four-part version, Vietnamese default locale, read-write permission, the Workbook host', () => {
    expect(child(root, 'Id')!.text.trim()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(child(root, 'Version')!.text.trim()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(child(root, 'DefaultLocale')!.text.trim()).toBe('vi-VN');
    expect(child(root, 'Permissions')!.text.trim()).toBe('ReadWriteDocument');
    const hosts = child(root, 'Hosts')!.children.map((h) => attr(h, 'Name'));
    expect(hosts).toEqual(['Workbook']);
    const sets = all(child(root, 'Requirements')!, (n) => n.local === 'Set');
    expect(sets.map((s) => attr(s, 'Name'))).toEqual(['ExcelApi']);
    expect(attr(sets[0], 'MinVersion')).toMatch(/^1\.\d+$/);
  });

  it('display name and description in Vietnamese with an English override', () => {
    for (const name of ['DisplayName', 'Description']) {
      const n = child(root, name)!;
      expect(attr(n, 'DefaultValue')).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵệềếểễộồốổỗơớờợởỡưứừựửữđ]/i);
      const en = n.children.filter((c) => c.local === 'Override' && attr(c, 'Locale') === 'en-US');
      expect(en).toHaveLength(1);
      expect(attr(en[0], 'Value')!.length).toBeGreaterThan(3);
    }
  });

  const vo = child(root, 'VersionOverrides')!;

  it('VersionOverrides: a Home-tab button that shows the task pane, elements in order', () => {
    expect(vo.uri).toBe(VO_NS);
    expect(attr(vo, 'type', XSI_NS)).toBe('VersionOverridesV1_0');
    expect(inSchemaOrder(vo.children.map((c) => c.local), ['Description', 'Requirements', 'Hosts', 'Resources', 'VersionOverrides'])).toBe(true);
    const host = child(child(vo, 'Hosts')!, 'Host')!;
    expect(attr(host, 'type', XSI_NS)).toBe('Workbook');
    const dff = child(host, 'DesktopFormFactor')!;
    expect(dff.children.map((c) => c.local)).toEqual(['GetStarted', 'FunctionFile', 'ExtensionPoint']);
    const ext = child(dff, 'ExtensionPoint')!;
    expect(attr(ext, 'type', XSI_NS)).toBe('PrimaryCommandSurface');
    const tab = child(ext, 'OfficeTab')!;
    expect(attr(tab, 'id')).toBe('TabHome');
    const group = child(tab, 'Group')!;
    expect(group.children.map((c) => c.local)).toEqual(['Label', 'Icon', 'Control']);
    const control = child(group, 'Control')!;
    expect(attr(control, 'type', XSI_NS)).toBe('Button');
    expect(control.children.map((c) => c.local)).toEqual(['Label', 'Supertip', 'Icon', 'Action']);
    const action = child(control, 'Action')!;
    expect(attr(action, 'type', XSI_NS)).toBe('ShowTaskpane');
    expect(action.children.map((c) => c.local)).toEqual(['TaskpaneId', 'SourceLocation']);
    // Icons in the three sizes the ribbon asks for.
    for (const icon of all(vo, (n) => n.local === 'Icon')) {
      expect(icon.children.map((c) => attr(c, 'size'))).toEqual(['16', '32', '80']);
    }
    const res = child(vo, 'Resources')!;
    expect(res.children.map((c) => c.local)).toEqual(['Images', 'Urls', 'ShortStrings', 'LongStrings']);
    expect(res.children.every((c) => c.uri === BT_NS)).toBe(true);
  });

  it('every resid names a resource of the right kind; every string has an English override within the length limits', () => {
    const res = child(vo, 'Resources')!;
    const ids = (kind: string) => new Set(child(res, kind)!.children.map((c) => attr(c, 'id')!));
    const images = ids('Images'), urls = ids('Urls'), shorts = ids('ShortStrings'), longs = ids('LongStrings');
    const refs = all(child(vo, 'Hosts')!, (n) => attr(n, 'resid') !== undefined);
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) {
      const id = attr(r, 'resid')!;
      const kind =
        r.local === 'Image' ? images :
        ['SourceLocation', 'FunctionFile', 'LearnMoreUrl'].includes(r.local) ? urls :
        r.local === 'Description' ? longs :
        shorts; // Label, Title
      expect(kind.has(id), `${r.local} resid="${id}"`).toBe(true);
    }
    for (const [kind, max] of [['ShortStrings', 125], ['LongStrings', 250]] as const) {
      for (const s of child(res, kind)!.children) {
        expect(attr(s, 'DefaultValue')!.length).toBeLessThanOrEqual(max);
        const en = s.children.filter((c) => c.local === 'Override' && attr(c, 'Locale') === 'en-US');
        expect(en, attr(s, 'id')).toHaveLength(1);
        expect(attr(en[0], 'Value')!.length).toBeLessThanOrEqual(max);
      }
    }
  });

  it('the sideloading tool (office-addin-manifest) reads it offline', async () => {
    const info = await OfficeAddinManifest.readManifestFile(MANIFEST);
    expect(info.id).toBe(child(root, 'Id')!.text.trim());
    expect(info.defaultLocale).toBe('vi-VN');
    expect(info.displayName).toBe('Tổng hợp chỉ tiêu');
    expect(info.hosts).toEqual(['Workbook']);
  });
});

describe('every URL of the manifest is https and points at a file the build emits', () => {
  let files: Set<string>;
  let dist: string;
  beforeAll(async () => {
    dist = await buildDist();
    files = new Set(distFiles(dist));
  }, 600_000);

  const root = parseXml(xml);
  const urlAttrs: { where: string; url: string }[] = [];
  for (const n of all(root, () => true)) {
    for (const [q, a] of Object.entries(n.attrs)) {
      if (/^(DefaultValue|Value)$/.test(a.local) && /^[a-z]+:\/\//i.test(a.value)) urlAttrs.push({ where: `${n.local}@${q}`, url: a.value });
    }
  }
  const appDomains = all(root, (n) => n.local === 'AppDomain').map((n) => n.text.trim());

  it('finds the URLs (icons, pane, commands, help, resources)', () => {
    expect(urlAttrs.length).toBeGreaterThanOrEqual(9);
    expect(urlAttrs.map((u) => u.url)).toContain(`${ORIGIN}/taskpane.html`);
  });

  it('all are https on the dev origin; AppDomains are bare https origins', () => {
    for (const u of urlAttrs) expect(u.url.startsWith(`${ORIGIN}/`), u.where).toBe(true);
    for (const d of appDomains) expect(d).toMatch(/^https:\/\/[^/]+$/);
  });

  it('each URL is a file of dist/ (and the build emits the pane, its worker and exceljs)', () => {
    for (const f of ['taskpane.html', 'taskpane.js', 'taskpane.css', 'worker.js', 'commands.html', 'help.html', 'manifest.xml']) {
      expect(files.has(f), f).toBe(true);
    }
    for (const u of urlAttrs) {
      const rel = decodeURIComponent(new URL(u.url).pathname.replace(/^\//, ''));
      expect(files.has(rel), `${u.where}: ${u.url}`).toBe(true);
    }
  });

  it('icons are PNGs of the size their place asks for', () => {
    const sizeOf = (url: string) => pngSize(path.join(dist, new URL(url).pathname));
    expect(sizeOf(attr(child(root, 'IconUrl')!, 'DefaultValue')!)).toEqual({ w: 32, h: 32 });
    expect(sizeOf(attr(child(root, 'HighResolutionIconUrl')!, 'DefaultValue')!)).toEqual({ w: 64, h: 64 });
    const images = child(child(child(root, 'VersionOverrides')!, 'Resources')!, 'Images')!;
    for (const img of images.children) {
      const n = Number(/(\d+)x\1$/.exec(attr(img, 'id')!)![1]);
      expect(sizeOf(attr(img, 'DefaultValue')!)).toEqual({ w: n, h: n });
    }
    for (const s of [16, 32, 64, 80]) expect(pngSize(path.join(ROOT, 'assets', `icon-${s}.png`))).toEqual({ w: s, h: s });
  });

  it('the copy of the manifest in dist/ is the manifest', () => {
    expect(fs.readFileSync(path.join(dist, 'manifest.xml'), 'utf8')).toBe(xml);
  });

  it('the pane page starts with boot.js, which loads office.js from the Office CDN and the pane\'s own script; the stylesheet', () => {
    const html = fs.readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
    // The build minifies the page (attribute quotes may go): read attribute values either way.
    const refs = [...html.matchAll(/\b(src|href|data-office|data-bundle)=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)].map((m) => m[2] ?? m[3] ?? m[4]);
    expect(refs).toContain('boot.js');
    expect(refs).toContain('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    expect(refs).toContain('taskpane.js');
    expect(refs).toContain('taskpane.css');
    // No stylesheet or script from any other origin.
    const external = refs.filter((r) => /^(https?:)?\/\//.test(r));
    expect(external).toEqual(['https://appsforoffice.microsoft.com/lib/1/hosted/office.js']);
  });
});
