import axe from 'axe-core';

/**
 * Runs axe-core on `container` and fails with the violations listed. `color-contrast` is off because
 * jsdom computes no layout or colours; it has to be checked in a real browser.
 */
export async function expectNoAxeViolations(container: Element): Promise<void> {
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  const found = results.violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.html).join('\n  ')}`);
  if (found.length > 0) throw new Error(`axe found ${found.length} violation(s):\n${found.join('\n')}`);
}
