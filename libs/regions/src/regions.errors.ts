import { InputError, NotFoundError } from '@shanchou/core';

export class RegionNotFoundError extends NotFoundError {
  constructor(code: string, field = 'code') {
    super('Region', code, field);
  }
}

export class RegionCodeInvalidError extends InputError {
  constructor(field: string, code: string) {
    super(field, `“${code}” 不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字`);
  }
}

export class RegionTreeInvalidError extends InputError {
  constructor(field: string, message: string) {
    super(field, message);
  }
}
