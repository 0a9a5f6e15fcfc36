import { describe, expect, it } from 'vitest';
import { scriptGlobals, scriptProblems, variableAccessors } from './expressions';

const variables = [
  { name: 'OrderNumber', typeName: 'String' },
  { name: 'approved', typeName: 'Boolean' },
];

describe('script check', () => {
  it('marks getVariable of a variable the workflow does not have, exactly where its name stands', () => {
    const code = "return getVariable('CaseNumber') + 1;";
    const [problem, ...rest] = scriptProblems(code, variables);
    expect(rest).toEqual([]);
    expect(code.slice(problem.from, problem.to)).toBe('CaseNumber');
    expect(problem.message).toContain('Variabeln CaseNumber finns inte i arbetsflödet');
  });

  it('accepts the variables the workflow has, in every form Elsa offers', () => {
    const code = "getVariable('OrderNumber'); setVariable(\"approved\", true); variables.OrderNumber; getOrderNumber(); setApproved(false); getCorrelationId(); getWorkflowInstanceId()";
    expect(scriptProblems(code, variables)).toEqual([]);
  });

  it('marks variables.X and get<X>() for unknown names, suggesting a name that differs only in case', () => {
    const problems = scriptProblems('variables.ordernumber + getCaseNumber()', variables);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('Menade du OrderNumber?'),
      expect.stringContaining('getCaseNumber() finns inte'),
    ]);
  });

  it('does not read comments or method calls on other objects', () => {
    expect(scriptProblems("// getVariable('Old')\nconst d = input.getDate(); /* getFoo() */ return d;", variables)).toEqual([]);
  });

  it("offers Elsa's accessors for each variable and the engine's functions", () => {
    expect(variableAccessors(variables).map((a) => a.signature)).toEqual(['getOrderNumber()', 'setOrderNumber(värde)', 'getapproved()', 'setapproved(värde)']);
    const names = scriptGlobals.map((g) => g.name);
    for (const engine of ['getVariable', 'setVariable', 'variables', 'input', 'correlationId', 'workflowInstanceId']) expect(names).toContain(engine);
  });
});
