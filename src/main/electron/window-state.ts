/**
 * The window comes back where the person left it: size, position and maximized state are kept in a small JSON file
 * in userData, and restored only onto a screen that still exists, clamped to its work area and the minimum size.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { MIN_WINDOW_HEIGHT, MIN_WINDOW_WIDTH } from './window-policy';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const rectSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
const windowStateSchema = z.object({ bounds: rectSchema, maximized: z.boolean().default(false) });
export type WindowState = z.infer<typeof windowStateSchema>;

export const DEFAULT_SIZE = { width: 1280, height: 860 } as const;

export function readWindowState(path: string): WindowState | null {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeWindowState(path: string, state: WindowState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, path);
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (value: number, low: number, high: number): number => Math.max(low, Math.min(high, value));

/**
 * Where the window opens. `workAreas[0]` is the primary display. A saved window goes back onto the display it
 * overlaps most; when it overlaps none (that monitor was unplugged) it is centred on the primary display.
 */
export function restoreWindowBounds(
  saved: WindowState | null,
  workAreas: readonly Rect[],
): { bounds: Rect | { width: number; height: number }; maximized: boolean } {
  const primary = workAreas[0];
  const wanted = saved?.bounds ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  if (!primary) return { bounds: { width: wanted.width, height: wanted.height }, maximized: saved?.maximized ?? false };
  let area = primary;
  let best = 0;
  for (const candidate of workAreas) {
    const shared = saved ? overlap(saved.bounds, candidate) : 0;
    if (shared > best) [area, best] = [candidate, shared];
  }
  const width = clamp(wanted.width, Math.min(MIN_WINDOW_WIDTH, area.width), Math.max(area.width, MIN_WINDOW_WIDTH));
  const height = clamp(
    wanted.height,
    Math.min(MIN_WINDOW_HEIGHT, area.height),
    Math.max(area.height, MIN_WINDOW_HEIGHT),
  );
  const fits = { width: Math.min(width, area.width), height: Math.min(height, area.height) };
  if (!saved || best === 0) {
    return {
      bounds: {
        x: Math.round(area.x + (area.width - fits.width) / 2),
        y: Math.round(area.y + (area.height - fits.height) / 2),
        ...fits,
      },
      maximized: saved?.maximized ?? false,
    };
  }
  return {
    bounds: {
      x: clamp(saved.bounds.x, area.x, area.x + area.width - fits.width),
      y: clamp(saved.bounds.y, area.y, area.y + area.height - fits.height),
      ...fits,
    },
    maximized: saved.maximized,
  };
}
