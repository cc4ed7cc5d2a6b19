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

/**
 * A report an outside reader files (an observer organisation's community monitor reporting an
 * incident): the request's own transaction stays read-only, as for any of their requests, and
 * the use case writes the report alone in its own narrow scope (Scopes.communityReport).
 */
export const OutsideReport = (): MethodDecorator => SetMetadata(READS_ONLY, true);
