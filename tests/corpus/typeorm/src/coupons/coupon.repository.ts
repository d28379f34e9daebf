import { DataSource, IsNull, Repository } from 'typeorm';
import { Campaign } from '../entities/Campaign';
import { Coupon } from '../entities/Coupon';

export class CouponRepository extends Repository<Coupon> {
  constructor(private readonly dataSource: DataSource) {
    super(Coupon, dataSource.createEntityManager());
  }

  // Two admins issuing the same code at once both see it free and both insert.
  async issue(code: string, percentOff: number): Promise<Coupon> {
    const clash = await this.findOne({ where: { code, deletedAt: IsNull() } });
    if (clash) throw new Error(`Coupon ${code} already exists`);
    const coupon = new Coupon();
    coupon.code = code;
    coupon.percentOff = percentOff;
    return this.save(coupon); // expect: race/no-check-then-create
  }

  // Issuing locks the campaign row first: issuers of the same campaign take turns, so the
  // second one sees the first one's coupon. (A lock on the coupon rows themselves would lock
  // nothing in PostgreSQL when no coupon exists yet.)
  async issueLocked(campaignId: number, code: string, percentOff: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.findOne(Campaign, {
        where: { id: campaignId },
        lock: { mode: 'pessimistic_write' },
      });
      const clash = await manager.findOneBy(Coupon, { campaignId, code });
      if (clash) return;
      await manager.insert(Coupon, { campaignId, code, percentOff }); // safe: race/no-check-then-create
    });
  }

  // A transaction at the default isolation level does not stop the second insert.
  async issueInTransaction(code: string, percentOff: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const count = await manager.count(Coupon, { where: { code } });
      if (count === 0) {
        await manager.save(Coupon, { code, percentOff }); // expect: race/no-check-then-create
      }
    });
  }

  // Serializable through a query runner.
  async issueWithRunner(code: string, percentOff: number): Promise<void> {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    await queryRunner.startTransaction('SERIALIZABLE');
    try {
      const clash = await queryRunner.manager.findOneBy(Coupon, { code });
      if (!clash) {
        await queryRunner.manager.insert(Coupon, { code, percentOff }); // safe: race/no-check-then-create
      }
      await queryRunner.commitTransaction();
    } catch (error) {
      await queryRunner.rollbackTransaction();
      throw error;
    } finally {
      await queryRunner.release();
    }
  }
}
