export * from './roles';
export * from './permissions';
export * from './principal';
export * from './authorize';
export * from './rpc-auth.guard';
export * from './authorized.decorator';
export * from './authz.module';
export * from './org-usage-caller.guard';
