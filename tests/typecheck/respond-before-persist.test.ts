/**
 * The `await` suggestions of `no-respond-before-persist` must type-check against the real pg,
 * ioredis and mongoose types: each snippet is linted, its one suggestion applied, and the original
 * and the output type-checked with ts-morph. The web framework is declared in the snippet (its
 * packages are not installed): what is checked is that `await` and `async` land where they are valid.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import type { SourceFile } from 'ts-morph';
import { diagnosticsOf, typecheckProject } from './harness.js';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const config: Linter.Config[] = [plugin.configs.strict, { settings: { race: { root: here, schema: ['migrations'] } } }];

const framework = `interface Reply {
  status(code: number): Reply;
  json(body: unknown): void;
  cookie(name: string, value: string): Reply;
  sendStatus(code: number): void;
}
declare const app: { post(path: string, handler: (req: { body: Record<string, string>; params: Record<string, string> }, res: Reply) => unknown): void };
`;

const cases: { name: string; code: string }[] = [
  {
    name: 'pg-sync-arrow',
    code: `import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
${framework}
const pool = new Pool();
app.post('/links', (req, res) => {
  const slug = randomUUID();
  pool.query('INSERT INTO links (slug, url) VALUES ($1, $2)', [slug, req.body.url]);
  res.status(201).json({ slug });
});
`,
  },
  {
    name: 'ioredis-catch-chain',
    code: `import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
${framework}
const redis = new Redis();
app.post('/login', async (req, res) => {
  const token = randomBytes(32).toString('hex');
  redis.set(\`session:\${token}\`, req.body.userId, 'EX', 3600).catch((error: unknown) => console.error(error));
  res.cookie('session', token).json({ ok: true });
});
`,
  },
  {
    name: 'mongoose-void-save',
    code: `import mongoose from 'mongoose';
${framework}
const Upload = mongoose.model('Upload', new mongoose.Schema({ name: String }));
app.post('/uploads', async (req, res) => {
  const upload = new Upload({ name: req.body.name });
  void upload.save();
  res.status(201).json({ id: upload._id });
});
`,
  },
  {
    name: 'mongoose-variable',
    code: `import mongoose from 'mongoose';
${framework}
const Upload = mongoose.model('Upload', new mongoose.Schema({ name: String }));
app.post('/uploads/:id', async (req, res) => {
  const removing = Upload.deleteOne({ _id: req.params.id });
  res.sendStatus(202);
  await Promise.all([removing]);
});
`,
  },
  {
    name: 'method-gets-async',
    code: `import { Pool } from 'pg';
declare function Controller(path: string): ClassDecorator;
declare function Post(path?: string): MethodDecorator;
const pool = new Pool();
@Controller('notes')
export class NotesController {
  @Post()
  public create(text: string) {
    pool.query('INSERT INTO notes (text) VALUES ($1)', [text]);
    return { queued: true };
  }
}
`,
  },
];

const project = typecheckProject();

describe.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', (name, { code }) => {
  const file = (suffix: string, text: string): SourceFile =>
    project.createSourceFile(path.join(here, 'src', `respond-${name}${suffix}.ts`), text, { overwrite: true });

  it('reports once with an await suggestion that type-checks', () => {
    const messages = new Linter({ cwd: here }).verify(code, config, { filename: path.join(here, 'src', `respond-${name}.ts`) });
    const reports = messages.filter((message) => message.ruleId === 'race/no-respond-before-persist');
    expect(reports).toHaveLength(1);
    const [suggestion] = reports[0]?.suggestions ?? [];
    if (!suggestion) throw new Error('no suggestion');
    const original = file('', code);
    expect(diagnosticsOf(original), original.getFullText()).toBe('');
    const output = file('.await', code.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + code.slice(suggestion.fix.range[1]));
    expect(output.getFullText()).toContain('await ');
    expect(diagnosticsOf(output), output.getFullText()).toBe('');
  }, 60_000);
});
