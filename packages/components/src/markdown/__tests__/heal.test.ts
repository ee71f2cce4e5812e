import { describe, expect, it } from 'vitest';
import { healMarkdown } from '../heal';

describe('healMarkdown', () => {
  it('shows a link still being written as its text', () => {
    expect(healMarkdown('See [the docs')).toBe('See the docs');
    expect(healMarkdown('See [the docs]')).toBe('See the docs');
    expect(healMarkdown('See [the docs](')).toBe('See the docs');
    expect(healMarkdown('See [the docs](http://exa')).toBe('See the docs');
    expect(healMarkdown('See [the docs](https://example.com "Ti')).toBe('See the docs');
    expect(healMarkdown('An image ![a cat](https://ex')).toBe('An image ');
  });

  it('leaves finished links, task boxes, code and escaped brackets alone', () => {
    expect(healMarkdown('See [the docs](https://example.com).')).toBe('See [the docs](https://example.com).');
    expect(healMarkdown('See [a](https://a.example) and [b')).toBe('See [a](https://a.example) and b');
    expect(healMarkdown('- [ ]')).toBe('- [ ]');
    expect(healMarkdown('- [x]')).toBe('- [x]');
    expect(healMarkdown('Use `arr[0')).toBe('Use `arr[0`');
    expect(healMarkdown('A \\[literal')).toBe('A \\[literal');
  });

  it('closes emphasis, strike-through and inline code left open, or drops a bare marker', () => {
    expect(healMarkdown('This is **bold')).toBe('This is **bold**');
    expect(healMarkdown('This is **bold ')).toBe('This is **bold** ');
    expect(healMarkdown('This is **')).toBe('This is ');
    expect(healMarkdown('This is ~~gone')).toBe('This is ~~gone~~');
    expect(healMarkdown('This is *it')).toBe('This is *it*');
    expect(healMarkdown('Run `npm i')).toBe('Run `npm i`');
    expect(healMarkdown('Run `')).toBe('Run ');
    expect(healMarkdown('**done** and *done*')).toBe('**done** and *done*');
    expect(healMarkdown('* a list item')).toBe('* a list item');
    expect(healMarkdown('`a ** b`')).toBe('`a ** b`');
  });

  it('touches only the last line, and nothing inside an open code fence', () => {
    expect(healMarkdown('[earlier\nnow **bold')).toBe('[earlier\nnow **bold**');
    const fence = '```js\nconst a = [1, **b';
    expect(healMarkdown(fence)).toBe(fence);
    expect(healMarkdown('```js\nx\n```\n[lin')).toBe('```js\nx\n```\nlin');
  });
});
