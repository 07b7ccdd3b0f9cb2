import {
  appStateFor,
  canChange,
  canRetry,
  canUninstall,
  changeAction,
  credentialsReadable,
  observeAppRun,
} from './app-state';

describe('app state machine', () => {
  it('maps each action’s run states to the app states of issue 11', () => {
    expect(appStateFor('install', 'PENDING')).toBe('INSTALLING');
    expect(appStateFor('install', 'SUCCEEDED')).toBe('RUNNING');
    expect(appStateFor('install', 'FAILED')).toBe('FAILED');
    expect(appStateFor('upgrade', 'RUNNING')).toBe('UPGRADING');
    expect(appStateFor('upgrade', 'SUCCEEDED')).toBe('RUNNING');
    expect(appStateFor('uninstall', 'RUNNING')).toBe('UNINSTALLING');
    expect(appStateFor('uninstall', 'SUCCEEDED')).toBe('UNINSTALLED');
    expect(appStateFor('uninstall', 'FAILED')).toBe('FAILED');
  });

  it('applies an observation once: repeated or late observations change nothing', () => {
    expect(observeAppRun({ action: 'install', state: 'PENDING' }, { kind: 'started' })).toEqual({
      run: 'RUNNING',
      app: 'INSTALLING',
    });
    expect(observeAppRun({ action: 'install', state: 'RUNNING' }, { kind: 'started' })).toBeNull();
    expect(
      observeAppRun({ action: 'install', state: 'SUCCEEDED' }, { kind: 'failed', reason: 'x' }),
    ).toBeNull();
  });

  it('fails an interrupted run (its Job vanished) with a reason', () => {
    expect(observeAppRun({ action: 'install', state: 'RUNNING' }, { kind: 'vanished' })).toEqual({
      run: 'FAILED',
      app: 'FAILED',
      reason: 'The run’s Job disappeared from the Kubernetes API before it ended.',
    });
  });

  it('allows changes, uninstalls and retries only from settled states', () => {
    expect(canChange('RUNNING')).toBe(true);
    expect(canChange('INSTALLING')).toBe(false);
    expect(canUninstall('FAILED')).toBe(true);
    expect(canUninstall('UNINSTALLED')).toBe(false);
    expect(canRetry('FAILED', { action: 'install', state: 'FAILED' })).toBe(true);
    expect(canRetry('RUNNING', { action: 'install', state: 'FAILED' })).toBe(false);
    expect(canRetry('FAILED', undefined)).toBe(false);
    expect(changeAction(false)).toBe('install');
    expect(changeAction(true)).toBe('upgrade');
  });

  it('gives admin credentials only once installed and until uninstalled', () => {
    expect(credentialsReadable('INSTALLING', false)).toBe(false);
    expect(credentialsReadable('RUNNING', true)).toBe(true);
    expect(credentialsReadable('FAILED', true)).toBe(true);
    expect(credentialsReadable('UNINSTALLED', true)).toBe(false);
  });
});
