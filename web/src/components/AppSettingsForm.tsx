import { useMemo, useState, type FormEvent } from 'react';
import type { AppChange, CatalogEntry } from '../api/apps';
import { toApiError, type ApiError } from '../api/problem';
import { ProblemMessage } from './ProblemMessage';
import { SelectField } from './SelectField';
import { SettingsFields } from './SettingsFields';
import { initialValues, settingFields, toSettings, type SettingValues } from './settings-form';
import { SubmitButton } from './SubmitButton';

interface Props {
  entry: CatalogEntry;
  /** The app's current settings and chart version (an upgrade); none for an install. */
  current?: { settings: Record<string, unknown>; chartVersion: string };
  submitLabel: string;
  onSubmit: (change: AppChange) => Promise<void>;
  onCancel: () => void;
}

/**
 * An install or upgrade form generated from the app's settings JSON Schema: the documented
 * defaults (or the current settings) filled in, the 422's messages beside their fields.
 */
export function AppSettingsForm({ entry, current, submitLabel, onSubmit, onCancel }: Props) {
  const fields = useMemo(() => settingFields(entry.settingsSchema), [entry]);
  const start = useMemo(() => initialValues(fields, current?.settings), [fields, current]);
  const [values, setValues] = useState<SettingValues>(start);
  const [chartVersion, setChartVersion] = useState(current?.chartVersion ?? entry.chartVersion);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const fieldErrors = error?.fieldErrors() ?? {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const settings = toSettings(fields, values, start);
      await onSubmit({
        ...(Object.keys(settings).length ? { settings } : {}),
        ...(current || chartVersion !== entry.chartVersion ? { chartVersion } : {}),
      });
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  };

  const versions = [...new Set([entry.chartVersion, current?.chartVersion].filter(Boolean))];
  return (
    <form
      className="form app-form"
      aria-label={`${submitLabel} ${entry.name}`}
      onSubmit={submit}
      noValidate
    >
      <SelectField
        label="Chart version"
        value={chartVersion}
        options={versions.map((v) => ({
          value: v!,
          label: v === entry.chartVersion ? `${v} (app ${entry.appVersion})` : v!,
        }))}
        onChange={setChartVersion}
        error={fieldErrors.chartVersion}
      />
      <SettingsFields
        fields={fields}
        values={values}
        errors={fieldErrors}
        onChange={(name, value) => setValues((v) => ({ ...v, [name]: value }))}
      />
      <ProblemMessage error={error} />
      <div className="actions">
        <SubmitButton busy={busy} label={submitLabel} />
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
