import type { ConnectionJson, InstanceDetails, JournalEntry } from '../api/types';
import { connectionIds } from './definition';
import type { EdgeMark, NodeMark } from './graph';

export const journalKindText: Record<string, string> = {
  InstanceStarted: 'Instansen startade',
  ActivityStarted: 'Aktivitet startade',
  ActivityCompleted: 'Aktivitet klar',
  BookmarkCreated: 'Väntar (bokmärke skapat)',
  BookmarkResumed: 'Återupptagen',
  BookmarkWithdrawn: 'Väntan återkallad',
  BookmarkReissued: 'Ny länk utfärdad',
  IncidentRecorded: 'Fel inträffade',
  IncidentRetried: 'Nytt försök',
  InstanceMigrated: 'Flyttad till annan version',
  InstanceFinished: 'Instansen avslutades',
  InstanceCancelled: 'Instansen avbröts',
  Note: 'Anteckning',
};

export const statusText: Record<string, string> = {
  Running: 'Pågår',
  Finished: 'Avslutad',
  Pending: 'Väntar på start',
  Executing: 'Körs',
  Suspended: 'Väntar',
  Cancelled: 'Avbruten',
  Faulted: 'Fel',
};

/** Where an instance has been and where it stands, from its journal, bookmarks and incidents. */
export function instanceMarks(details: InstanceDetails, journal: JournalEntry[], connections: ConnectionJson[]) {
  const nodeMarks = new Map<string, NodeMark>();
  const firstStart = new Map<string, number>();
  const lastStart = new Map<string, number>();
  for (const e of journal) {
    if (!e.activityId) continue;
    if (e.kind === 'ActivityStarted' || e.kind === 'ActivityCompleted') {
      nodeMarks.set(e.activityId, 'visited');
      if (!firstStart.has(e.activityId)) firstStart.set(e.activityId, e.sequence);
      lastStart.set(e.activityId, e.sequence);
    }
  }
  const current = new Set<string>(details.instance.status === 'Running' ? details.instance.waitingAt : []);
  for (const b of details.bookmarks) if (b.status === 'Active') current.add(b.activityId);
  for (const id of current) nodeMarks.set(id, 'current');
  for (const i of details.incidents) if (!i.resolvedAt) nodeMarks.set(i.activityId, 'faulted');

  // A connection was taken when its source completed with its port and its target started afterwards.
  const ids = connectionIds(connections);
  const edgeMarks = new Map<string, EdgeMark>();
  const completions = journal.filter((e) => e.kind === 'ActivityCompleted' && e.activityId);
  connections.forEach((c, i) => {
    const port = c.source.port ?? 'Done';
    const taken = completions.some(
      (e) =>
        e.activityId === c.source.activity &&
        (e.outcome ?? '').split(',').map((o) => o.trim()).includes(port) &&
        (lastStart.get(c.target.activity) ?? -1) > e.sequence,
    );
    if (taken) edgeMarks.set(ids[i], 'taken');
  });
  return { nodeMarks, edgeMarks, current: [...current] };
}
