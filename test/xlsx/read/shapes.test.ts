/**
 * The pane's build (tsconfig.taskpane.json: ES2017, no class-field semantics) emits a class field only when it has
 * an initializer: a field declared bare is first created wherever a method assigns it, so objects of one class
 * change shape as they are used, and V8 throws away the optimized code made for the first shape (the worksheet
 * scanner's vText… made the scanning code be compiled again and again, in Chromium). In the code that reads the
 * communes' files every instance field is therefore initialized, or assigned in the constructor.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../../../src');
const DIRS = ['xlsx', 'read', 'taskpane'];

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? tsFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

/** "file:line Class.field" for each instance field declared bare and not assigned in the constructor. */
function bareFields(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isClassLike(n)) {
      const ctor = n.members.find(ts.isConstructorDeclaration);
      const assigned = new Set<string>();
      const collect = (m: ts.Node): void => {
        if (ts.isBinaryExpression(m) && m.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(m.left) && m.left.expression.kind === ts.SyntaxKind.ThisKeyword) assigned.add(m.left.name.text);
        ts.forEachChild(m, collect);
      };
      if (ctor?.body) collect(ctor.body);
      for (const m of n.members) {
        if (!ts.isPropertyDeclaration(m) || m.initializer) continue;
        const mods = ts.getModifiers(m) ?? [];
        if (mods.some((x) => x.kind === ts.SyntaxKind.StaticKeyword || x.kind === ts.SyntaxKind.DeclareKeyword || x.kind === ts.SyntaxKind.AbstractKeyword)) continue;
        const name = m.name.getText(sf);
        if (!assigned.has(name)) out.push(`${path.relative(SRC, file)}:${sf.getLineAndCharacterOfPosition(m.getStart(sf)).line + 1} ${n.name?.text ?? '(class)'}.${name}`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('class shapes in the pane build', () => {
  it("every instance field of the readers' classes is created by the constructor", () => {
    const files = DIRS.flatMap((d) => tsFiles(path.join(SRC, d)));
    expect(files.some((f) => f.endsWith(path.join('xlsx', 'sheet.ts')))).toBe(true);
    expect(files.flatMap(bareFields)).toEqual([]);
  });

  it('finds a field declared bare (the check itself)', () => {
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tonghop-shapes-')), 'c.ts');
    fs.writeFileSync(tmp, 'export class C {\n  private a: string | undefined;\n  b = 1;\n  c: number;\n  constructor() {\n    this.c = 2;\n  }\n  m() {\n    this.a = "x";\n  }\n}\n');
    expect(bareFields(tmp).map((s) => s.replace(/^.*c\.ts/, 'c.ts'))).toEqual(['c.ts:2 C.a']);
    fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
  });
});
