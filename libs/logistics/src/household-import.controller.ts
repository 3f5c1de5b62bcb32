import { Controller, Get, Res } from '@nestjs/common';
import { Allow, Role } from '@shanchou/identity';
import type { FastifyReply } from 'fastify';
import { householdTemplate } from './household-import';

/** GET /imports/households-template.xlsx — the empty sheet that importHouseholds reads. */
@Allow({ staff: [Role.VILLAGE_OPERATOR, Role.TOWN_OPERATOR, Role.DISTRICT_ADMIN, Role.AUDITOR] })
@Controller('imports')
export class HouseholdImportController {
  @Get('households-template.xlsx')
  async template(@Res() reply: FastifyReply): Promise<void> {
    await reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="households-template.xlsx"')
      .header('cache-control', 'no-store')
      .send(await householdTemplate());
  }
}
