export * from './database.module';
export * from './transactions';
export * from './snake-naming.strategy';
export * from './pglite-pool';
export * from './typeorm-options';
export * from './migrations';
export * from './seed-runs';
