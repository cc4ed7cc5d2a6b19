import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { GateSnapshotKeyView } from './dto/gate-snapshot.view.js';
import { GateSnapshotService } from './gate-snapshot.service.js';

/** The public half of the key that signs offline gate snapshots: public, as a public key is. */
@ApiTags('sites')
@Controller('gate-snapshot-key')
export class GateSnapshotKeyController {
  constructor(private readonly snapshots: GateSnapshotService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The Ed25519 public key that verifies offline gate snapshots (JWK and PEM).' })
  @ApiOkResponse({ type: GateSnapshotKeyView })
  key(): GateSnapshotKeyView {
    return this.snapshots.publicKey;
  }
}
