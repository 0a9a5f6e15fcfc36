import { useMemo } from 'react';
import type { DefinitionSummary } from '../../api/types';
import { useDesigner, useDesignerStore } from '../context';
import { labelOf, portsOfActivity } from '../store';
import { ConnectDialog } from './ConnectDialog';
import { GoToActivityDialog } from './GoToActivityDialog';
import { PublishDialog } from './PublishDialog';
import { ShortcutsHelp } from './ShortcutsHelp';

/** Whichever of the editor's dialogs is open. */
export function DesignerDialogs({ publish }: { publish: (comment: string) => Promise<DefinitionSummary | null> }) {
  const store = useDesignerStore();
  const dialog = useDesigner((s) => s.dialog);
  const connectFrom = useDesigner((s) => s.connectFrom);
  const index = useDesigner((s) => s.index);
  const descriptors = useDesigner((s) => s.descriptors);
  const label = (id: string) => labelOf({ index, descriptors }, id);
  const choices = useMemo(
    () => index.activities.map((a) => ({ id: a.id, label: labelOf({ index, descriptors }, a.id), typeName: a.type })),
    [index, descriptors],
  );
  const close = () => store.getState().openDialog(null);

  if (connectFrom && index.byId.has(connectFrom)) {
    const source = connectFrom;
    return (
      <ConnectDialog
        sourceLabel={label(source)}
        ports={portsOfActivity({ index, descriptors }, source).map((p) => ({
          name: p,
          connectedTo: index.connections.filter((c) => c.source.activity === source && (c.source.port ?? 'Done') === p).map((c) => label(c.target.activity)),
        }))}
        targets={choices.filter((t) => t.id !== source && t.typeName !== 'Elsa.Start')}
        onActiveTarget={(id) => store.getState().setConnectTarget(id)}
        onCancel={() => {
          store.getState().closeConnect();
          store.getState().select(source);
        }}
        onConnect={(port, target) => {
          store.getState().connect(source, port, target);
          store.getState().closeConnect();
          store.getState().select(source, { focus: true, silent: true });
        }}
      />
    );
  }
  switch (dialog) {
    case 'help':
      return <ShortcutsHelp onClose={close} />;
    case 'goto':
      return (
        <GoToActivityDialog
          activities={choices}
          onCancel={close}
          onGo={(id) => {
            close();
            store.getState().select(id);
          }}
        />
      );
    case 'publish':
      return <PublishDialog onPublish={publish} onClose={close} />;
    default:
      return null;
  }
}
