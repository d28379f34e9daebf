import { Article } from '../models/article';

// Two editors tag the article at once: each writes back the array it read plus one tag.
export async function addTag(articleId: string, tag: string) {
  const article = await Article.findById(articleId).orFail();
  if (article.tags.includes(tag)) return article;
  await Article.updateOne({ _id: article._id }, { $set: { tags: [...article.tags, tag] } }); // expect: race/no-read-modify-write
  return article;
}

// $addToSet adds the tag in the database, once however many requests run it.
export async function addTagAtomically(articleId: string, tag: string) {
  await Article.updateOne({ _id: articleId }, { $addToSet: { tags: tag } }); // safe: race/no-read-modify-write
}

// Optimistic concurrency: the save applies only to the version that was read, and orFail() throws otherwise.
export async function editBody(articleId: string, body: string) {
  const article = await Article.findById(articleId).lean().orFail();
  await Article.updateOne( // safe: race/no-read-modify-write
    { _id: article._id, __v: article.__v },
    { $set: { body, title: article.title.trim() }, $inc: { __v: 1 } },
  ).orFail();
}

// The same version check, but a lost race goes unnoticed: the edit silently does nothing.
export async function retitle(articleId: string, title: string) {
  const article = await Article.findById(articleId).lean().orFail();
  await Article.updateOne({ _id: article._id, __v: article.__v }, { $set: { title, __v: article.__v + 1 } }); // expect: race/no-read-modify-write
}
