/** Files a browser-mode page downloads after an action, read back from the browser's own download, and checks of them. */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface Downloaded {
  name: string;
  bytes: Buffer;
}

/** Runs `action` and waits for `count` downloads (an event each, never a timer); returns them in the order they came. */
export async function downloadsOf(page: Page, count: number, action: () => Promise<void>): Promise<Downloaded[]> {
  const got: Download[] = [];
  const all = new Promise<void>((resolve) => {
    const on = (download: Download): void => {
      got.push(download);
      if (got.length === count) {
        page.off('download', on);
        resolve();
      }
    };
    page.on('download', on);
  });
  await action();
  await all;
  return Promise.all(got.map(async (d) => ({ name: d.suggestedFilename(), bytes: await readFile(await d.path()) })));
}

interface XmlElement {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
}
interface XmlParser {
  parseFromString(
    source: string,
    type: string,
  ): {
    documentElement: XmlElement;
    querySelector(s: string): XmlElement | null;
    querySelectorAll(s: string): Iterable<XmlElement> & ArrayLike<XmlElement>;
  };
}

/** A saved SVG chart parsed by the browser's XML parser: its size and the texts it draws (title and labels). */
export async function parsedSvg(
  page: Page,
  file: Downloaded,
): Promise<{ width: number; height: number; texts: string[] }> {
  expect(file.name).toMatch(/^chart_.+\.svg$/);
  const text = file.bytes.toString('utf8');
  const parsed = await page.evaluate((source) => {
    // Runs in the page (this file is type-checked without the DOM library): the browser's own XML parser.
    const { DOMParser: Parser } = globalThis as unknown as { DOMParser: new () => XmlParser };
    const doc = new Parser().parseFromString(source, 'image/svg+xml');
    if (doc.querySelector('parsererror') || doc.documentElement.tagName !== 'svg') return null;
    return {
      width: Number(doc.documentElement.getAttribute('width')),
      height: Number(doc.documentElement.getAttribute('height')),
      texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent ?? ''),
    };
  }, text);
  expect(parsed).not.toBeNull();
  return parsed!;
}

/** A saved PNG chart: the PNG signature, and the size from its IHDR chunk. */
export function pngSize(file: Downloaded): { width: number; height: number } {
  expect(file.name).toMatch(/^chart_.+\.png$/);
  expect([...file.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(file.bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: file.bytes.readUInt32BE(16), height: file.bytes.readUInt32BE(20) };
}
