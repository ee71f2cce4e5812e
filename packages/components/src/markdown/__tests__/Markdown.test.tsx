import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../__tests__/axe';
import { Markdown } from '../Markdown';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const REPLY = [
  '# Plan',
  'Some **bold** and `inline` text, see [the docs](https://example.com/docs) or [mail us](mailto:a@example.com).',
  '- one\n- two\n  1. nested',
  '```python\nprint("hi")\n```',
  '| Name | Score |\n| --- | ---: |\n| a | 1 |\n| b | 2 |',
].join('\n\n');

/** Every URL-bearing attribute in the tree, and any script or inline handler. */
function expectNothingUnsafe(root: HTMLElement) {
  expect(root.querySelectorAll('script, iframe, object, embed, form, style')).toHaveLength(0);
  for (const element of root.querySelectorAll('*')) {
    for (const { name, value } of element.attributes) {
      expect(name.startsWith('on'), `${element.tagName} ${name}`).toBe(false);
      if (['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'cite', 'poster'].includes(name)) {
        expect(value, `${element.tagName} ${name}`).toMatch(/^(https?:|mailto:)/);
      }
    }
  }
}

describe('Markdown', () => {
  it('renders headings, emphasis, lists, code blocks, tables and live links', async () => {
    const { container } = render(<Markdown>{REPLY}</Markdown>);
    // `#` is an h3 by default, below the page's own headings.
    expect(screen.getByRole('heading', { level: 3, name: 'Plan' }).isConnected).toBe(true);
    expect(container.querySelector('strong')!.textContent).toContain('bold');
    expect(container.querySelector('p code')!.textContent).toContain('inline');
    const docs = screen.getByRole('link', { name: 'the docs' });
    expect(docs.getAttribute('href')).toBe('https://example.com/docs');
    expect(docs.getAttribute('rel')).toBe('noopener noreferrer');
    expect(docs.getAttribute('target')).toBe('_blank');
    expect(screen.getByRole('link', { name: 'mail us' }).getAttribute('href')).toBe('mailto:a@example.com');
    expect(screen.getByRole('link', { name: 'mail us' }).hasAttribute('target')).toBe(false);
    expect(container.querySelectorAll('ul > li')).toHaveLength(2);
    expect(container.querySelector('ul ol > li')!.textContent).toContain('nested');
    const code = screen.getByRole('group', { name: 'python code' });
    expect(code.querySelector('pre code')!.textContent).toContain('print("hi")');
    expect(code.querySelector('code')!.textContent).toBe('print("hi")');
    const table = screen.getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Name', 'Score']);
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    await expectNoAxeViolations(container);
  });

  it('maps heading depth from headingLevel, down to h6', () => {
    render(<Markdown headingLevel={2}>{'# One\n\n## Two\n\n###### Six'}</Markdown>);
    expect(screen.getByRole('heading', { name: 'One' }).tagName).toBe('H2');
    expect(screen.getByRole('heading', { name: 'Two' }).tagName).toBe('H3');
    expect(screen.getByRole('heading', { name: 'Six' }).tagName).toBe('H6');
  });

  it('shows footnotes as the text they are, without losing the note', () => {
    const { container } = render(<Markdown>{'A claim[^1].\n\n[^1]: The source of it.'}</Markdown>);
    expect(container.textContent).toContain('A claim[^1].');
    expect(container.textContent).toContain('[^1]: The source of it.');
    expect(container.querySelectorAll('section, sup, h2')).toHaveLength(0);
  });

  it('shows task list boxes as named, read-only check boxes', async () => {
    const { container } = render(<Markdown>{'- [x] done\n- [ ] to do'}</Markdown>);
    expect((screen.getByRole('checkbox', { name: 'Done' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Not done' }) as HTMLInputElement).disabled).toBe(true);
    await expectNoAxeViolations(container);
  });

  describe('untrusted input', () => {
    const inert = [
      ['javascript:', '[click](javascript:alert(1))'],
      ['mixed case', '[click](JaVaScRiPt:alert(1))'],
      ['entity-encoded', '[click](jav&#x61;script:alert(1))'],
      ['entity-encoded colon', '[click](javascript&#58;alert(1))'],
      ['tab inside', '[click](java&#9;script:alert(1))'],
      ['newline entity inside', '[click](java&#10;script:alert(1))'],
      ['leading control char', '[click](&#1;javascript:alert(1))'],
      ['leading spaces in angle brackets', '[click](<  javascript:alert(1)>)'],
      ['data:text/html', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
      ['vbscript:', '[click](vbscript:msgbox(1))'],
      ['file:', '[click](file:///etc/passwd)'],
      ['relative', '[click](/admin/delete)'],
      ['protocol-relative', '[click](//evil.example/x)'],
      ['autolink', '<javascript:alert(1)>'],
      ['reference-style', '[click][1]\n\n[1]: javascript:alert(1)'],
      ['reference-style, mixed case', '[click][x]\n\n[x]: JAVASCRIPT:alert(1) "t"'],
    ] as const;
    it.each(inert)('renders a %s link inert, as text', (_, source) => {
      // Nothing after the source: a definition line must end with its URL (or title) to count.
      const { container } = render(<Markdown>{`Before ${source}`}</Markdown>);
      expect(container.querySelectorAll('a')).toHaveLength(0);
      expect(container.querySelector('[href]')).toBeNull();
      expectNothingUnsafe(container);
    });

    it('keeps the text of an inert link visible', () => {
      const { container } = render(
        <Markdown>{'[click me](javascript:alert(1)) and [ref][1]\n\n[1]: vbscript:x'}</Markdown>,
      );
      expect(container.querySelector('p')!.textContent).toContain('click me and ref');
    });

    it('resolves a safe reference-style link defined in a later block', () => {
      render(<Markdown>{'Read [the guide][g].\n\nMore text.\n\n[g]: https://example.com/guide'}</Markdown>);
      expect(screen.getByRole('link', { name: 'the guide' }).getAttribute('href')).toBe('https://example.com/guide');
    });

    it('shows raw HTML as text, never as elements', () => {
      const html = [
        '<script>alert(1)</script>',
        '<img src=x onerror=alert(1)>',
        '<a href="javascript:alert(1)">html link</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<div onclick="alert(1)">x</div>',
        'inline <b onmouseover=alert(1)>b</b> <svg onload=alert(1)>',
      ].join('\n\n');
      const { container } = render(<Markdown>{html}</Markdown>);
      expect(container.querySelectorAll('img, a, b, svg, iframe, .ik-md div')).toHaveLength(0);
      expectNothingUnsafe(container);
      expect(container.textContent).toContain('<script>alert(1)</script>');
      expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    });

    it('does not load images by default: their alt text shows instead', () => {
      const { container } = render(
        <Markdown>{'![a cat](https://example.com/cat.png) ![pixel](https://tracker.example/p.gif?d=secret)'}</Markdown>,
      );
      expect(container.querySelectorAll('img')).toHaveLength(0);
      expect(container.textContent).toContain('a cat pixel');
    });

    it('loads http(s) images only with `images`, lazily and without a referrer', () => {
      const source = [
        '![cat](https://example.com/cat.png)',
        '![js](javascript:alert(1))',
        '![data](data:image/svg+xml,<svg onload=alert(1)>)',
        '![mail](mailto:a@example.com)',
        '![rel](/x.png)',
      ].join(' ');
      const { container } = render(<Markdown images>{source}</Markdown>);
      const images = container.querySelectorAll('img');
      expect(images).toHaveLength(1);
      expect(images[0]!.getAttribute('src')).toBe('https://example.com/cat.png');
      expect(images[0]!.getAttribute('alt')).toBe('cat');
      expect(images[0]!.getAttribute('loading')).toBe('lazy');
      expect(images[0]!.getAttribute('referrerpolicy')).toBe('no-referrer');
      expect(container.textContent).toContain('js');
      expectNothingUnsafe(container);
    });
  });

  describe('while streaming', () => {
    it('renders an open code fence as a code block', () => {
      const { container } = render(<Markdown streaming>{'Code:\n\n```ts\nconst a = 1;\nconst b'}</Markdown>);
      expect(screen.getByRole('group', { name: 'ts code' }).isConnected).toBe(true);
      expect(container.querySelector('pre code')!.textContent).toBe('const a = 1;\nconst b');
    });

    it('shows a half-written link as its text, then as a link once complete', () => {
      const { container, rerender } = render(<Markdown streaming>{'Read [the docs](http://exa'}</Markdown>);
      expect(container.querySelector('p')!.textContent).toBe('Read the docs');
      expect(container.querySelector('a')).toBeNull();
      rerender(<Markdown streaming>{'Read [the docs](http://example.com)'}</Markdown>);
      expect(screen.getByRole('link', { name: 'the docs' }).getAttribute('href')).toBe('http://example.com/');
    });

    it('closes half-written emphasis in the growing block only', () => {
      const { container, rerender } = render(<Markdown streaming>{'A **bo'}</Markdown>);
      expect(container.querySelector('strong')!.textContent).toContain('bo');
      expect(container.textContent).not.toContain('*');
      // Once finished, the text is rendered as written.
      rerender(<Markdown>{'A **bo'}</Markdown>);
      expect(container.querySelector('strong')).toBeNull();
      expect(container.textContent).toContain('A **bo');
    });

    it('keeps the DOM of finished blocks while the last one grows', () => {
      const first = 'First paragraph.\n\n| a | b |\n| - | - |\n| 1 | 2 |';
      const { container, rerender } = render(<Markdown streaming>{`${first}\n\nThe third`}</Markdown>);
      const paragraph = container.querySelector('p')!;
      const table = container.querySelector('table')!;
      const growing = container.querySelectorAll('p')[1]!;
      rerender(<Markdown streaming>{`${first}\n\nThe third block grows`}</Markdown>);
      rerender(<Markdown streaming>{`${first}\n\nThe third block grows\n\nA fourth`}</Markdown>);
      expect(container.querySelector('p')).toBe(paragraph);
      expect(container.querySelector('table')).toBe(table);
      expect(container.querySelectorAll('p')[1]!.textContent).toContain('The third block grows');
      expect(container.querySelectorAll('p')[1]).toBe(growing);
      expect(container.querySelectorAll('p')[2]!.textContent).toContain('A fourth');
    });
  });

  describe('code blocks', () => {
    it('copies the code with a keyboard-reachable button and says so', async () => {
      const user = userEvent.setup();
      const writeText = vi.fn().mockResolvedValue(undefined);
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
      const { container } = render(<Markdown>{'```sh\nnpm i @inferkit/components\n```'}</Markdown>);
      await user.tab();
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Copy code' }));
      await user.keyboard('{Enter}');
      expect(writeText).toHaveBeenCalledWith('npm i @inferkit/components');
      expect(document.activeElement).toBe(await screen.findByRole('button', { name: 'Copied' }));
      expect(screen.getByRole('status').textContent).toContain('Code copied to clipboard');
      await expectNoAxeViolations(container);
    });

    it('says when copying failed, and resets after a while', async () => {
      const writeText = vi.fn().mockRejectedValue(new Error('denied'));
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
      vi.useFakeTimers();
      render(<Markdown>{'```\nx\n```'}</Markdown>);
      await act(async () => screen.getByRole('button', { name: 'Copy code' }).click());
      expect(screen.getByRole('button', { name: 'Copy failed' }).isConnected).toBe(true);
      expect(screen.getByRole('status').textContent).toContain('Could not copy the code');
      await act(async () => vi.advanceTimersByTime(2000));
      expect(screen.getByRole('button', { name: 'Copy code' }).isConnected).toBe(true);
      expect(screen.getByRole('status').textContent).toBe('');
    });

    it('highlights finished code blocks with the opt-in highlighter, and never while streaming', async () => {
      const highlight = vi.fn(async (code: string, language: string | undefined) => (
        <span className="token" data-language={language}>
          {code.toUpperCase()}
        </span>
      ));
      const { container, rerender } = render(
        <Markdown streaming highlight={highlight}>
          {'```js\nlet a'}
        </Markdown>,
      );
      await act(async () => {});
      expect(highlight).not.toHaveBeenCalled();
      rerender(<Markdown highlight={highlight}>{'```js\nlet a = 1\n```'}</Markdown>);
      expect((await screen.findByText('LET A = 1')).getAttribute('data-language')).toBe('js');
      expect(highlight).toHaveBeenCalledTimes(1);
      expect(highlight).toHaveBeenCalledWith('let a = 1', 'js');
      expect(container.querySelector('pre code .token')).not.toBeNull();
    });

    it('shows a highlighter string as text, and the plain code when it fails', async () => {
      const html = '<img src=x onerror=alert(1)>';
      const { container, rerender } = render(<Markdown highlight={async () => html}>{'```\ncode\n```'}</Markdown>);
      expect((await screen.findByText(html)).isConnected).toBe(true);
      expect(container.querySelector('img')).toBeNull();
      const failing = async () => Promise.reject(new Error('no grammar'));
      rerender(<Markdown highlight={failing}>{'```\nother\n```'}</Markdown>);
      await act(async () => {});
      expect(container.querySelector('code')!.textContent).toBe('other');
    });
  });
});
