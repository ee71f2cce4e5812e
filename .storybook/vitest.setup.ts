import { configure } from 'storybook/test';

// The preview's decorators, addons and parameters reach every story test without a call here:
// @storybook/addon-vitest applies .storybook/preview itself (since Storybook 10.3), and only when
// this file does not register them too (it looks for that call by name, comments included).

// A play function's `waitFor` / `findBy*` wait up to 5 s, not testing-library's 1 s: a debounced
// query and its emulator answer fit in 1 s on an idle machine, but not always on a loaded CI runner.
configure({ asyncUtilTimeout: 5000 });
