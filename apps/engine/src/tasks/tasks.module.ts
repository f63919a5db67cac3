import { Module } from '@nestjs/common';
import type { Feature } from '../infrastructure/feature';
import { OneWindowHttpController, StepFiguresHttpController } from './one-window.http.controller';
import { StepActionsHttpController, TasksHttpController } from './tasks.http.controller';

/** The workflow inside a case: worklists (待办) and the step actions (issue 24). Commands go through the cases feature's handler. */
@Module({})
export class TasksModule {}

export const TASKS: Feature = { module: TasksModule, controllers: [TasksHttpController, StepActionsHttpController, OneWindowHttpController, StepFiguresHttpController], providers: [] };
