import { useTextToImage } from '@inferkit/react';
import { useEffect, useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, ErrorNotice, fieldStyle, ModelLoadingNotice, XSS } from './demo-kit';

/** An object URL for a Blob, revoked when the Blob changes or the component leaves. */
function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return setUrl(undefined);
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob]);
  return url;
}

/** Generates an image on demand (a mutation resolving to a Blob): `useTextToImage`. */
function TextToImageDemo({ prompt: initialPrompt }: { prompt: string }) {
  const id = useId();
  const [prompt, setPrompt] = useState(initialPrompt);
  const draw = useTextToImage();
  const url = useObjectUrl(draw.data);
  return (
    <form
      style={demoStyle}
      onSubmit={(event) => {
        event.preventDefault();
        draw.mutate({
          model: 'stabilityai/stable-diffusion-xl-base-1.0',
          inputs: prompt,
          parameters: { width: 256, height: 256 },
        });
      }}
    >
      <div style={fieldStyle}>
        <label htmlFor={id}>Prompt</label>
        <input id={id} value={prompt} onChange={(e) => setPrompt(e.target.value)} />
      </div>
      <div>
        <button type="submit" disabled={draw.isPending || prompt.trim() === ''}>
          {draw.isPending ? 'Generating…' : 'Generate'}
        </button>
      </div>
      <ModelLoadingNotice info={draw.modelLoading} />
      <ErrorNotice error={draw.error} />
      {url && draw.variables && (
        <figure style={{ margin: 0 }}>
          <img src={url} alt={draw.variables.inputs} width={256} height={256} />
          <figcaption>{draw.variables.inputs}</figcaption>
        </figure>
      )}
    </form>
  );
}

const generate = (root: HTMLElement) => within(root).getByRole('button', { name: /^Generat/ });

const meta = preview.meta({
  title: 'Hooks/useTextToImage',
  component: TextToImageDemo,
  decorators: [withInference],
  args: { prompt: 'An astronaut riding a horse on the moon' },
});

/** Click, wait, see the image (alt text = the prompt). */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    await userEvent.click(generate(canvasElement));
    const image = await within(canvasElement).findByRole('img', { name: 'An astronaut riding a horse on the moon' });
    await waitFor(() => expect((image as HTMLImageElement).naturalWidth).toBeGreaterThan(0));
  },
});

/** The server fails (500). */
export const ServerError = meta.story({
  parameters: { inference: { fault: 'server-error' } },
  play: async ({ canvasElement }) => {
    await userEvent.click(generate(canvasElement));
    expect(await within(canvasElement).findByRole('alert')).toHaveTextContent('failed with HTTP 500');
    expect(within(canvasElement).queryByRole('img')).toBeNull();
  },
});

/** No prompt: the button is disabled. */
export const EmptyPrompt = meta.story({
  args: { prompt: '' },
  play: async ({ canvasElement }) => {
    expect(generate(canvasElement)).toBeDisabled();
  },
});

/** A prompt that looks like HTML: it is only ever an attribute value and text, never markup. */
export const XssPrompt = meta.story({
  args: { prompt: XSS },
  play: async ({ canvasElement }) => {
    await userEvent.click(generate(canvasElement));
    const image = await within(canvasElement).findByRole('img', { name: XSS });
    // The one image is ours, made from the Blob; none came from the prompt.
    expect(canvasElement.querySelectorAll('img')).toHaveLength(1);
    expect(image.getAttribute('src')).toMatch(/^blob:/);
    expect(canvasElement.querySelector('[onerror]')).toBeNull();
    expect(within(canvasElement).getByText(XSS, { selector: 'figcaption' })).toBeVisible();
  },
});
