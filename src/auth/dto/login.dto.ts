import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  /** E-mail address or E.164 phone number. */
  @IsString() @MinLength(3) @MaxLength(254) login: string;
  @IsString() @MinLength(1) @MaxLength(1024) password: string;
}

export class RefreshDto {
  @IsString() @MinLength(20) @MaxLength(200) refreshToken: string;
}
