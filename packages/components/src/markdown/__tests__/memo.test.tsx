import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Markdown } from '../Markdown';

// Rendering a block checks each of its links' URLs with `new URL()`, so the URLs checked during an
// update tell which blocks were parsed and rendered again. (A global, not a module mock: the same
// test runs against the built package, whose imports a module mock would not reach.)
const checked: string[] = [];
const OriginalURL = globalThis.URL;
class CountingURL extends OriginalURL {
  constructor(url: string | URL, base?: string | URL) {
    checked.push(String(url));
    super(url, base);
  }
}
beforeEach(() => {
  globalThis.URL = CountingURL;
});
afterEach(() => {
  globalThis.URL = OriginalURL;
  cleanup();
  checked.length = 0;
});

/** The hosts whose links were checked since the last call. */
const rendered = () => {
  const hosts = [...new Set(checked.map((url) => /^https:\/\/([^/]+)/.exec(url)?.[1] ?? url))];
  checked.length = 0;
  return hosts;
};

describe('Markdown while streaming', () => {
  const head = [
    '# Title [t](https://title.example)',
    'A paragraph, [p](https://para.example).',
    '```js\nconst a = 1;\n```',
    '- [one](https://list.example)\n- two',
    '| a | b |\n| - | - |\n| [c](https://table.example) | 2 |',
  ].join('\n\n');

  it('renders only the last, growing block again on each update', () => {
    const { rerender } = render(<Markdown streaming>{`${head}\n\nThe [last](https://last.example)`}</Markdown>);
    expect(rendered()).toEqual(['title.example', 'para.example', 'list.example', 'table.example', 'last.example']);
    for (const tail of [' block', ' block grows', ' block grows **bo']) {
      rerender(<Markdown streaming>{`${head}\n\nThe [last](https://last.example)${tail}`}</Markdown>);
      expect(rendered()).toEqual(['last.example']);
    }
    // A new block starts: the one before it renders once more (finished, not healed), then rests.
    const done = `${head}\n\nThe [last](https://last.example) block grows **bold**`;
    rerender(<Markdown streaming>{`${done}\n\nNext [n](https://next.example)`}</Markdown>);
    expect(rendered()).toEqual(['last.example', 'next.example']);
    rerender(<Markdown streaming>{`${done}\n\nNext [n](https://next.example) more`}</Markdown>);
    expect(rendered()).toEqual(['next.example']);
    // The stream ends with the same text: only the block that was growing renders again.
    rerender(<Markdown>{`${done}\n\nNext [n](https://next.example) more`}</Markdown>);
    expect(rendered()).toEqual(['next.example']);
    // A parent re-rendering with the same text renders no block.
    rerender(<Markdown>{`${done}\n\nNext [n](https://next.example) more`}</Markdown>);
    expect(rendered()).toEqual([]);
  });

  it('renders every block again only when a link definition arrives', () => {
    const { rerender } = render(<Markdown streaming>{'See [a][1].\n\nMore [m](https://more.example)'}</Markdown>);
    rendered();
    rerender(<Markdown streaming>{'See [a][1].\n\nMore [m](https://more.example) text'}</Markdown>);
    expect(rendered()).toEqual(['more.example']);
    rerender(
      <Markdown streaming>{'See [a][1].\n\nMore [m](https://more.example) text\n\n[1]: https://one.example'}</Markdown>,
    );
    expect(rendered()).toEqual(['one.example', 'more.example']);
  });
});
