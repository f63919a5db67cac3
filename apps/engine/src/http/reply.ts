import type { FastifyReply } from 'fastify';
import type { CommandResponse } from '../write/command-meta';

/** Answers with the command's own status (a replayed idempotent command keeps its first one). */
export function answer<T>(reply: FastifyReply, response: CommandResponse<T>): T {
  void reply.status(response.status);
  return response.body;
}
