/**
 * The Tools page's tools, defined with classic zod (its schemas describe themselves as JSON Schema,
 * which the request carries). Two run in the browser; `bookTable` has no `execute`, so its calls
 * wait for the user's Approve or Decline (`addToolResult`).
 */
import { tool } from '@inferkit/core';
import * as z from 'zod';
import { arithmeticIn, evaluate } from './arithmetic';

const CONDITIONS = ['sunny', 'partly cloudy', 'overcast', 'light rain', 'showers', 'windy', 'foggy', 'snow'] as const;

/** A small stable hash of a string (FNV-1a), so a city always gets the same made-up weather. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (const char of text.toLowerCase()) h = Math.imul(h ^ char.codePointAt(0)!, 0x01000193);
  return h >>> 0;
}

/** A made-up forecast: the same city always gets the same one. */
export function forecastFor(city: string) {
  const h = hashOf(city.trim());
  const condition = CONDITIONS[h % CONDITIONS.length]!;
  const snowy = condition === 'snow';
  return {
    city: city.trim(),
    condition,
    temperatureC: snowy ? -(h % 6) : 4 + ((h >>> 3) % 24),
    windKph: 3 + ((h >>> 8) % 40),
    humidityPercent: 35 + ((h >>> 13) % 60),
  };
}

/** The calculator's answer: the expression it read and its value. */
export function solve(input: string) {
  const expression = arithmeticIn(input);
  if (!expression) throw new Error(`There is no arithmetic in "${input}". Send an expression such as 12 * (3 + 4).`);
  // Rounded to 10 significant digits, so 0.1 + 0.2 reads 0.3.
  return { expression, value: Number(evaluate(expression).toPrecision(10)) };
}

export const getWeather = tool({
  description: 'Get the current weather in a city: temperature, rain, wind and humidity',
  parameters: z.object({ city: z.string().min(1).describe('The city, e.g. Paris') }),
  execute: ({ city }) => forecastFor(city),
});

export const calculator = tool({
  description: 'Calculate the value of an arithmetic expression with + - * / % ^ and parentheses',
  parameters: z.object({ expression: z.string().describe('The arithmetic expression, e.g. 12 * (3 + 4)') }),
  execute: ({ expression }) => solve(expression),
});

/** No `execute`: the page shows Approve and Decline, and answers the call with `addToolResult`. */
export const bookTable = tool({
  description: 'Book a table at a restaurant. The user must approve the booking before it is made',
  parameters: z.object({
    place: z.string().min(1).describe('The restaurant'),
    guests: z.number().int().min(1).max(20).describe('How many people'),
  }),
});

/** The names of the tools the user answers (those without `execute`). */
export const userAnsweredTools: ReadonlySet<string> = new Set(['bookTable']);
