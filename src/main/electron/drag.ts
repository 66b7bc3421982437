/**
 * Drag-out of a saved export (Electron only): after a Save-As the person can drag the file straight into a notebook,
 * a folder or another app. Only files this window's Save-As produced may be dragged, so a compromised renderer cannot
 * hand arbitrary local files to the OS drag.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { nativeImage, type WebContents } from 'electron';
import { AppError } from '../../shared/errors';

// A plain 16×16 square: startDrag needs a non-empty icon, and it must be at hand at once (the drag is already under
// way when this runs), so no asynchronous lookup of the system's file icon.
const FALLBACK_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAGUlEQVR42mMwTpv5nxLMMGrAqAGjBgwXAwCDPjEfSQnaJAAAAABJRU5ErkJggg==';

export class ExportDragOut {
  private readonly saved = new Set<string>();

  /** Remembers a file the person chose in Save-As: the only files that may be dragged out. */
  allow(path: string): void {
    this.saved.add(resolve(path));
  }

  /** The core's export.drag capability (the route has validated the input already). */
  start(sender: WebContents, file: string): void {
    const path = resolve(file);
    if (!this.saved.has(path) || !existsSync(path) || !statSync(path).isFile()) {
      throw new AppError('NOT_FOUND', 'Only a file saved by an export in this session can be dragged out.');
    }
    sender.startDrag({ file: path, icon: nativeImage.createFromDataURL(FALLBACK_ICON) });
  }
}
