/**
 * Route metadata: a route (or controller) reachable without a token. Declared below the modules
 * so that the OpenAPI document can tell public routes from guarded ones without knowing the
 * login; auth's @Public() sets it and its access guard reads it.
 */
export const IS_PUBLIC = 'ushirika:isPublic';
