import type { NextApiRequest, NextApiResponse } from 'next';
import { Upload } from '../../src/models/comment.js';

// Pages API route: the document's id exists as soon as it is built, and goes to the client
// before the document is stored.
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') {
    res.status(405).end();
    return;
  }
  const upload = new Upload({ owner: req.body.owner, filename: req.body.filename, size: req.body.size });
  upload.save(); // expect: race/no-respond-before-persist
  res.status(201).json({ id: upload._id });
}
