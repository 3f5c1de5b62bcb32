export * from './yicheng-regions';
export * from './demo-seed';
