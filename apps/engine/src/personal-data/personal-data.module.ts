import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { ErasePersonHandler } from './erase-person.command';
import { PersonalDataHttpController } from './personal-data.http.controller';
import { PERSONAL_DATA_PROVIDERS } from './personal-data.providers';

/** Personal data: sealed under each person's key, erased by destroying it. */
@Module({})
export class PersonalDataModule {}

export const PERSONAL_DATA: Feature = {
  module: PersonalDataModule, controllers: [PersonalDataHttpController], providers: [...PERSONAL_DATA_PROVIDERS, ErasePersonHandler],
};
