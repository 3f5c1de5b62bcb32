import { InputError, NotFoundError } from '@shanchou/core';

export class RegionNotFoundError extends NotFoundError {
  constructor(code: string, field = 'code') {
    super('Region', code, field);
  }
}

export class RegionCodeInvalidError extends InputError {
  constructor(field: string, code: string) {
    super(field, `"${code}" is not a region code: 6 digits for a district, 9 for a town or street, 12 for a village`);
  }
}

export class RegionTreeInvalidError extends InputError {
  constructor(field: string, message: string) {
    super(field, message);
  }
}
