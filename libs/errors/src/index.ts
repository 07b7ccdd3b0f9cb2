export * from './problem';
export * from './domain.error';
export * from './internal-problem';
export * from './rpc-problem.filter';
