/** Handler for `definitions.preview`: the live preview of a draft definition in the editor. */
import type { Handlers } from '../../../shared/ipc';
import type { DefinitionPreviewer } from '../definitions/preview';

export function definitionPreviewHandlers(preview: DefinitionPreviewer): Pick<Handlers, 'definitions.preview'> {
  return { 'definitions.preview': async (input) => preview(input) };
}
