import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { autocompletion, snippetCompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { forceLinting, linter, type Diagnostic } from '@codemirror/lint';
import { useEffect, useMemo, useRef } from 'react';
import type { VariableJson } from '../../api/types';
import { scriptGlobals, scriptProblems, variableAccessors, type ScriptName } from '../../model/expressions';

export interface CodeEditorProps {
  id: string;
  value: string;
  label: string;
  describedBy?: string;
  invalid?: boolean;
  variables?: VariableJson[];
  onChange: (value: string) => void;
}

/** `getVariable('namn')` → a snippet with a field for each argument. */
function template(name: ScriptName): string {
  return name.signature.replace(/\(([^)]*)\)/, (_, args: string) => {
    const fields = args
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
      .map((a) => (a.startsWith("'") ? `'\${${a.slice(1, -1)}}'` : `\${${a}}`));
    return `(${fields.join(', ')})`;
  });
}

function completions(variables: VariableJson[]) {
  const names: Completion[] = variables.map((v) => ({ label: v.name, type: 'variable', detail: v.typeName, info: `Variabel i arbetsflödet (${v.typeName})` }));
  const globals: Completion[] = [...scriptGlobals, ...variableAccessors(variables)].map((g) =>
    g.kind === 'function'
      ? snippetCompletion(template(g), { label: g.name, type: 'function', detail: g.signature, info: g.detail })
      : { label: g.name, type: 'variable', detail: g.signature, info: g.detail },
  );
  return (context: CompletionContext): CompletionResult | null => {
    // A variable's name inside getVariable('…') / setVariable('…'), or after variables.
    const quoted = context.matchBefore(/\b[gs]etVariable\(\s*['"][\w$]*/);
    if (quoted) {
      const typed = /[\w$]*$/.exec(quoted.text)![0];
      return { from: quoted.to - typed.length, options: names, validFor: /^[\w$]*$/ };
    }
    const member = context.matchBefore(/\bvariables\.[\w$]*/);
    if (member) {
      const typed = /[\w$]*$/.exec(member.text)![0];
      return { from: member.to - typed.length, options: names, validFor: /^[\w$]*$/ };
    }
    const word = context.matchBefore(/[\w$]+/);
    if (!word && !context.explicit) return null;
    return { from: word?.from ?? context.pos, options: globals, validFor: /^[\w$]*$/ };
  };
}

/**
 * A JavaScript expression with syntax colouring, completion of the workflow's variables and the engine's
 * functions (Ctrl+Space, or as you type), and a mark on a variable the workflow does not have. The same
 * problems are listed under the editor as text. Tab moves focus on (no keyboard trap).
 */
export default function CodeEditor({ id, value, label, describedBy, invalid, variables = [], onChange }: CodeEditorProps) {
  const problems = useMemo(() => scriptProblems(value, variables), [value, variables]);
  const problemsId = `${id}-script-problems`;
  const describedByAll = [describedBy, problems.length ? problemsId : ''].filter(Boolean).join(' ') || undefined;
  // Completion and linting read the variables through a ref: their extensions stay the same objects for the editor's
  // life. New ones (each time the field's validity or the variables change) would make CodeMirror drop the open
  // completion list and build it again, and Enter pressed just then would break the line instead of choosing.
  const current = useRef({ variables, complete: completions(variables) });
  const view = useRef<EditorView | null>(null);
  useEffect(() => {
    if (current.current.variables === variables) return;
    current.current = { variables, complete: completions(variables) };
    if (view.current) forceLinting(view.current);
  }, [variables]);
  const behaviour = useMemo(
    () => [
      javascript(),
      EditorView.lineWrapping,
      autocompletion({ override: [(context: CompletionContext) => current.current.complete(context)], icons: false }),
      linter((v): Diagnostic[] => scriptProblems(v.state.doc.toString(), current.current.variables).map((p) => ({ ...p, severity: 'error' })), { delay: 250 }),
    ],
    [],
  );
  const extensions = useMemo(
    () => [
      ...behaviour,
      EditorView.contentAttributes.of({
        id,
        'aria-label': label,
        ...(describedByAll ? { 'aria-describedby': describedByAll } : {}),
        ...(invalid || problems.length ? { 'aria-invalid': 'true' } : {}),
      }),
    ],
    [behaviour, id, label, describedByAll, invalid, problems.length],
  );
  return (
    <div className={`code-editor${invalid || problems.length ? ' is-invalid' : ''}`} data-testid={`code-${id}`}>
      <CodeMirror
        value={value}
        onChange={onChange}
        onCreateEditor={(v) => {
          view.current = v;
        }}
        extensions={extensions}
        indentWithTab={false}
        basicSetup={{ lineNumbers: false, foldGutter: false, highlightActiveLine: false, highlightActiveLineGutter: false, autocompletion: false }}
        minHeight="3.2em"
        maxHeight="14em"
      />
      {problems.length > 0 && (
        <ul className="field-errors script-problems" id={problemsId}>
          {problems.map((p) => (
            <li key={`${p.from}-${p.message}`}>
              <span aria-hidden="true">⚠ </span>
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
