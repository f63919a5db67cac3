import Fastify from 'fastify';

/**
 * The HTTP floor of this machine: Fastify alone, parsing the same JSON body the engine
 * receives and answering a small JSON object, with no NestJS, validation, domain or store.
 * Started as its own process by the limits benchmark (PORT from the environment).
 */
async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.post('/api/cases', async (request, reply) => {
    const body = request.body as { itemCode?: string };
    return reply.code(201).send({ caseNo: `${body.itemCode ?? 'X'}-00001`, category: 'promised' });
  });
  app.get('/health', async () => ({ status: 'ok' }));
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
