import { BillingService } from '@/billing/billing.service';

export interface BalanceAdjustment {
  walletId: number;
  delta: number;
  reason: string;
}

export class AdjustBalanceUseCase {
  constructor(private readonly billing: BillingService) {}

  // use case → service → repository: support's manual correction writes back a balance read
  // before it, and drops any charge that landed in between.
  async execute(adjustment: BalanceAdjustment) {
    const balance = await this.billing.balanceOf(adjustment.walletId);
    await this.billing.overwriteBalance(adjustment.walletId, balance + adjustment.delta); // expect: race/no-read-modify-write
    return { walletId: adjustment.walletId, balance: balance + adjustment.delta };
  }
}
