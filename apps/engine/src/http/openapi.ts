import type { OpenAPIObject } from '@nestjs/swagger';
import { ACCESS_POLICY } from '../auth/access-policy';
import { CASE_NO } from './case-no.pipe';
import { addDocumentedConditions } from './openapi-constraints';
import { IDEMPOTENCY_KEY } from './command-meta.decorator';

/** The error body every refusal has (error.filter.ts). */
const ERROR_BODY = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', description: 'Stable: VALIDATION.FAILED, AUTH.*, a rule code such as CASE.NOT_FOUND' },
    message: { type: 'string' },
    rule: { type: 'string', description: 'The broken rule\'s name, for 404/409/422 from the domain' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' } } }, description: '400: every bad field' },
    details: { type: 'object' },
  },
} as const;

/** What the server checks in the path parameters before anything else (a 400 otherwise). */
const PATH_PARAMETERS: Record<string, object> = {
  caseNo: { type: 'string', pattern: CASE_NO.source, example: 'SCJG-20260403-00001' },
  year: { type: 'integer', minimum: 2000, maximum: 2100, example: 2026 },
  personId: { type: 'string', format: 'uuid' },
  documentId: { type: 'string', format: 'uuid' },
  month: { type: 'string', pattern: '^20\\d{2}-(0[1-9]|1[0-2])$', example: '2026-04' },
  followUpNo: { type: 'string', pattern: '^HF-[A-Z0-9]{1,16}-\\d{8}-\\d{5,}$', example: 'HF-ZRZY-20260407-00001' },
};

/** The headers the server checks (a 400 otherwise). */
const HEADER_PARAMETERS: Record<string, object> = {
  'Idempotency-Key': { type: 'string', pattern: IDEMPOTENCY_KEY.source },
};

const WHY: Record<string, string> = {
  400: 'The request is malformed: each bad field named (VALIDATION.FAILED), or the body unreadable',
  401: 'No token, or one that does not verify (AUTH.TOKEN_MISSING, AUTH.TOKEN_INVALID)',
  403: 'The role may not call this route, or the object is outside the token\'s scope (AUTH.ROLE_FORBIDDEN, AUTH.OUT_OF_SCOPE)',
  404: 'What the request names does not exist (a rule code such as CASE.NOT_FOUND)',
  405: 'The path exists, the method does not (HTTP.METHOD_NOT_ALLOWED; Allow lists the methods)',
  409: 'The command does not fit the current state (a rule code), or the stream kept changing (STORE.CONCURRENT_UPDATE)',
  413: 'The body is over 1 MiB',
  415: 'The body is not JSON',
  422: 'The command breaks a rule (a rule code), or an Idempotency-Key was reused for another request',
  429: 'Too many attempts: wait for Retry-After',
  503: 'The engine is at its limit of requests in flight (ENGINE.BUSY) or stopping (ENGINE.STOPPING): retry after Retry-After',
};

/**
 * The OpenAPI document states what the server does, not only its successes: every error
 * response with the error body, who may call each route (from the one access-policy table),
 * and no bearer requirement on the public routes.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Error: ERROR_BODY as never } };
  closeRequestBodies(document);
  addDocumentedConditions(document.components.schemas as never);
  for (const [openApiPath, item] of Object.entries(document.paths)) {
    const pattern = openApiPath.replace(/\{([^}]+)\}/g, ':$1');
    for (const method of ['get', 'post', 'put', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const rule = ACCESS_POLICY[`${method.toUpperCase()} ${pattern}`];
      const isPublic = rule !== undefined && 'public' in rule;
      const signIn = pattern === '/api/applicant/sessions';
      const statuses = [400, 405, 413, 415, ...(isPublic && !signIn ? [] : [401]), ...(isPublic ? [] : [403]), ...(method === 'get' ? [404] : [404, 409, 422]),
        ...(signIn ? [429] : []), 503];
      // A read takes no Idempotency-Key (the controllers' @ApiHeader names it for all their routes).
      if (method === 'get') operation.parameters = operation.parameters?.filter((parameter) => !('in' in parameter && parameter.name === 'Idempotency-Key'));
      for (const parameter of operation.parameters ?? []) {
        const known = !('in' in parameter) ? undefined : parameter.in === 'path' ? PATH_PARAMETERS[parameter.name] : parameter.in === 'header' ? HEADER_PARAMETERS[parameter.name] : undefined;
        if (known) Object.assign(parameter, { schema: known });
      }
      for (const status of statuses) {
        operation.responses[status] ??= { description: WHY[status], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      }
      if (isPublic) operation.security = [];
      else if (rule && 'roles' in rule) {
        const roles = rule.roles.join(', ');
        (operation as { 'x-roles'?: readonly string[] })['x-roles'] = rule.roles;
        operation.description = `${operation.description ? `${operation.description}\n\n` : ''}Roles: ${roles}${rule.scope || rule.listsOwnDepartment ? ' (each within its scope: department, window, channel, sub-center or case)' : ''}.`;
      }
    }
  }
  return document;
}

/** The validation pipe refuses fields a body's class does not declare (forbidNonWhitelisted): so does the document. */
function closeRequestBodies(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Record<string, unknown>>;
  const closed = new Set<string>();
  const close = (schema: unknown): void => {
    for (const ref of JSON.stringify(schema ?? {}).match(/#\/components\/schemas\/[^"]+/g) ?? []) {
      const name = ref.slice('#/components/schemas/'.length);
      if (closed.has(name) || !schemas[name]) continue;
      closed.add(name);
      schemas[name].additionalProperties = false;
      close(schemas[name]);
    }
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) close((operation as { requestBody?: unknown })?.requestBody);
  }
}
