import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Auth, type TenantAuthContext } from '../auth/auth-context.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiDocumentResponse, sendDocument } from '../common/pdf/reply.js';
import { CooperativeExportService } from './cooperative-export.service.js';
import { ExportCooperativeDto } from './dto/cooperative-export.dto.js';

@ApiTags('cooperatives')
@Controller('cooperatives/:cooperativeId/export')
export class CooperativeExportController {
  constructor(private readonly exports: CooperativeExportService) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Download every row of this cooperative, and nothing of any other, in one encrypted file.',
    description: 'The file `npm run cli -- cooperative:import --in FILE` loads into another deployment (same schema version), sealed with the passphrase given (asked again at import).',
  })
  @ApiDocumentResponse('application/octet-stream', 'The sealed export file.')
  async export(
    @Auth() auth: TenantAuthContext,
    @Param('cooperativeId', ParseUUIDPipe) _cooperativeId: string,
    @Body() dto: ExportCooperativeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    const { file, filename } = await this.exports.export(auth, dto.passphrase);
    return sendDocument(reply, filename, file, 'application/octet-stream');
  }
}
