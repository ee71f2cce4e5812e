// A local ESLint plugin: `inferkit/use-client` requires the `'use client'` directive as the first
// statement of a React source file that needs it, so React Server Components frameworks treat the
// file (and what it imports) as client code. A file needs it when it is a component file (`.tsx`)
// or when it calls a hook (`useX(...)`, `React.useX(...)`) or `createContext`. eslint.config.js
// applies it to the sources of @inferkit/react and @inferkit/components, tests excepted.

const HOOK = /^use[A-Z]/;

/** The name a call goes to: `useState(...)` → useState, `React.useState(...)` → useState. */
const calleeName = (callee) =>
  callee.type === 'Identifier'
    ? callee.name
    : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier'
      ? callee.property.name
      : undefined;

const hasDirective = (program) => {
  const first = program.body[0];
  return first?.type === 'ExpressionStatement' && first.directive === 'use client';
};

/** @type {import('eslint').Rule.RuleModule} */
export const useClientRule = {
  meta: {
    type: 'problem',
    docs: { description: "Require 'use client' at the top of component files and files that call hooks" },
    fixable: 'code',
    schema: [],
    messages: {
      missing: "{{why}}: start the file with 'use client'; so React Server Components frameworks run it on the client.",
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    let why = /\.tsx$/.test(filename) ? 'A component file' : undefined;
    return {
      CallExpression(node) {
        if (why) return;
        const name = calleeName(node.callee);
        if (name && (HOOK.test(name) || name === 'createContext')) why = `This file calls ${name}`;
      },
      'Program:exit'(program) {
        if (!why || hasDirective(program)) return;
        context.report({
          node: program.body[0] ?? program,
          loc: { line: 1, column: 0 },
          messageId: 'missing',
          data: { why },
          fix: (fixer) => fixer.insertTextBeforeRange([0, 0], "'use client';\n"),
        });
      },
    };
  },
};

export const inferkitPlugin = { meta: { name: 'inferkit' }, rules: { 'use-client': useClientRule } };
