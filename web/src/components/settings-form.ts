/**
 * A JSON Schema property of an app's settings, as far as the form reads it (the document gives a
 * catalog entry's `settingsSchema` as an open JSON Schema object).
 */
interface SettingSchema {
  type?: string;
  title?: string;
  description?: string;
  default?: string | number | boolean;
  enum?: string[];
  writeOnly?: boolean;
}

/** One field of a form generated from an app's settings JSON Schema. */
export interface SettingField {
  name: string;
  label: string;
  hint?: string;
  kind: 'text' | 'password' | 'number' | 'select' | 'checkbox';
  options?: string[];
  /** The documented default, shown as the initial value (or a placeholder when there is none). */
  defaultValue?: string | number | boolean;
}

/** Form values: strings for inputs and selects, booleans for checkboxes. */
export type SettingValues = Record<string, string | boolean>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asString = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The part of one property's JSON Schema the form uses; what is not of that shape is left out. */
function readSetting(raw: Record<string, unknown>): SettingSchema {
  const plain = ['string', 'number', 'boolean'].includes(typeof raw.default);
  return {
    type: asString(raw.type),
    title: asString(raw.title),
    description: asString(raw.description),
    ...(plain ? { default: raw.default as string | number | boolean } : {}),
    ...(Array.isArray(raw.enum) ? { enum: raw.enum.filter((e) => typeof e === 'string') } : {}),
    writeOnly: raw.writeOnly === true,
  };
}

export function settingFields(schema: Record<string, unknown>): SettingField[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const props = Object.entries(properties).flatMap(([name, raw]) =>
    isObject(raw) ? [[name, readSetting(raw)] as const] : [],
  );
  return props.map(([name, prop]) => ({
    name,
    label: prop.title ?? name,
    ...(prop.description ? { hint: prop.description } : {}),
    kind: kindOf(prop),
    ...(prop.enum ? { options: prop.enum } : {}),
    ...(prop.default !== undefined ? { defaultValue: prop.default } : {}),
  }));
}

function kindOf(prop: SettingSchema): SettingField['kind'] {
  if (prop.enum) return 'select';
  if (prop.type === 'boolean') return 'checkbox';
  if (prop.type === 'integer' || prop.type === 'number') return 'number';
  return prop.writeOnly ? 'password' : 'text';
}

/**
 * The form's first values: the app's current settings (an upgrade) or the documented defaults.
 * Write-only settings start empty (left empty, the server keeps what it has).
 */
export function initialValues(
  fields: SettingField[],
  current?: Record<string, unknown>,
): SettingValues {
  const values: SettingValues = {};
  for (const field of fields) {
    const value =
      field.kind === 'password' ? undefined : (current?.[field.name] ?? field.defaultValue);
    values[field.name] =
      field.kind === 'checkbox' ? value === true : value === undefined ? '' : String(value);
  }
  return values;
}

/**
 * The settings to send: only what differs from the starting point (so defaults stay the server's
 * and an empty write-only field keeps its stored value); numbers as numbers. An invalid number is
 * sent as typed, for the server's message beside the field.
 */
export function toSettings(
  fields: SettingField[],
  values: SettingValues,
  start: SettingValues,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value === start[field.name]) continue;
    if (field.kind === 'checkbox') settings[field.name] = value === true;
    else if (value === '') continue;
    else if (field.kind === 'number') {
      const number = Number(value);
      settings[field.name] = Number.isFinite(number) ? number : value;
    } else settings[field.name] = value;
  }
  return settings;
}
