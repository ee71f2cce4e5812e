import { useTextToSpeech } from '@inferkit/react';
import { delay, http } from 'msw';
import { useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, ErrorNotice, fieldStyle, ModelLoadingNotice, useObjectUrl, XSS } from './demo-kit';

/** Speaks a text on demand (a mutation resolving to an audio Blob): `useTextToSpeech`. */
function TextToSpeechDemo({ text: initialText }: { text: string }) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const speak = useTextToSpeech();
  const url = useObjectUrl(speak.data);
  return (
    <form
      style={demoStyle}
      onSubmit={(event) => {
        event.preventDefault();
        speak.mutate({ inputs: text });
      }}
    >
      <div style={fieldStyle}>
        <label htmlFor={id}>Text</label>
        <textarea id={id} rows={3} dir="auto" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div>
        <button type="submit" disabled={speak.isPending || text.trim() === ''}>
          {speak.isPending ? 'Synthesising…' : 'Speak'}
        </button>
      </div>
      <ModelLoadingNotice info={speak.modelLoading} />
      <ErrorNotice error={speak.error} />
      <section aria-label="Speech" aria-busy={speak.isPending}>
        {url && speak.data && speak.variables ? (
          <figure style={{ margin: 0, display: 'grid', gap: '0.25rem' }}>
            <audio controls src={url} aria-label="Generated speech" />
            <figcaption dir="auto">{speak.variables.inputs}</figcaption>
            <p style={{ margin: 0, color: 'var(--ik-color-muted)' }} data-testid="audio-info">
              {speak.data.type || 'audio'}, {Math.max(1, Math.round(speak.data.size / 1024))} kB
            </p>
          </figure>
        ) : (
          <p style={{ margin: 0 }}>No speech yet.</p>
        )}
      </section>
    </form>
  );
}

const speakButton = (root: HTMLElement) => within(root).getByRole('button', { name: /^(Speak|Synthesising)/ });
const findAudio = (root: HTMLElement, timeout?: number) =>
  within(root).findByLabelText('Generated speech', { selector: 'audio' }, { timeout }) as Promise<HTMLAudioElement>;

const meta = preview.meta({
  title: 'Hooks/useTextToSpeech',
  component: TextToSpeechDemo,
  decorators: [withInference],
  args: { text: 'Hello from inferkit. This sentence was spoken by the emulator.' },
});

/** Click, wait, listen: an `<audio>` element playing the Blob through a `blob:` URL. */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    await userEvent.click(speakButton(canvasElement));
    const audio = await findAudio(canvasElement);
    expect(audio.getAttribute('src')).toMatch(/^blob:/);
    expect(audio).toHaveAttribute('controls');
    expect(within(canvasElement).getByTestId('audio-info')).toHaveTextContent(/^audio\/wav, \d+ kB$/);
    // The browser can decode it: about 0.07-0.11 s per letter, so a few seconds.
    await waitFor(() => expect(audio.duration).toBeGreaterThan(1));
    expect(emulatorLog()).toEqual([
      expect.objectContaining({ path: '/hf-inference/models/espnet/kan-bayashi_ljspeech_vits', status: 200 }),
    ]);
  },
});

/** A longer text makes a longer clip; the previous URL is replaced. */
export const SpeakAgain = meta.story({
  play: async ({ canvasElement }) => {
    await userEvent.click(speakButton(canvasElement));
    const first = await findAudio(canvasElement);
    await waitFor(() => expect(first.duration).toBeGreaterThan(0));
    const [firstUrl, firstDuration] = [first.getAttribute('src'), first.duration];
    await userEvent.type(within(canvasElement).getByLabelText('Text'), ' And here is one more sentence to say.');
    await userEvent.click(speakButton(canvasElement));
    await waitFor(() => expect((canvasElement.querySelector('audio') as HTMLAudioElement).src).not.toBe(firstUrl));
    const second = canvasElement.querySelector('audio')!;
    await waitFor(() => expect(second.duration).toBeGreaterThan(firstDuration));
  },
});

/** While the request runs, the button is disabled and says so (the request never ends here). */
export const Pending = meta.story({
  beforeEach: ({ msw }) => {
    msw.use(http.all('/api/inference/*', () => delay('infinite')));
  },
  play: async ({ canvasElement }) => {
    await userEvent.click(speakButton(canvasElement));
    await waitFor(() => expect(speakButton(canvasElement)).toHaveTextContent('Synthesising…'));
    expect(speakButton(canvasElement)).toBeDisabled();
    expect(within(canvasElement).getByRole('region', { name: 'Speech' })).toHaveAttribute('aria-busy', 'true');
  },
});

/** A cold model (fault `cold-start=1`): a countdown, then the audio. */
export const ModelLoading = meta.story({
  parameters: { inference: { fault: 'cold-start=1' } },
  play: async ({ canvasElement }) => {
    await userEvent.click(speakButton(canvasElement));
    expect(await within(canvasElement).findByTestId('model-loading')).toHaveTextContent(/Model loading, about \d s/);
    expect((await findAudio(canvasElement, 6000)).getAttribute('src')).toMatch(/^blob:/);
    expect(within(canvasElement).queryByTestId('model-loading')).toBeNull();
    expect(emulatorLog().map((r) => r.status)).toEqual([503, 200]);
  },
});

/** The server fails (500): retried twice, then shown; no audio. */
export const ServerError = meta.story({
  parameters: { inference: { fault: 'server-error' } },
  play: async ({ canvasElement }) => {
    await userEvent.click(speakButton(canvasElement));
    expect(await within(canvasElement).findByRole('alert')).toHaveTextContent('failed with HTTP 500');
    expect(emulatorLog().map((r) => r.status)).toEqual([500, 500, 500]);
    expect(canvasElement.querySelector('audio')).toBeNull();
    expect(speakButton(canvasElement)).toBeEnabled();
  },
});

/** No text: the button is disabled, nothing is sent. */
export const EmptyInput = meta.story({
  args: { text: '' },
  play: async ({ canvasElement }) => {
    expect(speakButton(canvasElement)).toBeDisabled();
    await userEvent.click(speakButton(canvasElement));
    expect(emulatorLog()).toHaveLength(0);
    expect(within(canvasElement).getByRole('region', { name: 'Speech' })).toHaveTextContent('No speech yet.');
  },
});

/** Hebrew, right to left: spoken, and captioned in its own direction. */
export const RightToLeft = meta.story({
  args: { text: 'שלום עולם, זהו משפט בעברית.' },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="he">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    await userEvent.click(speakButton(canvasElement));
    await findAudio(canvasElement);
    expect(canvasElement.querySelector('figcaption')).toHaveTextContent('שלום עולם, זהו משפט בעברית.');
  },
});

/** Text that looks like HTML: spoken, and captioned as text. */
export const XssText = meta.story({
  args: { text: `${XSS} Hello.` },
  play: async ({ canvasElement }) => {
    await userEvent.click(speakButton(canvasElement));
    await findAudio(canvasElement);
    expect(canvasElement.querySelector('figcaption')).toHaveTextContent(`${XSS} Hello.`);
    expect(canvasElement.querySelector('img, script, [onerror]')).toBeNull();
  },
});
