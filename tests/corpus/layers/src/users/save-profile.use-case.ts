import { ProfileRepository, type ProfileFields } from './profile.repository';

export class SaveProfileUseCase {
  constructor(private readonly profiles: ProfileRepository) {}

  // First save from two tabs: both find no profile and both insert one.
  async execute(userId: number, fields: ProfileFields) {
    const profile = await this.profiles.findByUserId(userId);
    if (profile) {
      return this.profiles.update(profile.id, fields); // safe: race/no-read-modify-write
    }
    return this.profiles.create(userId, fields); // expect: race/no-check-then-create
  }
}
