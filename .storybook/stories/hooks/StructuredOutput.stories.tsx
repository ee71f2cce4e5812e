import { InferenceResponseError } from '@inferkit/core';
import { useStructuredOutput } from '@inferkit/react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import * as z from 'zod/mini';
import { emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, StatusLine } from './demo-kit';

const recipe = z.object({
  title: z.string(),
  servings: z.int().check(z.minimum(1), z.maximum(12)),
  ingredients: z.array(z.object({ name: z.string(), amount: z.string() })).check(z.minLength(1)),
  steps: z.array(z.string()).check(z.minLength(1)),
});

/** The same recipe with a check JSON Schema cannot carry: the model never sees it. */
const fourSteps = recipe.check(
  z.refine((r) => r.steps.length >= 4, { message: 'Give at least four steps', path: ['steps'] }),
);

interface RecipeDemoProps {
  prompt?: string;
  strict?: boolean;
}

/** A recipe that fills in as its JSON streams: `useStructuredOutput` with a zod schema. */
function RecipeDemo({ prompt = 'A tomato soup recipe for 4 people', strict = false }: RecipeDemoProps) {
  const answer = useStructuredOutput({
    schema: strict ? fourSteps : recipe,
    schemaName: 'recipe',
    model: 'meta-llama/Llama-3.1-8B-Instruct',
  });
  const { object, status, error } = answer;
  const busy = status === 'submitted' || status === 'streaming' || status === 'loading-model';
  const issues = error instanceof InferenceResponseError ? error.issues : undefined;
  return (
    <div style={demoStyle}>
      <div>
        <button type="button" onClick={() => void answer.submit(prompt)} disabled={busy}>
          Write the recipe
        </button>{' '}
        <button type="button" onClick={answer.stop} disabled={!busy}>
          Stop
        </button>
      </div>
      <section aria-label="Recipe" aria-busy={busy || undefined}>
        <dl style={{ margin: 0 }}>
          <dt>Title</dt>
          <dd data-testid="title">{object?.title}</dd>
          <dt>Servings</dt>
          <dd data-testid="servings">{object?.servings}</dd>
        </dl>
        <ul aria-label="Ingredients">
          {object?.ingredients?.map((item, i) => (
            <li key={i}>
              {item?.amount} {item?.name}
            </li>
          ))}
        </ul>
        <ol aria-label="Steps">
          {object?.steps?.map((step, i) => (
            <li key={i}>{step}</li>
          ))}
        </ol>
      </section>
      <pre data-testid="text" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
        {answer.text}
      </pre>
      {error && (
        <div role="alert" style={{ color: 'var(--ik-color-error)' }}>
          {issues ? (
            <ul aria-label="Broken fields">
              {issues.map((issue) => (
                <li key={issue.path}>
                  {issue.path}: {issue.message}
                </li>
              ))}
            </ul>
          ) : (
            error.message
          )}
        </div>
      )}
      <StatusLine>{status}</StatusLine>
    </div>
  );
}

const canvas = (root: HTMLElement) => within(root);
const status = (root: HTMLElement) => canvas(root).getByTestId('status');
const stepItems = (root: HTMLElement) =>
  within(canvas(root).getByRole('list', { name: 'Steps' })).queryAllByRole('listitem');

const meta = preview.meta({
  title: 'Hooks/useStructuredOutput',
  component: RecipeDemo,
  decorators: [withInference],
  // 30 tokens a second: the partial recipe can be seen (and tested) before it is whole.
  parameters: { inference: { fault: 'token-rate=30' } },
});

/**
 * The object fills in field by field (a title while no step has come yet), then the answer is
 * checked against the schema: `success`, with the object the JSON says.
 */
export const PartialObject = meta.story({
  play: async ({ canvasElement }) => {
    await userEvent.click(canvas(canvasElement).getByRole('button', { name: 'Write the recipe' }));
    // A partial object on screen: the title has come, the steps have not.
    await waitFor(() => {
      expect(canvas(canvasElement).getByTestId('title').textContent).not.toBe('');
      expect(stepItems(canvasElement)).toHaveLength(0);
      expect(status(canvasElement)).toHaveTextContent('streaming');
    });
    expect(canvas(canvasElement).getByRole('region', { name: 'Recipe' })).toHaveAttribute('aria-busy', 'true');

    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'), { timeout: 8000 });
    // The final object validates, and what is on screen is that object.
    const answer = JSON.parse(canvas(canvasElement).getByTestId('text').textContent!) as unknown;
    const checked = recipe.safeParse(answer);
    expect(checked.success).toBe(true);
    const object = checked.data!;
    expect(object.servings).toBe(4);
    expect(canvas(canvasElement).getByTestId('title')).toHaveTextContent(object.title);
    expect(canvas(canvasElement).getByTestId('servings')).toHaveTextContent('4');
    expect(stepItems(canvasElement).map((item) => item.textContent)).toEqual(object.steps);
    expect(canvas(canvasElement).queryByRole('alert')).toBeNull();
    expect(emulatorLog().filter((entry) => entry.path === '/v1/chat/completions')).toHaveLength(1);
  },
});

/** Stop while it streams: the partial object stays, and is not validated. */
export const StopWhileStreaming = meta.story({
  parameters: { inference: { fault: 'token-rate=8' } },
  play: async ({ canvasElement }) => {
    await userEvent.click(canvas(canvasElement).getByRole('button', { name: 'Write the recipe' }));
    await waitFor(() => expect(canvas(canvasElement).getByTestId('title').textContent).not.toBe(''));
    await userEvent.click(canvas(canvasElement).getByRole('button', { name: 'Stop' }));
    expect(status(canvasElement)).toHaveTextContent('stopped');
    const text = canvas(canvasElement).getByTestId('text').textContent!;
    expect(() => JSON.parse(text)).toThrow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(canvas(canvasElement).getByTestId('text')).toHaveTextContent(text);
    expect(canvas(canvasElement).queryByRole('alert')).toBeNull();
  },
});

/** A `refine` check the JSON Schema cannot carry breaks on the answer: the error names the field. */
export const BrokenField = meta.story({
  args: { strict: true },
  parameters: { inference: { fault: 'token-rate=0' } },
  play: async ({ canvasElement }) => {
    await userEvent.click(canvas(canvasElement).getByRole('button', { name: 'Write the recipe' }));
    const alert = await canvas(canvasElement).findByRole('alert');
    expect(within(alert).getByRole('list', { name: 'Broken fields' })).toHaveTextContent(
      'steps: Give at least four steps',
    );
    expect(status(canvasElement)).toHaveTextContent('error');
    // The object stays on screen, as it came.
    expect(stepItems(canvasElement).length).toBeGreaterThan(0);
  },
});
