import { useCallback, useEffect, useRef } from 'react';
import { useBlocker, useNavigate } from 'react-router-dom';
import { ApiError, downloadExport, errorText, saveFile } from '../api/client';
import { useDefinitionMutations, useRefreshVersions, validateDefinition } from '../api/queries';
import type { DefinitionSaved, DefinitionSummary } from '../api/types';
import { withVersionComment } from '../model/definition';
import { autoLayout } from '../model/layout';
import { useDesigner, useDesignerStore } from './context';
import { isDirty } from './store';

/** Saving, publishing, retracting, exporting and laying out the document, with what each says to the user. */
export function useDocumentActions() {
  const store = useDesignerStore();
  const navigate = useNavigate();
  const definitionId = useDesigner((s) => s.definitionId);
  const mutations = useDefinitionMutations(definitionId);
  const refreshVersions = useRefreshVersions(definitionId);

  const refresh = useCallback(async () => {
    try {
      store.getState().setVersions(await refreshVersions());
    } catch {
      // The list stays as it was; the next save or reload brings it.
    }
  }, [refreshVersions, store]);

  const save = useCallback(async (options: { publishing?: boolean } = {}): Promise<DefinitionSaved | null> => {
    const s = store.getState();
    // A new draft made from a published version does not inherit that version's publishing comment.
    const startsNewVersion = !!s.meta && (s.meta.isPublished || !!s.meta.publishedAt);
    if (startsNewVersion && !options.publishing) s.replace((d) => withVersionComment(d, null));
    const sent = store.getState().doc;
    s.setBusy('save');
    try {
      const saved = await mutations.save.mutateAsync(sent);
      store.getState().saved(sent, saved.definition, saved.errors);
      navigate(`/definitions/${encodeURIComponent(definitionId)}?version=${saved.definition.version}`, { replace: true, state: { saved: true } });
      await refresh();
      store
        .getState()
        .say(
          `Sparat som utkast, version ${saved.definition.version}.${saved.errors.length ? ` ${saved.errors.length} problem återstår innan den kan publiceras.` : ' Inga problem: redo att publiceras.'}`,
        );
      return saved;
    } catch (e) {
      store.getState().say(`Kunde inte spara: ${errorText(e)}`, 'error');
      if (e instanceof ApiError && e.validationErrors.length) store.getState().setErrors(e.validationErrors);
      return null;
    } finally {
      store.getState().setBusy(null);
    }
  }, [definitionId, mutations.save, navigate, refresh, store]);

  const refusePublish = useCallback(
    (count: number) => {
      store.getState().say(`Publiceringen nekades: ${count} problem måste rättas först. Se listan Problem.`, 'error');
      document.getElementById('problems-heading')?.focus();
    },
    [store],
  );

  /** Opens the publishing dialog, or says why there is nothing to publish. */
  const askToPublish = useCallback(() => {
    const s = store.getState();
    if (s.errors.length > 0) return refusePublish(s.errors.length);
    if (!isDirty(s) && s.meta?.isPublished) return s.say(`Version ${s.meta.version} är redan publicerad. Ändra något för att göra en ny version.`);
    s.openDialog('publish');
  }, [refusePublish, store]);

  /** Saves the document with the comment and publishes it; the published version, or null when it was refused. */
  const publish = useCallback(
    async (comment: string): Promise<DefinitionSummary | null> => {
      store.getState().change((d) => withVersionComment(d, comment.trim()));
      const saved = await save({ publishing: true });
      if (!saved) return null;
      if (saved.errors.length) {
        refusePublish(saved.errors.length);
        return null;
      }
      store.getState().setBusy('publish');
      try {
        const published = await mutations.publish.mutateAsync(definitionId);
        store.getState().setMeta(published);
        await refresh();
        store.getState().say(`Version ${published.version} är publicerad. Nya instanser startar på den.`);
        return published;
      } catch (e) {
        if (e instanceof ApiError && e.validationErrors.length) {
          store.getState().setErrors(e.validationErrors);
          refusePublish(e.validationErrors.length);
        } else store.getState().say(`Kunde inte publicera: ${errorText(e)}`, 'error');
        return null;
      } finally {
        store.getState().setBusy(null);
      }
    },
    [definitionId, mutations.publish, refresh, refusePublish, save, store],
  );

  const retract = useCallback(async () => {
    const { meta } = store.getState();
    if (!meta?.isPublished) return;
    if (!window.confirm(`Dra tillbaka version ${meta.version}? Nya instanser startar inte på den; pågående fortsätter.`)) return;
    try {
      const r = await mutations.retract.mutateAsync({ definitionId, version: meta.version });
      store.getState().setMeta(r);
      await refresh();
      store.getState().say(`Version ${r.version} är indragen.`);
    } catch (e) {
      store.getState().say(`Kunde inte dra tillbaka: ${errorText(e)}`, 'error');
    }
  }, [definitionId, mutations.retract, refresh, store]);

  const exportCurrent = useCallback(async () => {
    const s = store.getState();
    try {
      if (!isDirty(s) && s.meta) {
        const name = await downloadExport(definitionId, s.meta.version);
        s.say(`Version ${s.meta.version} exporterad som ${name}.`);
        return;
      }
      // Unsaved changes are exported as they stand in the designer.
      const name = `${definitionId}-osparad.json`;
      saveFile(name, new Blob([JSON.stringify(s.doc, null, 2)], { type: 'application/json' }));
      s.say(`De osparade ändringarna exporterade som ${name}.`);
    } catch (e) {
      s.say(`Exporten misslyckades: ${errorText(e)}`, 'error');
    }
  }, [definitionId, store]);

  const relayout = useCallback(async () => {
    const s = store.getState();
    s.relaidOut(await autoLayout(s.doc, s.descriptors, true));
  }, [store]);

  return { save, askToPublish, publish, retract, exportCurrent, relayout };
}

/** The server's validator, shortly after each change of content. */
export function useValidation() {
  const store = useDesignerStore();
  const revision = useDesigner((s) => s.contentRevision);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    const timer = window.setTimeout(
      async () => {
        try {
          const report = await validateDefinition(store.getState().doc);
          if (mine === seq.current) store.getState().setErrors(report.errors);
        } catch (e) {
          if (mine === seq.current && e instanceof ApiError && e.validationErrors.length) store.getState().setErrors(e.validationErrors);
        }
      },
      // The first check waits until the flowchart is on screen and answering (it costs the server a moment
      // too, on the same machine in small setups); later ones follow the edits.
      revision === 0 ? 600 : 350,
    );
    return () => window.clearTimeout(timer);
  }, [revision, store]);
}

/** Leaving with unsaved changes asks first: links and version changes (the router), and closing the tab. */
export function useUnsavedGuard() {
  const store = useDesignerStore();
  const dirty = useDesigner(isDirty);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      isDirty(store.getState()) && !(nextLocation.state as { saved?: boolean } | null)?.saved && currentLocation.pathname + currentLocation.search !== nextLocation.pathname + nextLocation.search,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm('Det finns osparade ändringar. Lämna ändå?')) blocker.proceed();
    else blocker.reset();
  }, [blocker]);
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [dirty]);
}
