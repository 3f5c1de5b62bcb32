import { ArgsType, Field } from '@nestjs/graphql';
import { IsBase64, Matches, MaxLength } from 'class-validator';
import { HOUSEHOLD_IMPORT_MAX_BYTES } from '../household-import';

@ArgsType()
export class ImportHouseholdsArgs {
  @Field({ description: '导入到哪个村或镇（区划代码），须在你的范围内' })
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: 'regionCode 不是行政区划代码' })
  regionCode!: string;

  @Field({ description: '按导入模板填写的 .xlsx，base64 编码，解码后不超过 512 KB' })
  @MaxLength(Math.ceil(HOUSEHOLD_IMPORT_MAX_BYTES / 3) * 4 + 4, { message: 'file 超过 512 KB：请分村导入' })
  @IsBase64(undefined, { message: 'file 应为 .xlsx 文件的 base64 编码' })
  file!: string;
}
