import { ConflictException, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';

interface WorkspaceDoc {
  slug: string;
  name: string;
}

@Injectable()
export class WorkspaceService {
  constructor(@InjectModel('Workspace') private readonly workspaceModel: Model<WorkspaceDoc>) {}

  async create(slug: string, name: string) {
    const existing = await this.workspaceModel.findOne({ slug }).lean().exec();
    if (existing) throw new ConflictException('slug taken');
    return this.workspaceModel.create({ slug, name }); // expect: race/no-check-then-create
  }

  async rename(slug: string, name: string) {
    const existing = await this.workspaceModel.findOne({ slug }).exec();
    if (!existing) throw new ConflictException('no such workspace');
    return this.workspaceModel.updateOne({ slug }, { $set: { name } }); // safe: race/no-check-then-create
  }
}
