import { describe, expect, it } from 'vitest';
import { splitMarkdownBlocks } from '../blocks';

const split = (text: string) => splitMarkdownBlocks(text).blocks;

describe('splitMarkdownBlocks', () => {
  it('cuts at blank lines, and around headings and code fences', () => {
    expect(split('# Title\nIntro line\nsecond line\n\nNext paragraph')).toEqual([
      '# Title',
      'Intro line\nsecond line',
      'Next paragraph',
    ]);
    expect(split('Here is code:\n```js\nconst a = 1;\n\nconst b = 2;\n```\nAfter.')).toEqual([
      'Here is code:',
      '```js\nconst a = 1;\n\nconst b = 2;\n```',
      'After.',
    ]);
  });

  it('keeps an open fence, with its blank lines, in one growing block', () => {
    expect(split('Intro\n\n~~~py\ndef f():\n\n    return 1')).toEqual(['Intro', '~~~py\ndef f():\n\n    return 1']);
    // A shorter or different fence does not close it.
    expect(split('````\n```\nstill code\n~~~~\n````\nout')).toEqual(['````\n```\nstill code\n~~~~\n````', 'out']);
  });

  it('keeps a loose list, its indented paragraphs and nested code in one block', () => {
    const list = '1. First\n\n   More on the first.\n\n2. Second\n   ```sh\n   ls\n\n   ```\n3. Third';
    expect(split(`${list}\n\nAfter the list`)).toEqual([list, 'After the list']);
  });

  it('keeps a block quote and a table whole', () => {
    const quote = '> one\n>\n> two\n\n> three';
    const table = '| a | b |\n| --- | --- |\n| 1 | 2 |';
    expect(split(`${quote}\n\n${table}\n\nend`)).toEqual([quote, table, 'end']);
  });

  it('takes link reference definitions out, for every block to use', () => {
    const result = splitMarkdownBlocks(
      'See [the docs][1].\n\n[1]: https://example.com\n[2]: <https://b.example>\n\nEnd',
    );
    expect(result.blocks).toEqual(['See [the docs][1].', 'End']);
    expect(result.definitions).toBe('[1]: https://example.com\n[2]: <https://b.example>');
  });

  it('renders to the same text when joined: nothing is lost', () => {
    const text = '# A\n\npara one\npara two\n\n- a\n- b\n\n```\ncode\n```\n\n| x |\n| - |\n| 1 |';
    expect(split(text).join('\n\n')).toBe(text);
    expect(split('')).toEqual([]);
    expect(split('\n\n\n')).toEqual([]);
  });
});
