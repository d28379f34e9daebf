import { ConflictError } from '@/shared/errors';
import { AccountsService } from './accounts.service';

export class OnboardingUseCase {
  constructor(private readonly accounts: AccountsService) {}

  // use case → service → repository: the handle check and the insert are two layers down,
  // and still nothing stops two sign-ups from claiming the same handle.
  async execute(email: string, username: string) {
    if (!(await this.accounts.isHandleFree(username))) throw new ConflictError('username taken');
    const user = await this.accounts.openAccount(email, username); // expect: race/no-check-then-create
    return { id: user.id, username: user.username };
  }
}
