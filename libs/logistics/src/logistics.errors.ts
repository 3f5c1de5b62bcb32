import { NotFoundError } from '@shanchou/core';

/** Unknown and out-of-scope records answer alike, so a code reveals nothing beyond its scope. */
export class ItemNotFoundError extends NotFoundError {
  constructor(code: string, field = 'code') {
    super('Item', code, field);
  }
}

export class ParcelNotFoundError extends NotFoundError {
  constructor(code: string, field = 'parcelCode') {
    super('Parcel', code, field);
  }
}

export class HouseholdNotFoundError extends NotFoundError {
  constructor(id: string, field = 'householdId') {
    super('Household', id, field);
  }
}

export class CentreNotFoundError extends NotFoundError {
  constructor(id: string, field = 'nodeId') {
    super('Service node', id, field);
  }
}

export class NeedNotFoundError extends NotFoundError {
  constructor(id: string, field = 'needId') {
    super('Need', id, field);
  }
}

export class OfferNotFoundError extends NotFoundError {
  constructor(code: string, field = 'code') {
    super('Offer', code, field);
  }
}
