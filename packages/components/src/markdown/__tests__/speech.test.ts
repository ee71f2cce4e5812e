import { describe, expect, it } from 'vitest';
import { markdownToSpeech } from '../speech';

describe('markdownToSpeech', () => {
  it('drops the syntax and keeps the words', () => {
    const reply = [
      '## Sorting',
      'Use **`sorted()`** for a *new* list, see [the docs](https://docs.python.org) or <https://x.example>.',
      '- [x] done\n- two\n1. first',
      '```python\nprint("hi")\n```',
      '| Name | Score |\n| --- | ---: |\n| a | 1 |',
      '> quoted ~~old~~ _text_ ![a cat](https://c.example/cat.png) [ref][1]',
      '[1]: https://ref.example',
    ].join('\n\n');
    expect(markdownToSpeech(reply)).toBe(
      [
        'Sorting',
        'Use sorted() for a new list, see the docs or https://x.example.',
        'done\ntwo\n1. first',
        'print("hi")',
        'Name, Score\na, 1',
        'quoted old text a cat ref',
      ].join('\n\n'),
    );
  });

  it('leaves plain text, snake_case, arithmetic and raw HTML as they are', () => {
    const text = 'Call get_weather_now with 2 * 3 * 4 and a_b. <b>bold</b> stays text.';
    expect(markdownToSpeech(text)).toBe(text);
  });
});
