import { forwardRef } from 'react';
import './ProblemsList.css';
import type { ValidationError } from '../../api/types';

interface ProblemsListProps {
  errors: ValidationError[];
  validated: boolean;
  label: (activityId: string) => string;
  inputLabel: (activityId: string, input: string) => string;
  onSelect: (error: ValidationError) => void;
}

/** The server's validation errors; choosing one selects its activity and input. */
export const ProblemsList = forwardRef<HTMLHeadingElement, ProblemsListProps>(function ProblemsList({ errors, validated, label, inputLabel, onSelect }, ref) {
  return (
    <section className={`problems${errors.length ? ' has-problems' : ''}`} aria-labelledby="problems-heading">
      <h2 id="problems-heading" ref={ref} tabIndex={-1}>
        Problem ({errors.length})
      </h2>
      {errors.length === 0 ? (
        <p className="muted small" role="status">
          {validated ? 'Inga problem: arbetsflödet kan publiceras.' : 'Kontrollerar…'}
        </p>
      ) : (
        <ul>
          {errors.map((e, i) => (
            <li key={`${e.path}-${i}`}>
              <button type="button" className="problem" onClick={() => onSelect(e)} data-activity={e.activityId ?? ''} data-input={e.input ?? ''}>
                <span aria-hidden="true">⚠ </span>
                {e.activityId && <strong>{label(e.activityId)}</strong>}
                {e.activityId && e.input && <span> · {inputLabel(e.activityId, e.input)}</span>}
                {e.activityId ? ': ' : ''}
                {e.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
