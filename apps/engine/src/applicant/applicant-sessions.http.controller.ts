import { Body, Controller, HttpCode, HttpException, Inject, Logger, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadModelStore, SignInFailures } from '@gov/projections';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { caseStreamId } from '@gov/domain';
import type { EventStore } from '@gov/event-store';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { ENGINE_TOKENS, QUERY_CODES } from '../auth/auth.providers';
import { QueryCodes } from '../auth/query-codes';
import { EmbeddedTokens } from '../auth/tokens';
import { ApplicantSession, ApplicantSignInRequest } from './applicant-session.dto';
import { SignInAttempts } from './sign-in-attempts';

const SESSION_SECONDS = 2 * 3600;

/**
 * An applicant signs in with the case number and the query code on their receipt and gets a
 * token for that case alone: status, paying, rating, withdrawing, complaining (access-policy.ts).
 */
@ApiTags('applicants')
@Controller('api/applicant/sessions')
export class ApplicantSessionsHttpController {
  private readonly logger = new Logger('access');
  private readonly attempts: SignInAttempts;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
    @Inject(QUERY_CODES) private readonly codes: QueryCodes,
    @Inject(ENGINE_TOKENS) private readonly tokens: EmbeddedTokens,
  ) {
    this.attempts = new SignInAttempts(new SignInFailures(readModels));
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign in as the applicant of one case, by its number and query code (查询码)' })
  @ApiCreatedResponse({ type: ApplicantSession })
  async signIn(@Body() body: ApplicantSignInRequest, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ApplicantSession> {
    // Real time, not the engine's clock: the throttle and the token's expiry are about the caller, not the case.
    const now = Date.now();
    const source = request.ip;
    const lockedFor = await this.attempts.lockedFor(source, body.caseNo, now);
    if (lockedFor > 0) {
      void reply.header('retry-after', String(Math.ceil(lockedFor / 1000)));
      throw new HttpException({ code: 'AUTH.TOO_MANY_ATTEMPTS', message: `too many wrong codes from this address; try again in ${Math.ceil(lockedFor / 60_000)} minutes` }, 429);
    }
    // A wrong code and an unknown case get the same answer: the endpoint tells nothing about which cases exist.
    if (!this.codes.matches(body.caseNo, body.queryCode) || (await this.store.readStream(caseStreamId(body.caseNo))).length === 0) {
      await this.attempts.failed(source, body.caseNo, now);
      this.logger.warn({ msg: 'refused', route: 'POST /api/applicant/sessions', caseNo: body.caseNo, source, code: 'AUTH.QUERY_CODE_MISMATCH' });
      throw new UnauthorizedException({ code: 'AUTH.QUERY_CODE_MISMATCH', message: 'the case number and query code do not match' });
    }
    await this.attempts.succeeded(source, body.caseNo);
    const token = await this.tokens.issue({ subject: `applicant:${body.caseNo}`, role: 'applicant', caseNo: body.caseNo }, SESSION_SECONDS);
    return { token, caseNo: body.caseNo, expiresAt: new Date(now + SESSION_SECONDS * 1000).toISOString() };
  }
}
