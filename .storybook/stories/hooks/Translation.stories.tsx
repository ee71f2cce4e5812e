import { useTranslation } from '@inferkit/react';
import { delay, http } from 'msw';
import { useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, ErrorNotice, fieldStyle, ModelLoadingNotice, XSS } from './demo-kit';

/** NLLB's codes (language + script) for the languages offered here. */
const LANGUAGES = [
  { code: 'eng_Latn', name: 'English' },
  { code: 'fra_Latn', name: 'French' },
  { code: 'deu_Latn', name: 'German' },
  { code: 'spa_Latn', name: 'Spanish' },
  { code: 'ita_Latn', name: 'Italian' },
  { code: 'por_Latn', name: 'Portuguese' },
] as const;

function LanguageSelect({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div style={fieldStyle}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {LANGUAGES.map(({ code, name }) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

interface TranslationDemoProps {
  text: string;
  srcLang?: string;
  tgtLang?: string;
  /** A multilingual model that takes `srcLang`/`tgtLang`. */
  model?: string;
}

/** Translates on demand (a mutation), between languages of a multilingual model: `useTranslation`. */
function TranslationDemo({
  text: initialText,
  srcLang: initialSrc = 'eng_Latn',
  tgtLang: initialTgt = 'fra_Latn',
  model = 'facebook/nllb-200-distilled-600M',
}: TranslationDemoProps) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const [srcLang, setSrcLang] = useState(initialSrc);
  const [tgtLang, setTgtLang] = useState(initialTgt);
  const translate = useTranslation();
  const target = LANGUAGES.find((l) => l.code === translate.variables?.parameters?.tgtLang);
  return (
    <form
      style={demoStyle}
      onSubmit={(event) => {
        event.preventDefault();
        translate.mutate({ model, inputs: text, parameters: { srcLang, tgtLang } });
      }}
    >
      <div style={fieldStyle}>
        <label htmlFor={id}>Text</label>
        <textarea id={id} rows={3} dir="auto" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div style={{ display: 'flex', gap: '1rem' }}>
        <LanguageSelect label="From" value={srcLang} onChange={setSrcLang} />
        <LanguageSelect label="To" value={tgtLang} onChange={setTgtLang} />
      </div>
      <div>
        <button type="submit" disabled={translate.isPending || text.trim() === ''}>
          {translate.isPending ? 'Translating…' : 'Translate'}
        </button>
      </div>
      <ModelLoadingNotice info={translate.modelLoading} />
      <ErrorNotice error={translate.error} />
      <section aria-label="Translation" aria-busy={translate.isPending}>
        {translate.data ? (
          <p style={{ margin: 0 }} dir="auto" data-testid="translation">
            {translate.data.translationText}
          </p>
        ) : (
          <p style={{ margin: 0 }}>No translation yet.</p>
        )}
        {target && translate.data && (
          <p style={{ margin: 0, color: 'var(--ik-color-muted)' }} data-testid="target">
            In {target.name}
          </p>
        )}
      </section>
    </form>
  );
}

const translateButton = (root: HTMLElement) => within(root).getByRole('button', { name: /^Translat/ });
const translation = (root: HTMLElement) => within(root).findByTestId('translation');

const meta = preview.meta({
  title: 'Hooks/useTranslation',
  component: TranslationDemo,
  decorators: [withInference],
  args: { text: 'Hello, my friend. The weather is nice today and the coffee is good.' },
});

/** Click, wait, read: English to French. */
export const Default = meta.story({
  play: async ({ canvasElement, args }) => {
    await userEvent.click(translateButton(canvasElement));
    const output = await translation(canvasElement);
    expect(output.textContent!.trim()).not.toBe('');
    expect(output.textContent).not.toBe(args.text);
    expect(output).toHaveTextContent(/bonjour/i);
    expect(within(canvasElement).getByTestId('target')).toHaveTextContent('In French');
    expect(emulatorLog()).toEqual([
      expect.objectContaining({ path: '/hf-inference/models/facebook/nllb-200-distilled-600M', status: 200 }),
    ]);
  },
});

/** Another target language gives another translation of the same text. */
export const ChangeTargetLanguage = meta.story({
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(translateButton(canvasElement));
    const french = (await translation(canvasElement)).textContent;
    await userEvent.selectOptions(canvas.getByLabelText('To'), 'German');
    await userEvent.click(translateButton(canvasElement));
    await waitFor(() => expect(canvas.getByTestId('target')).toHaveTextContent('In German'));
    const german = canvas.getByTestId('translation').textContent;
    expect(german).not.toBe(french);
    expect(german).toMatch(/hallo/i);
    expect(emulatorLog()).toHaveLength(2);
  },
});

/** While the request runs, the button is disabled and says so (the request never ends here). */
export const Pending = meta.story({
  beforeEach: ({ msw }) => {
    msw.use(http.all('/api/inference/*', () => delay('infinite')));
  },
  play: async ({ canvasElement }) => {
    await userEvent.click(translateButton(canvasElement));
    await waitFor(() => expect(translateButton(canvasElement)).toHaveTextContent('Translating…'));
    expect(translateButton(canvasElement)).toBeDisabled();
    expect(within(canvasElement).getByRole('region', { name: 'Translation' })).toHaveAttribute('aria-busy', 'true');
  },
});

/** A language the model does not know: the server says which ones it does (400, not retried). */
export const UnsupportedLanguage = meta.story({
  args: { model: 'google-t5/t5-small', tgtLang: 'spa_Latn' },
  play: async ({ canvasElement }) => {
    await userEvent.click(translateButton(canvasElement));
    const alert = await within(canvasElement).findByRole('alert');
    expect(alert).toHaveTextContent('failed with HTTP 400');
    expect(alert).toHaveTextContent('is not a language of google-t5/t5-small');
    expect(emulatorLog()).toHaveLength(1);
  },
});

/** A cold model (fault `cold-start=1`): a countdown, then the translation. */
export const ModelLoading = meta.story({
  parameters: { inference: { fault: 'cold-start=1' } },
  play: async ({ canvasElement }) => {
    await userEvent.click(translateButton(canvasElement));
    expect(await within(canvasElement).findByTestId('model-loading')).toHaveTextContent(/Model loading, about \d s/);
    expect(await within(canvasElement).findByTestId('translation', {}, { timeout: 6000 })).not.toBeEmptyDOMElement();
    expect(within(canvasElement).queryByTestId('model-loading')).toBeNull();
    expect(emulatorLog().map((r) => r.status)).toEqual([503, 200]);
  },
});

/** The server fails (500): retried twice, then shown; the button works again. */
export const ServerError = meta.story({
  parameters: { inference: { fault: 'server-error' } },
  play: async ({ canvasElement }) => {
    await userEvent.click(translateButton(canvasElement));
    expect(await within(canvasElement).findByRole('alert')).toHaveTextContent('failed with HTTP 500');
    expect(emulatorLog().map((r) => r.status)).toEqual([500, 500, 500]);
    expect(translateButton(canvasElement)).toBeEnabled();
  },
});

/** No text (only spaces): the button is disabled, nothing is sent. */
export const EmptyInput = meta.story({
  args: { text: '   ' },
  play: async ({ canvasElement }) => {
    expect(translateButton(canvasElement)).toBeDisabled();
    await userEvent.click(translateButton(canvasElement));
    expect(emulatorLog()).toHaveLength(0);
  },
});

/** Text that looks like HTML is translated around and shown as text. */
export const XssText = meta.story({
  args: { text: `${XSS} Hello, my friend.` },
  play: async ({ canvasElement }) => {
    await userEvent.click(translateButton(canvasElement));
    const output = await translation(canvasElement);
    expect(output).toHaveTextContent(XSS);
    expect(canvasElement.querySelector('img, [onerror]')).toBeNull();
  },
});
