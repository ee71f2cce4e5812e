import { isChatBusy } from '@inferkit/components';
import { useTextGeneration } from '@inferkit/react';
import { useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, ErrorNotice, fieldStyle, ModelLoadingNotice, StatusLine, XSS } from './demo-kit';

interface TextGenerationDemoProps {
  prompt: string;
  maxNewTokens?: number;
}

/** Streams the continuation of a prompt: `useTextGeneration`. */
function TextGenerationDemo({ prompt: initialPrompt, maxNewTokens = 24 }: TextGenerationDemoProps) {
  const id = useId();
  const [prompt, setPrompt] = useState(initialPrompt);
  const generation = useTextGeneration({ model: 'bigscience/bloom-560m', parameters: { maxNewTokens } });
  const busy = isChatBusy(generation.status);
  return (
    <form
      style={demoStyle}
      onSubmit={(event) => {
        event.preventDefault();
        if (busy) generation.stop();
        else void generation.send(prompt);
      }}
    >
      <div style={fieldStyle}>
        <label htmlFor={id}>Prompt</label>
        <textarea id={id} rows={2} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
      </div>
      <div>
        <button type="submit" disabled={!busy && prompt.trim() === ''}>
          {busy ? 'Stop' : 'Generate'}
        </button>
      </div>
      <ModelLoadingNotice info={generation.modelLoading} />
      <ErrorNotice error={generation.error} />
      <section aria-label="Generated text" aria-busy={busy} style={{ whiteSpace: 'pre-wrap', minHeight: '3rem' }}>
        {generation.text}
      </section>
      <StatusLine>{generation.status}</StatusLine>
    </form>
  );
}

const status = (root: HTMLElement) => within(root).getByTestId('status');
const output = (root: HTMLElement) => within(root).getByRole('region', { name: 'Generated text' });

const meta = preview.meta({
  title: 'Hooks/useTextGeneration',
  component: TextGenerationDemo,
  decorators: [withInference],
  args: { prompt: 'Once upon a time, in a village by the sea,' },
  parameters: { inference: { fault: 'token-rate=60' } },
});

/** Generate: submitted, streaming, success. */
export const Stream = meta.story({
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('streaming'));
    expect(output(canvasElement)).toHaveAttribute('aria-busy', 'true');
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'), { timeout: 5000 });
    expect(output(canvasElement).textContent!.length).toBeGreaterThan(0);
  },
});

/** Stop keeps the text generated so far. */
export const Stop = meta.story({
  parameters: { inference: { fault: 'token-rate=8' } },
  args: { maxNewTokens: 64 },
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(output(canvasElement).textContent!.length).toBeGreaterThan(8));
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Stop' }));
    expect(status(canvasElement)).toHaveTextContent('stopped');
    expect(output(canvasElement).textContent!.length).toBeGreaterThan(8);
  },
});

/** The stream breaks off: an error, with the partial text kept. */
export const StreamError = meta.story({
  parameters: { inference: { fault: 'stream-error=overloaded@3, token-rate=60' } },
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Generate' }));
    expect(await within(canvasElement).findByRole('alert')).toHaveTextContent('error mid-stream');
    expect(status(canvasElement)).toHaveTextContent('error');
  },
});

/** The server fails (500). */
export const ServerError = meta.story({
  parameters: { inference: { fault: 'server-error' } },
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Generate' }));
    expect(await within(canvasElement).findByRole('alert')).toHaveTextContent('failed with HTTP 500');
  },
});

/** No prompt: nothing to send. */
export const EmptyPrompt = meta.story({
  args: { prompt: '' },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByRole('button', { name: 'Generate' })).toBeDisabled();
    expect(status(canvasElement)).toHaveTextContent('idle');
  },
});

/** A prompt that looks like HTML is sent and shown as text. */
export const XssPrompt = meta.story({
  args: { prompt: XSS },
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'), { timeout: 5000 });
    expect(canvasElement.querySelector('img, [onerror]')).toBeNull();
  },
});
