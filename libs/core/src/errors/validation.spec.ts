import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEnum,
  IsInt,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { ErrorCode } from './domain-error';
import { validationExceptionFactory } from './validation';

enum Colour {
  RED = 'RED',
  BLUE = 'BLUE',
}

class Line {
  @MaxLength(8) name!: string;
}

class Input {
  @MaxLength(5) title!: string;
  @IsInt() @Max(200) first!: number;
  @IsEnum(Colour) colour!: string;
  @IsUUID('all', { each: true }) @ArrayMaxSize(2) ids!: string[];
  @IsUUID('all', { message: '不是有效的项目编号' }) campaignId!: string;
  @Matches(/^\d{6}$/, { message: 'regionCode 不是行政区划代码' }) regionCode!: string;
  @IsUUID('all', { message: 'organizationId须为有效的编号' }) organizationId!: string;
  @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
}

function refusal(values: Partial<Record<keyof Input, unknown>>) {
  const input = Object.assign(new Input(), {
    title: 'ok',
    first: 1,
    colour: 'RED',
    ids: [],
    campaignId: '6f1c8a6e-1c2b-4d4e-9f00-000000000001',
    regionCode: '370404',
    organizationId: '6f1c8a6e-1c2b-4d4e-9f00-000000000002',
    lines: [],
    ...values,
  });
  input.lines = (input.lines as Partial<Line>[]).map((l) => Object.assign(new Line(), l));
  return validationExceptionFactory(validateSync(input));
}

describe('the ValidationPipe’s refusal', () => {
  it('says class-validator’s own rules in Chinese, with the numbers and choices it names', () => {
    expect(refusal({ title: '一二三四五六', first: 201, colour: 'GREEN' }).message).toBe(
      'title: 最多 5 个字；first: 不能大于 200；colour: 只能是以下之一：RED、BLUE',
    );
    expect(refusal({ first: 1.5 }).message).toBe('first: 应为整数');
  });

  it('says which item of a list is wrong, and the path of a nested field', () => {
    const err = refusal({ ids: ['x', 'y', 'z'], lines: [{ name: 'ok' }, { name: '一二三四五六七八九' }] });
    expect(err.message).toBe('ids: 最多 2 项；ids: 其中有一项不是有效的编号；lines.1.name: 最多 8 个字');
    expect(err).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'ids' });
  });

  it('keeps an input’s own Chinese message, written once after the path', () => {
    expect(refusal({ campaignId: 'x' }).message).toBe('campaignId: 不是有效的项目编号');
    expect(refusal({ regionCode: '37' }).message).toBe('regionCode: 不是行政区划代码');
    expect(refusal({ organizationId: 'x' }).message).toBe('organizationId: 须为有效的编号');
  });
});
