import { useId } from 'react';
import { Field } from './Field';
import { SelectField } from './SelectField';
import type { SettingField, SettingValues } from './settings-form';

interface Props {
  fields: SettingField[];
  values: SettingValues;
  onChange: (name: string, value: string | boolean) => void;
  /** The server's messages, keyed `settings.<name>`. */
  errors: Record<string, string>;
}

/** The fields of a settings form generated from the app's JSON Schema, each with its error. */
export function SettingsFields({ fields, values, onChange, errors }: Props) {
  return (
    <>
      {fields.map((field) => {
        const error = errors[`settings.${field.name}`];
        const value = values[field.name];
        if (field.kind === 'checkbox')
          return (
            <CheckboxField
              key={field.name}
              label={field.label}
              hint={field.hint}
              error={error}
              checked={value === true}
              onChange={(checked) => onChange(field.name, checked)}
            />
          );
        if (field.kind === 'select')
          return (
            <SelectField
              key={field.name}
              label={field.label}
              hint={field.hint}
              error={error}
              value={String(value ?? '')}
              options={(field.options ?? []).map((o) => ({ value: o, label: o }))}
              onChange={(v) => onChange(field.name, v)}
            />
          );
        return (
          <Field
            key={field.name}
            label={field.label}
            hint={field.hint}
            error={error}
            type={field.kind === 'password' ? 'password' : 'text'}
            inputMode={field.kind === 'number' ? 'numeric' : undefined}
            autoComplete="off"
            value={String(value ?? '')}
            onChange={(v) => onChange(field.name, v)}
          />
        );
      })}
    </>
  );
}

function CheckboxField(props: {
  label: string;
  hint?: string;
  error?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className={props.error ? 'field field--invalid' : 'field'}>
      <label className="checkbox" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={props.checked}
          onChange={(event) => props.onChange(event.target.checked)}
        />{' '}
        {props.label}
      </label>
      {props.hint && <p className="hint">{props.hint}</p>}
      {props.error && <p className="field-error">{props.error}</p>}
    </div>
  );
}
