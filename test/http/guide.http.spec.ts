import { engineForEachTest, sh } from '../support/engine-per-test';

describe('the public service guide (办事指南)', () => {
  const engine = engineForEachTest(sh('2026-12-07 09:00'));
  const get = async (url: string) => {
    const response = await engine.app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json() };
  };

  it('searches the published catalog without a token: by name, department, keyword', async () => {
    const all = await get('/api/guide/items');
    expect(all.status).toBe(200);
    const catalog = (await engine.request('GET', '/api/catalog/items')).body as { code: string; status: string }[];
    expect(all.body.items.map((i: any) => i.code)).toEqual(catalog.filter((i) => i.status === 'published').map((i) => i.code));
    expect((await get(`/api/guide/items?q=${encodeURIComponent('食品')}`)).body.items.map((i: any) => i.code)).toEqual(['SCJG-002']);
    // A keyword of the legal basis, and two words that must both match.
    expect((await get(`/api/guide/items?q=${encodeURIComponent('建筑法')}`)).body.items.map((i: any) => i.code)).toEqual(['ZJJ-001']);
    expect((await get(`/api/guide/items?q=${encodeURIComponent('登记 营业执照')}`)).body.items.map((i: any) => i.code)).toEqual(['SCJG-003']);
    const zrzy = (await get('/api/guide/items?departmentId=zrzy')).body;
    expect(zrzy.items.length).toBeGreaterThan(0);
    expect(zrzy.items.every((i: any) => i.departmentId === 'zrzy' && i.departmentName === '县自然资源局')).toBe(true);
    expect(all.body.departments).toEqual(expect.arrayContaining([{ id: 'zrzy', name: '县自然资源局' }]));
  });

  it("gives an item's page as the catalog holds it, with fees and their basis, where to apply and appointments", async () => {
    const admin = { authorization: await engine.authorization({ subject: 'admin', role: 'center-admin' }) };
    const catalogItems = (await engine.request('GET', '/api/catalog/items', undefined, admin)).body as any[];
    const charged = catalogItems.find((i) => i.fees.length > 0 && i.status === 'published');
    const item = (await engine.request('GET', `/api/catalog/items/${charged.code}`, undefined, admin)).body;
    const fees = (await engine.request('GET', '/api/catalog/fees', undefined, admin)).body as any[];

    const before = (await get(`/api/guide/items/${charged.code}`)).body;
    expect(before.appointment).toEqual({ possible: false });
    await engine.request('POST', '/api/queue/queues', { queueId: 'q', name: '综合受理', prefix: 'A', departmentIds: [item.departmentId] }, admin);

    const guide = await get(`/api/guide/items/${charged.code}`);
    expect(guide.status).toBe(200);
    expect(guide.body).toMatchObject({
      code: item.code, name: item.name, category: item.category, legalBasis: item.legalBasis, materials: item.materials, procedure: item.procedure,
      legalLimitDays: item.legalLimitDays, promisedLimitDays: item.promisedLimitDays,
      appointment: { possible: true, queueName: '综合受理', prefix: 'A' },
      where: { online: true },
    });
    expect(guide.body.fees).toEqual(item.fees.map((line: any) => {
      const entry = fees.find((f) => f.code === line.feeCode);
      return { feeCode: line.feeCode, amountFen: line.amountFen, name: entry.name, basis: entry.basis, level: entry.level };
    }));
    expect(guide.body.where.windows.length + guide.body.where.subCenters.length).toBeGreaterThan(0);

    expect((await engine.request('POST', `/api/catalog/items/${charged.code}/withdraw`, { reason: '清理' }, admin)).status).toBe(200);
    expect((await get(`/api/guide/items/${charged.code}`)).body).toMatchObject({ statusCode: 404, code: 'GUIDE.NOT_FOUND' });
    expect((await get('/api/guide/items')).body.items.map((i: any) => i.code)).not.toContain(charged.code);
  });

  it('states in the OpenAPI document that the guide and the kiosk need no bearer', async () => {
    const document = (await get('/docs-json')).body;
    for (const [path, method] of [['/api/guide/items', 'get'], ['/api/guide/items/{code}', 'get'], ['/api/guide/departments', 'get'], ['/api/queue/tickets', 'post'], ['/api/queue/board', 'get']]) {
      expect(document.paths[path][method].security).toEqual([]);
      expect(document.paths[path][method].responses['401']).toBeUndefined();
    }
    expect(document.paths['/api/queue/windows/{id}/call-next'].post['x-roles']).toEqual(['window-staff']);
  });
});
