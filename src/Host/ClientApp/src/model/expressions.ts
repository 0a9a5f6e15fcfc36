import type { VariableJson } from '../api/types';

// What a JavaScript expression can use in the engine (src/Workflows/Expressions/JavaScriptEvaluator.cs),
// with Elsa's names: the workflow's variables, get<Name>() and set<Name>(value) for each of them, and
// the engine's functions. Completion offers these; the check marks a variable the workflow does not have.

export interface ScriptName {
  /** What is inserted. */
  name: string;
  /** How it is written, shown in the list. */
  signature: string;
  /** What it does, in Swedish. */
  detail: string;
  kind: 'function' | 'variable';
}

export const scriptGlobals: ScriptName[] = [
  { name: 'getVariable', signature: "getVariable('namn')", detail: 'Läser en variabel i arbetsflödet', kind: 'function' },
  { name: 'setVariable', signature: "setVariable('namn', värde)", detail: 'Sätter en variabel i arbetsflödet', kind: 'function' },
  { name: 'variables', signature: 'variables.namn', detail: 'Arbetsflödets variabler som objekt', kind: 'variable' },
  { name: 'input', signature: 'input', detail: 'Indata till arbetsflödet', kind: 'variable' },
  { name: 'getInput', signature: "getInput('namn')", detail: 'Läser ett fält i arbetsflödets indata', kind: 'function' },
  { name: 'correlationId', signature: 'correlationId', detail: 'Ärendets korrelations-id', kind: 'variable' },
  { name: 'getCorrelationId', signature: 'getCorrelationId()', detail: 'Läser ärendets korrelations-id', kind: 'function' },
  { name: 'setCorrelationId', signature: "setCorrelationId('id')", detail: 'Sätter ärendets korrelations-id', kind: 'function' },
  { name: 'workflowInstanceId', signature: 'workflowInstanceId', detail: 'Instansens id', kind: 'variable' },
  { name: 'getWorkflowInstanceId', signature: 'getWorkflowInstanceId()', detail: 'Läser instansens id', kind: 'function' },
  { name: 'isNullOrEmpty', signature: 'isNullOrEmpty(text)', detail: 'Sant om texten saknas eller är tom', kind: 'function' },
  { name: 'isNullOrWhiteSpace', signature: 'isNullOrWhiteSpace(text)', detail: 'Sant om texten saknas eller bara har blanksteg', kind: 'function' },
  { name: 'newGuid', signature: 'newGuid()', detail: 'Ett nytt slumpat id (GUID)', kind: 'function' },
  { name: 'newGuidString', signature: 'newGuidString()', detail: 'Ett nytt slumpat id som text', kind: 'function' },
  { name: 'newShortGuid', signature: 'newShortGuid()', detail: 'Ett nytt kort slumpat id som text', kind: 'function' },
  { name: 'parseGuid', signature: "parseGuid('…')", detail: 'Läser ett id (GUID) från text', kind: 'function' },
  { name: 'toJson', signature: 'toJson(värde)', detail: 'Gör om ett värde till JSON-text', kind: 'function' },
];

const globalNames = new Set(scriptGlobals.map((g) => g.name));

/** get<Name>() and set<Name>(value) for each variable, as Elsa names them. */
export function variableAccessors(variables: Pick<VariableJson, 'name' | 'typeName'>[]): ScriptName[] {
  return variables
    .filter((v) => /^[A-Za-z_$][\w$]*$/.test(v.name))
    .flatMap((v) => [
      { name: `get${v.name}`, signature: `get${v.name}()`, detail: `Läser variabeln ${v.name} (${v.typeName})`, kind: 'function' as const },
      { name: `set${v.name}`, signature: `set${v.name}(värde)`, detail: `Sätter variabeln ${v.name} (${v.typeName})`, kind: 'function' as const },
    ]);
}

export interface ScriptProblem {
  from: number;
  to: number;
  message: string;
}

/** Comments and the insides of template strings are not read as code; their length is kept so positions stay right. */
function blankComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => ' '.repeat(m.length));
}

function suggestion(name: string, names: string[]): string {
  const same = names.find((n) => n.toLowerCase() === name.toLowerCase());
  return same ? ` Menade du ${same}?` : names.length ? ` Variabler: ${names.join(', ')}.` : ' Arbetsflödet har inga variabler.';
}

/** Names of variables the script uses that the workflow does not have, with where they stand in the text. */
export function scriptProblems(code: string, variables: Pick<VariableJson, 'name'>[]): ScriptProblem[] {
  const names = variables.map((v) => v.name);
  const known = new Set(names);
  const text = blankComments(code);
  const problems: ScriptProblem[] = [];
  const missing = (name: string) => !known.has(name);

  // getVariable('X'), setVariable("X", …)
  for (const m of text.matchAll(/\b(get|set)Variable\s*\(\s*(['"])([^'"\n]*)\2/g)) {
    const name = m[3];
    if (!missing(name)) continue;
    const from = m.index! + m[0].length - name.length - 1;
    problems.push({ from, to: from + name.length, message: `Variabeln ${name} finns inte i arbetsflödet.${suggestion(name, names)}` });
  }
  // variables.X
  for (const m of text.matchAll(/\bvariables\s*\.\s*([A-Za-z_$][\w$]*)/g)) {
    const name = m[1];
    if (!missing(name)) continue;
    const from = m.index! + m[0].length - name.length;
    problems.push({ from, to: from + name.length, message: `Variabeln ${name} finns inte i arbetsflödet.${suggestion(name, names)}` });
  }
  // getX() / setX(…): Elsa's accessors for variable X.
  for (const m of text.matchAll(/(?<![\w$.])(get|set)([A-Z_$][\w$]*)\s*\(/g)) {
    const fn = m[1] + m[2];
    if (globalNames.has(fn)) continue;
    const name = m[2];
    const lower = name.charAt(0).toLowerCase() + name.slice(1);
    if (known.has(name) || known.has(lower)) continue;
    problems.push({
      from: m.index!,
      to: m.index! + fn.length,
      message: `${fn}() finns inte: arbetsflödet har ingen variabel ${name}.${suggestion(name, names)}`,
    });
  }
  return problems.sort((a, b) => a.from - b.from);
}
