export * from './bootstrap-service';
export * from './platform-modules';
