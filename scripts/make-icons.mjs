// Renders resources/icon.svg into the PNG app icons electron-builder packages (resources/icons/<size>x<size>.png
// for Linux, icon.png at 1024 px for macOS/Windows, which electron-builder turns into .icns/.ico). It uses the
// headless Chromium that browser tests use (playwright-core; CHROMIUM_PATH or /usr/bin/chromium), so no image tool
// needs installing. The PNGs are committed; run this (`npm run icons`) only after changing the SVG.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(join(root, 'resources', 'icon.svg'), 'utf8');
const outDir = join(root, 'resources', 'icons');
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const sized = svg.replace('width="1024" height="1024"', `width="${size}" height="${size}"`);
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
    const files = [join(outDir, `${size}x${size}.png`), ...(size === 1024 ? [join(outDir, 'icon.png')] : [])];
    for (const path of files)
      await page.screenshot({ path, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(`icons written to ${outDir}\n`);
