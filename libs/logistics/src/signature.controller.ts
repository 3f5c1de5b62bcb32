import { Controller, Get, Param, Res } from '@nestjs/common';
import { InputError } from '@shanchou/core';
import { Allow, ANY_STAFF, CurrentStaff, RegionScope, StaffPrincipal } from '@shanchou/identity';
import type { FastifyReply } from 'fastify';
import { RecordsService } from './records.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /deliveries/<id>/signature.png — the receiver's signature, for its village's and town's staff. */
@Allow({ staff: ANY_STAFF })
@Controller('deliveries')
export class SignatureController {
  constructor(private readonly records: RecordsService) {}

  @Get(':id/signature.png')
  async signature(
    @Param('id') id: string,
    @CurrentStaff() me: StaffPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!UUID.test(id)) throw new InputError('id', '不是有效的发放记录编号');
    const png = await this.records.signature(RegionScope.of(me), id);
    void reply.header('content-type', 'image/png').header('cache-control', 'no-store').send(png);
  }
}
