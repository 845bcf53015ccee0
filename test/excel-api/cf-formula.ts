/**
 * A small evaluator of conditional-format formulas, for the Excel test double: numbers, + - * / ^, the
 * comparisons, parentheses, and the functions ROW(), COLUMN() (of the cell being formatted), CHOOSE, INT,
 * MOD, AND, OR, NOT. Anything else throws, so a rule this double cannot judge never passes silently.
 * Excel's order of operations: comparison < + - < * / < ^ < unary minus.
 */
export function evalCfFormula(formula: string, row: number, column: number): number | boolean {
  const src = formula.replace(/^=/, '');
  let i = 0;
  const ws = () => { while (src[i] === ' ') i++; };
  const fail = (what: string): never => { throw new Error(`cf formula: ${what} at ${i} in ${formula}`); };
  const num = (x: unknown) => (typeof x === 'boolean' ? (x ? 1 : 0) : typeof x === 'number' ? x : fail('not a number'));

  function primary(): number | boolean {
    ws();
    const m = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(src.slice(i));
    if (m) { i += m[1].length; return Number(m[1]); }
    if (src[i] === '(') { i++; const v = cmp(); ws(); if (src[i++] !== ')') fail('")" expected'); return v; }
    const f = /^([A-Z]+)\(/.exec(src.slice(i));
    if (!f) return fail('unexpected');
    i += f[0].length;
    const args: (number | boolean)[] = [];
    ws();
    if (src[i] === ')') i++;
    else {
      for (;;) {
        args.push(cmp());
        ws();
        const ch = src[i++];
        if (ch === ')') break;
        if (ch !== ',') fail('"," expected');
      }
    }
    switch (f[1]) {
      case 'ROW': return args.length ? fail('ROW(ref)') : row;
      case 'COLUMN': return args.length ? fail('COLUMN(ref)') : column;
      case 'CHOOSE': {
        if (args.length > 255) fail('more than 255 arguments');
        const k = Math.trunc(num(args[0]));
        return k >= 1 && k < args.length ? args[k] : fail('#VALUE! (CHOOSE index)');
      }
      case 'INT': return Math.floor(num(args[0]));
      case 'MOD': { const a = num(args[0]), b = num(args[1]); return a - b * Math.floor(a / b); }
      case 'AND': return args.every((a) => !!num(a));
      case 'OR': return args.some((a) => !!num(a));
      case 'NOT': return !num(args[0]);
      default: return fail(`function ${f[1]}`);
    }
  }
  function unary(): number | boolean {
    ws();
    if (src[i] === '-') { i++; return -num(unary()); }
    return primary();
  }
  function pow(): number | boolean {
    let v = unary();
    for (;;) { ws(); if (src[i] !== '^') return v; i++; v = num(v) ** num(unary()); }
  }
  /** One level of left-associative operators: operands from `next`, each operator's sum from `ops`. */
  function level(next: () => number | boolean, ops: Record<string, (a: number, b: number) => number>): () => number | boolean {
    return () => {
      let v = next();
      for (;;) {
        ws();
        const op = src[i];
        if (!Object.hasOwn(ops, op)) return v;
        i++;
        const b = num(next());
        v = ops[op](num(v), b);
      }
    };
  }
  const mul = level(pow, { '*': (a, b) => a * b, '/': (a, b) => a / b });
  const add = level(mul, { '+': (a, b) => a + b, '-': (a, b) => a - b });
  function cmp(): number | boolean {
    const a = add();
    ws();
    const m = /^(<=|>=|<>|=|<|>)/.exec(src.slice(i));
    if (!m) return a;
    i += m[1].length;
    const x = num(a), y = num(add());
    switch (m[1]) {
      case '=': return x === y;
      case '<>': return x !== y;
      case '<': return x < y;
      case '>': return x > y;
      case '<=': return x <= y;
      default: return x >= y;
    }
  }
  const v = cmp();
  ws();
  if (i !== src.length) fail('trailing text');
  return v;
}
