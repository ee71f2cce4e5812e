import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';
import { useClientRule } from '../use-client.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.afterAll = afterAll;

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
});

const component = `import { forwardRef } from 'react';\nexport const Box = forwardRef<HTMLDivElement>((props, ref) => <div ref={ref} {...props} />);\n`;
const hook = `import { useState } from 'react';\nexport function useToggle() {\n  return useState(false);\n}\n`;

tester.run('inferkit/use-client', useClientRule, {
  valid: [
    { filename: 'packages/components/src/box/Box.tsx', code: `'use client';\n${component}` },
    { filename: 'packages/react/src/use-toggle.ts', code: `'use client';\n${hook}` },
    // No hooks, no JSX file: plain helpers and types stay server-safe without the directive.
    { filename: 'packages/react/src/query-key.ts', code: `export const key = (task: string) => ['inferkit', task];\n` },
    // Hooks named in comments only (TSDoc examples) do not count.
    {
      filename: 'packages/react/src/options.ts',
      code: `/** @example useQuery(options()) */\nexport const options = () => ({});\n`,
    },
  ],
  invalid: [
    {
      filename: 'packages/components/src/box/Box.tsx',
      code: component,
      errors: [{ messageId: 'missing', data: { why: 'A component file' } }],
      output: `'use client';\n${component}`,
    },
    {
      filename: 'packages/react/src/use-toggle.ts',
      code: hook,
      errors: [{ messageId: 'missing', data: { why: 'This file calls useState' } }],
      output: `'use client';\n${hook}`,
    },
    {
      filename: 'packages/react/src/provider.ts',
      code: `import * as React from 'react';\nexport const Ctx = React.createContext(null);\n`,
      errors: [{ messageId: 'missing', data: { why: 'This file calls createContext' } }],
      output: `'use client';\nimport * as React from 'react';\nexport const Ctx = React.createContext(null);\n`,
    },
    {
      // Not at the top: a directive after an import is only a string.
      filename: 'packages/react/src/use-toggle.ts',
      code: `import { useState } from 'react';\n'use client';\nexport const useToggle = () => useState(false);\n`,
      errors: [{ messageId: 'missing' }],
      output: `'use client';\nimport { useState } from 'react';\n'use client';\nexport const useToggle = () => useState(false);\n`,
    },
  ],
});
