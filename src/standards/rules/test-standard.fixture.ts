import type { Standard } from './standard-schema.js';

const t = (en: string) => ({ fr: `fr ${en}`, en });

/**
 * Two sections, three levels: a1 (must, entry), a2 (should, entry), b1 (must, middle),
 * b2 (must, top), b3 (should, top).
 */
export const TEST_STANDARD: Standard = {
  schema: 'ushirika-standard/1',
  id: 'test',
  version: '1.0',
  name: t('Test standard'),
  publisher: 'Us',
  edition: 'first',
  sourceUrl: 'https://example.org/',
  licenceNote: t('ours'),
  levels: [
    { id: 'entry', name: t('Entry') },
    { id: 'middle', name: t('Middle') },
    { id: 'top', name: t('Top') },
  ],
  sections: [
    {
      id: 'a',
      title: t('A'),
      requirements: [
        {
          id: 'a.r',
          title: t('A requirement'),
          criteria: [
            { id: 'a1', level: 'entry', must: true, text: t('a1'), expectedEvidence: t('e') },
            { id: 'a2', level: 'entry', must: false, text: t('a2'), expectedEvidence: t('e') },
          ],
        },
      ],
    },
    {
      id: 'b',
      title: t('B'),
      requirements: [
        {
          id: 'b.r',
          title: t('B requirement'),
          criteria: [
            { id: 'b1', level: 'middle', must: true, text: t('b1'), expectedEvidence: t('e') },
            { id: 'b2', level: 'top', must: true, text: t('b2'), expectedEvidence: t('e') },
            { id: 'b3', level: 'top', must: false, text: t('b3'), expectedEvidence: t('e') },
          ],
        },
      ],
    },
  ],
};
