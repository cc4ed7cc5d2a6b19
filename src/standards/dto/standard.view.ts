import { ApiProperty } from '@nestjs/swagger';
import { criteriaOf, type Standard } from '../rules/standard-schema.js';

export class LocalisedTextView {
  @ApiProperty() fr!: string;
  @ApiProperty() en!: string;
}

export class StandardLevelView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: () => LocalisedTextView }) name!: LocalisedTextView;
}

export class CriterionView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The level this criterion belongs to.' }) level!: string;
  @ApiProperty({ description: 'A "must" of its level: not met, the level is not reached and a corrective action opens.' }) must!: boolean;
  @ApiProperty({ type: () => LocalisedTextView }) text!: LocalisedTextView;
  @ApiProperty({ type: () => LocalisedTextView }) expectedEvidence!: LocalisedTextView;
}

export class RequirementView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: () => LocalisedTextView }) title!: LocalisedTextView;
  @ApiProperty({ type: () => [CriterionView] }) criteria!: CriterionView[];
}

export class SectionView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: () => LocalisedTextView }) title!: LocalisedTextView;
  @ApiProperty({ type: () => [RequirementView] }) requirements!: RequirementView[];
}

export class StandardSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ type: [String], description: 'Every version held, newest first.' }) versions!: string[];
  @ApiProperty({ type: () => LocalisedTextView }) name!: LocalisedTextView;
  @ApiProperty() publisher!: string;
  @ApiProperty() edition!: string;
  @ApiProperty() sourceUrl!: string;
  @ApiProperty({ type: () => LocalisedTextView, description: 'Where the text comes from and what may be done with it.' }) licenceNote!: LocalisedTextView;
  @ApiProperty({ type: () => [StandardLevelView], description: 'Lowest first.' }) levels!: StandardLevelView[];
  @ApiProperty({ type: 'integer' }) criteriaCount!: number;
  @ApiProperty({ type: 'integer' }) mustCount!: number;
}

export class StandardView extends StandardSummaryView {
  @ApiProperty({ type: () => [SectionView] }) sections!: SectionView[];
}

export function standardSummaryOf(standard: Standard, versions: string[]): StandardSummaryView {
  const criteria = criteriaOf(standard);
  return {
    id: standard.id, version: standard.version, versions, name: standard.name, publisher: standard.publisher, edition: standard.edition,
    sourceUrl: standard.sourceUrl, licenceNote: standard.licenceNote, levels: [...standard.levels],
    criteriaCount: criteria.length, mustCount: criteria.filter((criterion) => criterion.must).length,
  };
}

export function standardViewOf(standard: Standard, versions: string[]): StandardView {
  return {
    ...standardSummaryOf(standard, versions),
    sections: standard.sections.map((section) => ({
      id: section.id, title: section.title,
      requirements: section.requirements.map((requirement) => ({ id: requirement.id, title: requirement.title, criteria: requirement.criteria.map((criterion) => ({ ...criterion })) })),
    })),
  };
}
