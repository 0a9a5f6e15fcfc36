import type { ActivityDescriptor, ActivityJson, ConnectionJson, DefinitionJson } from '../api/types';

// Small definitions and descriptors for the unit tests.

export function descriptor(typeName: string, outcomes: string[] = ['Done'], extra: Partial<ActivityDescriptor> = {}): ActivityDescriptor {
  const name = typeName.split('.').pop()!;
  return {
    typeName,
    namespace: 'Elsa',
    name,
    displayName: name,
    category: 'Primitives',
    description: '',
    version: 1,
    kind: 'Action',
    inputs: [],
    outputs: [],
    outcomes,
    hasDynamicOutcomes: false,
    ...extra,
  };
}

export const descriptors: ActivityDescriptor[] = [
  descriptor('Elsa.Start'),
  descriptor('Elsa.End', []),
  descriptor('Elsa.WriteLine', ['Done'], {
    inputs: [{ name: 'text', typeName: 'String', displayName: 'Text', uiHint: 'single-line', isRequired: false, order: 0, isWrapped: true }],
  }),
  descriptor('Elsa.FlowDecision', ['True', 'False']),
  descriptor('Elsa.Delay', ['Done'], {
    inputs: [{ name: 'timeSpan', typeName: 'TimeSpan', displayName: 'Tid', uiHint: 'duration', isRequired: true, order: 0, isWrapped: true }],
  }),
];

export function activity(id: string, type: string, x?: number, y = 0, extra: Partial<ActivityJson> = {}): ActivityJson {
  return {
    id,
    type,
    version: 1,
    metadata: { displayText: id, ...(x === undefined ? {} : { designer: { position: { x, y } } }) },
    ...extra,
  };
}

export function connection(source: string, port: string, target: string): ConnectionJson {
  return { source: { activity: source, port }, target: { activity: target, port: 'In' } };
}

export function definition(activities: ActivityJson[], connections: ConnectionJson[], extra: Partial<DefinitionJson> = {}): DefinitionJson {
  return { definitionId: 'test', name: 'Test', version: 1, variables: [], root: { type: 'Elsa.Flowchart', activities, connections }, ...extra };
}

/** start → a → b → end in a row, 300 apart. */
export function chain(): DefinitionJson {
  return definition(
    [activity('start', 'Elsa.Start', 0), activity('a', 'Elsa.WriteLine', 300), activity('b', 'Elsa.WriteLine', 600), activity('end', 'Elsa.End', 900)],
    [connection('start', 'Done', 'a'), connection('a', 'Done', 'b'), connection('b', 'Done', 'end')],
  );
}
