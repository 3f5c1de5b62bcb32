export * from './donation-status';
export * from './donation.entity';
export * from './donation.service';
export * from './donations.module';
export * from './checkout-throttle';
