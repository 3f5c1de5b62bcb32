export * from './fund-request-status';
export * from './fund-request.entities';
export * from './fund-request.errors';
export * from './fund-request.service';
export * from './fund-request.repository';
export * from './dto/fund-request.objects';
export * from './funds.module';
