import { SetMetadata } from '@nestjs/common';
import { IS_PUBLIC } from '../common/public-route.js';

export { IS_PUBLIC };

/** Marks a route (or controller) reachable without a token; everything else is guarded. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
