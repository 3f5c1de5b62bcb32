export * from './campaign-kind';
export * from './campaign.entity';
export * from './campaign.service';
export * from './campaigns.module';
export * from './dto/campaign.object';
export * from './funds.service';
