import { describe, expect, it } from 'vitest';
import { arithmeticIn, ArithmeticError, evaluate } from '../arithmetic';
import { forecastFor, solve } from '../demo-tools';

describe('the calculator tool', () => {
  it.each([
    ['12 * (3 + 4)', 84],
    ['2 + 3 * 4', 14],
    ['-2^2', -4],
    ['2^3^2', 512],
    ['2^-1', 0.5],
    ['7 % 4', 3],
    ['.5 + 1.25', 1.75],
    ['((1))', 1],
  ])('evaluates %s as %d', (expression, value) => {
    expect(evaluate(expression)).toBe(value);
  });

  it.each([
    ['1 / 0', 'Division by zero in "1 / 0".'],
    ['2 +', 'Expected a number or "(" but the expression ended at token 3 of "2 +".'],
    ['(1 + 2', 'Expected ")" at token 5 of "(1 + 2".'],
    ['alert(1)', 'Unexpected "a" at token 1 of "alert(1)".'],
    ['', 'The expression is empty.'],
    ['('.repeat(40) + '1' + ')'.repeat(40), 'Too many nested parentheses'],
  ])('refuses %j with a message the model can read', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(ArithmeticError);
    expect(() => evaluate(expression)).toThrow(message);
  });

  it('reads the arithmetic out of a sentence, and answers with it and its value', () => {
    expect(arithmeticIn('Calculate 12 * (3 + 4), please.')).toBe('12 * (3 + 4)');
    expect(solve('Calculate 0.1 + 0.2')).toEqual({ expression: '0.1 + 0.2', value: 0.3 });
    expect(() => solve('What is love?')).toThrow('There is no arithmetic in "What is love?"');
  });
});

describe('the weather tool', () => {
  it('gives a city the same made-up forecast every time, in plausible ranges', () => {
    const paris = forecastFor('Paris');
    expect(forecastFor(' Paris ')).toEqual(paris);
    expect(paris.city).toBe('Paris');
    expect(paris.windKph).toBeGreaterThanOrEqual(3);
    expect(paris.humidityPercent).toBeLessThanOrEqual(95);
    expect(forecastFor('Tokyo')).not.toEqual(paris);
  });
});
