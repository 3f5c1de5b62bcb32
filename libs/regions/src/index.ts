export * from './region-level';
export * from './region.entity';
export * from './service-node.entity';
export * from './region.service';
export * from './regions.errors';
export * from './regions.module';
export * from './dto/region.object';
export * from './dto/service-node.object';
