import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { PrismaService } from '../prisma/prisma.service.js';

interface Product {
  id: string;
  name: string;
  priceCents: number;
}

@Injectable()
export class ProductsService {
  constructor(
    @Inject(CACHE_MANAGER) private readonly cacheManager: Cache,
    private readonly prisma: PrismaService,
  ) {}

  async findOne(id: string): Promise<Product> {
    const cacheKey = `product:${id}`;
    const cached = await this.cacheManager.get<Product>(cacheKey);
    if (cached) return cached;

    const product = await this.prisma.product.findUnique({ where: { id } });
    if (!product) throw new NotFoundException(`Product ${id} not found`);
    this.cacheManager.set(cacheKey, product, 60_000); // expect: race/no-unawaited-cache-fill
    return product;
  }

  async findByCategory(slug: string): Promise<Product[]> {
    const cacheKey = `products:category:${slug}`;
    const cached = await this.cacheManager.get<Product[]>(cacheKey);
    if (cached) return cached;

    const products = await this.prisma.product.findMany({ where: { category: { slug } } });
    await this.cacheManager.set(cacheKey, products, 120_000); // safe: race/no-unawaited-cache-fill
    return products;
  }

  findFeatured(): Promise<Product[]> {
    return this.cacheManager.wrap( // safe: race/no-unawaited-cache-fill
      'products:featured',
      () => this.prisma.product.findMany({ where: { featured: true }, take: 12 }),
      300_000,
    );
  }
}
