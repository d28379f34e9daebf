// eval: skip (unparseable on purpose: its importer must lint without it)
import db from '@/lib/knex';

// Half-finished edit left in the tree: this file does not parse.
export function findExport(reportId: number) {
  return db('report_exports').where({ report_id: reportId }).first();
}

export async function createExport(reportId: number, format: 'csv' | 'xlsx' {
  await db('report_exports').insert({ report_id: reportId, format });
}
