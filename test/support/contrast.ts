import type { Locator } from 'playwright-core';

/** Relative luminance of an sRGB colour given as 0–255 channels (WCAG 2.x). */
function luminance([r, g, b]: number[]): number {
  const [lr, lg, lb] = [r, g, b].map((v) => {
    const c = (v ?? 0) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (lr ?? 0) + 0.7152 * (lg ?? 0) + 0.0722 * (lb ?? 0);
}

/** The contrast ratio of two computed CSS colours (`rgb(…)`, opaque), from 1 to 21. */
export function contrastRatio(foreground: string, background: string): number {
  const channels = (css: string) => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  const [light, dark] = [luminance(channels(foreground)), luminance(channels(background))].sort(
    (a, b) => b - a,
  );
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

/** Each matched element's text and the contrast of its colour on its own background. */
export async function contrasts(elements: Locator): Promise<{ text: string; ratio: number }[]> {
  const styles = await elements.evaluateAll((nodes) =>
    nodes.map((node) => {
      const style = getComputedStyle(node);
      return {
        text: node.textContent ?? '',
        color: style.color,
        background: style.backgroundColor,
      };
    }),
  );
  return styles.map(({ text, color, background }) => ({
    text,
    ratio: Math.round(contrastRatio(color, background) * 100) / 100,
  }));
}
