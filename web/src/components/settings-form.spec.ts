import { settingFields } from './settings-form';

describe('settingFields (an app settings JSON Schema, as the document gives it: an open object)', () => {
  it('reads each property the form uses', () => {
    const fields = settingFields({
      type: 'object',
      properties: {
        replicas: { type: 'integer', title: 'Replicas', default: 2, minimum: 1 },
        tier: { type: 'string', enum: ['small', 'large'], default: 'small' },
        adminPassword: { type: 'string', writeOnly: true, description: 'Left empty, kept.' },
        tls: { type: 'boolean', default: true },
      },
    });
    expect(fields).toEqual([
      { name: 'replicas', label: 'Replicas', kind: 'number', defaultValue: 2 },
      {
        name: 'tier',
        label: 'tier',
        kind: 'select',
        options: ['small', 'large'],
        defaultValue: 'small',
      },
      {
        name: 'adminPassword',
        label: 'adminPassword',
        hint: 'Left empty, kept.',
        kind: 'password',
      },
      { name: 'tls', label: 'tls', kind: 'checkbox', defaultValue: true },
    ]);
  });

  it('leaves out what is not of the shape it reads, instead of trusting it', () => {
    const fields = settingFields({
      properties: {
        broken: 'not a schema',
        odd: { title: 7, default: { nested: true }, enum: ['a', 3], writeOnly: 'yes' },
      },
    });
    expect(fields).toEqual([{ name: 'odd', label: 'odd', kind: 'select', options: ['a'] }]);
    expect(settingFields({ properties: [] })).toEqual([]);
    expect(settingFields({})).toEqual([]);
  });
});
