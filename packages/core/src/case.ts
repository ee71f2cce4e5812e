/**
 * camelCase → snake_case of parameter names. Kept apart from `wire.ts` (which builds zod schemas at
 * load) so the lean chat store can map its parameters without pulling zod into its bundle.
 */
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** snake_case → camelCase of one key (`max_new_tokens` → `maxNewTokens`). */
export const toCamelKey = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Shallow camelCase → snake_case of a parameters object, dropping `undefined` values. */
export function toSnake(params: object | undefined): Record<string, unknown> | undefined {
  if (!params) return undefined;
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    out[snake(key)] = value;
    any = true;
  }
  return any ? out : undefined;
}
