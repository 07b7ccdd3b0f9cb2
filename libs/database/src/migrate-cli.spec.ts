import path from 'node:path';
import { schemaForServiceDir } from './migrate-cli';

describe('schemaForServiceDir', () => {
  it('names the schema after the service directory', () => {
    expect(schemaForServiceDir('services/auth')).toBe('auth');
    expect(schemaForServiceDir('/srv/strata/services/notify/')).toBe('notify');
    expect(schemaForServiceDir('.')).toBe(path.basename(process.cwd()));
  });
});
