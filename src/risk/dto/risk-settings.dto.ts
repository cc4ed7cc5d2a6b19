import { IsInt, Max, Min } from 'class-validator';

export class UpdateRiskSettingsDto {
  /** Hours within which a critical flag must be acknowledged (1 to 720, i.e. 30 days). */
  @IsInt() @Min(1) @Max(720) criticalAckHours: number;
}
