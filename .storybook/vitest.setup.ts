import { setProjectAnnotations } from '@storybook/react-vite';
import preview from './preview';

// CSF Next stories carry the preview themselves; registering it too gives Vitest's `beforeAll`
// and any portable story (`composeStory`) the same decorators, addons and parameters.
setProjectAnnotations([preview.composed]);
