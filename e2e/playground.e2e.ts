/**
 * The playground as a user sees it: built with `vite build`, served by `vite preview` with the
 * inference proxy, in front of an emulator that only accepts the server's token.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type axeCore from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPlayground, TrafficLog } from './support/browser';
import { E2E_TOKEN } from './support/constants';

const server = inject('server');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const traffic = new TrafficLog();

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
});

async function open(route: string): Promise<Page> {
  const { context, page } = await openPlayground(browser, server.url, route, traffic);
  contexts.push(context);
  return page;
}

/** The bars' accessible values, e.g. `['refund, 95 percent', 'faq, 2 percent']`. */
const readBars = (page: Page) =>
  page
    .getByRole('list', { name: 'Label scores' })
    .getByRole('meter')
    .evaluateAll((meters) => meters.map((meter) => meter.getAttribute('aria-valuetext') ?? ''));

const labelsOf = (bars: string[]) => bars.map((bar) => bar.replace(/, [\d.]+ percent$/, '')).sort();

/** The text of the last assistant message (without the visually hidden "Assistant:"). */
const lastReply = (page: Page) =>
  page
    .locator('li[data-role="assistant"] .ik-chat-content')
    .evaluateAll((nodes) => nodes[nodes.length - 1]?.textContent ?? '');

const chatStatus = (page: Page) => page.locator('.status-chip');

async function sendChat(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
}

/** Chooses a chat model in the ModelPicker: types to filter, then clicks the option. */
async function pickChatModel(page: Page, filter: string, option: RegExp) {
  const picker = page.getByRole('combobox', { name: 'Model' });
  await picker.fill(filter);
  await page.getByRole('listbox', { name: 'Model' }).getByRole('option', { name: option }).click();
  return picker;
}

/** axe's WCAG 2.1 AA and best-practice violations in a part of the page, e.g. a page in a given state. */
async function axeViolations(page: Page, selector = 'main'): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  }
  return page.evaluate(async (scope) => {
    const axe = (window as unknown as { axe: typeof axeCore }).axe;
    const result = await axe.run(scope, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, selector);
}

describe('playground', () => {
  it('updates the zero-shot bars as the user types', async () => {
    const page = await open('zero-shot');
    await expect.poll(() => readBars(page)).toHaveLength(4);
    const first = await readBars(page);
    expect(labelsOf(first)).toEqual(['faq', 'legal', 'praise', 'refund']);

    // More text: the previous bars stay on screen while the next answer loads (no flicker)...
    const text = page.getByRole('textbox', { name: 'Text' });
    await text.press('End');
    await text.pressSequentially('. Is there a court case about this contract?', { delay: 5 });
    expect(await readBars(page)).toHaveLength(4);
    // ...and are replaced by the scores of the new text.
    await expect.poll(() => readBars(page)).not.toEqual(first);
    expect(labelsOf(await readBars(page))).toEqual(['faq', 'legal', 'praise', 'refund']);

    // New labels: new bars.
    await page.getByRole('textbox', { name: 'Candidate labels' }).fill('shipping, billing, lawsuit');
    await expect.poll(async () => labelsOf(await readBars(page))).toEqual(['billing', 'lawsuit', 'shipping']);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('highlights the entities of token classification', async () => {
    const page = await open('token-classification');
    const marks = page.locator('.ik-entity-highlighter mark[data-type]');
    await marks.first().waitFor();
    const types = await marks.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-type')));
    expect(types).toContain('PER');
    expect(types).toContain('LOC');
    await expect.poll(() => marks.filter({ hasText: 'London' }).getAttribute('data-type')).toBe('LOC');
    // The legend names each type with its count, as toggles.
    const legend = page.getByRole('group', { name: 'Entity types' });
    expect(await legend.getByRole('button', { name: /Person/ }).getAttribute('aria-pressed')).toBe('true');

    // New text, new marks.
    await page.getByRole('textbox', { name: 'Text' }).fill('Angela Merkel flew from Berlin to Tokyo with Lufthansa.');
    await expect.poll(() => marks.filter({ hasText: 'Angela Merkel' }).count()).toBe(1);
    expect(await marks.filter({ hasText: 'Angela Merkel' }).getAttribute('data-type')).toBe('PER');
    expect(await marks.filter({ hasText: 'Ada Lovelace' }).count()).toBe(0);
  });

  it('streams a chat reply, and Stop keeps the partial text', async () => {
    const page = await open('chat');
    // 8 tokens per second: slow enough to stop mid-reply.
    await page.getByRole('checkbox', { name: /Slow stream/ }).check();
    await sendChat(page, 'Tell me about streaming responses in React apps.');

    await expect.poll(() => chatStatus(page).textContent()).toBe('Streaming');
    await expect.poll(() => lastReply(page)).toMatch(/\S+\s+\S+\s+\S+/);
    const aborted = page.waitForEvent('requestfailed', {
      predicate: (request) => request.url().includes('/v1/chat/completions'),
    });
    await page.getByRole('button', { name: 'Stop generating' }).click();
    await aborted;

    await expect.poll(() => chatStatus(page).textContent()).toBe('Stopped');
    const partial = await lastReply(page);
    expect(partial.trim().split(/\s+/).length).toBeGreaterThanOrEqual(3);
    // The request is gone, so nothing can be added to the reply any more.
    await page.getByRole('button', { name: 'Regenerate response' }).waitFor();
    expect(await lastReply(page)).toBe(partial);
    expect(await page.getByRole('textbox', { name: 'Message' }).isEnabled()).toBe(true);
  });

  it('renders a streaming reply at most 20 times a second by default, per chunk when asked', async () => {
    const page = await open('chat');
    const renders = async () => Number(await page.locator('.render-count').textContent());
    const tokens = async () =>
      Number(/\+ (\d+) completion tokens/.exec((await page.locator('.token-usage').textContent()) ?? '')?.[1] ?? NaN);
    const reply = async (rate: string, prompt: string) => {
      await page.getByRole('combobox', { name: 'Render rate' }).selectOption({ label: rate });
      await sendChat(page, prompt);
      await expect.poll(() => chatStatus(page).textContent(), { timeout: 15_000 }).toMatch(/^Done/);
      return { renders: await renders(), tokens: await tokens() };
    };
    // 60 tokens a second, one per network read: every chunk renders with 'none', about one in three
    // with the default 50 ms.
    await page.getByRole('checkbox', { name: /Fast stream/ }).check();
    const perChunk = await reply('Every chunk', 'Write a long story about a lighthouse keeper.');
    const byDefault = await reply('20/s (default)', 'Write a long story about a lighthouse keeper.');
    expect(perChunk.tokens).toBeGreaterThanOrEqual(20);
    expect(byDefault.tokens).toBeGreaterThanOrEqual(20);
    expect(perChunk.renders).toBeGreaterThan(perChunk.tokens * 0.6);
    expect(byDefault.renders).toBeLessThan(byDefault.tokens * 0.5);
    expect(byDefault.renders).toBeGreaterThanOrEqual(3);
    // The code panel shows the option only when it is not the default.
    expect(await page.locator('.code-panel > pre').textContent()).not.toContain('throttle');
    await page.getByRole('combobox', { name: 'Render rate' }).selectOption({ label: 'Every chunk' });
    expect(await page.locator('.code-panel > pre').textContent()).toContain("throttle: 'none'");
  });

  it('streams a text generation with its details, and Stop keeps the text so far', async () => {
    const page = await open('text-generation');
    const continuation = page.locator('.generated .continuation');
    const outcome = page.locator('.generation-outcome');
    await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill('12');
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect.poll(() => outcome.textContent()).toMatch(/^Finished: .+, \d+ tokens from a \d+-token prompt\.$/);
    expect((await continuation.textContent())!.trim().length).toBeGreaterThan(0);
    expect(await page.locator('.generated .prompt-echo').textContent()).toMatch(/^The lighthouse keeper/);

    await page.getByRole('checkbox', { name: /Slow stream/ }).check();
    await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill('200');
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect.poll(() => continuation.textContent()).toMatch(/\S+\s+\S+/);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => outcome.textContent()).toBe('Stopped: the text so far is kept.');
    const partial = await continuation.textContent();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await continuation.textContent()).toBe(partial);
  });

  it('shows a countdown while the model loads, then the answer', async () => {
    const page = await open('chat');
    // A model no other test uses, so no request of theirs (without the fault) ends its cold start early.
    await pickChatModel(page, 'Qwen2.5-7B-Instruct preferred', /^Preferred\b/);
    await page.getByRole('checkbox', { name: /Cold start/ }).check();
    await sendChat(page, 'Hello!');

    const countdown = page.locator('.ik-chat-model-loading');
    await countdown.waitFor();
    expect(await chatStatus(page).textContent()).toBe('Model loading');
    const seconds = async () => Number(/about (\d+) s/.exec((await countdown.textContent()) ?? '')?.[1] ?? NaN);
    const start = await seconds();
    expect(start).toBeGreaterThanOrEqual(2);
    // It counts down on its own between the server's reports.
    await expect.poll(seconds, { timeout: 5_000 }).toBeLessThan(start);

    await expect.poll(() => chatStatus(page).textContent(), { timeout: 15_000 }).toMatch(/^Done/);
    expect((await lastReply(page)).trim().length).toBeGreaterThan(0);
    expect(await countdown.count()).toBe(0);
  });

  it('keeps the partial reply and offers Regenerate when a stream drops', async () => {
    const page = await open('chat');
    // Cut after 20 tokens; slowed down so the tokens before the cut reach the page first.
    await page.getByRole('checkbox', { name: /Dropped stream/ }).check();
    await page.getByRole('checkbox', { name: /Slow stream/ }).check();
    await sendChat(page, 'Explain how a cold start works, in detail please.');

    await page.getByRole('alert').waitFor({ timeout: 10_000 });
    expect(await chatStatus(page).textContent()).toBe('Failed');
    expect((await lastReply(page)).trim().length).toBeGreaterThan(0);
    await page.getByRole('checkbox', { name: /Dropped stream/ }).uncheck();
    await page.getByRole('checkbox', { name: /Slow stream/ }).uncheck();
    await page.getByRole('button', { name: 'Regenerate response' }).click();
    await expect.poll(() => chatStatus(page).textContent()).toMatch(/^Done/);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('calls a tool on the Tools page: the call, its result, then the answer in words', async () => {
    const page = await open('tools');
    const status = page.locator('.status-chip');
    const steps = () => page.locator('.tool-steps > li').allTextContents();
    await page
      .getByRole('group', { name: 'Example prompts' })
      .getByRole('button', { name: /weather in Paris/ })
      .click();
    await expect.poll(() => status.textContent()).toBe('Done');

    // The step list, in order: the question, the request that called the tool, its result, the answer.
    const [asked, call, result, reply, ...rest] = await steps();
    expect(rest).toEqual([]);
    expect(asked).toBe('You: What is the weather in Paris?');
    expect(call).toBe('Model request 1: calls getWeather({"city":"Paris"})');
    expect(result).toMatch(/^getWeather returned: \{"city":"Paris","condition":"[a-z ]+","temperatureC":-?\d+,/);
    const forecast = result!.slice('getWeather returned: '.length);
    expect(reply).toMatch(/^Model request 2: answers “/);
    // The answer quotes the tool's result; the conversation shows the call as a part of the reply.
    expect(await lastReply(page)).toContain(forecast);
    const conversation = page.getByRole('region', { name: 'Conversation' });
    expect(await conversation.locator('details').filter({ hasText: 'getWeather' }).count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // The same city, the same made-up forecast: the tool is deterministic.
    await page.getByRole('button', { name: 'New conversation' }).click();
    await sendChat(page, 'How is the weather in Paris today?');
    await expect.poll(() => status.textContent()).toBe('Done');
    expect((await steps())[2]).toBe(result);

    // One request per message: the calculator's result stays unanswered by the model.
    await page.getByRole('spinbutton', { name: 'Max steps' }).fill('1');
    expect(await page.locator('.code-panel > pre').textContent()).toContain('maxSteps: 1,');
    await page
      .getByRole('group', { name: 'Example prompts' })
      .getByRole('button', { name: 'Calculate 12 * (3 + 4)' })
      .click();
    await expect.poll(async () => (await steps()).at(-1)).toMatch(/^Max steps reached: maxSteps is 1/);
    expect((await steps()).slice(-4, -1)).toEqual([
      'You: Calculate 12 * (3 + 4)',
      'Model request 1: calls calculate({"expression":"12 * (3 + 4)"})',
      'calculate returned: {"expression":"12 * (3 + 4)","value":84}',
    ]);
  });

  it('waits for Approve on a tool without execute, then sends the answer back to the model', async () => {
    const page = await open('tools');
    const status = page.locator('.status-chip');
    const message = page.getByRole('textbox', { name: 'Message' });
    await page
      .getByRole('group', { name: 'Example prompts' })
      .getByRole('button', { name: /Book a table/ })
      .click();

    const approval = page.getByRole('region', { name: 'Approval needed' });
    await approval.waitFor();
    expect(await status.textContent()).toBe('Waiting for your approval of bookTable');
    expect(await approval.locator('dt').allTextContents()).toEqual(['place', 'guests']);
    expect(await approval.locator('dd').allTextContents()).toEqual(['Chez Marie', '4']);
    // Nothing else can be sent while the call waits: the model would get a call without its answer.
    expect(await message.isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    const sent = page.waitForRequest((request) => request.url().endsWith('/api/inference/v1/chat/completions'));
    await approval.getByRole('button', { name: 'Approve' }).click();
    const body = (await sent).postDataJSON() as { messages: { role: string; content: string }[] };
    const answer = body.messages.at(-1)!;
    expect(answer.role).toBe('tool');
    expect(JSON.parse(answer.content)).toMatchObject({ approved: true, confirmation: expect.stringMatching(/^BK-/) });

    await expect.poll(() => status.textContent()).toBe('Done');
    expect(await approval.count()).toBe(0);
    expect(await lastReply(page)).toContain('"approved":true');
    expect((await page.locator('.tool-steps > li').allTextContents()).at(-2)).toMatch(
      /^You answered bookTable: \{"approved":true,/,
    );
    // The buttons went away with the call; the focus is back in the enabled message box.
    expect(await message.isEnabled()).toBe(true);
    expect(await message.evaluate((node) => node === document.activeElement)).toBe(true);
  });

  it('fills in a structured object as it streams and validates it; a .refine() the model never saw fails', async () => {
    const page = await open('structured-output');
    const status = page.locator('.status-chip');
    const field = (name: string) => page.locator(`.so-field[data-field="${name}"] > dd`);
    // 60 tokens a second: the fields arrive one after another.
    await page.getByRole('checkbox', { name: /Fast stream/ }).check();
    // Which fields are filled, at every change of the form.
    await page.evaluate(() => {
      const seen: string[][] = [];
      (window as unknown as { filled: string[][] }).filled = seen;
      const form = document.querySelector('.so-object')!;
      new MutationObserver(() =>
        seen.push(
          Array.from(form.querySelectorAll<HTMLElement>('.so-field[data-filled]'), (node) => node.dataset.field!),
        ),
      ).observe(form, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const sent = page.waitForRequest((request) => request.url().endsWith('/api/inference/v1/chat/completions'));
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    // The code panel shows the response_format the request carries.
    const code = (await page.locator('.code-panel > pre').textContent())!;
    const shown = JSON.parse(code.slice(code.indexOf('const sent = ') + 'const sent = '.length).replace(/;\s*$/, ''));
    expect((await sent).postDataJSON()).toMatchObject({ response_format: shown });
    expect(shown).toMatchObject({ type: 'json_schema', json_schema: { name: 'recipe', strict: true } });
    await expect.poll(() => status.textContent()).toBe('Done: the object matches the schema');

    const filled = await page.evaluate(() => (window as unknown as { filled: string[][] }).filled);
    expect(filled.at(-1)).toEqual(['title', 'servings', 'ingredients', 'steps']);
    // On the way, a partial recipe was on screen: a title and no steps yet.
    expect(filled.some((fields) => fields.includes('title') && !fields.includes('steps'))).toBe(true);
    const object = JSON.parse((await page.locator('.raw-json').textContent())!) as Record<string, unknown>;
    expect(object).toMatchObject({ servings: 4 });
    expect(await field('title').textContent()).toBe(object.title);
    expect(await field('servings').textContent()).toBe('4');
    expect(await field('steps').locator('li').allTextContents()).toEqual(object.steps);
    expect(await page.getByText('Valid: the answer matches the recipe schema.').count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByRole('checkbox', { name: /Fast stream/ }).uncheck();

    // A check JSON Schema cannot carry: the model never sees it, the final validation does.
    await page.getByRole('checkbox', { name: /Add a check the model is not told about/ }).check();
    const refined = (await page.locator('.code-panel > pre').textContent())!;
    expect(refined).toContain(".refine((r) => r.steps.length >= 4, { message: 'Give at least four steps'");
    // The check is not in what the model is sent.
    expect(refined.slice(refined.indexOf('const sent = '))).toBe(code.slice(code.indexOf('const sent = ')));
    await page.getByRole('button', { name: 'Regenerate' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('steps: Give at least four steps');
    expect(await status.textContent()).toBe('Failed: the answer breaks the schema');
    expect(await field('steps').locator('.so-issue').textContent()).toBe('Breaks the schema: Give at least four steps');
    expect(await axeViolations(page)).toEqual([]);

    // The other schema: enums picked from the prompt.
    await page.getByRole('combobox', { name: 'Schema' }).selectOption({ label: 'Ticket triage' });
    expect(await page.getByRole('textbox', { name: 'Prompt' }).inputValue()).toMatch(/^My shipping is late/);
    await page.getByRole('checkbox', { name: /Add a check the model is not told about/ }).uncheck();
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await expect.poll(() => status.textContent()).toBe('Done: the object matches the schema');
    expect(await field('category').textContent()).toBe('shipping');
    expect(await field('priority').textContent()).toBe('urgent');
  });

  it('gives the image labels room at 1280 px: bars drawn, scores inside the card, clear of the code panel', async () => {
    const page = await open('image-classification');
    const bars = page.getByRole('list', { name: 'Image labels' });
    await bars.getByRole('meter').first().waitFor();
    const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
    const card = await box('.image-result .result');
    const code = await box('.code-panel');
    // The card ends before the code panel starts, and every bar and score sits inside it.
    expect(card.x + card.width).toBeLessThanOrEqual(code.x);
    for (const track of await page.locator('.image-result .ik-lsb-track').all()) {
      expect((await track.boundingBox())!.width).toBeGreaterThan(60);
    }
    for (const value of await page.locator('.image-result .ik-lsb-value').all()) {
      const v = (await value.boundingBox())!;
      expect(v.x + v.width).toBeLessThanOrEqual(card.x + card.width);
    }
  });

  it('keeps the last answer, marked stale, under an error that follows a success', async () => {
    const page = await open('text-classification');
    await expect.poll(async () => (await readBars(page)).length).toBeGreaterThan(0);
    const before = await readBars(page);
    await page.getByRole('checkbox', { name: /Rate limit/ }).check();
    await page.getByRole('textbox', { name: 'Text' }).fill('Now something else entirely.');
    await page.getByRole('alert').waitFor({ timeout: 15_000 });
    // The error, and under it the earlier bars, said to be stale; no "type some text" with text present.
    expect(await page.getByText(/Last answer, from before the error/).count()).toBe(1);
    expect(await readBars(page)).toEqual(before);
    expect(await page.getByText('Type some text to classify.').count()).toBe(0);
    // Once requests go through again, a fresh answer replaces it and the stale mark goes.
    await page.getByRole('checkbox', { name: /Rate limit/ }).uncheck();
    await page.getByRole('textbox', { name: 'Text' }).fill('What a wonderful day.');
    await expect.poll(() => page.getByText(/Last answer, from before the error/).count(), { timeout: 10_000 }).toBe(0);
    expect((await readBars(page)).length).toBeGreaterThan(0);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('chats with the model and provider picked in the ModelPicker', async () => {
    const page = await open('chat');
    const picker = await pickChatModel(page, 'llama-3.1-8b groq', /^groq\b/);
    expect(await picker.inputValue()).toBe('meta-llama/Llama-3.1-8B-Instruct:groq');
    expect(await page.locator('.code-panel > pre').textContent()).toContain("'meta-llama/Llama-3.1-8B-Instruct:groq'");
    // The router takes the provider as the model's suffix.
    const sent = page.waitForRequest((request) => request.url().endsWith('/api/inference/v1/chat/completions'));
    await sendChat(page, 'Which provider answers?');
    expect((await sent).postDataJSON()).toMatchObject({ model: 'meta-llama/Llama-3.1-8B-Instruct:groq' });
    await expect.poll(() => chatStatus(page).textContent()).toMatch(/^Done/);
    expect((await lastReply(page)).trim().length).toBeGreaterThan(0);

    // The README's screenshot: the chat answered, the picker open on the chosen option (Down opens it
    // there). Written only when asked (UPDATE_SCREENSHOT=1), so a run leaves the working tree as it found it.
    await picker.focus();
    await picker.press('ArrowDown');
    const listbox = page.getByRole('listbox', { name: 'Model' });
    expect(await listbox.getByRole('option', { selected: true }).textContent()).toMatch(/^groq/);
    await page.mouse.move(0, 0);
    if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: path.join(root, 'docs/playground.png') });
    await picker.press('Escape');
    // A router policy instead of a provider, chosen with the keyboard.
    await picker.fill('llama-3.1-8b fastest');
    await picker.press('ArrowDown');
    await picker.press('Enter');
    expect(await picker.inputValue()).toBe('meta-llama/Llama-3.1-8B-Instruct:fastest');
  });

  it('shows the fal-ai queue of an image job, cancels it, then draws one', async () => {
    const page = await open('text-to-image');
    const provider = page.getByRole('combobox', { name: 'Provider' });
    await expect
      .poll(() => provider.locator('option').allTextContents())
      .toEqual(expect.arrayContaining(['auto', 'fal-ai', 'replicate']));
    await provider.selectOption('fal-ai');
    expect(await page.locator('.code-panel > pre').textContent()).toContain("provider: 'fal-ai'");

    // A queue that moves slowly: the job waits in line, and Cancel drops it at fal.
    await page.getByRole('checkbox', { name: /Slow queue/ }).check();
    await page.getByRole('button', { name: 'Generate' }).click();
    const job = page.getByRole('group', { name: 'Image generation' });
    await expect.poll(() => job.getByRole('status').textContent()).toMatch(/^Queued/);
    expect(await job.getByRole('progressbar').count()).toBe(1);
    const cancelled = page.waitForRequest(
      (request) =>
        request.method() === 'PUT' && /\/api\/inference\/fal-ai\/.+\/requests\/[^/]+\/cancel/.test(request.url()),
    );
    await job.getByRole('button', { name: 'Cancel' }).click();
    await cancelled;
    await expect.poll(() => job.getByRole('status').textContent()).toBe('Cancelled');
    expect(await page.getByRole('alert').count()).toBe(0);

    // Without the fault the job goes through: the picture, and a link to download it.
    await page.getByRole('checkbox', { name: /Slow queue/ }).uncheck();
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.locator('.generated-image img').waitFor();
    expect(await page.getByRole('link', { name: 'Download' }).getAttribute('download')).toBe('inferkit.png');
    await expect.poll(() => job.getByRole('status').textContent()).toMatch(/^Done/);
  });

  it('generates a video through a provider job: a <video> with controls and a download', async () => {
    const page = await open('text-to-video');
    await page.getByRole('button', { name: 'Generate' }).click();
    const video = page.locator('.result video');
    await video.waitFor({ timeout: 20_000 });
    expect(await video.getAttribute('controls')).not.toBeNull();
    // The clip is the job's Blob, shown through an object URL (Debian's chromium may lack the codec
    // to play the emulator's MP4, so the test does not wait for playback).
    expect(await video.getAttribute('src')).toMatch(/^blob:/);
    expect(await page.locator('.result').textContent()).toContain('video/mp4');
    const download = page.getByRole('link', { name: 'Download' });
    expect(await download.getAttribute('download')).toMatch(/\.mp4$/);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('passes axe on every page, and moves focus to each new page', async () => {
    // Start on the last page, so that every click below is a navigation.
    const page = await open('text-to-speech');
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const nav = page.getByRole('navigation', { name: 'Demos' });
    const titles = await nav.getByRole('link').allTextContents();
    expect(titles.length).toBeGreaterThanOrEqual(12);
    const found: string[] = [];
    for (const title of titles) {
      // Hash navigation: the same document, so axe stays loaded.
      await nav.getByRole('link', { name: title, exact: true }).click();
      await nav.locator('a[aria-current="page"]', { hasText: title }).waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      await page.locator('.ik-lsb-skeleton').waitFor({ state: 'detached' });
      // The whole document on the first page; after that only what changed, the page in <main>.
      const scope = title === titles[0] ? 'html' : 'main';
      const { violations, passes } = await page.evaluate(async (selector) => {
        const axe = (window as unknown as { axe: typeof axeCore }).axe;
        const result = await axe.run(selector, {
          runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
        });
        return {
          passes: result.passes.length,
          violations: result.violations.map(
            (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          ),
        };
      }, scope);
      expect(passes).toBeGreaterThan(10);
      found.push(...violations.map((v) => `${title}: ${v}`));
    }
    expect(found).toEqual([]);
  });

  it('never lets the token reach the browser', async () => {
    // More traffic of another kind: an image upload, sent as raw bytes.
    const images = await open('image-classification');
    await expect
      .poll(() => images.getByRole('list', { name: 'Image labels' }).getByRole('meter').count())
      .toBeGreaterThan(0);
    expect(await images.content()).not.toContain(E2E_TOKEN);
    await traffic.settled();

    const api = traffic.requests.filter((request) => new URL(request.url).pathname.startsWith('/api/inference/'));
    expect(api.length).toBeGreaterThanOrEqual(8);
    expect(api.some((request) => request.url.includes('/v1/chat/completions'))).toBe(true);
    // Provider jobs went through the proxy too: fal's queue, its polls and its cancel.
    expect(api.some((request) => request.url.includes('/api/inference/fal-ai/'))).toBe(true);
    expect(api.some((request) => request.method === 'PUT' && request.url.endsWith('/cancel?_subdomain=queue'))).toBe(
      true,
    );
    const origin = new URL(server.url).origin;
    const media: string[] = [];
    for (const request of traffic.requests) {
      // Same origin only: the browser never calls the emulator, a provider or Hugging Face itself...
      if (!request.url.startsWith('blob:') && !request.url.startsWith('data:')) {
        const url = new URL(request.url);
        if (url.origin !== origin) {
          // ...but for the media a finished job made, on the provider's CDN, which needs no token.
          expect(`${request.method} ${url.origin}`).toBe(`GET ${new URL(server.emulatorUrl).origin}`);
          expect(url.pathname).toMatch(/^\/media\/[\w-]+\.(png|mp4|wav)$/);
          media.push(request.url);
        }
      }
      expect(Object.keys(request.headers).map((name) => name.toLowerCase())).not.toContain('authorization');
      expect(JSON.stringify(request)).not.toContain(E2E_TOKEN);
    }
    for (const headers of traffic.responseHeaders) expect(JSON.stringify(headers)).not.toContain(E2E_TOKEN);
    expect(media.length).toBeGreaterThan(0);
    // Such media is served to anyone: no token was needed for it.
    expect((await fetch(media[0]!)).status).toBe(200);

    // The emulator does want a token: the proxy is what added it.
    const direct = await fetch(`${server.emulatorUrl}/models/facebook/bart-large-mnli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: 'hi', parameters: { candidate_labels: ['a', 'b'] } }),
    });
    expect(direct.status).toBe(401);

    // Nor is it anywhere in what `vite build` produced (HTML, JS, CSS, source maps).
    const files = (await readdir(server.outDir, { recursive: true, withFileTypes: true })).filter((entry) =>
      entry.isFile(),
    );
    expect(files.some((file) => file.name.endsWith('.js'))).toBe(true);
    for (const file of files) {
      const content = await readFile(path.join(file.parentPath, file.name), 'utf8');
      expect(content.includes(E2E_TOKEN), `${file.name} holds the token`).toBe(false);
      expect(content.includes('hf_e2e_'), `${file.name} holds part of the token`).toBe(false);
    }
  });
});
