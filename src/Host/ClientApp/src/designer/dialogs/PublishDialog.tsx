import { useMemo, useRef, useState } from 'react';
import { errorText } from '../../api/client';
import type { VersionMigration } from '../../api/operations';
import { useDefinitionMutations, usePublished, useRunningByVersion } from '../../api/queries';
import type { DefinitionSummary } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { compareDefinitions, type ChangeKind } from '../../model/diff';
import { useDesigner } from '../context';
import './PublishDialog.css';

const kindText: Record<ChangeKind, [string, string]> = { added: ['tillagd', 'tillagda'], removed: ['borttagen', 'borttagna'], changed: ['ändrad', 'ändrade'] };
const shownChanges = 12;

/**
 * Publishing: a comment for the version, what changes against the published version, how many orders
 * run on older versions, and then (dry run first) moving them to the new version.
 */
export function PublishDialog({ onPublish, onClose }: { onPublish: (comment: string) => Promise<DefinitionSummary | null>; onClose: () => void }) {
  const definitionId = useDesigner((s) => s.definitionId);
  const doc = useDesigner((s) => s.doc);
  const descriptors = useDesigner((s) => s.descriptors);
  const busy = useDesigner((s) => s.busy);
  const published = usePublished(definitionId);
  const running = useRunningByVersion(definitionId);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [result, setResult] = useState<DefinitionSummary | null>(null);
  // Once a move has been tried the section stays: the counts asked for again afterwards must not hide its result.
  const [migrationTried, setMigrationTried] = useState(false);
  const commentRef = useRef<HTMLTextAreaElement>(null);

  const comparison = useMemo(() => (published.data ? compareDefinitions(published.data, doc, descriptors) : null), [published.data, doc, descriptors]);
  const newVersion = result?.version;
  const older = (running.data?.versions ?? []).filter((v) => v.running > 0 && (newVersion === undefined || v.version < newVersion));
  const olderCount = older.reduce((n, v) => n + v.running, 0);

  const submit = async () => {
    if (!comment.trim()) {
      setMissing(true);
      commentRef.current?.focus();
      return;
    }
    const done = await onPublish(comment);
    if (done) {
      setResult(done);
      // The form and its button are gone: focus goes to what happened.
      requestAnimationFrame(() => document.getElementById('publish-help')?.focus());
    }
  };

  return (
    <Dialog titleId="publish-title" describedBy="publish-help" className="publish-dialog" onClose={onClose} initialFocus={commentRef}>
      <h2 id="publish-title">{result ? `Version ${result.version} är publicerad` : 'Publicera'}</h2>
      {!result ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <p id="publish-help" className="hint">
            Nya ärenden startar på den publicerade versionen. Pågående ärenden stannar på sin version tills de flyttas.
          </p>
          <label htmlFor="publish-comment">Kommentar till versionen (krävs)</label>
          <textarea
            id="publish-comment"
            ref={commentRef}
            rows={3}
            value={comment}
            aria-invalid={missing && !comment.trim() ? true : undefined}
            aria-describedby={missing && !comment.trim() ? 'publish-comment-error' : undefined}
            onChange={(e) => setComment(e.target.value)}
          />
          {missing && !comment.trim() && (
            <p className="field-errors" id="publish-comment-error">
              Skriv vad versionen ändrar och varför.
            </p>
          )}
          <section aria-labelledby="publish-changes-title" className="publish-section">
            <h3 id="publish-changes-title">Ändringar mot publicerad version</h3>
            <ChangeSummary loading={published.isPending} error={published.error} comparison={comparison} publishedVersion={published.data?.version ?? null} />
          </section>
          <section aria-labelledby="publish-running-title" className="publish-section">
            <h3 id="publish-running-title">Pågående ärenden</h3>
            <RunningSummary loading={running.isPending} error={running.error} versions={running.data?.versions ?? []} />
          </section>
          <div className="dialog-buttons">
            <button type="submit" className="primary" disabled={busy !== null}>
              {busy ? 'Publicerar…' : 'Publicera version'}
            </button>
            <button type="button" onClick={onClose}>
              Avbryt
            </button>
          </div>
        </form>
      ) : (
        <>
          <p id="publish-help" tabIndex={-1} role="status" className="publish-done-text">
            Nya ärenden startar på version {result.version}.{' '}
            {running.isPending
              ? 'Räknar pågående ärenden…'
              : olderCount === 0
                ? 'Inga ärenden pågår på äldre versioner.'
                : `${olderCount} ${olderCount === 1 ? 'ärende pågår' : 'ärenden pågår'} på äldre versioner (${older.map((v) => `version ${v.version}: ${v.running}`).join(', ')}).`}
          </p>
          {(olderCount > 0 || migrationTried) && (
            <Migration definitionId={definitionId} targetVersion={result.version} comment={comment.trim()} count={olderCount} onTried={() => setMigrationTried(true)} />
          )}
          <div className="dialog-buttons">
            <button type="button" onClick={onClose}>
              Stäng
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

function ChangeSummary({
  loading,
  error,
  comparison,
  publishedVersion,
}: {
  loading: boolean;
  error: unknown;
  comparison: ReturnType<typeof compareDefinitions> | null;
  publishedVersion: number | null;
}) {
  if (loading) return <p role="status">Jämför med den publicerade versionen…</p>;
  if (error) return <p className="field-errors">Kunde inte hämta den publicerade versionen: {errorText(error)}</p>;
  if (!comparison) return <p>Ingen version är publicerad ännu: det här blir den första.</p>;
  const { changes } = comparison;
  if (changes.length === 0) return <p>Samma innehåll som den publicerade versionen {publishedVersion}.</p>;
  const counts = (['added', 'removed', 'changed'] as ChangeKind[])
    .map((k) => [k, changes.filter((c) => c.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${kindText[k][n === 1 ? 0 : 1]}`);
  return (
    <>
      <p data-testid="publish-change-count">
        Mot version {publishedVersion}: {changes.length} {changes.length === 1 ? 'ändring' : 'ändringar'} ({counts.join(', ')}).
      </p>
      <ul className="publish-changes">
        {changes.slice(0, shownChanges).map((c) => (
          <li key={c.key} className={`change-${c.kind}`}>
            {c.title}
          </li>
        ))}
        {changes.length > shownChanges && <li>… och {changes.length - shownChanges} till.</li>}
      </ul>
    </>
  );
}

function RunningSummary({ loading, error, versions }: { loading: boolean; error: unknown; versions: { version: number; running: number }[] }) {
  if (loading) return <p role="status">Räknar pågående ärenden…</p>;
  if (error) return <p className="field-errors">Kunde inte räkna pågående ärenden: {errorText(error)}</p>;
  const withRunning = versions.filter((v) => v.running > 0);
  if (withRunning.length === 0) return <p>Inga ärenden pågår.</p>;
  return (
    <p data-testid="publish-running">
      {withRunning.map((v) => `Version ${v.version}: ${v.running} ${v.running === 1 ? 'ärende' : 'ärenden'}`).join(', ')}. Efter publiceringen kan de flyttas till den nya
      versionen (först en provkörning).
    </p>
  );
}

function Migration({
  definitionId,
  targetVersion,
  comment,
  count,
  onTried,
}: {
  definitionId: string;
  targetVersion: number;
  comment: string;
  count: number;
  onTried: () => void;
}) {
  const { migrate } = useDefinitionMutations(definitionId);
  const [dry, setDry] = useState<VersionMigration | null>(null);
  const [done, setDone] = useState<VersionMigration | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (dryRun: boolean) => {
    setError(null);
    onTried();
    try {
      const r = await migrate.mutateAsync({ targetVersion, dryRun, reason: `Publicering av version ${targetVersion}: ${comment}` });
      if (dryRun) setDry(r);
      else setDone(r);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const refused = (dry ?? done)?.instances.filter((i) => !i.allowed) ?? [];
  return (
    <section aria-labelledby="migrate-title" className="publish-section">
      <h3 id="migrate-title">Flytta pågående ärenden till version {targetVersion}</h3>
      {!dry && (
        <>
          <p>Provkörningen visar vilka av de {count} ärendena som kan flyttas, utan att ändra något.</p>
          <button type="button" onClick={() => void run(true)} disabled={migrate.isPending}>
            Provkör flytten
          </button>
        </>
      )}
      {dry && !done && (
        <div role="status" data-testid="migrate-dry-run">
          <p>
            Provkörning: {dry.allowed} av {dry.selected} {dry.selected === 1 ? 'ärende' : 'ärenden'} kan flyttas till version {targetVersion}.
            {refused.length > 0 && ` ${refused.length} kan inte flyttas.`} Inget har ändrats.
          </p>
          {dry.allowed > 0 && (
            <button type="button" className="primary" onClick={() => void run(false)} disabled={migrate.isPending}>
              Flytta {dry.allowed} {dry.allowed === 1 ? 'ärende' : 'ärenden'}
            </button>
          )}
        </div>
      )}
      {done && (
        <p role="status" data-testid="migrate-done">
          {done.moved} {done.moved === 1 ? 'ärende flyttades' : 'ärenden flyttades'} till version {targetVersion}.
        </p>
      )}
      {refused.length > 0 && (
        <details>
          <summary>Ärenden som inte kan flyttas ({refused.length})</summary>
          <ul className="small">
            {refused.map((i) => (
              <li key={i.instanceId}>
                {i.correlationId ?? i.instanceId} (version {i.fromVersion}): {i.problems.join(' ')}
              </li>
            ))}
          </ul>
        </details>
      )}
      {error && (
        <p className="field-errors" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
