import { setProjectAnnotations } from '@storybook/react-vite';
import { configure } from 'storybook/test';
import preview from './preview';

// CSF Next stories carry the preview themselves; registering it too gives Vitest's `beforeAll`
// and any portable story (`composeStory`) the same decorators, addons and parameters.
setProjectAnnotations([preview.composed]);

// A play function's `waitFor` / `findBy*` wait up to 5 s, not testing-library's 1 s: a debounced
// query and its emulator answer fit in 1 s on an idle machine, but not always on a loaded CI runner.
configure({ asyncUtilTimeout: 5000 });
