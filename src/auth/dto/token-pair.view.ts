import { ApiProperty } from '@nestjs/swagger';

/** A short-lived access token and the refresh token that renews it once. */
export class TokenPairView {
  @ApiProperty({ type: String, description: 'JWT to send as `Authorization: Bearer …`.' })
  accessToken!: string;
  @ApiProperty({ type: String, description: 'Single use: `POST /auth/refresh` answers a new pair and spends it.' })
  refreshToken!: string;
  @ApiProperty({ type: String, enum: ['Bearer'] })
  tokenType!: 'Bearer';
  @ApiProperty({ type: Number, description: 'Seconds the access token stays valid.', example: 900 })
  expiresIn!: number;
}
