/** OpenAPI descriptions of the offline gate snapshot routes; the shapes are those of gate-snapshot.ts. */

const text = { type: 'string' } as const;
const nullableText = { type: 'string', nullable: true } as const;
const uuid = { type: 'string', format: 'uuid' } as const;
const isoDate = { type: 'string', format: 'date' } as const;
const texts = { type: 'array', items: text } as const;

const GATE_SNAPSHOT_SCHEMA = {
  type: 'object',
  required: ['version', 'cooperativeId', 'siteId', 'generatedAt', 'validUntil', 'timezone', 'rules', 'site', 'zones', 'members', 'inside'],
  properties: {
    version: { type: 'integer', enum: [1] },
    cooperativeId: uuid,
    siteId: uuid,
    generatedAt: { type: 'string', format: 'date-time' },
    validUntil: { type: 'string', format: 'date-time', description: 'generatedAt + 24 h: refuse the snapshot afterwards.' },
    timezone: { type: 'string', description: 'IANA zone of the cooperative: the scan\'s local date is taken in it.' },
    rules: { type: 'object', properties: { adultAge: { type: 'integer' }, cardExpiringWithinDays: { type: 'integer' } } },
    site: {
      type: 'object',
      properties: {
        id: uuid, name: text, code: text, status: { type: 'string', enum: ['open', 'closed'] },
        closedReason: nullableText, closedOn: { ...isoDate, nullable: true }, reopensOn: { ...isoDate, nullable: true }, closingTime: nullableText,
      },
    },
    zones: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: uuid, name: text, hazardous: { type: 'boolean' }, ppeRequired: texts, forbidsPregnancy: { type: 'boolean' },
          capacity: { type: 'integer', nullable: true }, trainingsRequired: texts,
        },
      },
    },
    members: {
      type: 'array',
      description: 'Everyone on the registry, whatever their status, by member number.',
      items: {
        type: 'object',
        properties: {
          minerId: uuid, memberNumber: text, firstName: text, middleName: nullableText, lastName: text,
          status: { type: 'string', enum: ['applicant', 'active', 'suspended', 'exited'] },
          dateOfBirth: { ...isoDate, nullable: true }, birthYear: { type: 'integer', nullable: true }, birthDateEstimated: { type: 'boolean' },
          cards: { type: 'array', items: { type: 'object', properties: { cardNumber: text, issuedOn: isoDate, expiresOn: isoDate } } },
          cardExpiresOn: { ...isoDate, nullable: true, description: 'Expiry of the card applying on the snapshot\'s local date.' },
          trainings: { type: 'array', items: { type: 'object', properties: { topic: text, date: isoDate, validityMonths: { type: 'integer', nullable: true } } } },
          cardToken: {
            type: 'object',
            nullable: true,
            description: 'The member\'s current card QR token; null when none is accepted (never printed since token ids, renewed or declared lost).',
            properties: { id: uuid, serial: { type: 'integer' }, keyId: text },
          },
          tokenDigests: { ...texts, description: 'Lower-case hex SHA-256 of the card QR token the gate accepts (the whole token text, UTF-8): the current one only.' },
        },
      },
    },
    inside: {
      type: 'array',
      description: 'Who was inside the site at generatedAt.',
      items: { type: 'object', properties: { minerId: uuid, zoneId: uuid, enteredAt: { type: 'string', format: 'date-time' } } },
    },
  },
} as const;

export const SIGNED_GATE_SNAPSHOT_SCHEMA = {
  type: 'object',
  required: ['algorithm', 'keyId', 'payload', 'signature'],
  properties: {
    algorithm: { type: 'string', enum: ['Ed25519'] },
    keyId: { type: 'string', description: 'Matches keyId of GET /api/v1/gate-snapshot-key.' },
    payload: { type: 'string', description: 'The JSON text of the snapshot (x-payload-schema), exactly the bytes signed.' },
    signature: { type: 'string', description: 'base64url Ed25519 signature of the UTF-8 bytes of payload.' },
  },
  'x-payload-schema': GATE_SNAPSHOT_SCHEMA,
};

export const GATE_SNAPSHOT_KEY_SCHEMA = {
  type: 'object',
  properties: {
    algorithm: { type: 'string', enum: ['Ed25519'] },
    keyId: text,
    jwk: { type: 'object', properties: { kty: { type: 'string', enum: ['OKP'] }, crv: { type: 'string', enum: ['Ed25519'] }, x: text } },
    pem: { type: 'string', description: 'SubjectPublicKeyInfo PEM.' },
  },
};
