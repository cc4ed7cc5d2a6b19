/**
 * The permits a site holds (DRC Mining Code 2018 and Mining Regulations): the decree creating
 * the artisanal exploitation zone (ZEA), the authorisation to exploit it, the environmental
 * obligations (mitigation and rehabilitation plan), the cooperative's approval by the
 * provincial mines authority, and any other paper an inspector asks for.
 */
export const AUTHORISATION_KINDS = ['artisanal_exploitation_zone', 'exploitation_authorisation', 'environmental_obligations', 'cooperative_approval', 'other'] as const;

export type AuthorisationKind = (typeof AUTHORISATION_KINDS)[number];
