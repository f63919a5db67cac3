import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { AUTH_PROVIDERS, QUERY_CODE_PROVIDERS } from './auth.providers';

/** Every API route behind the guard (auth.guard.ts), by the one access-policy table. */
@Module({})
export class AuthModule {}

export const AUTH: Feature = { module: AuthModule, providers: QUERY_CODE_PROVIDERS, apiProviders: AUTH_PROVIDERS };
