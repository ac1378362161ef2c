/**
 * GET /api/openapi.json covers every REST route the app registers, and each example
 * request in it validates against the document's own JSON Schema and the server's zod
 * schema; sent to the real server, an example request is accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import { ROUTES, openApiPath } from '../../server/src/http/openapi';
import { startServer, type StartedServer } from '../helpers/startServer';
import { api, createBoard, createUser, type TestUser } from '../helpers/clients';

let server: StartedServer;
let ada: TestUser;

beforeAll(async () => {
  server = await startServer();
  ada = await createUser(server.url, 'Ada');
});

afterAll(async () => {
  await server?.close();
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  rawPath?: string;
  handle?: { stack?: Layer[] };
}

/** `METHOD /path` of every route the Express app registers (nested routers included). */
function registeredRoutes(stack: Layer[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`.replace(/\/$/, ''));
    } else if (layer.handle?.stack) {
      const mount = layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : '';
      out.push(...registeredRoutes(layer.handle.stack, prefix + mount));
    }
  }
  return out;
}

type OpenApi = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: object; example?: unknown } } } }>>;
};

describe('the OpenAPI document', () => {
  it('is served and lists every route the app registers', async () => {
    const res = await api<OpenApi>(server.url, null, 'GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const app = server.server.app as unknown as { router: { stack: Layer[] } };
    const registered = registeredRoutes(app.router.stack).filter((r) => r.split(' ')[1]!.startsWith('/api/'));
    expect(registered.length).toBeGreaterThan(30);
    const documented = new Set(Object.entries(res.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    const missing = registered.filter((route) => {
      const [method, path] = route.split(' ');
      return !documented.has(`${method} ${openApiPath(path!)}`);
    });
    expect(missing).toEqual([]);
    // Nothing documented that does not exist either.
    const registeredSet = new Set(registered.map((r) => r.replace(/:(\w+)/g, '{$1}')));
    expect([...documented].filter((d) => !registeredSet.has(d))).toEqual([]);
  });

  it('has example requests that validate against its JSON Schema and the zod schema', async () => {
    const doc = (await api<OpenApi>(server.url, null, 'GET', '/api/openapi.json')).body;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    let checked = 0;
    for (const route of ROUTES) {
      if (!route.body) continue;
      expect(route.example, `${route.method} ${route.path} has an example`).toBeDefined();
      const content = doc.paths[openApiPath(route.path)]![route.method]!.requestBody!.content['application/json'];
      const validate = ajv.compile(content.schema);
      expect(validate(content.example), `${route.method} ${route.path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(route.body.safeParse(route.example).success, `${route.method} ${route.path} zod`).toBe(true);
      // And the schema is not vacuous: a field of the wrong type is refused.
      const [field] = Object.keys(content.example as object);
      expect(validate({ ...(content.example as object), [field!]: { not: 'valid' } }), `${route.method} ${route.path} refuses a bad ${field}`).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('accepts the create-deal example on the real server', async () => {
    const boardId = await createBoard(server.url, ada);
    const example = ROUTES.find((r) => r.method === 'post' && r.path === '/api/boards/:id/deals')!.example;
    const res = await api(server.url, ada, 'POST', `/api/boards/${boardId}/deals`, example);
    expect(res.status).toBe(201);
  });
});
