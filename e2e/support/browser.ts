import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium; the tests never download a browser. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });

/** One request the page sent, with every header the browser put on it. */
export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

/** Everything the pages sent during a test run, for the token checks. */
export class TrafficLog {
  readonly requests: RecordedRequest[] = [];
  readonly responseHeaders: Record<string, string>[] = [];
  private pending: Promise<unknown>[] = [];

  watch(page: Page) {
    page.on('request', (request) => {
      this.pending.push(
        request
          .allHeaders()
          .catch(() => request.headers())
          .then((headers) =>
            this.requests.push({ url: request.url(), method: request.method(), headers, body: request.postData() }),
          ),
      );
    });
    page.on('response', (response) => {
      this.pending.push(
        response
          .allHeaders()
          .catch(() => response.headers())
          .then((headers) => this.responseHeaders.push(headers)),
      );
    });
  }

  /** Waits for the header reads still in flight. */
  async settled(): Promise<void> {
    while (this.pending.length) await Promise.all(this.pending.splice(0));
  }
}

/** A fresh context (no state from other tests) on one page of the playground. */
export async function openPlayground(
  browser: Browser,
  baseUrl: string,
  route: string,
  traffic: TrafficLog,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  traffic.watch(page);
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  await page.goto(`${baseUrl}#/${route}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { context, page };
}
