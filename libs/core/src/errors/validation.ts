import { ValidationError } from 'class-validator';
import { ErrorCode, DomainError } from './domain-error';

/** One rule an input broke: where (a dotted path), class-validator's message, and the rule's name. */
export interface ValidationProblem {
  field: string;
  message: string;
  /** class-validator's constraint name (`maxLength`, `isUuid`), when there is one. */
  constraint?: string;
}

/** Flattens class-validator's tree into `path: message` lines. */
export function validationMessages(errors: ValidationError[], parent = ''): ValidationProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([constraint, message]) => ({ field, message, constraint }));
    return [...own, ...validationMessages(e.children ?? [], field)];
  });
}

const HAN = /\p{Script=Han}/u;

/** The first number in class-validator's own text ("must be shorter than or equal to 64 characters"). */
const numberIn = (english: string) => /-?\d+(\.\d+)?/.exec(english)?.[0] ?? '';
/** What follows "the following values: " in class-validator's text for IsEnum and IsIn. */
const valuesIn = (english: string) => english.split('following values: ')[1]?.replace(/, ?/g, '、') ?? '';

/**
 * class-validator's default (English) message for each rule the inputs use without a message of
 * their own, in Chinese. Every decorator used bare must have its rule here (test/chinese-messages).
 */
export const CHINESE_VALIDATION_MESSAGES: Readonly<Record<string, (english: string) => string>> = {
  isString: () => '应填写文字',
  isInt: () => '应为整数',
  isBoolean: () => '只能是“是”或“否”（true 或 false）',
  isNotEmpty: () => '不能为空',
  isUuid: () => '不是有效的编号',
  isDate: () => '不是有效的日期时间',
  isIso8601: () => '不是有效的日期时间（应写作 ISO 8601，如 2026-12-03T08:00:00+08:00）',
  isArray: () => '应为列表',
  isEnum: (english) => `只能是以下之一：${valuesIn(english)}`,
  isIn: (english) => `只能是以下之一：${valuesIn(english)}`,
  isUrl: () => '不是有效的网址',
  isBase64: () => '不是有效的 base64 编码',
  matches: () => '格式不正确',
  maxLength: (english) => `最多 ${numberIn(english)} 个字`,
  minLength: (english) => `至少 ${numberIn(english)} 个字`,
  min: (english) => `不能小于 ${numberIn(english)}`,
  max: (english) => `不能大于 ${numberIn(english)}`,
  arrayMaxSize: (english) => `最多 ${numberIn(english)} 项`,
  arrayMinSize: (english) => `至少 ${numberIn(english)} 项`,
  nestedValidation: () => '应为一组字段（对象）或它们的列表',
  whitelistValidation: () => '不是这里可以填写的字段',
};

/** The message a person reads: the input's own (written in Chinese), or class-validator's default in Chinese. */
function inChinese({ field, message, constraint }: ValidationProblem): ValidationProblem {
  if (HAN.test(message)) return { field, message, constraint };
  const chinese = constraint ? CHINESE_VALIDATION_MESSAGES[constraint] : undefined;
  // "each value in tags must be …": the rule is about one item of the list.
  const each = message.startsWith('each value in ') ? '其中有一项' : '';
  return { field, message: `${each}${chinese ? chinese(message) : `不符合要求（${message}）`}`, constraint };
}

/** What the global ValidationPipe throws: BAD_USER_INPUT naming every field at fault. */
export class InputValidationError extends DomainError {
  constructor(readonly problems: ValidationProblem[]) {
    super(ErrorCode.BAD_USER_INPUT, problems.map(describeProblem).join('；'), problems[0]?.field);
  }
}

export function validationExceptionFactory(errors: ValidationError[]): InputValidationError {
  return new InputValidationError(validationMessages(errors).map(inChinese));
}

/**
 * `input.amountFen: 应为整数`: the whole path, then what is wrong. A message that starts with its
 * own property ("amountFen: …", "regionCode 最多 32 个字", "campaignId须为…") has it replaced by
 * the path, so the consoles, which strip `field: `, show only the words.
 */
function describeProblem({ field, message }: ValidationProblem): string {
  const property = field.slice(field.lastIndexOf('.') + 1);
  const own = new RegExp(`^${property.replace(/[$]/g, '\\$&')}(: ?|：| |(?=\\p{Script=Han}))`, 'u').exec(message);
  return `${field}: ${own ? message.slice(own[0].length) : message}`;
}
