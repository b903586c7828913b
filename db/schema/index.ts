export * from './org';
export * from './accounts';
export * from './identity';
export * from './audit';
export * from './scheme';
export * from './reports';
export * from './settings';
