import { cleanup, render } from '@testing-library/react';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import * as api from '../index';
import { expectNoAxeViolations } from './axe';

afterEach(cleanup);

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const srcDir = join(packageDir, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}
const sources = files(srcDir).filter((f) => /\.(tsx?|css)$/.test(f));

describe('package', () => {
  it('never renders HTML from strings: no raw-HTML API or eval anywhere in the package', () => {
    // Split so this file does not match itself.
    const banned = [
      'dangerously' + 'SetInnerHTML',
      'inner' + 'HTML',
      'outer' + 'HTML',
      'insertAdjacent' + 'HTML',
      'new ' + 'Function',
      'eval' + '(',
    ];
    expect(sources.length).toBeGreaterThan(10);
    const hits = sources.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return banned.filter((word) => text.includes(word)).map((word) => `${relative(packageDir, file)}: ${word}`);
    });
    expect(hits).toEqual([]);
  });

  it('has no default exports', () => {
    for (const file of sources.filter((f) => /\.tsx?$/.test(f) && !f.includes('__tests__'))) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/export default/);
    }
  });

  it('styles.css only styles ik- classes the components render, and turns motion off on request', () => {
    const css = readFileSync(join(srcDir, 'styles.css'), 'utf8');
    const used = new Set(
      sources
        .filter((f) => f.endsWith('.tsx') && !f.includes('__tests__'))
        .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/className="([^"]+)"|'(ik-[\w-]+)'/g)])
        .flatMap((m) => (m[1] ?? m[2] ?? '').split(' '))
        .filter((c) => c.startsWith('ik-')),
    );
    const styled = new Set([...css.matchAll(/\.(ik-[\w-]+)/g)].map((m) => m[1]!));
    expect(styled.size).toBeGreaterThan(20);
    expect([...styled].filter((c) => !used.has(c))).toEqual([]);
    const reduced = css.slice(css.indexOf('@media (prefers-reduced-motion: reduce)'));
    expect(reduced).toMatch(/\.ik-lsb-fill\s*\{\s*transition: none/);
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\)/);
    expect(css).toMatch(/\[data-theme='dark'\]/);
  });

  it('exports the components, hooks, helpers and nothing by default', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'ChatMessages',
        'ENTITY_PALETTE_SIZE',
        'EntityHighlighter',
        'JobProgress',
        'LabelScoreBars',
        'MessageInput',
        'ModelPicker',
        'createCodePointIndex',
        'entityColorIndex',
        'highlightSegments',
        'isChatBusy',
        'parseModelChoice',
        'toEntitySpans',
        'toSegments',
        'useModelLoadingCountdown',
      ].sort(),
    );
  });
});

describe('server rendering', () => {
  it('renders every component to a string, with untrusted text escaped', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const html = renderToString(
      <>
        <api.LabelScoreBars items={[{ label: evil, score: 0.5 }]} />
        <api.EntityHighlighter
          text={`${evil} Paris`}
          entities={[{ entityGroup: evil, score: 1, word: 'Paris', start: 29, end: 34 }]}
        />
        <api.ChatMessages messages={[{ id: '1', role: 'assistant', content: evil }]} status="streaming" />
        <api.MessageInput onSubmit={() => {}} defaultValue={evil} />
        <api.ModelPicker models={[{ id: evil, providers: [{ provider: evil, status: 'live' }] }]} defaultValue={evil} />
        <api.JobProgress progress={{ status: 'running', elapsed: 0 }} label={evil} />
      </>,
    );
    expect(html).not.toContain('<img');
    expect(html.match(/&lt;img src=x onerror=alert\(1\)&gt;/g)?.length).toBeGreaterThanOrEqual(6);
    expect(html).toContain('>Paris<');
  });
});

describe('expectNoAxeViolations', () => {
  it('fails on an inaccessible tree (so the axe checks can fail)', async () => {
    const { container } = render(
      <div>
        <img src="x.png" />
        <button />
        <div role="meter" />
      </div>,
    );
    const error = await expectNoAxeViolations(container).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/button-name/);
    expect(error?.message).toMatch(/image-alt/);
    expect(error?.message).toMatch(/aria-meter-name/);
  });
});

describe('entityColorIndex', () => {
  it('is stable, in range, and keeps the common NER types apart', () => {
    const common = ['PER', 'ORG', 'LOC', 'MISC'].map(api.entityColorIndex);
    expect(new Set(common).size).toBe(4);
    expect(api.entityColorIndex('person')).toBe(api.entityColorIndex('PER'));
    for (const type of ['DATE', 'MONEY', 'B-X', '<script>', '']) {
      const i = api.entityColorIndex(type);
      expect(i).toBe(api.entityColorIndex(type));
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(api.ENTITY_PALETTE_SIZE);
    }
  });
});
