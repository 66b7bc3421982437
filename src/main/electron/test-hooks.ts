/**
 * Test-only answers to native dialogs, for the Electron end-to-end suite (tests/electron). They work only in a build
 * made with VALUERANK_TEST_BUILD=1 (a compile-time constant, so a release build contains no way to answer a dialog
 * from the environment) and only when the launch also sets the variable.
 */

/** The Save-As answer for an export: `<VALUERANK_TEST_SAVE_DIR>/<suggested name>`, else null (show the dialog). */
export function testSavePath(
  testBuild: boolean,
  env: Record<string, string | undefined>,
  suggestedName: string,
  join: (...parts: string[]) => string,
): string | null {
  if (!testBuild) return null;
  const dir = env.VALUERANK_TEST_SAVE_DIR?.trim();
  return dir ? join(dir, suggestedName) : null;
}
