/**
 * The application menu: the platform's standard roles plus the app's own commands with their accelerators. Built as
 * a plain template (Electron's Menu.buildFromTemplate takes it) so what it contains is tested in Node.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  importDefinition(): void;
  newDefinition(): void;
  newRunFromOpenDefinition(): void;
  exportCurrentRun(): void;
  openSettings(): void;
  revealDataFolder(): void;
  openLogsFolder(): void;
  showRuns(): void;
  showDefinitions(): void;
  showHelp(): void;
}

export function appMenuTemplate(
  options: { platform: NodeJS.Platform; appName: string; devTools: boolean },
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const settings: MenuItemConstructorOptions = {
    label: mac ? 'Settings…' : 'Settings',
    accelerator: 'CmdOrCtrl+,',
    click: () => actions.openSettings(),
  };
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: options.appName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            settings,
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Definition', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newDefinition() },
      { label: 'Import Definition…', accelerator: 'CmdOrCtrl+O', click: () => actions.importDefinition() },
      {
        label: 'New Run from Open Definition',
        accelerator: 'CmdOrCtrl+N',
        click: () => actions.newRunFromOpenDefinition(),
      },
      { label: 'Export Current Run…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportCurrentRun() },
      { type: 'separator' },
      { label: 'Reveal Data Folder', click: () => actions.revealDataFolder() },
      { label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
      ...(mac ? [] : ([{ type: 'separator' }, settings, { type: 'separator' }, { role: 'quit' }] as const)),
      ...(mac ? ([{ type: 'separator' }, { role: 'close' }] as const) : []),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { label: 'Definitions', accelerator: 'CmdOrCtrl+1', click: () => actions.showDefinitions() },
      { label: 'Runs', accelerator: 'CmdOrCtrl+2', click: () => actions.showRuns() },
      { type: 'separator' },
      { role: 'reload' },
      ...(options.devTools ? ([{ role: 'toggleDevTools' }] as const) : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...appMenu,
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: `${options.appName} Help`, accelerator: 'F1', click: () => actions.showHelp() },
        { type: 'separator' },
        { role: 'about', label: `About ${options.appName}` },
      ],
    },
  ];
}
