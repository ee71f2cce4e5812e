/** A JavaScript literal of a value for the code panel (strings quoted and escaped as JSON does). */
export const lit = (value: unknown): string => JSON.stringify(value);

/** A string literal with single quotes, as the repo's Prettier style writes them. */
export const str = (value: string): string => {
  const json = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${json}'`;
};

/** `['a', 'b']` */
export const strList = (values: readonly string[]): string => `[${values.map(str).join(', ')}]`;

/** The `provider` argument for the code panel: nothing for `auto` (the default). */
export const providerArg = (provider: string, before = ', '): string =>
  provider === 'auto' ? '' : `${before}provider: ${str(provider)}`;
