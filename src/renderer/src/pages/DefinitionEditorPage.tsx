/**
 * The definition editor (`#/definitions/new`, `#/definitions/:id/edit`): one text edited in a CodeMirror text view or
 * a form view (switching loses nothing: both edit the same text), linted by `definitions.validate` and previewed by
 * `definitions.preview` as the researcher types; saved as the next version (or as a new definition). Unsaved changes
 * are guarded and kept as a draft across a crash.
 */
import { useEffect, useMemo, useState } from 'react';
import { BLANK_DEFINITION } from '@shared/definition-document';
import type { ModelRef } from '@shared/domain';
import type { DefinitionPreview } from '@shared/ipc';
import { toApiError, type ApiError } from '../api/errors';
import { CodeEditor } from '../components/editor/CodeEditor';
import { DefinitionForm } from '../components/editor/DefinitionForm';
import { EstimateModels } from '../components/editor/EstimateModels';
import { PreviewPanel } from '../components/editor/PreviewPanel';
import { StartFromSample } from '../components/editor/StartFromSample';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Notice } from '../components/Notice';
import {
  useCreateDefinition,
  useDefinitionSource,
  useDraftPreview,
  useDraftValidation,
  useSaveDefinitionVersion,
} from '../data/definition-editor';
import { useDebounced } from '../hooks/useDebounced';
import { usePageTitle } from '../hooks/usePageTitle';
import { useUnsavedGuard } from '../hooks/useUnsavedGuard';
import { clearDraft, NEW_DRAFT_KEY, readDraft, writeDraft, type Draft } from '../lib/drafts';
import { formatDateTime } from '../lib/format';
import { links, setLeaveGuard, useRouter } from '../stores/router';

const LINT_MS = 300;

export function DefinitionEditorPage({ id }: { id: string | null }): React.JSX.Element {
  const source = useDefinitionSource(id);
  const sourceData = source.data;
  const loaded = useMemo(
    () => (id === null ? { text: BLANK_DEFINITION, familyId: null, id: null } : sourceData),
    [id, sourceData],
  );
  const draftKey = id === null ? NEW_DRAFT_KEY : (source.data?.familyId ?? null);
  const [text, setText] = useState<string | null>(null);
  // undefined until the kept draft (if any) has been looked at, once the saved text is known.
  const [offer, setOffer] = useState<Draft | null | undefined>(undefined);
  const [view, setView] = useState<'text' | 'form'>('form');
  const [filter, setFilter] = useState<Record<string, number>>({});
  const [selected, setSelected] = useState<string | undefined>(undefined);
  // Models and samples for the job count and cost; null models: the last run's (the core's default).
  const [estimateModels, setEstimateModels] = useState<ModelRef[] | null>(null);
  const [samples, setSamples] = useState(1);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const navigate = useRouter((state) => state.navigate);
  const create = useCreateDefinition().mutate;
  const saveVersion = useSaveDefinitionVersion().mutate;
  usePageTitle(id === null ? 'New definition' : 'Edit definition');

  // The first text is the saved one; a kept draft that differs from it is offered, never applied unasked.
  if (offer === undefined && loaded && draftKey !== null) {
    const kept = readDraft(draftKey);
    setOffer(kept && kept.text !== loaded.text ? kept : null);
  }

  const current = text ?? loaded?.text ?? '';
  const dirty = loaded !== null && current !== loaded.text && !saving;
  useUnsavedGuard(dirty);

  useEffect(() => {
    // Not while a kept draft is on offer: it is kept until the researcher restores or discards it.
    if (draftKey === null || offer !== null) return;
    if (dirty)
      writeDraft(draftKey, {
        text: current,
        baseVersionId: loaded?.id ?? null,
        savedAt: new Date().toISOString(),
      });
    else clearDraft(draftKey);
  }, [draftKey, current, dirty, offer, loaded]);

  const settled = useDebounced(current, LINT_MS);
  const validation = useDraftValidation(settled);
  const previewRead = useDraftPreview({
    text: settled,
    ...(id !== null ? { definitionId: id } : {}),
    filter,
    samples,
    ...(estimateModels !== null ? { models: estimateModels } : {}),
    ...(selected !== undefined ? { selected } : {}),
    limit: 50,
  });
  // The last answer stays on screen while the next one is computed (no flicker as the researcher types).
  const [preview, setPreview] = useState<DefinitionPreview | null>(null);
  if (previewRead.data && previewRead.data !== preview) setPreview(previewRead.data);
  const problems = validation.data?.errors ?? preview?.errors ?? [];

  async function save(asNew: boolean): Promise<void> {
    setSaveError(null);
    setSaving(true);
    try {
      const result =
        asNew || id === null || !source.data
          ? await create({ text: current })
          : await saveVersion({
              familyId: source.data.familyId,
              // The version this draft was made from: if another window or the CLI saved after it, the save is refused
              // (STALE_VERSION) and the draft stays, never written over the newer version.
              baseVersionId: source.data.id,
              text: current,
            });
      if (draftKey !== null) clearDraft(draftKey);
      setLeaveGuard(null);
      navigate(links.definition(result.definition.id));
    } catch (thrown) {
      setSaving(false);
      setSaveError(toApiError(thrown));
    }
  }

  if (id !== null && !source.data) {
    return (
      <div className="page">
        {source.error ? (
          <ErrorBox error={source.error} title="Could not open this definition" />
        ) : (
          <Loading lines={6} />
        )}
      </div>
    );
  }

  const savedId = id !== null && !dirty && source.data ? source.data.id : null;
  return (
    <div className="page page-editor">
      <p className="breadcrumb">
        <a href={links.definitions()}>Definitions</a> /{' '}
        {id !== null ? <a href={links.definition(id)}>{source.data?.fileName ?? id}</a> : <span>New</span>}
      </p>
      <header className="page-header">
        <div>
          <h1>{id === null ? 'New definition' : `Edit version ${source.data?.version ?? ''}`}</h1>
          <p className="page-lede">
            {dirty ? <span data-testid="editor-dirty">Unsaved changes (kept as a draft).</span> : 'No unsaved changes.'}
          </p>
        </div>
        <div className="actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="editor-save"
            disabled={saving || (id !== null && !dirty)}
            onClick={() => void save(false)}
          >
            {id === null ? 'Save' : 'Save as new version'}
          </button>
          {id !== null ? (
            <button
              type="button"
              className="button"
              data-testid="editor-save-new"
              disabled={saving}
              onClick={() => void save(true)}
            >
              Save as new definition
            </button>
          ) : null}
        </div>
      </header>

      {id === null && !dirty ? <StartFromSample onText={setText} /> : null}
      {offer ? (
        <Notice tone="warning" testId="draft-offer">
          An unsaved draft from {formatDateTime(offer.savedAt)} was kept.{' '}
          <button
            type="button"
            className="button-link"
            data-testid="draft-restore"
            onClick={() => {
              setText(offer.text);
              setOffer(null);
            }}
          >
            Restore it
          </button>{' '}
          <button
            type="button"
            className="button-link"
            data-testid="draft-discard"
            onClick={() => {
              if (draftKey !== null) clearDraft(draftKey);
              setOffer(null);
            }}
          >
            Discard it
          </button>
        </Notice>
      ) : null}
      {saveError ? (
        <ErrorBox
          error={saveError}
          title={saveError.code === 'STALE_VERSION' ? 'Someone saved a newer version first' : 'Not saved'}
          testId="editor-save-error"
          onDismiss={() => setSaveError(null)}
        />
      ) : null}

      <div className="editor-layout">
        <div className="editor-main">
          <div className="tabs" role="tablist" aria-label="Editor view">
            {(['form', 'text'] as const).map((tab) => (
              <button
                key={tab}
                type="button"
                role="tab"
                aria-selected={view === tab}
                className={`tab ${view === tab ? 'active' : ''}`}
                data-testid={`editor-view-${tab}`}
                onClick={() => setView(tab)}
              >
                {tab === 'form' ? 'Form' : 'Text'}
              </button>
            ))}
          </div>
          {problems.length > 0 ? (
            <ul className="plain-list field-error" data-testid="editor-problems">
              {problems.map((p, i) => (
                <li key={i}>
                  {p.line ? `Line ${p.line}: ` : ''}
                  {p.path ? `${p.path}: ` : ''}
                  {p.message}
                </li>
              ))}
            </ul>
          ) : null}
          {view === 'text' ? (
            <CodeEditor value={current} onChange={setText} problems={problems} label="Definition text (YAML or JSON)" />
          ) : (
            <DefinitionForm text={current} onChange={setText} />
          )}
        </div>
        <aside className="editor-preview">
          {previewRead.error && !preview ? <ErrorBox error={previewRead.error} title="No preview" /> : null}
          <EstimateModels
            chosen={estimateModels}
            shown={preview?.models ?? []}
            source={preview?.modelsSource ?? null}
            samples={samples}
            onChange={(models, nextSamples) => {
              setEstimateModels(models);
              setSamples(nextSamples);
            }}
          />
          <PreviewPanel
            preview={preview}
            filter={filter}
            onFilter={setFilter}
            onSelect={setSelected}
            savedId={savedId}
          />
        </aside>
      </div>
    </div>
  );
}
