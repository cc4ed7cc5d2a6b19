import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles.js';

export const ROLES = 'ushirika:roles';

/** The roles allowed on a route; a route with neither @Roles nor @Public is refused. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

export const READS_ONLY = 'ushirika:reads-only';

/**
 * A POST that writes none of the cooperatives' data, only the caller's own request (a
 * report job a supervisor queues): read-only roles may call it.
 */
export const ReadsOnly = (): MethodDecorator => SetMetadata(READS_ONLY, true);
