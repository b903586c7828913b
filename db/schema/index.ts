export * from './org';
export * from './accounts';
export * from './audit';
export * from './scheme';
export * from './reports';
export * from './settings';
export * from './annual-reports';
