// A labelled form field with its error beside it (aria-invalid, aria-describedby).
import { useId, type ReactNode } from 'react';

export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': describedBy })}
      {hint && !error && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={errId} className="error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** A text input in a Field, its value held by the caller. */
export function TextField({
  label,
  error,
  value,
  onChange,
  placeholder,
  numeric = false,
}: {
  label: string;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** A number typed on a phone's numeric keypad. */
  numeric?: boolean;
}) {
  return (
    <Field label={label} error={error}>
      {(p) => (
        <input
          {...p}
          value={value}
          placeholder={placeholder}
          inputMode={numeric ? 'numeric' : undefined}
          onChange={(e) => onChange(e.target.value)}
          spellCheck={false}
        />
      )}
    </Field>
  );
}

/** A select in a Field; each option is a value, or a value and the words shown for it. */
export function SelectField({
  label,
  error,
  value,
  onChange,
  options,
}: {
  label: string;
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
  options: readonly (string | readonly [string, string])[];
}) {
  return (
    <Field label={label} error={error}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          {options.map((o) => {
            const [v, words] = typeof o === 'string' ? [o, o] : o;
            return (
              <option key={v} value={v}>
                {words}
              </option>
            );
          })}
        </select>
      )}
    </Field>
  );
}
