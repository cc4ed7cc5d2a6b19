import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles.js';

export const ROLES = 'ushirika:roles';

/** The roles allowed on a route; a route with neither @Roles nor @Public is refused. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);
