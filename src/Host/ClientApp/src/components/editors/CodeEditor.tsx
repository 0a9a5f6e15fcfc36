import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { useMemo } from 'react';

export interface CodeEditorProps {
  id: string;
  value: string;
  label: string;
  describedBy?: string;
  invalid?: boolean;
  onChange: (value: string) => void;
}

/** A JavaScript expression with syntax colouring. Tab moves focus on (no keyboard trap); Ctrl+] indents. */
export default function CodeEditor({ id, value, label, describedBy, invalid, onChange }: CodeEditorProps) {
  const extensions = useMemo(
    () => [
      javascript(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        id,
        'aria-label': label,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(invalid ? { 'aria-invalid': 'true' } : {}),
      }),
    ],
    [id, label, describedBy, invalid],
  );
  return (
    <div className={`code-editor${invalid ? ' is-invalid' : ''}`} data-testid={`code-${id}`}>
      <CodeMirror
        value={value}
        onChange={onChange}
        extensions={extensions}
        indentWithTab={false}
        basicSetup={{ lineNumbers: false, foldGutter: false, highlightActiveLine: false, highlightActiveLineGutter: false, autocompletion: false }}
        minHeight="3.2em"
        maxHeight="14em"
      />
    </div>
  );
}
