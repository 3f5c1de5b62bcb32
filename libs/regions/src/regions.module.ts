import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionEntity } from './region.entity';
import { RegionRepository } from './region.repository';
import { RegionResolver, ServiceNodeResolver } from './region.resolver';
import { RegionService } from './region.service';
import { ServiceNodeEntity } from './service-node.entity';

@Module({
  imports: [TypeOrmModule.forFeature([RegionEntity, ServiceNodeEntity])],
  providers: [RegionRepository, RegionService, RegionResolver, ServiceNodeResolver],
  exports: [RegionService],
})
export class RegionsModule {}
