import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import type { GateSnapshotKey } from './gate-snapshot.js';
import { GATE_SNAPSHOT_KEY_SCHEMA } from './gate-snapshot.openapi.js';
import { GateSnapshotService } from './gate-snapshot.service.js';

/** The public half of the key that signs offline gate snapshots: public, as a public key is. */
@ApiTags('sites')
@Controller('gate-snapshot-key')
export class GateSnapshotKeyController {
  constructor(private readonly snapshots: GateSnapshotService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The Ed25519 public key that verifies offline gate snapshots (JWK and PEM).' })
  @ApiOkResponse({ schema: GATE_SNAPSHOT_KEY_SCHEMA })
  key(): GateSnapshotKey {
    return this.snapshots.publicKey;
  }
}
