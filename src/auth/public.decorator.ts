import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'ushirika:isPublic';

/** Marks a route (or controller) reachable without a token; everything else is guarded. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
