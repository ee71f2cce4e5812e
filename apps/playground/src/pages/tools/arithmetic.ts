/**
 * A tiny arithmetic evaluator for the calculator tool: numbers, + - * / % ^, unary minus and
 * parentheses, by recursive descent. Model output is never run as code (no `eval`, no `Function`):
 * anything else is an error the model can read.
 */

/** An expression the calculator cannot evaluate; the message says where and why. */
export class ArithmeticError extends Error {
  override name = 'ArithmeticError';
}

const MAX_LENGTH = 200;
const MAX_DEPTH = 32;

/**
 * The value of an arithmetic expression.
 * @example evaluate('12 * (3 + 4)') // 84
 */
export function evaluate(expression: string): number {
  if (expression.length > MAX_LENGTH)
    throw new ArithmeticError(`The expression is longer than ${MAX_LENGTH} characters.`);
  const tokens = expression.match(/\d+(?:\.\d+)?|\.\d+|[-+*/%^()]|\S/g) ?? [];
  let at = 0;
  let depth = 0;
  const peek = () => tokens[at];
  const fail = (what: string): never => {
    throw new ArithmeticError(`${what} at token ${at + 1} of "${expression.trim()}".`);
  };

  // sum := product (('+' | '-') product)*
  const sum = (): number => {
    let value = product();
    while (peek() === '+' || peek() === '-') value = tokens[at++] === '+' ? value + product() : value - product();
    return value;
  };
  // product := unary (('*' | '/' | '%') unary)*
  const product = (): number => {
    let value = unary();
    for (let op = peek(); op === '*' || op === '/' || op === '%'; op = peek()) {
      at++;
      const right = unary();
      if ((op === '/' || op === '%') && right === 0)
        throw new ArithmeticError(`Division by zero in "${expression.trim()}".`);
      value = op === '*' ? value * right : op === '/' ? value / right : value % right;
    }
    return value;
  };
  // unary := ('-' | '+') unary | power   (so -2^2 = -(2^2), as in mathematics)
  const unary = (): number => {
    if (peek() === '-' || peek() === '+') return tokens[at++] === '-' ? -unary() : unary();
    return power();
  };
  // power := atom ('^' unary)?   (right-associative: 2^3^2 = 2^9; 2^-1 = 0.5)
  const power = (): number => {
    const base = atom();
    if (peek() !== '^') return base;
    at++;
    return base ** unary();
  };
  // atom := number | '(' sum ')'
  const atom = (): number => {
    const token = peek();
    if (token === undefined) return fail('Expected a number or "(" but the expression ended');
    if (token === '(') {
      if (++depth > MAX_DEPTH) fail('Too many nested parentheses');
      at++;
      const value = sum();
      if (peek() !== ')') fail('Expected ")"');
      at++;
      depth--;
      return value;
    }
    if (/^(\d|\.\d)/.test(token)) {
      at++;
      return Number(token);
    }
    return fail(`Unexpected "${token}"`);
  };

  if (tokens.length === 0) throw new ArithmeticError('The expression is empty.');
  const value = sum();
  if (at < tokens.length) fail(`Unexpected "${tokens[at]}"`);
  if (!Number.isFinite(value)) throw new ArithmeticError(`"${expression.trim()}" has no finite value.`);
  return value;
}

/**
 * The arithmetic in a text: the longest run of numbers, operators and parentheses that starts with
 * a number, a "(" or a minus. A model sends `12 * (3 + 4)`; a sloppier one (or the emulator, which
 * passes the request itself) sends "Calculate 12 * (3 + 4)".
 */
export function arithmeticIn(text: string): string {
  const runs = text.match(/[-(\d.][\d.\s+\-*/%^()]*/g) ?? [];
  const best = runs.map((run) => run.trim()).reduce((a, b) => (b.length > a.length ? b : a), '');
  return best.replace(/[\s.]+$/, '');
}
